"""Document text in tooltips is shown as typed, never rendered as markup."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from desktop.domain.documents import DocType, Document, Passage, PassageKind
from desktop.search.fts import SearchHit
from desktop.services.importing import FileOutcome, Outcome
from desktop.ui.dialogs.import_results import COL_FILE, COL_MESSAGE, ImportOutcomesModel
from desktop.ui.models.documents_model import COL_TITLE, DocumentsModel
from desktop.ui.models.passages_model import PassagesModel
from desktop.ui.models.search_model import COL_DOCUMENT, COL_SNIPPET, SearchResultsModel
from desktop.ui.widgets.tooltips import plain_tooltip

MARKUP = "Tees Moor <img src=x> <b>bold</b> & more"
TIP = Qt.ItemDataRole.ToolTipRole


def shown_text(tooltip: str) -> str:
    """What a reader sees: the tooltip rendered the way Qt renders rich text."""
    document = QTextDocument()
    document.setHtml(tooltip)
    return document.toPlainText()


def test_plain_tooltip_shows_markup_literally(qapp):
    tip = plain_tooltip(MARKUP + "\nsecond line")
    assert "<img" not in tip and "<b>" not in tip
    assert shown_text(tip) == MARKUP + "\nsecond line"
    assert plain_tooltip("") == "" and plain_tooltip(None) == ""
    assert shown_text(plain_tooltip("x" * 700)).endswith("…")


def test_document_title_and_source_tooltip(qapp):
    model = DocumentsModel()
    model.set_documents([Document(
        id=1, title=MARKUP, doc_type=DocType.OTHER, authority=None, date=None,
        period_start=None, period_end=None, pages=1, passage_count=1, parent_id=None,
        duplicate_of=None, sha256="0" * 64, source="/papers/<script>.pdf", source_format="pdf",
        imported_at="2024-01-01", child_ids=())])
    tip = model.index(0, COL_TITLE).data(TIP)
    assert "<img" not in tip and "<script>" not in tip
    assert MARKUP in shown_text(tip) and "/papers/<script>.pdf" in shown_text(tip)


def test_passage_and_search_hit_tooltips(qapp):
    passages = PassagesModel()
    passages.set_passages([Passage(id=5, document_id=1, seq=0, label=None, kind=PassageKind.PARAGRAPH,
                                   page=1, start=0, end=len(MARKUP), text=MARKUP)])
    assert "<img" not in passages.index(0).data(TIP)
    hits = SearchResultsModel()
    hits.set_hits([SearchHit(passage_id=5, document_id=1, label=None, page=1, score=1.0,
                             snippet=MARKUP, highlights=(), document_title=MARKUP,
                             doc_type="other", authority="Tees Moor", date=date(2020, 1, 2))])
    for column in (COL_DOCUMENT, COL_SNIPPET):
        tip = hits.index(0, column).data(TIP)
        assert "<img" not in tip and shown_text(tip) == MARKUP


def test_import_result_tooltips(qapp):
    outcome = FileOutcome(path=Path("/in/<img src=x>.pdf"), outcome=Outcome.FAILED,
                          message="Could not read <b>bold</b>")
    model = ImportOutcomesModel([outcome])
    assert shown_text(model.index(0, COL_FILE).data(TIP)) == "/in/<img src=x>.pdf"
    assert "<b>" not in model.index(0, COL_MESSAGE).data(TIP)
    assert model.index(0, COL_FILE).data() == "<img src=x>.pdf"
