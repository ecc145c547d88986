"""Building blocks of the PDFs: table cells that never overflow, status chips, the tables.

A cell whose text fits its column on one line is drawn as a plain string (much
cheaper than a Paragraph, which matters at hundreds of rows); anything longer is
a Paragraph that wraps inside its column. A cell longer than ``CELL_LIMIT``
characters is cut with an ellipsis and says so, so no row can grow taller than
a page. Tables repeat their header row on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle
from reportlab.platypus.tables import CellStyle

from desktop.domain.dates import uk_date
from desktop.domain.recommendations import LSCB
from desktop.export import fonts
from desktop.export import styles as st
from desktop.export.model import STANCE_ORDER, ActionItem, InspectionGrades, RecommendationItem, status_label
from desktop.export.text import ELLIPSIS, clean, markup, one_line, plural, short_date, shorten

CELL_LIMIT = 600  # characters; about 15 lines in the widest column
CUT_NOTE = "[shortened: the full text is in the workspace]"
PADDING = 4
# Plain-string cells are set in our font (reportlab would otherwise use Helvetica, not embedded).
FONT = ("FONT", (0, 0), (-1, -1), fonts.REGULAR, st.TABLE_SIZE, st.TABLE_SIZE * 1.3)


class _Cell(CellStyle):
    """Our cell defaults as class attributes: cheaper than style commands applied to every cell."""

    fontname = fonts.REGULAR
    fontsize = st.TABLE_SIZE
    leading = st.TABLE_SIZE * 1.3
    color = st.INK
    valign = "TOP"
    leftPadding = rightPadding = PADDING
    topPadding = 3
    bottomPadding = 4


_GRID = [
    ("LINEBELOW", (0, 0), (-1, -1), 0.4, st.RULE),
    ("BACKGROUND", (0, 0), (-1, 0), st.HEADER_FILL),
    ("LINEBELOW", (0, 0), (-1, 0), 0.9, st.ACCENT),
]


def capped(text: object, limit: int = CELL_LIMIT) -> tuple[str, bool]:
    """``text`` cut to ``limit`` characters at a word (and whether it was cut)."""
    value = clean(text).strip()
    if len(value) <= limit:
        return value, False
    cut = value[:limit]
    space = cut.rfind(" ")
    if space > limit * 0.7:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS, True


def cell(text: object, style=None, *, limit: int = CELL_LIMIT, lines: bool = False) -> Paragraph:
    """A wrapped table cell holding ``text`` literally, cut (with a note) when very long."""
    value, cut = capped(text, limit)
    body = markup(value, keep_lines=True) if lines else markup(one_line(value), keep_lines=False)
    if cut:
        body += f" <i>{CUT_NOTE}</i>"
    return Paragraph(body, style or st.styles().cell)  # an empty cell says nothing, not a dash


MIN_CELL_SIZE = 7.0  # points: a cell's type is made no smaller than this to keep a word whole


@lru_cache(maxsize=64)
def _smaller(style: ParagraphStyle, size: float) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-{size:.1f}", parent=style, fontSize=size, leading=size * 1.3)


def _style_fitting_words(style: ParagraphStyle, text: object, room: float, font: str) -> ParagraphStyle:
    """``style``, or a smaller size of it when a word of ``text`` is wider than the column,
    so that "Commissioning" is not printed as "Commissionin / g" (a word wider than the
    column even at MIN_CELL_SIZE is still broken: nothing runs outside its cell)."""
    words = str(text).split()[:200]
    widest = max((stringWidth(word, font, style.fontSize) for word in words), default=0.0)
    if widest <= room:
        return style
    size = max(MIN_CELL_SIZE, style.fontSize * room / widest)
    return _smaller(style, round(size * 2) / 2)


@dataclass(frozen=True)
class Text:
    """A cell's text before it is known whether it fits on one line."""

    value: object
    bold: bool = False
    center: bool = False
    limit: int = CELL_LIMIT
    fill: str | None = None  # a chip: the cell is tinted for this status/RAG/grade
    lines: bool = False  # keep the value's line breaks


