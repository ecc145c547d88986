"""Documents and their passages, as the rest of the app sees them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from desktop.domain.ocr_text import OcrPage


class DocType(StrEnum):
    INSPECTION_REPORT = "inspection_report"
    MONITORING_VISIT = "monitoring_visit"
    FOCUSED_VISIT = "focused_visit"
    JOINT_INSPECTION = "joint_inspection"
    COMMITTEE_MINUTES = "committee_minutes"
    COMMITTEE_REPORT = "committee_report"
    IMPROVEMENT_PLAN = "improvement_plan"
    PERFORMANCE_REPORT = "performance_report"
    AGENDA_PACK = "agenda_pack"
    OTHER = "other"

    @property
    def label(self) -> str:
        return DOC_TYPE_LABELS[self]


DOC_TYPE_LABELS: dict[DocType, str] = {
    DocType.INSPECTION_REPORT: "Inspection report",
    DocType.MONITORING_VISIT: "Monitoring visit letter",
    DocType.FOCUSED_VISIT: "Focused visit letter",
    DocType.JOINT_INSPECTION: "Joint inspection (JTAI)",
    DocType.COMMITTEE_MINUTES: "Committee minutes",
    DocType.COMMITTEE_REPORT: "Committee report",
    DocType.IMPROVEMENT_PLAN: "Improvement plan",
    DocType.PERFORMANCE_REPORT: "Performance report",
    DocType.AGENDA_PACK: "Agenda pack",
    DocType.OTHER: "Other",
}


class PassageKind(StrEnum):
    """How a passage is marked in its document; the label holds the marker itself."""

    PARAGRAPH = "paragraph"  # plain paragraph, no label
    NUMBERED = "numbered"  # "26." / "5.3" / "(a)" / "1)"
    BULLET = "bullet"  # "•", "-", "o" ...; label is its position in the list
    HEADING = "heading"
    TABLE_ROW = "table_row"


@dataclass(frozen=True, slots=True)
class ExtractedText:
    """A file turned into clean text, before it is split into passages.

    ``page_starts[i]`` is the character offset in ``text`` where page i+1
    begins; it is empty when the format has no pages (TXT, DOCX, HTML).
    """

    text: str
    page_starts: tuple[int, ...] = ()
    source_format: str = "text"  # pdf | docx | text | html
    title_hint: str | None = None  # e.g. DOCX core title or HTML <title>
    ocr_pages: tuple[OcrPage, ...] = ()  # the scanned pages, read by OCR
    needs_ocr: bool = False  # scanned, and OCR could not run: held with its pages, no text yet

    @property
    def page_count(self) -> int:
        return len(self.page_starts)

    def page_at(self, offset: int) -> int | None:
        """1-based page holding ``offset``, or None when pages are unknown."""
        if not self.page_starts:
            return None
        from bisect import bisect_right

        return max(1, bisect_right(self.page_starts, offset))


@dataclass(frozen=True, slots=True)
class PassageDraft:
    """A passage found by the splitter; ``text == source_text[start:end]``."""

    label: str | None
    kind: PassageKind
    page: int | None
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class DocumentMetadata:
    """What the detectors worked out about a document; the user may correct it."""

    doc_type: DocType = DocType.OTHER
    authority: str | None = None
    date: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    title: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    id: int
    title: str
    doc_type: DocType
    authority: str | None
    date: dt.date | None
    period_start: dt.date | None
    period_end: dt.date | None
    pages: int
    passage_count: int
    parent_id: int | None
    duplicate_of: int | None
    sha256: str
    source: str
    source_format: str
    imported_at: str
    pack_page_start: int | None = None
    child_ids: tuple[int, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Passage:
    id: int
    document_id: int
    seq: int
    label: str | None
    kind: PassageKind
    page: int | None
    start: int
    end: int
    text: str
