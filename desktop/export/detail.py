"""One recommendation's section of the briefing: text, source, status, actions, evidence, notes.

Long text (a 10,000-character quote) is a plain Paragraph, which reportlab
splits across pages; nothing large is wrapped in KeepTogether or in a table.
Short pieces are kept whole: a recommendation's heading with its text and
status, a quote with its citation and comment.
"""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Paragraph, Spacer
from reportlab.platypus.flowables import HRFlowable

from desktop.domain.dates import uk_date
from desktop.export import blocks
from desktop.export import styles as st
from desktop.export.layout import Heading, Ruled, subheading
from desktop.export.model import STANCE_ORDER, QuoteItem, RecommendationItem, status_label
from desktop.export.text import markup, one_line, plural, shorten

KEEP_WHOLE_CHARS = 1200  # a recommendation or quote this short is never split from its status or comment
EMPTY_ACTIONS = "No actions are linked to this recommendation yet."
EMPTY_EVIDENCE = "No evidence has been linked yet."
EMPTY_NOTES = "No notes or questions yet."
STANCE_HEADINGS = {"progress": "Evidence of progress", "concern": "Evidence of concern",
                   "context": "Context"}


def outline_title(rec: RecommendationItem) -> str:
    return f"{rec.heading}: {shorten(rec.text, 70)}"


def recommendation_section(rec: RecommendationItem, *, level: int) -> list:
    """The flowables of one recommendation; ``level`` is its depth in the PDF outline."""
    styles = st.styles()
    head: list = [Heading(markup(rec.heading), styles.h2, key=rec.key, outline=outline_title(rec), level=level)]
    facts = [rec.kind_label if rec.kind_label.lower() not in rec.heading.lower() else "",
             f"for {one_line(rec.addressed_to)}" if rec.addressed_to else "",
             one_line(rec.authority or ""), f"issued {uk_date(rec.issued)}" if rec.issued else ""]
    facts_line = " \u00b7 ".join(markup(f) for f in facts if f)
    if facts_line:
        head.append(Paragraph(facts_line, styles.body_muted))
    head.append(Paragraph(markup(rec.text) or "(no text)", styles.rec_text))
    if rec.source_citation:
        head.append(Paragraph(f"<b>Source:</b> {markup(rec.source_citation)}", styles.body))
    head += status_block(rec)
    # A section starts on a new page unless its heading, text and status fit in what is left
    # (judged from the lengths: KeepTogether would lay each section's head out twice).
    story: list = [CondPageBreak(_head_height(rec) if len(rec.text) <= KEEP_WHOLE_CHARS else 170), *head]
    story += _actions(rec)
    story += _evidence(rec)
    story += _notes(rec)
    story.append(HRFlowable(width="100%", thickness=0.6, color=st.RULE, spaceBefore=8, spaceAfter=10))
    return story


def status_block(rec: RecommendationItem) -> list:
    """The status chip with how it was reached, and anything the reader should check."""
    styles = st.styles()
    label = status_label(rec.status)
    note = rec.status_note if rec.status_source != "user" else ""
    if rec.status_source == "user":
        how = "<b>Status set by you</b>" + (f": {markup(rec.status_reason)}" if rec.status_reason
                                            else " (no reason given)")
    else:
        rule = rec.rule[:1].lower() + rec.rule[1:]
        how = "<b>Rolled up</b> from its actions and evidence" + (f": {markup(rule)}" if rule else ".")
    lines = [how]
    if note:
        lines.insert(0, f"<b>{markup(label)}: {markup(note)}</b>")
    if rec.council_status:
        lines.append(f"The council reports: <b>{markup(status_label(rec.council_status))}</b>")
    lines.append(f"Latest evidence: {markup(uk_date(rec.last_evidence, 'none yet'))}"
                 + ("; <b>no evidence for 12 months</b>" if rec.stale else ""))
    if rec.disagreement:
        lines.append(f"<b>Check:</b> {markup(rec.disagreement)}")
    block = blocks.Beside(blocks.Chip(label, rec.status, size=st.BODY_SIZE),
                          Paragraph("<br/>".join(lines), styles.body))
    block.spaceBefore, block.spaceAfter = 4, 2
    return [CondPageBreak(60), block]


