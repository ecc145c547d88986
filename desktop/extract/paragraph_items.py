"""Items set out as plain paragraphs or table rows, not as bullets or numbers.

Area SEND reports print their priority actions and areas for improvement as a
table: each row an action ("Area leaders need to ...", "Leaders should ensure
...") beside the body responsible for it, which the text layer gives as short
lines before the row's text. Areas for improvement may be plain paragraphs,
and two of them can come out joined into one passage. Each row or paragraph
is one item, of the kind its table's heading says.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from desktop.domain.documents import PassageDraft
from desktop.extract.list_items import ItemMark, clean, is_furniture
from desktop.ingest.markers import ends_sentence

# An action addressed to someone: "Area leaders need to", "The partnership should", "Leaders must".
_ACTION = re.compile(r"^(?:[A-Z][\w'\u2019 ,-]{0,60}? )?(?:leaders|partnership|partners|board|council|trust"
                     r"|services|authority|commissioners)\s+(?:need|needs|must|should|are to)\b",
                     re.IGNORECASE)
# A sentence inside a joined passage that starts the next such action (not "They need to ...").
_NEXT_ACTION = re.compile(r"(?<=[.!?]) (?=(?:[A-Z][\w'\u2019 -]{0,40}? )?(?:leaders|partnership) "
                          r"(?:need|needs|must|should)\b)")
_BODY_TAIL = re.compile(r"(?<=[.!?]) ([A-Z][^.!?;:]{2,60})$")
MAX_BODY_LINE = 90  # a responsible body's name, as table lines
MAX_BODY_LINES = 8


def reads_as_action(text: str) -> bool:
    return _ACTION.match(text) is not None


def paragraph_items(passages: Sequence[PassageDraft], heading_seq: int,
                    heading_kind) -> list[tuple[str, str | None, list[int]]]:
    """(text, responsible body, seqs) of the rows or paragraphs after the heading at ``heading_seq``."""
    items: list[tuple[str, str | None, list[int]]] = []
    body: list[str] = []
    table_header = clean(passages[heading_seq].text).lower()
    seq = heading_seq + 1
    while seq < len(passages):
        line = clean(passages[seq].text)
        if not line or is_furniture(line):
            seq += 1
            continue
        if heading_kind(line) is not None and items:
            break  # the next list
        if reads_as_action(line):
            owner = " ".join(body) or None
            body = []
            tail = _BODY_TAIL.search(line) if owner else None
            if tail:  # the next row's body, run onto this row's text: "... needs. NHS Northamptonshire"
                line, body = line[:tail.start()], [tail.group(1)]
            pieces = [line] if owner else _NEXT_ACTION.split(line)  # rows keep their sentences together
            for piece in pieces:
                items.append((piece.strip(), owner, [seq]))
        elif items and not body and line[:1].islower():
            text, owner, seqs = items[-1]
            items[-1] = (f"{text} {line}", owner, seqs + [seq])
        elif len(line) <= MAX_BODY_LINE and not ends_sentence(line) and len(body) < MAX_BODY_LINES:
            if heading_kind(line) is None and table_header not in line.lower():
                body.append(line)  # the table's column header ("Responsible body Areas for ...") is not a body
        else:
            break
        seq += 1
    return items


def as_mark(position: int) -> ItemMark:
    return ItemMark("paragraph", str(position), position, 0)
