"""Importing through the window: dialogs, drag and drop, the welcome panel, Cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from desktop.services import documents as documents_service
from desktop.services.importing import Outcome
from desktop.ui.dialogs import file_dialogs
from desktop.ui.dialogs.import_results import OUTCOME_TEXT

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "resources" / "sample_papers"
BAD_PDF = REPO / "tests" / "fixtures" / "bad" / "not-really-a-pdf.pdf"
WAIT_MS = 60_000


def sample_txt(prefix: str) -> Path:
    return next(SAMPLES.glob(f"{prefix}*.txt"))


def wait_for_import(qtbot, window, start):
    with qtbot.waitSignal(window.imports.finished, timeout=WAIT_MS) as blocker:
        start()
    return blocker.args[0]


def sources(window) -> set[str]:
    return {Path(d.source).name for d in documents_service.list_documents(window.workspace)
            if d.parent_id is None}


def test_import_files_from_the_file_dialog(qtbot, make_window, workspace_path, monkeypatch):
    window = make_window(workspace_path)
    chosen = [sample_txt("001"), sample_txt("003"), BAD_PDF]
    monkeypatch.setattr(file_dialogs, "choose_files_to_import", lambda parent: chosen)
    summary = wait_for_import(qtbot, window, window.actions_.import_files.trigger)
    assert sources(window) == {chosen[0].name, chosen[1].name}
    assert window.library.stack.currentIndex() == 1  # the table, not the welcome panel
    assert window.count_label.text() == "2 documents"
    assert not window.import_status.isVisible()

    dialog = window.last_import_dialog
    model = dialog.table.model()
    assert model.rowCount() == 3
    assert model.index(0, 0).data() == BAD_PDF.name  # failures first
    assert model.index(0, 1).data() == "Failed"
    assert model.index(0, 2).data()  # with its message
    assert {model.index(r, 1).data() for r in (1, 2)} == {"Imported"}
    assert summary.cancelled is False

    # the same files again are recognised
    summary = wait_for_import(qtbot, window, window.actions_.import_files.trigger)
    texts = [window.last_import_dialog.table.model().index(r, 1).data() for r in range(3)]
    assert texts.count(OUTCOME_TEXT[Outcome.ALREADY_HELD]) == 2
    assert window.count_label.text() == "2 documents"


def test_cancel_keeps_finished_files_and_not_the_one_in_progress(qtbot, make_window,
                                                                 workspace_path, tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    for n in range(12):
        (folder / f"report-{n:02d}.txt").write_text(
            f"Report to the Children's Scrutiny Panel of Ashcombe Council, meeting {n + 1} March 2024\n\n"
            + "\n\n".join(f"{p}. Caseloads in team {n} have fallen to {18 + p} children per worker."
                          for p in range(1, 40)), encoding="utf-8")
    window = make_window(workspace_path)
    with qtbot.waitSignal(window.imports.finished, timeout=WAIT_MS) as blocker:
        handle = window.import_paths([folder])

        def cancel_once_the_second_file_starts(done, total, detail):
            if done >= 1:
                handle.cancel()  # runs on the worker: deterministic point of cancelling

        handle.signals.progress.connect(cancel_once_the_second_file_starts,
                                        Qt.ConnectionType.DirectConnection)
    summary = blocker.args[0]
    assert summary.cancelled
    imported = {o.path.name for o in summary.outcomes if o.outcome is Outcome.IMPORTED}
    assert imported == {"report-00.txt"}
    assert sources(window) == imported
    assert window.count_label.text() == "1 document"


def test_dropping_files_and_folders_imports_them(qtbot, make_window, workspace_path, tmp_path):
    folder = tmp_path / "dropped"
    folder.mkdir()
    (folder / "letter.txt").write_text(
        "Monitoring visit to Kestrel Bay children's services\n\n"
        "1. This was the third monitoring visit since the local authority was judged inadequate.",
        encoding="utf-8")
    window = make_window(workspace_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder)), QUrl.fromLocalFile(str(sample_txt("004")))])
    event = QDropEvent(QPointF(QPoint(20, 20)), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    wait_for_import(qtbot, window, lambda: window.dropEvent(event))
    assert event.isAccepted()
    assert sources(window) == {"letter.txt", sample_txt("004").name}

    empty = QMimeData()
    empty.setText("just some words")
    assert not window.handle_drop(empty)


def test_welcome_panel_imports_the_sample_papers(qtbot, make_window, workspace_path, monkeypatch):
    import desktop.services.importing as importing

    texts = sorted(SAMPLES.glob("*.txt"))  # the PDFs too would make the test slow
    monkeypatch.setattr(importing, "sample_paper_paths", lambda: texts)
    window = make_window(workspace_path)
    welcome = window.library.welcome
    assert window.library.stack.currentWidget() is welcome
    wait_for_import(qtbot, window, welcome.samples_button.click)
    assert sources(window) == {p.name for p in texts}
    assert window.library.stack.currentWidget() is not welcome
    assert window.library.model.rowCount() >= len(texts)


def test_results_of_a_thousand_files_open_quickly(qtbot):
    import time

    from desktop.services.importing import FileOutcome, ImportSummary, Outcome
    from desktop.ui.dialogs.import_results import ImportResultsDialog

    outcomes = [FileOutcome(path=Path(f"/papers/Overview and Scrutiny {n:04d}.pdf"),
                            outcome=Outcome.IMPORTED if n % 50 else Outcome.FAILED,
                            message="Imported 1 document" if n % 50 else "No text could be read.")
                for n in range(1000)]
    started = time.perf_counter()
    dialog = ImportResultsDialog(ImportSummary(outcomes=outcomes))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    elapsed = time.perf_counter() - started
    assert dialog.table.model().rowCount() == 1000
    assert dialog.table.model().index(0, 1).data() == "Failed"  # failures first
    assert elapsed < 0.25, elapsed
