"""The process the crash-safety test kills: imports and edits through the real services, forever.

    python tests/reliability/crash_child.py WORKSPACE PAPERS_FOLDER FIRST_PAPER SEED

Before each change it prints {"begin": ...} and after the change is committed
{"done": ...}, one JSON object per line, flushed. The parent kills this
process (SIGKILL) at a random moment, then checks that every "done" change is
in the workspace, and that the one change begun but not reported is either
wholly there or wholly absent.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop.services import documents, recommendations  # noqa: E402
from desktop.services.importing import Outcome, import_paths  # noqa: E402
from desktop.storage.workspace import open_workspace  # noqa: E402
from tests.reliability import papers  # noqa: E402


def say(**record) -> None:
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


def main(workspace: str, folder: str, first_paper: int, seed: int) -> None:
    rng = random.Random(seed)
    ws = open_workspace(Path(workspace))
    doc_ids = [row[0] for row in ws.conn.execute("SELECT id FROM documents")]
    rec_ids = [row[0] for row in ws.conn.execute("SELECT id FROM recommendations")]
    number = first_paper
    step = 0
    say(ready=True)
    while True:
        step += 1
        # An import: one file, one transaction (the app's own import_paths).
        path = papers.write_paper(Path(folder), number)
        say(begin="import", paper=number, marker=papers.marker(number))
        summary = import_paths(ws, [path])
        outcome = summary.outcomes[0]
        assert outcome.outcome is Outcome.IMPORTED, outcome
        doc_ids.extend(outcome.document_ids)
        say(done="import", paper=number, ids=list(outcome.document_ids))
        number += 1

        # A few small edits: each its own transaction, synchronous=FULL.
        for _ in range(rng.randint(1, 4)):
            doc_id = rng.choice(doc_ids)
            title = f"Corrected title {seed}-{step}-{rng.randrange(10**6)}"
            say(begin="edit_document", id=doc_id, title=title)
            documents.edit_document(ws, doc_id, {"title": title})
            say(done="edit_document", id=doc_id, title=title)

        text = f"The local authority should improve supervision ({seed}-{step})."
        say(begin="add_recommendation", text=text)
        added = recommendations.add_recommendation(ws, text, label=f"R{step}")
        rec_ids.append(added.id)
        say(done="add_recommendation", id=added.id, text=text)

        rec_id = rng.choice(rec_ids)
        text = f"The local authority should ensure plans have timescales ({seed}-{step}-edit)."
        say(begin="edit_recommendation", id=rec_id, text=text)
        recommendations.edit_recommendation(ws, rec_id, {"text": text})
        say(done="edit_recommendation", id=rec_id, text=text)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
