"""What a paper says an inspection found: recommendations, judgements, backing paragraphs.

Which readers apply depends on what the paper is: an inspection report lists
recommendations under headings and has a judgement table; a focused-visit or
JTAI letter lists priority actions and areas for improvement; an officer's
report may quote an inspection's recommendations and grades (they then belong
to that inspection, whose date it states); monitoring-visit letters and
minutes make no recommendations.

Runs on every import, so it must never raise: a paper it cannot read yields
no findings rather than a failed import.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import date

from desktop.domain.documents import DocType, DocumentMetadata, PassageDraft
from desktop.domain.recommendations import Findings, JudgementDraft, RecommendationDraft
from desktop.extract import backing
from desktop.extract.dates import make_date
from desktop.extract.judgements import find_judgements
from desktop.extract.list_items import clean
from desktop.extract.recommendations import RecommendationList, find_lists, find_quoted_list

_log = logging.getLogger(__name__)

LETTERS = frozenset({DocType.FOCUSED_VISIT, DocType.JOINT_INSPECTION})
NO_FINDINGS = frozenset({DocType.MONITORING_VISIT, DocType.COMMITTEE_MINUTES, DocType.AGENDA_PACK})

_MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
# "inspection of February 2022", "inspected by Ofsted in 7-18 February 2022", "Ofsted ... (March 2019)".
_INSPECTION_DATE = re.compile(
    rf"(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:(?:-|\u2013|to|and)\s*\d{{1,2}}(?:st|nd|rd|th)?\s+)?)?"
    rf"{_MONTH}\.?,?\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_INSPECTION_WORD = re.compile(r"inspect|ofsted", re.IGNORECASE)
DATE_REACH = 160  # how far from "inspection" a date may stand and still be its date


def extract_findings(passages: Sequence[PassageDraft], metadata: DocumentMetadata) -> Findings:
    """Recommendations (with backing paragraphs) and judgements of one paper."""
    try:
        return _extract(passages, metadata.doc_type)
    except Exception:  # noqa: BLE001 - an odd paper must not fail its import; it just yields nothing
        _log.exception("finding extraction failed on %r", metadata.title)
        return Findings()


def _extract(passages: Sequence[PassageDraft], doc_type: DocType) -> Findings:
    if doc_type in NO_FINDINGS or not passages:
        return Findings()
    if doc_type == DocType.INSPECTION_REPORT or doc_type in LETTERS:
        lists = find_lists(passages, letter=doc_type in LETTERS)
        judgements = find_judgements(passages) if doc_type == DocType.INSPECTION_REPORT else []
        return Findings(recommendations=_with_backing(passages, lists), judgements=judgements)
    return _quoted(passages)


def _quoted(passages: Sequence[PassageDraft]) -> Findings:
    """An officer's paper quoting an inspection: its list and grades, dated to the inspection."""
    quoted = find_quoted_list(passages)
    judgements = find_judgements(passages)
    if quoted is None and not judgements:
        return Findings()
    anchor = quoted.heading_seq if quoted is not None else (judgements[0].source_passage or 0)
    when = inspection_date(passages, anchor)
    if when is None:
        return Findings()  # without the inspection's date these cannot be told from the paper's own
    drafts = quoted.drafts() if quoted is not None else []
    return Findings(recommendations=drafts, judgements=_judgements_only(judgements), cited_inspection_date=when)


def _judgements_only(judgements: list[JudgementDraft]) -> list[JudgementDraft]:
    return judgements if len(judgements) >= 2 else []


def inspection_date(passages: Sequence[PassageDraft], anchor: int) -> date | None:
    """The date of the inspection a paper quotes: the date nearest "inspection"/"Ofsted", the
    introducing sentence first, then the paper from its start. "February 2022" is 1 February."""
    order = [anchor] + [seq for seq in range(len(passages)) if seq != anchor]
    for seq in order:
        line = passages[seq].text
        if not _INSPECTION_WORD.search(line):
            continue
        found = _date_near_inspection(clean(line))
        if found is not None:
            return found
    return None


def _date_near_inspection(line: str) -> date | None:
    words = [m.start() for m in _INSPECTION_WORD.finditer(line)]
    for match in _INSPECTION_DATE.finditer(line):
        if not any(abs(match.start() - at) <= DATE_REACH for at in words):
            continue
        found = make_date(match.group("year"), match.group("month"), match.group("day") or 1)
        if found is not None:
            return found
    return None


def _with_backing(passages: Sequence[PassageDraft], lists: list[RecommendationList]) -> list[RecommendationDraft]:
    """The lists' items, each with the finding paragraphs that back it."""
    drafts_by_list = [rec_list.drafts() for rec_list in lists]
    support: list[list[list[int]]] = [[[] for _ in drafts] for drafts in drafts_by_list]
    if not drafts_by_list:
        return []
    _link_marked_findings(passages, lists, drafts_by_list, support)
    _link_cited_paragraphs(passages, lists, support)
    result = []
    for drafts, backing_seqs in zip(drafts_by_list, support, strict=False):
        for draft, seqs in zip(drafts, backing_seqs, strict=False):
            unique = tuple(dict.fromkeys(s for s in seqs if s not in draft.source_passages))
            result.append(RecommendationDraft(label=draft.label, text=draft.text, kind=draft.kind,
                                              source_passages=draft.source_passages,
                                              supporting_passages=unique, group=draft.group))
    return result


def _link_marked_findings(passages, lists, drafts_by_list, support) -> None:
    """Paragraphs ending "(Recommendation)" go to the best-matching item of their part of the report."""
    findings = backing.finding_paragraphs(passages)
    if not findings:
        return
    matchers: dict[int, backing.Matcher] = {}
    paper = backing.paper_counts(passages)
    for seqs, text, label in findings:
        index = _owning_list(lists, seqs[0])
        drafts = drafts_by_list[index]
        target = next((i for i, d in enumerate(drafts) if label and d.label == label), None)
        if target is None:
            if index not in matchers:
                matchers[index] = backing.Matcher([d.text for d in drafts], paper)
            target = matchers[index].best(text)
        if target is not None:
            support[index][target].extend(seqs)


def _owning_list(lists: list[RecommendationList], seq: int) -> int:
    """The list whose heading comes last before ``seq`` (the LSCB part has its own), else the first."""
    owner = 0
    for index, rec_list in enumerate(lists):
        if rec_list.heading_seq <= seq:
            owner = index
    return owner


def _link_cited_paragraphs(passages, lists, support) -> None:
    """"(Paragraph 30 and 112)" on an item links those numbered paragraphs."""
    by_label = None
    for list_index, rec_list in enumerate(lists):
        for item_index, item in enumerate(rec_list.items):
            if not item.references:
                continue
            if by_label is None:
                by_label = backing.numbered_passages(passages)
            support[list_index][item_index].extend(by_label[n] for n in item.references if n in by_label)
