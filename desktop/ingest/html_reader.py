"""Saved web pages (.html, .htm) -> text, with the standard library's parser.

Block elements become line breaks, table cells tabs, list items keep a bullet
or number; script, style and other invisible parts are dropped; entities are
decoded by the parser. The <title> becomes the title hint.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from desktop.domain.documents import ExtractedText
from desktop.domain.errors import UnreadableFile
from desktop.ingest import sniff
from desktop.ingest.normalise import normalise_plain
from desktop.ingest.text_reader import decode_bytes, read_bytes_checked

_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 ul ol dl dt dd table thead tbody tfoot caption section article "
    "header footer nav aside main blockquote pre hr address figure figcaption form fieldset "
    "legend details summary center".split()
)
_HIDDEN = frozenset("script style noscript template svg iframe object canvas head".split())
_WHITESPACE_RE = re.compile(r"\s+")
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self._hidden_depth = 0
        self._in_title = False
        self._pre_depth = 0
        self._cell_depth = 0
        self._first_cell = True
        self._lists: list[list] = []  # [tag, next number]

    # Block breaks inside a table cell would split its row, so they become spaces.
    def _break(self) -> None:
        self.parts.append(" " if self._cell_depth else "\n")

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "title":
            self._in_title = True
        if tag in _HIDDEN:
            self._hidden_depth += 1
            return
        if tag == "br":
            self._break()
        elif tag == "pre":
            self._pre_depth += 1
            self._break()
        elif tag in ("ul", "ol"):
            self._lists.append([tag, 1])
            self._break()
        elif tag == "li":
            self._start_item()
        elif tag == "tr":
            self.parts.append("\n")
            self._first_cell = True
        elif tag in ("td", "th"):
            if not self._first_cell:
                self.parts.append("\t")
            self._first_cell = False
            self._cell_depth += 1
        elif tag in _BLOCKS:
            self._break()

    def _start_item(self) -> None:
        self._break()
        if self._lists and self._lists[-1][0] == "ol":
            self.parts.append(f"{self._lists[-1][1]}. ")
            self._lists[-1][1] += 1
        else:
            self.parts.append("• ")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in ("br", "hr"):
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _HIDDEN:
            self._hidden_depth = max(0, self._hidden_depth - 1)
            return
        if tag == "pre":
            self._pre_depth = max(0, self._pre_depth - 1)
        if tag in ("ul", "ol") and self._lists:
            self._lists.pop()
        if tag in ("td", "th"):
            self._cell_depth = max(0, self._cell_depth - 1)
        elif tag == "tr":
            self.parts.append("\n")
        elif tag in _BLOCKS or tag == "li":
            self._break()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
            return
        if self._hidden_depth:
            return
        self.parts.append(data if self._pre_depth else _WHITESPACE_RE.sub(" ", data))


def _decode_html(path: Path, data: bytes) -> str:
    match = _META_CHARSET_RE.search(data[:4096])
    if match and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode(match.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass  # an unknown charset name: fall back to detection
    return decode_bytes(path, data)


def html_to_text(markup: str) -> tuple[str, str | None]:
    """(body text, title) of an HTML document."""
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    title = " ".join("".join(collector.title_parts).split()) or None
    return "".join(collector.parts), title


def read_html_file(path: Path) -> ExtractedText:
    data = read_bytes_checked(path)
    head = data[: sniff.HEAD_BYTES]
    kind = sniff.content_kind(head)
    if kind not in (None, "html", "exe", "elf"):
        raise sniff.mismatch_error(path, kind, head, "web page")
    markup = _decode_html(path, data)
    del data
    raw_text, title = html_to_text(markup)
    if len(raw_text) > sniff.MAX_TEXT_CHARS:
        raise sniff.too_much_text(path)
    text = normalise_plain(raw_text, join_wrapped_lines=False)
    if not text.strip():
        raise UnreadableFile(f"{path.name} is a web page with no readable text.")
    return ExtractedText(text=text, page_starts=(), source_format="html", title_hint=title)