class Grid:
    """Rows of a table, with the style commands each cell needs.

    Headers may break their words over lines with "\\n" ("Actions\\ndone").
    """

    def __init__(self, widths: Sequence[float], headers: Sequence[str]):
        self.widths = list(widths)
        self.rows: list[list] = [[self._header(column, label) for column, label in enumerate(headers)]]
        self.commands: list[tuple] = [("FONT", (0, 0), (-1, 0), fonts.BOLD, st.TABLE_SIZE, st.TABLE_SIZE * 1.3),
                                      ("TEXTCOLOR", (0, 0), (-1, 0), st.ACCENT)]

    def _fits(self, column: int, lines: list[str], font: str) -> bool:
        room = self.widths[column] - 2 * PADDING - 1
        return all(len(line) <= 90 and stringWidth(line, font, st.TABLE_SIZE) <= room for line in lines)

    def _header(self, column: int, label: str) -> object:
        lines = [one_line(line) for line in label.split("\n")]
        if self._fits(column, lines, fonts.BOLD):
            return "\n".join(lines)  # a plain string: far cheaper than a Paragraph per header cell
        return Paragraph(markup(" ".join(lines)), st.styles().cell_head)

    def add(self, cells: Sequence[object]) -> int:
        row = len(self.rows)
        self.rows.append([self._cell(row, column, spec) for column, spec in enumerate(cells)])
        return row

    def _cell(self, row: int, column: int, spec: object) -> object:
        if not isinstance(spec, Text):
            return spec
        where = (column, row), (column, row)
        if spec.fill is not None:
            self.commands.append(("BACKGROUND", *where, st.chip_fill(spec.fill)))
        if spec.fill is not None or spec.center:
            self.commands.append(("ALIGN", *where, "CENTER"))
        lines = [one_line(line) for line in clean(spec.value).split("\n")] if spec.lines \
            else [one_line(spec.value)]
        lines = [line for line in lines if line] or [""]
        font = fonts.BOLD if spec.bold else fonts.REGULAR
        if self._fits(column, lines, font):
            if spec.bold:
                self.commands.append(("FONT", *where, font, st.TABLE_SIZE, st.TABLE_SIZE * 1.3))
            return "\n".join(lines)
        styles = st.styles()
        style = styles.cell_bold if spec.bold else (styles.cell_center if spec.center or spec.fill is not None
                                                    else styles.cell)
        room = self.widths[column] - 2 * PADDING - 1
        return cell(spec.value, _style_fitting_words(style, spec.value, room, font), limit=spec.limit,
                    lines=spec.lines)

    def table(self, extra: Sequence[tuple] = ()) -> Table:
        # Rows never split inside (splitInRow misplaces repeated headers); capped cells keep
        # every row far shorter than a page instead.
        cell_styles = [[_Cell("cell") for _ in self.widths] for _ in self.rows]
        table = Table(self.rows, colWidths=self.widths, repeatRows=1, splitByRow=1, hAlign="LEFT",
                      cellStyles=cell_styles)
        table.setStyle(TableStyle(_GRID + self.commands + list(extra)))
        return table


class Chip(Flowable):
    """A word on its tint with a thin border (a status beside a heading, a stance over quotes)."""

    def __init__(self, label: str, value: str | None, *, size: float = st.TABLE_SIZE):
        super().__init__()
        self.label, self.value, self.size = one_line(label), value, size
        self.width = min(stringWidth(self.label, fonts.BOLD, size) + 16, st.FRAME_WIDTH / 2)
        self.height = size * 1.9
        self.spaceBefore, self.spaceAfter = 2, 4

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        canv = self.canv
        canv.saveState()
        canv.setFillColor(st.chip_fill(self.value))
        canv.setStrokeColor(st.MUTED)
        canv.setLineWidth(0.5)
        canv.rect(0, 0, self.width, self.height, stroke=1, fill=1)
        canv.setFillColor(st.INK)
        canv.setFont(fonts.BOLD, self.size)
        canv.drawString(8, self.height / 2 - self.size * 0.35, self.label)
        canv.restoreState()


