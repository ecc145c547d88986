"""Raw extracted text -> the clean text a user would recognise.

Pages are cleaned one by one (characters, stray markup, spaces), page furniture
(running headers/footers, bare page numbers) is dropped by comparing pages, and
then lines broken only by the page layout are joined again, across page breaks
too, while real paragraph breaks, numbered items, bullets and table rows stay.

Everything is one pass over the text with precompiled patterns: this runs on
every page of every imported PDF and must stay cheap next to pdfium itself.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from desktop.ingest.markers import ends_mid_sentence, ends_sentence, starts_item

# --- characters --------------------------------------------------------------

# Symbol-font bullets that pdfium reports as private-use code points (Word's
# Wingdings/Symbol lists): a user sees a bullet, so that is what we keep.
_PRIVATE_BULLETS = {
    "\uf06e": "•", "\uf0a7": "•", "\uf0b7": "•", "\uf0d8": "•", "\uf076": "•",
    "\uf0fc": "•", "\uf0a8": "•", "\uf0d7": "•", "\uf071": "•", "\uf0e0": "•",
    "\uf02d": "–",
}
_CHAR_FIXES = {
    "\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n",
    # pdfium marks a hyphen that stood at a line end (the break itself removed)
    # with U+FFFE; in typeset reports these are real compound hyphens.
    "\ufffe": "-",
    "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u3000": " ",
    **_PRIVATE_BULLETS,
}
_ODD_CHAR_RE = re.compile(
    "[\r\x0b\x0c\x85\u2028\u2029\ufffe\u00a0\u202f\u2007\u3000"
    + "".join(_PRIVATE_BULLETS)
    # control characters (not \t or \n), soft hyphen, zero-width characters, BOM,
    # and bidirectional embeddings, overrides and isolates: invisible, and able to
    # make "\u202eexe.pdf" show as "fdp.exe" in every view
    + "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b-\u200d\u2060\ufeff"
    + "\u202a-\u202e\u2066-\u2069]"
)

# --- stray markup ------------------------------------------------------------

# Some extractors leave HTML paragraph tags inside table cells. Only these bare
# tags are debris; "<http://...>" or "<name>" in a document is text.
# Tabs around tags are kept: they separate table cells.
_PARA_BREAK_TAG_RE = re.compile(r" *</p> *<p> *| *<br *(?:/ *)?> *", re.IGNORECASE)
_LONE_P_TAG_RE = re.compile(r" *</?p> *", re.IGNORECASE)

# --- spaces ------------------------------------------------------------------

_SPACE_RUN_RE = re.compile(r" {2,}")
_TAB_SPACES_RE = re.compile(r" *\t *")
_BLANK_RUN_RE = re.compile(r"\n{3,}")

# --- page furniture ----------------------------------------------------------

_DIGITS_RE = re.compile(r"\d+")
_PAGE_NUMBER_RE = re.compile(
    r"(?:page|p\.)?\s*[-–—]?\s*\d{1,4}\s*[-–—]?\s*(?:(?:of|/)\s*\d{1,4})?",
    re.IGNORECASE,
)
_WORDED_PAGE_NUMBER_RE = re.compile(r"\s*page\s+\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*", re.IGNORECASE)
_EDGE_LINES = 3  # how many lines at the top and bottom of a page can be furniture
_NUMBER_EDGE_LINES = 2

# --- hyphenation ---------------------------------------------------------------

_LAST_WORD_RE = re.compile(r"([^\W\d_]+)-$")
_FIRST_WORD_RE = re.compile(r"[^\W\d_]+")


def _fix_char(match: re.Match[str]) -> str:
    return _CHAR_FIXES.get(match.group(), "")


def clean_characters(text: str) -> str:
    """Line endings, control and invisible characters, stray tags, space runs."""
    text = text.replace("\r\n", "\n")
    text = _ODD_CHAR_RE.sub(_fix_char, text)
    if "<" in text:
        text = _PARA_BREAK_TAG_RE.sub("\n", text)
        text = _LONE_P_TAG_RE.sub(" ", text)
    text = _SPACE_RUN_RE.sub(" ", text)
    if "\t" in text:
        text = _TAB_SPACES_RE.sub("\t", text)
    return text


def clean_lines(text: str) -> list[str]:
    """Clean text as a list of stripped lines (blank lines kept as "")."""
    return [line.strip(" \t") for line in clean_characters(text).split("\n")]


# --- public entry points -------------------------------------------------------


def normalise_pages(pages: Sequence[str]) -> tuple[str, tuple[int, ...]]:
    """Text of a paged document (PDF) -> (clean text, page start offsets)."""
    page_lines = [clean_lines(page) for page in pages]
    drop_page_furniture(page_lines)
    return reflow(page_lines)


def normalise_plain(text: str, *, join_wrapped_lines: bool) -> str:
    """Text with no pages. Hard-wrapped text (TXT, Markdown) is re-joined;
    text whose paragraphs are already known (DOCX, HTML) keeps its lines."""
    lines = clean_lines(text)
    if join_wrapped_lines:
        # Text saved from a PDF keeps its "Page 12" lines; with no pages to compare,
        # only lines that say "Page" can be known for furniture (a bare number may be data).
        lines = [line for line in lines if not _WORDED_PAGE_NUMBER_RE.fullmatch(line)]
        return reflow([lines])[0]
    joined = "\n".join(lines).strip("\n")
    return _BLANK_RUN_RE.sub("\n\n", joined)


# --- page furniture ------------------------------------------------------------


def _edge_indexes(lines: list[str], depth: int) -> list[int]:
    """Indexes of the first and last ``depth`` non-blank lines of a page."""
    filled = [i for i, line in enumerate(lines) if line]
    if len(filled) <= 2 * depth:
        return filled
    return filled[:depth] + filled[-depth:]


def _furniture_key(line: str) -> str:
    return _DIGITS_RE.sub("#", line.casefold())


def _min_repeats(page_count: int) -> int:
    # A line at the edge of most pages is furniture; in a long agenda pack a
    # header may only run through one paper, so a handful of repeats is enough.
    if page_count <= 3:
        return page_count
    return min(6, max(3, (page_count + 3) // 4))


def drop_page_furniture(page_lines: list[list[str]]) -> None:
    """Blank out running headers/footers and bare page numbers, in place.

    A header is recognised by repetition: the same line (digits masked, so
    "Page 3 of 41" matches "Page 4 of 41") at the top or bottom of several
    pages. Lines are blanked, not removed, so blank-line structure stays.
    """
    edges = [_edge_indexes(lines, _EDGE_LINES) for lines in page_lines]
    seen: Counter[str] = Counter()
    for lines, indexes in zip(page_lines, edges, strict=False):
        seen.update({_furniture_key(lines[i]) for i in indexes})
    # A single page has nothing to compare with: only its page number goes.
    threshold = _min_repeats(len(page_lines)) if len(page_lines) > 1 else len(page_lines) + 1
    # Bare numbers are judged by _PAGE_NUMBER_RE below; items ("3. Ensure ...")
    # can look alike once digits are masked, and are never running heads.
    repeated = {key for key, count in seen.items()
                if count >= threshold and key.strip("# ") and not starts_item(key.replace("#", "1"))[0]}
    for lines, indexes in zip(page_lines, edges, strict=False):
        number_edges = set(_edge_indexes(lines, _NUMBER_EDGE_LINES))
        for i in indexes:
            line = lines[i]
            if _furniture_key(line) in repeated or (
                i in number_edges and _PAGE_NUMBER_RE.fullmatch(line)
            ):
                lines[i] = ""
        _drop_leading_blanks(lines)


def _drop_leading_blanks(lines: list[str]) -> None:
    # A blanked header must not read as a paragraph break at the page top.
    while lines and not lines[0]:
        lines.pop(0)


# --- joining wrapped lines -------------------------------------------------------


def _typical_width(lengths: list[int]) -> int:
    """Length of a full line: a high percentile of the line lengths."""
    if not lengths:
        return 0
    ordered = sorted(lengths)
    return ordered[(len(ordered) * 9) // 10 - (1 if len(ordered) >= 10 else 0)]


def _page_widths(page_lines: list[list[str]]) -> list[int]:
    all_lengths = [len(line) for lines in page_lines for line in lines if line]
    document_width = _typical_width(all_lengths)
    widths = []
    for lines in page_lines:
        lengths = [len(line) for line in lines if line]
        widths.append(_typical_width(lengths) if len(lengths) >= 8 else document_width)
    return widths


def _is_wrapped(prev: str, nxt: str, width: int) -> bool:
    """Would the next line's first word have fitted on the previous line?"""
    if width < 30:
        return False
    first_word = nxt.split(" ", 1)[0]
    return len(prev) + 1 + len(first_word) > width * 0.9


