"""The recommendations table model, its filter proxy and the judgement grid, with no view."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from desktop.domain.documents import DocType, Document
from desktop.domain.recommendations import (
    Recommendation,
    RecommendationKind,
    RecommendationStatus,
)
from desktop.services.recommendations import InspectionGrades
from desktop.ui.models.judgements_model import GradeRole, JudgementHistoryModel, area_theme
from desktop.ui.models.recommendations_model import (
    COL_AUTHORITY,
    COL_DATE,
    COL_KIND,
    COL_LABEL,
    COL_SOURCE,
    COL_STATUS,
    COL_TEXT,
    HEADERS,
    RecommendationIdRole,
    RecommendationRole,
    RecommendationsFilterModel,
    RecommendationsModel,
    SourceDocumentIdRole,
    make_rows,
)

DISPLAY, TOOLTIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole


def doc(doc_id: int, title: str, authority: str, when: date) -> Document:
    return Document(id=doc_id, title=title, doc_type=DocType.INSPECTION_REPORT, authority=authority,
                    date=when, period_start=None, period_end=None, pages=10, passage_count=40,
                    parent_id=None, duplicate_of=None, sha256="x" * 64, source="/p.pdf",
                    source_format="pdf", imported_at="2024-01-01T00:00:00")


def rec(rec_id: int, label: str, text: str, *, doc_id: int | None, authority: str, issued: date,
        kind=RecommendationKind.RECOMMENDATION, status=RecommendationStatus.NOT_STARTED,
        cited_in: int | None = None, position: int = 0) -> Recommendation:
    return Recommendation(id=rec_id, document_id=doc_id, cited_in_document_id=cited_in, label=label,
                          text=text, kind=kind, authority=authority, issued=issued, status=status,
                          source_passage_id=None, supporting_passage_ids=(), position=position,
                          origin="extracted" if doc_id or cited_in else "manual")


DOCS = {1: doc(1, "Inspection of Fenmarsh children's services", "Fenmarsh", date(2019, 3, 8)),
        2: doc(2, "Focused visit to Harrowby", "Harrowby", date(2021, 6, 2)),
        3: doc(3, "Officer report: Ofsted action plan", "Harrowby", date(2023, 1, 9))}
RECS = [
    rec(10, "2", "Improve the timeliness of <b>strategy</b> meetings.", doc_id=1, authority="Fenmarsh",
        issued=date(2019, 3, 8), position=1),
    rec(11, "10", "Ensure care leavers have suitable homes.", doc_id=1, authority="Fenmarsh",
        issued=date(2019, 3, 8), position=9, status=RecommendationStatus.COMPLETE),
    rec(12, "111", "The board should audit neglect cases.", doc_id=1, authority="Fenmarsh",
        issued=date(2019, 3, 8), position=12),
    rec(20, "1", "Management oversight of disabled children's plans.", doc_id=2,
        authority="Harrowby", issued=date(2021, 6, 2), kind=RecommendationKind.PRIORITY_ACTION,
        status=RecommendationStatus.CONCERN),
    rec(30, "1", "Quality of return home interviews.", doc_id=None, cited_in=3,
        authority="Harrowby", issued=date(2022, 11, 4), kind=RecommendationKind.AREA_FOR_IMPROVEMENT),
]


def models():
    model = RecommendationsModel()
    model.set_rows(make_rows(RECS, DOCS))
    proxy = RecommendationsFilterModel()
    proxy.setSourceModel(model)
    return model, proxy


def column(model, col: int, role=DISPLAY) -> list:
    return [model.index(r, col).data(role) for r in range(model.rowCount())]


def test_rows_columns_and_roles():
    model, _ = models()
    assert model.rowCount() == 5 and model.columnCount() == len(HEADERS) == 7
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)] == list(HEADERS)
    first = [model.index(0, c).data() for c in range(7)]
    assert first == ["2", "Improve the timeliness of <b>strategy</b> meetings.",
                     "Inspection of Fenmarsh children's services", "8 Mar 2019", "Fenmarsh",
                     "Recommendation", "Not started"]
    assert model.index(0, 0).data(RecommendationIdRole) == 10
    assert model.index(0, 0).data(RecommendationRole) is RECS[0]
    assert model.index(4, 0).data(SourceDocumentIdRole) == 3
    assert model.index(4, COL_SOURCE).data() == "cited in Officer report: Ofsted action plan"
    assert column(model, COL_KIND)[3:] == ["Priority action", "Area for improvement"]
    assert column(model, COL_STATUS)[1] == "Complete"


def test_text_is_shortened_but_the_tooltip_has_it_all_as_plain_text():
    long = rec(40, "5", "Strengthen " + "the quality of plans " * 30 + "<img src=x>", doc_id=1,
               authority="Fenmarsh", issued=date(2019, 3, 8))
    model = RecommendationsModel()
    model.set_rows(make_rows([long], DOCS))
    shown = model.index(0, COL_TEXT).data()
    assert shown.endswith("…") and len(shown) < len(long.text)
    tip = model.index(0, COL_TEXT).data(TOOLTIP)
    assert "&lt;img src=x&gt;" in tip and "<img" not in tip


def test_label_sorts_as_numbers_and_date_as_dates():
    model, proxy = models()
    proxy.sort(COL_LABEL, Qt.SortOrder.AscendingOrder)
    assert column(proxy, COL_LABEL) == ["1", "1", "2", "10", "111"]
    proxy.sort(COL_DATE, Qt.SortOrder.DescendingOrder)
    assert column(proxy, COL_DATE)[0] == "4 Nov 2022"
    proxy.sort(COL_STATUS, Qt.SortOrder.AscendingOrder)  # in the order of progress, not A-Z
    assert column(proxy, COL_STATUS)[-2:] == ["Concern", "Complete"]
    proxy.sort(COL_AUTHORITY, Qt.SortOrder.DescendingOrder)
    assert column(proxy, COL_AUTHORITY)[:2] == ["Harrowby", "Harrowby"]


def test_each_filter():
    _, proxy = models()
    proxy.set_filters(authority="harrowby")
    assert column(proxy, 0, RecommendationIdRole) == [20, 30]
    proxy.set_filters(document_id=1)
    assert column(proxy, 0, RecommendationIdRole) == [10, 11, 12]
    proxy.set_filters(document_id=3)  # the paper that cited it counts as its source
    assert column(proxy, 0, RecommendationIdRole) == [30]
    proxy.set_filters(kind="priority_action")
    assert column(proxy, 0, RecommendationIdRole) == [20]
    proxy.set_filters(status="complete")
    assert column(proxy, 0, RecommendationIdRole) == [11]
    proxy.set_filters(text="CARE leavers")
    assert column(proxy, 0, RecommendationIdRole) == [11]
    proxy.set_filters(authority="Fenmarsh", status="not_started", text="board")
    assert column(proxy, 0, RecommendationIdRole) == [12]
    proxy.set_filters()
    assert proxy.rowCount() == 5


def grades(when: date, cited: bool = False, **by_area: str) -> InspectionGrades:
    return InspectionGrades("Fenmarsh", when, 1, dict(by_area), cited)


def test_judgement_history_puts_areas_down_and_inspections_across_with_words():
    model = JudgementHistoryModel()
    model.set_history([
        grades(date(2015, 2, 1), **{"Overall effectiveness": "Inadequate",
                                    "Children who need help and protection": "Inadequate",
                                    "Leadership, management and governance": "Requires improvement"}),
        grades(date(2019, 3, 8), **{"The impact of leaders on social work practice": "Good",
                                    "The experiences and progress of children who need help and "
                                    "protection": "Requires improvement to be good",
                                    "Overall effectiveness": "Good"}),
    ])
    assert model.areas() == ["Help and protection", "Leadership and management",
                             "Overall effectiveness"]
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(2)] == \
        ["1 Feb 2015", "8 Mar 2019"]
    assert model.index(0, 1).data() == "Requires improvement to be good"
    assert model.index(2, 0).data() == "Inadequate" and model.index(2, 0).data(GradeRole) == "Inadequate"
    good = model.index(2, 1).data(Qt.ItemDataRole.BackgroundRole)
    bad = model.index(2, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert good is not None and bad is not None and good != bad
    assert 0 < good.alpha() < 255  # translucent: readable on light and dark palettes
    assert "The impact of leaders" in model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole)


def test_judgement_areas_of_other_wordings_share_a_row_and_unknown_areas_stay_as_printed():
    assert area_theme("Children looked after and achieving permanence") == "Children in care"
    assert area_theme("The experiences and progress of children in care and care leavers") == \
        "Children in care"
    assert area_theme("The experiences and progress of care leavers") == "Care leavers"
    assert area_theme("Adoption performance") == "Adoption"
    assert area_theme("Review of the Local Safeguarding Children Board") == "Safeguarding children board"
    assert area_theme("Youth  justice") == "Youth justice"
    model = JudgementHistoryModel()
    model.set_history([grades(date(2016, 1, 1), **{"Adoption performance": "Good"}),
                       grades(date(2020, 1, 1), cited=True, **{"Overall effectiveness": "Good"})])
    assert model.index(0, 1).data() == "—"  # no grade given that year: said, not left blank
    assert model.headerData(1, Qt.Orientation.Horizontal) == "1 Jan 2020\n(cited)"


def test_the_edit_dialog_sends_only_changes_and_shows_a_refusal(qtbot):
    from desktop.ui.dialogs.recommendation_dialogs import (
        RecommendationDialog,
        SplitDialog,
        current_values,
    )

    sent = []

    def apply(changes):
        sent.append(changes)
        return "“soon” is not a date like 2022-04-01." if changes.get("issued") == "soon" else None

    dialog = RecommendationDialog("Edit", current_values(RECS[0]), ["Fenmarsh"], apply)
    qtbot.addWidget(dialog)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("priority_action"))
    dialog.issued_edit.setText("soon")
    dialog.accept()
    assert sent == [{"kind": "priority_action", "issued": "soon"}]
    assert not dialog.error_label.isHidden() and "not a date" in dialog.error_label.text()
    dialog.issued_edit.setText("2019-03-08")
    dialog.accept()
    assert sent[-1] == {"kind": "priority_action"} and dialog.result() == dialog.DialogCode.Accepted

    split = SplitDialog("Audit plans.\n\n  Train managers.  \n")
    qtbot.addWidget(split)
    assert split.parts() == ["Audit plans.", "Train managers."]
    split.parts_edit.setPlainText("Only one part.")
    split.accept()
    assert not split.error_label.isHidden()