class Beside(Flowable):
    """A chip with a paragraph to its right (the status and how it was reached)."""

    GAP = 10

    def __init__(self, chip: Chip, para: Paragraph):
        super().__init__()
        self.chip, self.para = chip, para

    def wrap(self, available_width, available_height):
        _, para_height = self.para.wrap(available_width - self.chip.width - self.GAP, available_height)
        self.width, self.height = available_width, max(self.chip.height, para_height)
        return self.width, self.height

    def split(self, available_width, available_height):
        return []  # a few lines: moves to the next page whole

    def draw(self):
        self.chip.drawOn(self.canv, 0, self.height - self.chip.height)
        self.para.drawOn(self.canv, self.chip.width + self.GAP, self.height - self.para.height)


def evidence_counts(rec: RecommendationItem) -> str:
    counts = rec.stance_counts
    parts = [f"{counts[s]} {s}" for s in STANCE_ORDER if counts.get(s)]
    return "\n".join(parts) if parts else "None yet"


def summary_table(recs: Sequence[RecommendationItem], *, show_groups: bool, link: bool = True) -> Table:
    """One row per recommendation; a shaded row names each inspection when there are several.

    ``link``: each label links to the recommendation's section (only when that section is there).
    """
    styles = st.styles()
    grid = Grid((38, 172, 82, 48, 80, 62),
                ("Rec", "Recommendation", "Status", "Actions\ndone", "Evidence", "Latest\nevidence"))
    group = None
    board = False

    def shaded(title: str) -> None:
        row = grid.add([Paragraph(markup(title), styles.cell_bold), "", "", "", "", ""])
        grid.commands.extend([("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), st.PANEL)])

    for rec in recs:
        if show_groups and rec.group != group:
            group, board = rec.group, False
            shaded(group or "Recommendations typed in")
        if (rec.addressed_to == LSCB) != board:  # the report's second list is the Board's
            board = not board
            shaded(f"For the {LSCB}" if board else "For the council")
        label = (Paragraph(f'<a href="#{rec.key}" color="#1F3A5F"><u>{markup(rec.label)}</u></a>',
                           styles.cell_bold) if link else Text(rec.label, bold=True))
        status = status_label(rec.status) + (" (set by you)" if rec.status_source == "user" else "")
        if rec.status_note and rec.status_source != "user":
            status += f"\n{rec.status_note[:1].upper()}{rec.status_note[1:]}"
        grid.add([
            label,
            Paragraph(markup(shorten(rec.text, 200)), styles.cell),  # in full in its own section
            Text(status, fill=rec.status, lines=True, limit=120),
            Text(f"{rec.actions_done} of {len(rec.actions)}" if rec.actions else "No actions", center=True),
            Text(evidence_counts(rec), lines=True),
            Text(short_date(rec.last_evidence, "None")),
        ])
    return grid.table()


def _due(action: ActionItem) -> Text:
    """The due date as written, then "Overdue" and how far it has slipped, a line each."""
    lines = [one_line(action.due_text) or short_date(action.due, "No date")]
    if action.overdue:
        lines.append("Overdue")
    if action.slips:
        lines.append(f"Moved {plural(action.slips, 'time')}")
        if action.slipped_days:
            lines.append(f"{plural(action.slipped_days, 'day')} later")
    return Text("\n".join(lines), lines=True, limit=200)


def _latest(action: ActionItem) -> Paragraph:
    """The latest update as one plain run of text (mixed fonts cost reportlab far more)."""
    styles = st.styles()
    if not action.latest_update:
        return Paragraph("No progress update recorded.", styles.cell_muted)
    value, cut = capped(action.latest_update, 700)
    when = f"{uk_date(action.latest_update_date)}: " if action.latest_update_date else ""
    return Paragraph(markup(when + one_line(value) + (f" {CUT_NOTE}" if cut else ""), keep_lines=False),
                     styles.cell)


def actions_table(actions: Sequence[ActionItem]) -> Table:
    """Two rows per action: its facts, then its latest update across the width."""
    grid = Grid((34, 190, 86, 70, 60, 42), ("Ref", "Action", "Owner", "Due", "Status", "RAG"))
    for action in actions:
        row = grid.add([
            Text(action.reference, limit=40), Text(action.title, limit=400), Text(action.owner, limit=120),
            _due(action), Text(status_label(action.status), fill=action.status),
            Text(status_label(action.rag) if action.rag else "None", fill=action.rag or "none"),
        ])
        grid.add(["Update", _latest(action), "", "", "", ""])
        grid.commands += [("SPAN", (1, row + 1), (-1, row + 1)), ("LINEBELOW", (0, row), (-1, row), 0, st.WHITE),
                          ("FONT", (0, row + 1), (0, row + 1), fonts.ITALIC, st.SMALL_SIZE, st.TABLE_SIZE * 1.3),
                          ("TEXTCOLOR", (0, row + 1), (0, row + 1), st.MUTED),
                          ("TOPPADDING", (0, row + 1), (-1, row + 1), 0),
                          ("NOSPLIT", (0, row), (-1, row + 1))]  # an action stays with its update
    return grid.table()


def overdue_table(actions: Sequence[ActionItem], today: date, *, reason: bool = False) -> Table:
    """Actions past their due date (or, in the note, slipped): oldest due first."""
    widths = (34, 150, 74, 70, 60, 94) if not reason else (30, 134, 76, 62, 58, 122)
    grid = Grid(widths, ("Ref", "Action", "Owner", "Due", "Status", "Why listed" if reason else "Linked to"))
    for action in actions:
        due = one_line(action.due_text) or short_date(action.due, "No date")
        if action.overdue and action.due:
            due += f"\n{plural((today - action.due).days, 'day')} overdue"
        grid.add([
            Text(action.reference, limit=40), Text(action.title, limit=200 if reason else 300),
            Text(action.owner, limit=100), Text(due, lines=True, limit=200),
            Text(status_label(action.status), fill=action.status),
            Text(action.remark if reason else (", ".join(action.recommendation_labels) or "None linked"),
                 limit=300),
        ])
    return grid.table()


def judgements_table(inspections: Sequence[InspectionGrades]) -> Table:
    grid = Grid((118, 220, 144), ("Inspection", "Area judged", "Grade"))
    for inspection in inspections:
        first = None
        for n, (area, grade) in enumerate(inspection.grades):
            when = (f"<b>{markup(uk_date(inspection.date, 'Undated'))}</b><br/>"
                    f"<font size={st.SMALL_SIZE}>{markup(inspection.source)}</font>") if n == 0 else ""
            row = grid.add([Paragraph(when, st.styles().cell), Text(area, limit=200), Text(grade, fill=grade)])
            first = row if first is None else first
        if first is None:
            continue
        if row > first:
            grid.commands.append(("SPAN", (0, first), (0, row)))
        grid.commands.append(("LINEBELOW", (0, row), (-1, row), 0.9, st.MUTED))
    return grid.table()


def sources_table(rows: Sequence[tuple[str, str, str, str]]) -> Table:
    grid = Grid((200, 92, 76, 114), ("Document", "Type", "Date", "Printed in"))
    for title, kind, when, printed in rows:
        grid.add([Text(title, limit=300), Text(kind, limit=60), Text(when),
                  Text(printed or "Not part of an agenda pack", limit=300)])
    return grid.table()


def clocks_table(clocks: Sequence) -> Table:
    """When each action plan was due after an inspection or focused visit, and whether it came."""
    grid = Grid((140, 116, 76, 150), ("Inspection or visit", "Plan due", "Due date", "Plan held"))
    for clock in clocks:
        held = clock.verdict + (f": {clock.plan}" if clock.plan else "")
        inspection = f"{clock.authority}: {clock.inspection}" if clock.authority else clock.inspection
        grid.add([Text(inspection, limit=200), Text(clock.rule, limit=120),
                  Text(uk_date(clock.due, "Cannot be worked out")), Text(held, limit=300)])
    return grid.table()


def rules_table(rules: Sequence[tuple[str, str]]) -> Table:
    """The roll-up rule as the councillor reads it: when, then the status it gives."""
    grid = Grid((28, 300, 154), ("", "When", "Status shown"))
    for n, (when, status) in enumerate(rules, 1):
        grid.add([Text(str(n), center=True), Text(when, limit=300), Text(status, limit=120)])
    return grid.table()
