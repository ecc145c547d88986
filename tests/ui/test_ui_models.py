"""Item models tested with no view: rows, tree, sorting, filters and roles."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt

from desktop.domain.documents import DocType, Document, Passage, PassageKind
from desktop.search.fts import SearchHit
from desktop.ui.models.documents_model import (
    COL_DATE,
    COL_PAGES,
    COL_TITLE,
    COL_TYPE,
    DocumentIdRole,
    DocumentsFilterModel,
    DocumentsModel,
    DuplicateOfRole,
)
from desktop.ui.models.passages_model import PassageIdRole, PassagesModel, outline_text
from desktop.ui.models.search_model import (
    COL_AUTHORITY,
    COL_PAGE,
    COL_SNIPPET,
    HighlightsRole,
    SearchResultsModel,
)
from desktop.ui.models.search_model import (
    PassageIdRole as HitPassageRole,
)


def doc(id_, title, *, kind=DocType.OTHER, authority=None, when=None, pages=0, passages=1,
        parent=None, duplicate_of=None, children=()):
    return Document(id=id_, title=title, doc_type=kind, authority=authority, date=when,
                    period_start=None, period_end=None, pages=pages, passage_count=passages,
                    parent_id=parent, duplicate_of=duplicate_of, sha256=f"{id_:064x}",
                    source=f"/papers/{id_}.pdf", source_format="pdf", imported_at="2024-01-01",
                    child_ids=tuple(children))


def library() -> list[Document]:
    return [
        doc(1, "Inspection of Wessex Vale children's services", kind=DocType.INSPECTION_REPORT,
            authority="Wessex Vale", when=date(2022, 3, 4), pages=40, passages=300),
        doc(2, "Children's Select Committee agenda, 9 May 2023", kind=DocType.AGENDA_PACK,
            authority="Northmoor", when=date(2023, 5, 9), pages=120, passages=0, children=(3, 4)),
        doc(3, "Minutes of 14 March 2023", kind=DocType.COMMITTEE_MINUTES, authority="Northmoor",
            when=date(2023, 3, 14), pages=6, passages=40, parent=2),
        doc(4, "Inspection of Wessex Vale children's services", kind=DocType.INSPECTION_REPORT,
            authority="Wessex Vale", when=date(2022, 3, 4), pages=40, passages=298, parent=2,
            duplicate_of=1),
        doc(5, "Monitoring visit to Northmoor", kind=DocType.MONITORING_VISIT,
            authority="Northmoor", when=date(2019, 11, 1), pages=7, passages=35),
    ]


def titles(model, parent=QModelIndex()):
    return [model.index(r, COL_TITLE, parent).data(DocumentIdRole) for r in range(model.rowCount(parent))]


def test_packs_hold_their_papers_as_children():
    model = DocumentsModel()
    model.set_documents(library())
    assert model.rowCount() == 3
    assert titles(model) == [1, 2, 5]
    pack = model.index(1, 0)
    assert model.rowCount(pack) == 2
    assert titles(model, pack) == [3, 4]
    child = model.index(0, 0, pack)
    assert model.parent(child) == pack
    assert model.rowCount(child) == 0
    assert not model.parent(pack).isValid()
    assert model.index_of(4).data(DocumentIdRole) == 4


def test_columns_and_roles():
    model = DocumentsModel()
    model.set_documents(library())
    first = model.index(0, COL_TYPE)
    assert first.data() == "Inspection report"
    assert model.index(0, COL_DATE).data() == "4 Mar 2022"
    assert model.index(0, COL_PAGES).data() == "40"
    assert model.headerData(COL_TITLE, Qt.Orientation.Horizontal) == "Title"
    copy = model.index_of(4)
    assert "duplicate of “Inspection of Wessex Vale children's services”" in copy.data()
    assert copy.data(DuplicateOfRole) == "Inspection of Wessex Vale children's services"
    assert model.index_of(1).data(DuplicateOfRole) is None


def test_sorting_by_date_and_by_pages_is_by_value():
    model = DocumentsModel()
    model.set_documents(library())
    proxy = DocumentsFilterModel()
    proxy.setSourceModel(model)
    proxy.sort(COL_DATE, Qt.SortOrder.AscendingOrder)
    assert titles(proxy) == [5, 1, 2]
    proxy.sort(COL_PAGES, Qt.SortOrder.DescendingOrder)
    assert titles(proxy) == [2, 1, 5]  # 120 > 40 > 7, not text order


def test_filters_keep_a_pack_when_one_of_its_papers_matches():
    model = DocumentsModel()
    model.set_documents(library())
    proxy = DocumentsFilterModel()
    proxy.setSourceModel(model)
    proxy.set_text("minutes")
    assert titles(proxy) == [2]
    assert titles(proxy, proxy.index(0, 0)) == [3]
    proxy.set_text("")
    proxy.set_doc_type(str(DocType.MONITORING_VISIT))
    assert titles(proxy) == [5]
    proxy.set_doc_type(None)
    proxy.set_authority("Wessex Vale")
    assert titles(proxy) == [1, 2]
    assert titles(proxy, proxy.index(1, 0)) == [4]
    proxy.set_authority(None)
    assert proxy.rowCount() == 3


def test_loading_ten_thousand_documents_is_quick():
    import time

    documents = [doc(i, f"Paper {i}", when=date(2015 + i % 9, 1 + i % 12, 1 + i % 28))
                 for i in range(1, 10_001)]
    model = DocumentsModel()
    started = time.perf_counter()
    model.set_documents(documents)
    proxy = DocumentsFilterModel()
    proxy.setSourceModel(model)
    proxy.sort(COL_DATE, Qt.SortOrder.DescendingOrder)
    elapsed = time.perf_counter() - started
    assert proxy.rowCount() == 10_000
    assert elapsed < 1.0, elapsed


def passage(id_, text, *, label=None, page=None, kind=PassageKind.PARAGRAPH, document=1):
    return Passage(id=id_, document_id=document, seq=id_, label=label, kind=kind, page=page,
                   start=0, end=len(text), text=text)


def test_passages_model_rows_and_outline_text():
    model = PassagesModel()
    model.set_passages([passage(10, "26. Managers do not oversee plans well enough.", label="26", page=4,
                                kind=PassageKind.NUMBERED),
                        passage(11, "• Leaders know their services well.", label="1",
                                kind=PassageKind.BULLET)])
    assert model.rowCount() == 2
    assert model.index(0).data() == "p. 4   26. Managers do not oversee plans well enough."
    assert model.index(1).data() == "• Leaders know their services well."
    assert model.index(1).data(PassageIdRole) == 11
    assert model.row_of(11) == 1 and model.row_of(99) is None
    assert outline_text(passage(1, "word " * 100)).endswith("…")


def hit(pid, page, snippet, spans):
    return SearchHit(passage_id=pid, document_id=1, label="12", page=page, score=1.0,
                     snippet=snippet, highlights=spans, document_title="Focused visit to Northmoor",
                     doc_type="focused_visit", authority="Northmoor", date=date(2021, 6, 2))


def test_search_model_columns_and_highlight_role():
    model = SearchResultsModel()
    model.set_hits([hit(7, 3, "the <b>return home</b> interviews", ((11, 17),)),
                    hit(8, None, "no page", ())])
    assert model.rowCount() == 2 and model.columnCount() == 6
    assert model.index(0, COL_AUTHORITY).data() == "Northmoor"
    assert model.headerData(COL_AUTHORITY, Qt.Orientation.Horizontal) == "Authority"
    snippet = model.index(0, COL_SNIPPET)
    assert snippet.data() == "the <b>return home</b> interviews"  # as plain text
    assert snippet.data(HighlightsRole) == ((11, 17),)
    assert model.index(0, 0).data(HighlightsRole) == ()
    assert model.index(1, COL_PAGE).data() == ""
    assert model.index(0, 0).data(HitPassageRole) == 7
