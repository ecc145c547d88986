"""A real import fills the Recommendations tab and badges the Reader's passages."""

from __future__ import annotations

from pathlib import Path

from desktop.ui.models.passages_model import MarkRole
from desktop.ui.models.recommendations_model import COL_LABEL, RecommendationIdRole

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "sample_papers"
WAIT_MS = 60_000


def test_importing_the_2017_report_lists_its_recommendations(qtbot, make_window, workspace_path):
    window = make_window(workspace_path)
    report = next(SAMPLES.glob("000_*.txt"))
    with qtbot.waitSignal(window.imports.finished, timeout=WAIT_MS):
        window.import_paths([report])
    tab = window.recommendations_tab
    model = tab.view.model()
    labels = [model.index(r, COL_LABEL).data() for r in range(model.rowCount())]
    assert labels == [str(n) for n in range(1, 20)] + [str(n) for n in range(111, 117)]
    assert tab.count_label.text() == "25 recommendations"

    tab.select_ids([model.index(0, 0).data(RecommendationIdRole)])
    detail = tab.detail
    assert detail.text_view.toPlainText().startswith("Ensure")
    detail.source_button.click()
    assert window.tabs.currentWidget() is window.reader
    outline = window.reader.outline_model
    row = outline.row_of(window.reader.current_passage_id())
    assert outline.index(row).data(MarkRole) == "[R 1]"
    marks = [outline.index(r).data(MarkRole) for r in range(outline.rowCount())]
    assert sum(1 for m in marks if m and m.startswith("[R ")) == 25
    assert any(m and "evidence for" in m for m in marks)