def _should_join(prev: str, nxt: str, width: int, page_break: bool, gaps_mark_paragraphs: bool) -> bool:
    if "\t" in prev or "\t" in nxt:
        return False
    is_item, strong = starts_item(nxt)
    if strong:
        return False
    continues = ends_mid_sentence(prev)
    if is_item:
        return continues
    first = nxt[0]
    if first.islower() or continues:
        return True
    if prev[-1].isdigit() and nxt[-1].isdigit():
        return False  # rows of a contents list or table: "Summary 2" / "Findings 5"
    if ends_sentence(prev):
        # A sentence ending on a full line goes on when nothing marks a new
        # paragraph: no blank line in a text whose paragraphs are spaced out,
        # or a page break in the middle of body text.
        if gaps_mark_paragraphs and not page_break:
            return _is_wrapped(prev, nxt, width)
        return page_break and _is_wrapped(prev, nxt, width) and len(nxt) > width * 0.6
    return _is_wrapped(prev, nxt, width)


def _sentence_spans_gap(prev: str, nxt: str) -> bool:
    """A blank line that falls inside a sentence ("... performance in" / "relation to
    missing children") is layout, not a paragraph break: some exports put one
    between every wrapped line near a page's end."""
    if "\t" in prev or "\t" in nxt or not nxt[0].islower() or starts_item(nxt)[0]:
        return False
    return prev[-1].isalpha() and not prev.isupper() or prev[-1] == ","


