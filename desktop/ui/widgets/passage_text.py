"""Lay out passages as one plain-text document and remember where each one is.

Positions are counted in UTF-16 code units, as QTextDocument counts them, so
that a passage after an emoji or a rare CJK character is still found exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.domain.documents import Passage

_LINE_BREAKS = str.maketrans({"\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x00": " "})


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def clean(text: str) -> str:
    """Text as a QPlainTextEdit will hold it: plain newlines only."""
    return text.replace("\r\n", "\n").translate(_LINE_BREAKS)


@dataclass
class PassageLayout:
    text: str = ""
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)  # passage id -> (start, end)
    headings: list[tuple[int, int]] = field(default_factory=list)  # paper title spans
    page_marks: list[tuple[int, int]] = field(default_factory=list)  # "Page n" lines

    def passage_at(self, position: int) -> int | None:
        """The passage shown at ``position``: the first one that ends after it (a page mark
        or a heading line before a passage counts as that passage's)."""
        best, best_start = None, None
        for passage_id, (start, end) in self.spans.items():
            if end > position and (best_start is None or start < best_start):
                best, best_start = passage_id, start
        return best

    def spans_within(self, inner: dict[int, list[tuple[int, int]]],
                     texts: dict[int, str]) -> list[tuple[int, int]]:
        """Spans given within passages' own text (``passage id -> [(start, end)]``, Python
        indices into ``texts[passage id]``) as positions in the laid-out document."""
        placed = []
        for passage_id, ranges in inner.items():
            span, text = self.spans.get(passage_id), texts.get(passage_id)
            if span is None or text is None:
                continue
            for start, end in ranges:
                begin = span[0] + _utf16_len(clean(text[:start]))
                placed.append((begin, begin + _utf16_len(clean(text[start:end]))))
        return placed


def layout_passages(passages: list[Passage], paper_titles: dict[int, str] | None = None) -> PassageLayout:
    """One block per passage, a blank line between; a heading before each paper of a pack
    and a page mark where the page changes."""
    pieces: list[str] = []
    layout = PassageLayout()
    position = 0
    current_paper: int | None = None
    current_page: int | None = None

    def add(text: str) -> tuple[int, int]:
        nonlocal position
        start = position
        pieces.append(text)
        position += _utf16_len(text)
        return start, position

    for passage in passages:
        if paper_titles and passage.document_id != current_paper:
            current_paper = passage.document_id
            current_page = None
            if pieces:
                add("\n")
            layout.headings.append(add(clean(paper_titles.get(passage.document_id, "Paper"))))
            add("\n\n")
        if passage.page is not None and passage.page != current_page:
            current_page = passage.page
            layout.page_marks.append(add(f"Page {passage.page}"))
            add("\n")
        layout.spans[passage.id] = add(clean(passage.text))
        add("\n\n")
    layout.text = "".join(pieces)
    return layout
