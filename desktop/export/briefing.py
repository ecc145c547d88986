"""The briefing PDF: cover, contents, at a glance, summary, one section per recommendation, sources."""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable

from desktop.domain.dates import uk_date
from desktop.export import blocks
from desktop.export import styles as st
from desktop.export.charts import status_chart
from desktop.export.detail import outline_title, recommendation_section
from desktop.export.layout import (
    BuildProgress,
    ContentsLine,
    ExportDoc,
    Heading,
    PageDecor,
    after_cover,
    subheading,
)
from desktop.export.model import SECTION_TITLES, BriefingData, RecommendationItem, status_label
from desktop.export.text import markup, one_line, plural

CONTENTS_LISTS_RECOMMENDATIONS_UP_TO = 80  # beyond this the contents lists inspections only
EMPTY_RECOMMENDATIONS = "No recommendations match the choices made for this briefing."
EMPTY_OVERDUE = "No actions are overdue."
OVERDUE_AT_A_GLANCE = 25  # a glance, not a register: the rest are in each recommendation's section
EMPTY_JUDGEMENTS = "No inspection judgements are held for this authority."
EMPTY_SOURCES = "No documents are cited in this briefing."


def section_key(name: str) -> str:
    return f"sec-{name}"


def _groups(recs: tuple[RecommendationItem, ...]) -> list[tuple[str, list[RecommendationItem]]]:
    """Recommendations by the inspection that made them, in the order given."""
    groups: dict[str, list[RecommendationItem]] = {}
    for rec in recs:
        groups.setdefault(rec.group, []).append(rec)
    return list(groups.items())


def _group_title(group: str) -> str:
    return group or "Recommendations typed in"


def _group_key(index: int) -> str:
    return f"group-{index}"