def _empty(title: str, sentence: str) -> list:
    """An empty part in one line (a heading over nothing would waste half a page per recommendation)."""
    styles = st.styles()
    return [Paragraph(f"<font color='#1F3A5F'><b>{markup(title)}:</b></font> <i>{markup(sentence)}</i>",
                      styles.body_muted)]


def _actions(rec: RecommendationItem) -> list:
    styles = st.styles()
    if not rec.actions:
        return [Spacer(1, 6)] + _empty("Actions", EMPTY_ACTIONS)
    title = f"Actions ({rec.actions_done} of {len(rec.actions)} complete)"
    return subheading(markup(title), styles.h3) + [blocks.actions_table(rec.actions)]


def quote_flowables(quote: QuoteItem, *, show_about: bool = False) -> list:
    styles = st.styles()
    story = [Ruled(Paragraph(f"\u201c{markup(quote.quote)}\u201d", styles.quote),
                   st.stance_rule(quote.stance))]
    where = markup(quote.citation or "Source not recorded")
    extras = []
    if show_about and quote.about:
        extras.append(f"about {markup(quote.about)}")
    if quote.action_reference:
        extras.append(f"linked through action {markup(quote.action_reference)}")
    line = f"\u2014 {where}" + (f" ({'; '.join(extras)})" if extras else "")
    if quote.needs_review:
        line += " <b>[its document was replaced and these words were not found again: check]</b>"
    story.append(Paragraph(line, styles.citation))
    if quote.note:
        story.append(Paragraph(markup(f"Note: {quote.note}"), styles.citation))
    if len(quote.quote) + len(quote.note or "") > KEEP_WHOLE_CHARS:
        return story  # a long quote runs on over the page break, as it must
    # Kept whole by a page break when too little room is left for it, judged from its length:
    # KeepTogether would lay every quote out twice (500 quotes made the export 10% slower).
    return [CondPageBreak(_height_of(quote)), *story]


_LINE_CHARS = 92  # characters of a quote's line across the frame at the quote size, a little under


def _head_height(rec: RecommendationItem) -> float:
    """A generous guess at the height of a section's heading, text, source and status."""
    styles = st.styles()
    text_lines = 1 + len(rec.text) // _LINE_CHARS
    source_lines = 1 + len(rec.source_citation) // _LINE_CHARS if rec.source_citation else 0
    status_lines = 3 + (1 if rec.council_status else 0) + (2 if rec.disagreement else 0)
    return max(170.0, 40 + text_lines * styles.rec_text.leading + (source_lines + status_lines) * styles.body.leading
               + 24)


def _height_of(quote: QuoteItem) -> float:
    """A generous guess at the height of a short quote with its citation and comment."""
    styles = st.styles()
    lines = 1 + len(quote.quote) // _LINE_CHARS
    extra = 1 + (1 + len(quote.note) // _LINE_CHARS if quote.note else 0) + len(quote.citation or "") // _LINE_CHARS
    return (lines * styles.quote.leading + extra * styles.citation.leading
            + styles.quote.spaceBefore + styles.quote.spaceAfter + 6)


def _evidence(rec: RecommendationItem) -> list:
    styles = st.styles()
    if not rec.quotes:
        return _empty("Evidence", EMPTY_EVIDENCE)
    story: list = subheading(markup(f"Evidence ({plural(len(rec.quotes), 'quote')})"), styles.h3, 110)
    for stance in STANCE_ORDER:
        quotes = [q for q in rec.quotes if q.stance == stance]
        if not quotes:
            continue
        story.append(Spacer(1, 2))
        story.append(CondPageBreak(80))
        story.append(blocks.Chip(f"{STANCE_HEADINGS[stance]} ({len(quotes)})", stance))
        for quote in quotes:
            story += quote_flowables(quote)
    return story


def _notes(rec: RecommendationItem) -> list:
    styles = st.styles()
    if not rec.notes:
        return _empty("Your notes and questions", EMPTY_NOTES)
    story: list = subheading("Your notes and questions", styles.h3, 70)
    ordered = sorted(rec.notes, key=lambda n: n.kind != "question")
    for note in ordered:
        prefix = "Question: " if note.kind == "question" else "Note: "
        dated = f" ({uk_date(note.created)})" if note.created else ""
        story.append(Paragraph(markup(prefix + note.text + dated), styles.bullet, bulletText="\u2022"))
    return story
