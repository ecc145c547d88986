"""The bullet or number Word shows before a list paragraph.

Word does not store "3." in the text: it stores a reference to a numbering
definition (numbering.xml) and counts at display time. We count the same way,
per list (numId) and level, so list items keep their marker in our text.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.ns import qn

_MAX_LEVELS = 9


@dataclass(frozen=True, slots=True)
class _Level:
    fmt: str  # "bullet", "decimal", "lowerLetter", ...
    text: str  # e.g. "%1." or "%1.%2"
    start: int


def _roman(number: int) -> str:
    values = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
              (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    out = []
    for value, letters in values:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def _letters(number: int) -> str:
    # Word counts a..z, then aa..zz, ...
    number = max(1, number)
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def format_number(number: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return _letters(number)
    if fmt == "upperLetter":
        return _letters(number).upper()
    if fmt == "lowerRoman":
        return _roman(number)
    if fmt == "upperRoman":
        return _roman(number).upper()
    return str(number)


def _attr(element, tag: str) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val")) if child is not None else None


class ListNumbering:
    """Turns (numId, ilvl) of successive paragraphs into markers like "2.", "b)", "•"."""

    def __init__(self, document) -> None:
        self._levels: dict[str, dict[int, _Level]] = {}
        self._counters: dict[str, list[int]] = {}
        self._style_numbering: dict[str, tuple[str, int] | None] = {}
        self._style_names: dict[str | None, str] = {}  # style id (None: the default) -> name
        self._document = document
        self._load(document)

    def _load(self, document) -> None:
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return  # no numbering part: lists fall back to their style names
        abstract: dict[str, dict[int, _Level]] = {}
        for definition in numbering.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in definition.findall(qn("w:lvl")):
                index = int(lvl.get(qn("w:ilvl"), "0"))
                start = _attr(lvl, "w:start")
                levels[index] = _Level(
                    fmt=_attr(lvl, "w:numFmt") or "decimal",
                    text=_attr(lvl, "w:lvlText") or "",
                    start=int(start) if start and start.isdigit() else 1,
                )
            abstract[definition.get(qn("w:abstractNumId"))] = levels
        for num in numbering.findall(qn("w:num")):
            abstract_id = _attr(num, "w:abstractNumId")
            if abstract_id in abstract:
                self._levels[num.get(qn("w:numId"))] = abstract[abstract_id]

    def _numbering_of(self, paragraph) -> tuple[str, int] | None:
        """(numId, ilvl) from the paragraph itself, or else from its style."""
        ppr = paragraph._p.pPr
        num_pr = ppr.numPr if ppr is not None else None
        if num_pr is not None and num_pr.numId is not None:
            ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
            return str(num_pr.numId.val), int(ilvl)
        style_id = paragraph._p.style
        if style_id is None:
            return None
        if style_id not in self._style_numbering:
            self._style_numbering[style_id] = self._style_lookup(style_id)
        return self._style_numbering[style_id]

    def _style_lookup(self, style_id: str) -> tuple[str, int] | None:
        styles = self._document.styles.element
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = styles.get_by_id(style_id)
            if style is None:
                return None
            ppr = style.pPr
            num_pr = ppr.numPr if ppr is not None else None
            if num_pr is not None and num_pr.numId is not None:
                ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
                return str(num_pr.numId.val), int(ilvl)
            style_id = style.basedOn_val
        return None

    def marker(self, paragraph) -> str | None:
        """The marker to put before this paragraph's text, or None if it is not a list item."""
        found = self._numbering_of(paragraph)
        if found is None:
            return self._marker_from_style_name(paragraph)
        num_id, ilvl = found
        levels = self._levels.get(num_id)
        if num_id == "0" or levels is None:
            return None if num_id == "0" else self._marker_from_style_name(paragraph)
        level = levels.get(ilvl)
        if level is None or level.fmt == "none":
            return None
        counters = self._counters.setdefault(num_id, [0] * _MAX_LEVELS)
        ilvl = min(ilvl, _MAX_LEVELS - 1)
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else level.start
        for deeper in range(ilvl + 1, _MAX_LEVELS):
            counters[deeper] = 0
        if level.fmt == "bullet":
            return "•"
        return self._render(level.text or f"%{ilvl + 1}.", levels, counters)

    @staticmethod
    def _render(pattern: str, levels: dict[int, _Level], counters: list[int]) -> str:
        out = pattern
        for index in range(_MAX_LEVELS, 0, -1):
            token = f"%{index}"
            if token in out:
                level = levels.get(index - 1)
                value = counters[index - 1] or (level.start if level else 1)
                out = out.replace(token, format_number(value, level.fmt if level else "decimal"))
        return out.strip() or "•"

    def _marker_from_style_name(self, paragraph) -> str | None:
        # paragraph.style searches every style for the default one on each call
        # (minutes for a long document); one lookup per style id keeps it linear.
        style_id = paragraph._p.style
        if style_id not in self._style_names:
            try:
                self._style_names[style_id] = (paragraph.style.name or "").lower()
            except (KeyError, AttributeError, ValueError):
                self._style_names[style_id] = ""
        if "list bullet" in self._style_names[style_id]:
            return "•"
        return None
