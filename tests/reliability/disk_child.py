"""Write to a workspace until the disk refuses; report what the user was told. Run by test_full_disk.py.

    python tests/reliability/disk_child.py WORKSPACE BIG_PAPER [FILE_SIZE_LIMIT]

With FILE_SIZE_LIMIT, no file may grow past that many bytes (RLIMIT_FSIZE;
SIGXFSZ ignored so the write fails with EFBIG instead of killing us): a full
disk simulated without root. Prints one JSON object per attempt.
"""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def limit_file_size(limit: int) -> None:
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))


def say(**record) -> None:
    print(json.dumps(record), flush=True)


def main(workspace: str, big_paper: str, limit: int | None) -> None:
    from desktop.domain.errors import UserFacingError
    from desktop.services import documents, recommendations
    from desktop.services.importing import import_paths
    from desktop.storage.workspace import open_workspace

    ws = open_workspace(Path(workspace), create=False)
    if limit is not None:
        limit_file_size(limit)
    summary = import_paths(ws, [big_paper])
    outcome = summary.outcomes[0]
    say(step="import", outcome=str(outcome.outcome), message=outcome.message)

    # Hand edits until one is refused: each either saved whole or refused with a message.
    text = "The local authority should make sure that every child has a plan. " * 300
    for attempt in range(200):
        try:
            added = recommendations.add_recommendation(ws, f"{attempt}: {text}", label=f"F{attempt}")
        except UserFacingError as error:
            say(step="add_recommendation", saved=False, message=str(error))
            break
        say(step="add_recommendation", saved=True, id=added.id, text=added.text)
    try:
        documents.edit_document(ws, 1, {"title": "Retitled on a full disk"})
        say(step="edit_document", saved=True)
    except UserFacingError as error:
        say(step="edit_document", saved=False, message=str(error))
    ws.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else None)