def _paragraphs_are_spaced(page_lines: list[list[str]]) -> bool:
    """True when blank lines separate paragraphs (spaced-out PDF layout, Markdown)."""
    filled = blank = 0
    for lines in page_lines:
        previous_filled = False
        for line in lines:
            if line:
                filled += 1
            elif previous_filled:
                blank += 1
            previous_filled = bool(line)
    return filled > 0 and blank * 12 >= filled


def _ends_in_hyphen(line: str) -> bool:
    """"safe-" at a line end, but not "Cost -" or "2019-"."""
    return len(line) > 1 and line[-1] == "-" and line[-2].isalpha()


def _dehyphenate(prev: str, nxt: str, vocabulary: set[str] | None) -> bool:
    """True when "safe-" + "guarding" should lose its hyphen.

    Only when the document itself uses the joined word and never the
    hyphenated one: "multi-\\nagency" keeps its hyphen.
    """
    if vocabulary is None:
        return False
    head = _LAST_WORD_RE.search(prev)
    tail = _FIRST_WORD_RE.match(nxt)
    if not head or not tail:
        return False
    joined = (head.group(1) + tail.group()).casefold()
    hyphenated = f"{head.group(1)}-{tail.group()}".casefold()
    return joined in vocabulary and hyphenated not in vocabulary


def _vocabulary(page_lines: list[list[str]]) -> set[str] | None:
    """Words of the document, built only when some line ends in a hyphen."""
    if not any(_ends_in_hyphen(line) for lines in page_lines for line in lines):
        return None
    words: set[str] = set()
    word_re = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
    for lines in page_lines:
        for line in lines:
            words.update(word.casefold() for word in word_re.findall(line))
    return words


def reflow(page_lines: list[list[str]]) -> tuple[str, tuple[int, ...]]:
    """Join wrapped lines; return the text and where each page starts in it."""
    widths = _page_widths(page_lines)
    vocabulary = _vocabulary(page_lines)
    spaced = _paragraphs_are_spaced(page_lines)
    pieces: list[str] = []
    length = 0
    prev = ""  # the previous non-blank raw line
    page_starts: list[int | None] = []
    for page_index, lines in enumerate(page_lines):
        page_start: int | None = None
        blank_pending = False  # space at a page's end or top says nothing about paragraphs
        for _line_index, line in enumerate(lines):
            if not line:
                blank_pending = bool(pieces) and page_start is not None
                continue
            if not pieces:
                separator = ""
            elif blank_pending:
                separator = " " if _sentence_spans_gap(prev, line) else "\n\n"
            elif _should_join(prev, line, widths[page_index], page_start is None, spaced):
                separator = " "
                if _ends_in_hyphen(prev) and line[0].isalpha():
                    separator = ""
                    if _dehyphenate(prev, line, vocabulary):
                        pieces[-1] = pieces[-1][:-1]
                        length -= 1
            else:
                separator = "\n"
            if page_start is None:
                page_start = length + len(separator)
            pieces.append(separator + line)
            length += len(separator) + len(line)
            prev = line
            blank_pending = False
        page_starts.append(page_start)
    return "".join(pieces), _fill_empty_pages(page_starts, length)


def _fill_empty_pages(starts: list[int | None], end: int) -> tuple[int, ...]:
    """An empty page starts where the next page with text starts."""
    filled: list[int] = []
    following = end
    for start in reversed(starts):
        following = following if start is None else start
        filled.append(following)
    return tuple(reversed(filled))
