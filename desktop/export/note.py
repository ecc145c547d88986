"""The pre-meeting note: one or two pages of what worries or changed since a date.

Each list is capped so the note stays short; a line says how many more there
are (the full briefing has them all).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import BinaryIO

from reportlab.platypus import CondPageBreak, Paragraph, Spacer, Table

from desktop.domain.dates import uk_date
from desktop.export import blocks
from desktop.export import styles as st
from desktop.export.detail import quote_flowables
from desktop.export.layout import BuildProgress, ExportDoc, Heading, PageDecor
from desktop.export.model import NoteData, QuoteItem, RecommendationItem, status_label
from desktop.export.text import markup, one_line, plural, shorten

MOST_PAGES = 2
QUOTE_LENGTH = 300  # characters of each new quote shown


@dataclass(frozen=True)
class Limits:
    """How many items each list shows before "... and N more"."""

    concerns: int = 8
    actions: int = 10
    evidence: int = 5
    questions: int = 10

    def smaller(self) -> Limits:
        return Limits(*(max(2, value * 2 // 3) for value in (self.concerns, self.actions, self.evidence,
                                                            self.questions)))


def _why(rec: RecommendationItem) -> str:
    reasons = []
    if rec.status == "concern":
        reasons.append("Status: concern")
    off = [a for a in rec.actions if a.status == "off_track"]
    if off:
        refs = ", ".join(a.reference or shorten(a.title, 30) for a in off[:3])
        reasons.append(f"{plural(len(off), 'action')} off track ({refs})")
    if rec.disagreement:
        reasons.append(rec.disagreement)
    return "; ".join(reasons) or status_label(rec.status)


def _more(shown: int, total: int, what: str) -> list:
    if total <= shown:
        return []
    return [Paragraph(markup(f"\u2026 and {total - shown:,} more {what}: see the full briefing."),
                      st.styles().empty)]


def _heading(title: str, key: str) -> list:
    # Not kept with the table that follows (that would push both to the next page).
    return [CondPageBreak(90), Heading(markup(title), st.styles().h2, key=key, outline=title, level=0,
                                       in_contents=False, keep_with_next=False)]


def _part(title: str, key: str, items: tuple, limit: int, what: str, empty: str,
          show: Callable[[tuple], list]) -> list:
    """One list of the note: its heading with the count, the first ``limit`` items, how many more."""
    story = _heading(f"{title} ({len(items)})", key)
    if not items:
        return story + [Paragraph(empty, st.styles().empty)]
    return story + show(items[:limit]) + _more(limit, len(items), what)


def concerns_table(recs: tuple[RecommendationItem, ...]) -> Table:
    grid = blocks.Grid((38, 220, 80, 144), ("Rec", "Recommendation", "Status", "Why it is listed"))
    for rec in recs:
        grid.add([blocks.Text(rec.label, bold=True), blocks.cell(shorten(rec.text, 150)),
                  blocks.Text(status_label(rec.status), fill=rec.status), blocks.Text(_why(rec), limit=300)])
    return grid.table()


def _short_quote(quote: QuoteItem) -> QuoteItem:
    return replace(quote, quote=shorten(quote.quote, QUOTE_LENGTH), note=shorten(quote.note, 200))


def note_story(data: NoteData, limits: Limits = Limits()) -> list:
    styles = st.styles()
    since = uk_date(data.since)
    story: list = [Paragraph("PRE-MEETING NOTE", styles.h3), Paragraph(markup(data.title), styles.h1)]
    named = data.authority and data.authority.casefold() in data.title.casefold()
    facts = ["" if named else (data.authority or ""), data.committee, data.meeting and f"Meeting: {data.meeting}",
             f"Changes since {since}",
             f"Position as at {uk_date(data.as_at)}" if data.as_at else ""]
    story.append(Paragraph(" \u00b7 ".join(markup(one_line(f)) for f in facts if f), styles.body_muted))
    story.append(Spacer(1, 4))

    story += _part("Recommendations of concern", "note-concerns", data.concerns, limits.concerns,
                   "recommendations", "No recommendation has a status of concern or an action off track.",
                   lambda recs: [concerns_table(recs)])
    story += _part(f"Actions overdue or slipped since {since}", "note-actions", data.actions, limits.actions,
                   "actions", "No action is overdue, and no due date has moved since then.",
                   lambda actions: [blocks.overdue_table(actions, data.as_at or data.prepared_on,
                                                         reason=True)])
    story += _part(f"New evidence since {since}", "note-evidence", data.new_evidence, limits.evidence,
                   "quotes", "No evidence has been linked from papers since then.",
                   lambda quotes: [f for q in quotes for f in quote_flowables(_short_quote(q), show_about=True)])
    story += _part("Open questions", "note-questions", data.questions, limits.questions,
                   "questions", "No questions have been noted.",
                   lambda questions: [Paragraph(f"<b>{markup(q.about)}:</b> {markup(shorten(q.text, 400))}",
                                                styles.bullet, bulletText="\u2022") for q in questions])
    return story


def render_note(data: NoteData, target: str | BinaryIO, *,
                progress: Callable[[float, str], None] | None = None,
                cancel: Callable[[], bool] | None = None,
                progress_range: tuple[float, float] = (0.0, 1.0)) -> int:
    """Write the note to ``target``; returns its page count (at most two when it can be)."""
    looking_back = data.as_at is not None and data.as_at < data.prepared_on
    decor = PageDecor(title=data.title, prepared_on=data.prepared_on, authority=data.authority,
                      marking=data.marking, prepared_by=data.prepared_by,
                      position_as_at=data.as_at if looking_back else None)
    subject = f"Pre-meeting note: changes since {uk_date(data.since)}"
    limits = Limits()
    for _attempt in range(4):  # shorter lists until it fits on two pages
        buffer = io.BytesIO()
        doc = ExportDoc(buffer, decor, subject=subject,
                        progress=BuildProgress(progress, cancel, *progress_range), with_cover=False)
        doc.render(note_story(data, limits))
        if doc.page <= MOST_PAGES:
            break
        limits = limits.smaller()
    payload = buffer.getvalue()
    if isinstance(target, (str, bytes)) or hasattr(target, "__fspath__"):
        with open(target, "wb") as handle:
            handle.write(payload)
    else:
        target.write(payload)
    return doc.page