def cover(data: BriefingData) -> list:
    styles = st.styles()
    story: list = [Spacer(1, 28),
                   Paragraph("SCRUTINY BRIEFING", styles.h3),
                   Paragraph(markup(data.title), styles.title)]
    if data.authority:
        story.append(Paragraph(markup(f"{data.authority} children\u2019s services"), styles.subtitle))
    story.append(HRFlowable(width="100%", thickness=1.2, color=st.ACCENT, spaceBefore=4, spaceAfter=16))
    # Looking back, nothing dated after the position is printed: not even the day it was made.
    story.append(Paragraph(markup(f"Position as at {uk_date(data.position_date)}"), styles.h2))
    facts = [("Committee", data.committee), ("Meeting", data.meeting),
             ("Prepared by", data.prepared_by),
             ("Prepared on", "" if data.looking_back else uk_date(data.prepared_on)),
             ("Covers", data.scope or plural(len(data.recommendations), "recommendation"))]
    rows = [[Paragraph(markup(name), styles.cover_label), Paragraph(markup(value), styles.cover_line)]
            for name, value in facts if one_line(value)]
    table = Table(rows, colWidths=[100, st.FRAME_WIDTH - 12 * st.mm - 100], hAlign="LEFT")
    table.setStyle(TableStyle([blocks.FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 3),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    story += [table, Spacer(1, 30), Paragraph(
        "Quotations are reproduced as published. Each gives its source: document, date, page and "
        "paragraph, and for papers printed in an agenda pack, the pack\u2019s page. Statuses are "
        "worked out from the council\u2019s actions and the evidence linked to each recommendation, "
        "unless the author set them, in which case the reason is given. Everything is as it "
        f"stood on {uk_date(data.position_date)}: overdue actions and \u201cno evidence for 12 "
        "months\u201d are measured from that date."
        + (f" {data.left_out}" if data.left_out else ""), styles.body_muted)]
    return story


def contents(data: BriefingData) -> list:
    styles = st.styles()
    story: list = [Heading("Contents", styles.h1, key=section_key("contents"), outline="Contents",
                           level=0, in_contents=False)]
    for name in _body_sections(data):
        story.append(ContentsLine(SECTION_TITLES[name], section_key(name), level=0))
        if name != "recommendations":
            continue
        groups = _groups(data.recommendations)
        list_recs = len(data.recommendations) <= CONTENTS_LISTS_RECOMMENDATIONS_UP_TO
        for index, (group, recs) in enumerate(groups):
            if len(groups) > 1:
                story.append(ContentsLine(_group_title(group), _group_key(index), level=1))
            if list_recs:
                level = 2 if len(groups) > 1 else 1
                story += [ContentsLine(outline_title(r), r.key, level=level) for r in recs]
    return story + [PageBreak()]


def _body_sections(data: BriefingData) -> list[str]:
    return [name for name in ("glance", "summary", "recommendations", "sources") if name in data.sections]


def _section_heading(name: str) -> Heading:
    return Heading(markup(SECTION_TITLES[name]), st.styles().h1, key=section_key(name),
                   outline=SECTION_TITLES[name], level=0)


def at_a_glance(data: BriefingData) -> list:
    styles = st.styles()
    counts = data.status_counts()
    total = len(data.recommendations)
    story: list = [_section_heading("glance")]
    if total:
        worst = [f"{counts[s]} {status_label(s).lower()}" for s in counts if counts[s]]
        story.append(Paragraph(markup(f"{plural(total, 'recommendation')}: " + ", ".join(worst) + "."),
                               styles.body))
        story += [*subheading("Recommendations by status", styles.h2, 200), status_chart(counts),
                  Spacer(1, 8)]
    else:
        story.append(Paragraph(EMPTY_RECOMMENDATIONS, styles.empty))
    story += subheading("Judgement history", styles.h2)
    story.append(blocks.judgements_table(data.inspections) if data.inspections
                 else Paragraph(EMPTY_JUDGEMENTS, styles.empty))
    overdue = data.overdue_actions
    story += subheading(markup(f"Overdue actions ({len(overdue)})" if overdue else "Overdue actions"),
                        styles.h2)
    if not overdue:
        return story + [Paragraph(EMPTY_OVERDUE, styles.empty)] + _clocks(data) + [PageBreak()]
    if len(overdue) > OVERDUE_AT_A_GLANCE:
        story.append(Paragraph(markup(
            f"The {OVERDUE_AT_A_GLANCE} longest overdue of {len(overdue)}; every action is listed "
            "under its recommendation."), styles.body_muted))
    story.append(blocks.overdue_table(overdue[:OVERDUE_AT_A_GLANCE], data.position_date))
    return story + _clocks(data) + [PageBreak()]


def _clocks(data: BriefingData) -> list:
    """The statutory action-plan deadlines of the inspections and visits covered."""
    if not data.clocks:
        return []
    styles = st.styles()
    return [*subheading("Action plan deadlines", styles.h2), Paragraph(
        "After a full inspection the council sends its action plan within 70 working days of the "
        "report's publication; after a focused visit with priority actions, within 20 working days "
        "(working days leave out weekends and England's bank holidays). \u201cPlan held\u201d means "
        "an improvement plan paper, or a tracker imported for that inspection, dated after "
        "publication.", styles.body_muted), blocks.clocks_table(data.clocks)]


def summary(data: BriefingData) -> list:
    styles = st.styles()
    story: list = [_section_heading("summary")]
    if not data.recommendations:
        return story + [Paragraph(EMPTY_RECOMMENDATIONS, styles.empty), PageBreak()]
    story.append(Paragraph(
        "One row per recommendation. The status is rolled up from its actions and evidence; "
        "\u201cset by you\u201d marks a status the author chose."
        + (" Select a number to go to its section." if "recommendations" in data.sections else ""),
        styles.body_muted))
    show_groups = len(_groups(data.recommendations)) > 1
    linked = "recommendations" in data.sections
    story.append(blocks.summary_table(data.recommendations, show_groups=show_groups, link=linked))
    if data.rules:
        story += [*subheading("How the status is worked out", styles.h2), Paragraph(
            "A status the author set, with a reason, comes first. Otherwise the first row that "
            "applies gives it. Context evidence does not count; where the newest paper holds both, "
            "concern outweighs progress and the paper is named.", styles.body_muted),
            blocks.rules_table(data.rules), Paragraph(
            "Beside it the briefing gives what the council itself reports (its tracker's RAG or "
            "status), with a check where the council reports complete or green but the newest "
            "inspectors' evidence is a concern.", styles.body_muted)]
    return story + [PageBreak()]


def details(data: BriefingData) -> list:
    styles = st.styles()
    story: list = [_section_heading("recommendations")]
    if not data.recommendations:
        return story + [Paragraph(EMPTY_RECOMMENDATIONS, styles.empty), PageBreak()]
    groups = _groups(data.recommendations)
    for index, (group, recs) in enumerate(groups):
        if len(groups) > 1:
            title = _group_title(group)
            story.append(Heading(markup(title), styles.group, key=_group_key(index), outline=title,
                                 level=1))
        for rec in recs:
            story += recommendation_section(rec, level=2 if len(groups) > 1 else 1)
    return story + [PageBreak()]


def sources(data: BriefingData) -> list:
    styles = st.styles()
    story: list = [_section_heading("sources")]
    if not data.sources:
        return story + [Paragraph(EMPTY_SOURCES, styles.empty)]
    story.append(Paragraph(
        "Every document cited above. Papers that came in an agenda pack give the pack and its pages, "
        "so the printed pack can be opened at them.", styles.body_muted))
    rows = []
    for source in data.sources:
        printed = ""
        if source.pack_title:
            dated = source.pack_date and uk_date(source.pack_date) not in source.pack_title
            printed = source.pack_title + (f", {uk_date(source.pack_date)}" if dated else "")
            if source.pack_pages:
                first, last = source.pack_pages
                printed += f", pages {first}\u2013{last}" if last > first else f", page {first}"
        rows.append((source.title, source.type_label, uk_date(source.date, "Undated"), printed))
    return story + [blocks.sources_table(rows)]


def briefing_story(data: BriefingData) -> list:
    story = cover(data) + [after_cover(), PageBreak()]
    if "contents" in data.sections:
        story += contents(data)
    builders = {"glance": at_a_glance, "summary": summary, "recommendations": details, "sources": sources}
    for name in _body_sections(data):
        story += builders[name](data)
    while story and isinstance(story[-1], PageBreak):  # no blank page at the end
        story.pop()
    return story


def render_briefing(data: BriefingData, target: str | BinaryIO, *,
                    progress: Callable[[float, str], None] | None = None,
                    cancel: Callable[[], bool] | None = None,
                    progress_range: tuple[float, float] = (0.0, 1.0)) -> None:
    """Write the briefing PDF to ``target`` (a path or a binary file object)."""
    decor = PageDecor(title=data.title, prepared_on=data.prepared_on, authority=data.authority,
                      marking=data.marking, prepared_by=data.prepared_by,
                      position_as_at=data.as_at if data.looking_back else None)
    subject = f"Scrutiny briefing: {plural(len(data.recommendations), 'recommendation')}" + (
        f", {data.authority}" if data.authority else "")
    tracker = BuildProgress(progress, cancel, *progress_range)
    doc = ExportDoc(target, decor, subject=subject, progress=tracker)
    doc.render(briefing_story(data))
