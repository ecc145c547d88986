"""The Briefing tab through the window: options, preview, export, cancel, tables."""

from __future__ import annotations

import csv
import threading
import warnings
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from desktop.domain.documents import DocType
from desktop.domain.errors import UserFacingError
from desktop.ui import briefing_controller
from desktop.ui.dialogs import file_dialogs

TITLE = "Wexcombe scrutiny briefing for the March meeting"
REPORT = [
    "Inspection of Wexcombe Borough Council children's services",
    "1. Leaders have not ensured that strategy meetings happen quickly enough.",
    "Recommendations",
    "1. Improve the timeliness of strategy meetings.",
    "2. Make sure that every care leaver has a suitable home.",
    "3. Strengthen supervision of social workers.",
]
OTHER = [
    "Inspection of Eastshire County Council children's services",
    "Recommendations",
    "1. Reduce the caseloads of social workers in the assessment teams.",
]


@pytest.fixture
def seeded(workspace_path, add_document, add_recommendations):
    """Two councils' inspections: Wexcombe with three recommendations, Eastshire with one."""
    from desktop.storage.workspace import open_workspace

    with open_workspace(workspace_path) as ws:
        wex = add_document(ws, "Inspection of Wexcombe children's services", REPORT,
                           doc_type=DocType.INSPECTION_REPORT, authority="Wexcombe",
                           when=date(2022, 5, 20))
        east = add_document(ws, "Inspection of Eastshire children's services", OTHER,
                            doc_type=DocType.INSPECTION_REPORT, authority="Eastshire",
                            when=date(2021, 3, 2))
        wex_ids = add_recommendations(ws, wex, (3, 4, 5))
        east_ids = add_recommendations(ws, east, (2,), authority="Eastshire", issued=date(2021, 3, 2))
    return workspace_path, wex, wex_ids, east_ids


@pytest.fixture
def saving(monkeypatch, no_modal):
    """Replace the save dialog and the "Open it?" question; record what happened."""
    record = {"target": None, "asked": [], "offered": [], "opened": [], "open_answer": True}

    def choose(parent, caption, suggested, name_filter):
        record["asked"].append((caption, suggested, name_filter))
        return record["target"]

    def offer(parent, title, text):
        record["offered"].append(text)
        return record["open_answer"]

    def open_file(path):
        record["opened"].append(Path(path))
        return True

    monkeypatch.setattr(file_dialogs, "choose_export_target", choose)
    monkeypatch.setattr(briefing_controller, "offer_open", offer)
    monkeypatch.setattr(briefing_controller, "open_with_system_viewer", open_file)
    record["messages"] = no_modal
    return record


def show_briefing(window):
    window.tabs.setCurrentWidget(window.briefing_tab)
    return window.briefing_tab


def wait_idle(qtbot, window, timeout=30_000):
    qtbot.waitUntil(lambda: not window.briefing.running, timeout=timeout)


def pdf_text(path: Path) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def make_active(qtbot, window) -> None:
    """Shortcuts only reach the active window; the offscreen platform never activates one itself."""
    window.show()
    qtbot.waitExposed(window)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.setActiveWindow(window)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def tree_texts(tab) -> list[str]:
    root = tab.tree.invisibleRootItem()
    texts = []
    for i in range(root.childCount()):
        parent = root.child(i)
        texts.append(parent.text(0))
        texts += ["  " + parent.child(j).text(0) for j in range(parent.childCount())]
    return texts


# -- the options --------------------------------------------------------------
def test_the_tab_follows_search_and_offers_what_the_workspace_holds(make_window, seeded):
    path, _, _, _ = seeded
    window = make_window(path)
    names = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert names.index("&Briefing") == names.index("&Search") + 1
    tab = show_briefing(window)
    combo = tab.authority_combo
    assert [combo.itemText(i) for i in range(combo.count())] == \
        ["All authorities", "Eastshire", "Wexcombe"]
    assert tree_texts(tab) == [
        "Inspection of Wexcombe children's services (20 May 2022)",
        "  1. Improve the timeliness of strategy meetings.",
        "  2. Make sure that every care leaver has a suitable home.",
        "  3. Strengthen supervision of social workers.",
        "Inspection of Eastshire children's services (2 March 2021)",
        "  1. Reduce the caseloads of social workers in the assessment teams.",
    ]
    assert tab.count_label.text() == "4 of 4 ticked"
    combo.setCurrentIndex(combo.findData("Eastshire"))
    assert tree_texts(tab) == ["Inspection of Eastshire children's services (2 March 2021)",
                               "  1. Reduce the caseloads of social workers in the assessment teams."]
    assert [box.text() for box in tab.section_boxes.values()] == [
        "Contents", "At a glance", "Summary of recommendations", "Recommendations in detail",
        "Sources"]


def test_options_say_what_was_chosen(make_window, seeded):
    path, _, wex_ids, _ = seeded
    window = make_window(path)
    tab = show_briefing(window)
    tab.authority_combo.setCurrentIndex(tab.authority_combo.findData("Wexcombe"))
    options = window.briefing.options()
    assert options.authority == "Wexcombe"
    assert tuple(options.recommendation_ids) == ()  # all ticked: the whole authority
    parent = tab.tree.topLevelItem(0)
    parent.child(1).setCheckState(0, Qt.CheckState.Unchecked)
    assert tab.count_label.text() == "2 of 3 ticked"
    assert parent.checkState(0) == Qt.CheckState.PartiallyChecked
    tab.status_boxes["complete"].setChecked(False)
    tab.section_boxes["sources"].setChecked(False)
    tab.title_edit.setText(f"  {TITLE} ")
    tab.committee_edit.setText("Children and Young People Scrutiny Committee")
    tab.meeting_edit.setText("14 March 2024")
    tab.prepared_edit.setText("Cllr A. Example")
    tab.marking_combo.setCurrentText("No marking")
    options = window.briefing.options()
    assert sorted(options.recommendation_ids) == [wex_ids[0], wex_ids[2]]
    assert "complete" not in options.statuses and "concern" in options.statuses
    assert "sources" not in options.sections and "summary" in options.sections
    assert (options.title, options.meeting, options.prepared_by, options.marking) == \
        (TITLE, "14 March 2024", "Cllr A. Example", "")
    tab.marking_combo.setCurrentText("OFFICIAL-SENSITIVE")
    assert window.briefing.options().marking == "OFFICIAL-SENSITIVE"
    # The meeting's date is the position date unless "Position as at" says otherwise.
    assert options.meeting_date == date(2024, 3, 14) and options.as_at is None
    tab.as_at_edit.setText("17/01/2019")
    assert window.briefing.options().as_at == date(2019, 1, 17)
    tab.as_at_edit.setText("31/02/2019")
    with pytest.raises(UserFacingError, match="Position as at"):
        window.briefing.options()


def test_unticked_choices_survive_a_refresh(make_window, seeded):
    path, _, wex_ids, _ = seeded
    window = make_window(path)
    tab = show_briefing(window)
    tab.tree.topLevelItem(0).child(2).setCheckState(0, Qt.CheckState.Unchecked)
    window.reload_documents()  # as after an import
    assert wex_ids[2] not in tab.ticked_recommendation_ids()
    assert tab.count_label.text() == "3 of 4 ticked"


def test_nothing_ticked_is_refused_plainly(make_window, seeded, saving):
    path, _, _, _ = seeded
    window = make_window(path)
    tab = show_briefing(window)
    tab.check_none_button.click()
    tab.briefing_button.click()
    assert "No recommendations are ticked" in saving["messages"]["errors"][0]
    assert not saving["asked"] and not window.briefing.running


def test_lists_refresh_when_the_workspace_changes(make_window, workspace_path, seeded, tmp_path,
                                                  add_document, add_recommendations):
    from desktop.storage.workspace import open_workspace

    empty = tmp_path / "empty.sqlite"
    open_workspace(empty).close()
    window = make_window(empty)
    tab = show_briefing(window)
    assert tab.tree.topLevelItemCount() == 1 and "No recommendations yet" in tree_texts(tab)[0]
    assert tab.count_label.text() == "0 of 0 ticked"
    assert window.open_workspace_path(seeded[0])
    assert tab.count_label.text() == "4 of 4 ticked"
    # A document imported meanwhile (another connection, as an import has) shows on reload.
    with open_workspace(seeded[0]) as ws:
        doc = add_document(ws, "Focused visit to Northam", [
            "Focused visit", "Areas for improvement", "1. Improve return home interviews."],
            doc_type=DocType.FOCUSED_VISIT, authority="Northam", when=date(2023, 1, 5))
        add_recommendations(ws, doc, (2,), authority="Northam", issued=date(2023, 1, 5))
    window.reload_documents()
    assert tab.authority_combo.findData("Northam") > 0
    assert tab.count_label.text() == "5 of 5 ticked"


# -- exporting ------------------------------------------------------------------
def test_export_writes_a_pdf_with_the_title_and_offers_to_open_it(qtbot, make_window, seeded,
                                                                  saving, tmp_path):
    path, _, _, _ = seeded
    window = make_window(path)
    tab = show_briefing(window)
    tab.authority_combo.setCurrentIndex(tab.authority_combo.findData("Wexcombe"))
    tab.title_edit.setText(TITLE)
    tab.meeting_edit.setText("14 March 2024")
    saving["target"] = tmp_path / "out" / "march briefing"  # no suffix typed
    (tmp_path / "out").mkdir()
    tab.briefing_button.click()
    assert window.briefing.running and not tab.briefing_button.isEnabled()
    assert window.briefing.status.isVisibleTo(window)
    wait_idle(qtbot, window)
    saved = tmp_path / "out" / "march briefing.pdf"
    assert saved.read_bytes()[:5] == b"%PDF-"
    text = pdf_text(saved)
    assert TITLE in " ".join(text.split())
    assert "Improve the timeliness of strategy meetings" in " ".join(text.split())
    assert saving["asked"][0][1].endswith(".pdf") and "PDF" in saving["asked"][0][2]
    assert saving["opened"] == [saved] and str(saved) in saving["offered"][0]
    assert not saving["messages"]["errors"]
    assert tab.briefing_button.isEnabled() and not window.briefing.status.isVisibleTo(window)
    assert "Saved the briefing" in window.statusBar().currentMessage()


def test_replacing_a_file_asks_first(qtbot, make_window, seeded, saving, tmp_path):
    path, _, _, _ = seeded
    window = make_window(path)
    tab = show_briefing(window)
    target = tmp_path / "briefing.pdf"
    target.write_bytes(b"the chair's annotated copy")
    saving["target"] = target
    saving["messages"]["answer"] = False
    tab.briefing_button.click()
    assert "already exists" in saving["messages"]["confirm"][0]
    assert not window.briefing.running and target.read_bytes() == b"the chair's annotated copy"
    saving["messages"]["answer"] = True
    saving["open_answer"] = False
    tab.briefing_button.click()
    wait_idle(qtbot, window)
    assert target.read_bytes()[:5] == b"%PDF-" and saving["opened"] == []


def test_cancel_leaves_no_file(qtbot, make_window, seeded, saving, tmp_path):
    path, _, _, _ = seeded
    window = make_window(path)
    tab = show_briefing(window)
    saving["target"] = tmp_path / "cancelled.pdf"
    # Hold the worker so the export waits in the queue, then cancel it before it runs.
    release = threading.Event()
    window.runner.submit("hold", lambda context: release.wait(10))
    tab.briefing_button.click()
    assert window.briefing.running
    window.briefing.status.cancel_button.click()
    release.set()
    wait_idle(qtbot, window)
    assert not (tmp_path / "cancelled.pdf").exists()
    assert list(tmp_path.glob("cancelled*")) == []
    assert not saving["messages"]["errors"] and not saving["offered"]
    assert "nothing was saved" in window.statusBar().currentMessage()


def test_a_folder_that_cannot_be_written_gives_a_plain_message(qtbot, make_window, seeded, saving,
                                                               tmp_path):
    path, _, _, _ = seeded
    window = make_window(path)
    tab = show_briefing(window)
    saving["target"] = tmp_path / "no such folder" / "briefing.pdf"
    tab.briefing_button.click()
    wait_idle(qtbot, window)
    errors = saving["messages"]["errors"]
    assert len(errors) == 1 and "Traceback" not in errors[0]
    assert not saving["offered"] and tab.briefing_button.isEnabled()


# -- preview --------------------------------------------------------------------
def test_preview_shows_the_first_pages(qtbot, make_window, seeded, saving, tmp_path, monkeypatch):
    import tempfile

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    path, _, _, _ = seeded
    window = make_window(path)
    tab = show_briefing(window)
    tab.title_edit.setText(TITLE)
    tab.preview_button.click()
    wait_idle(qtbot, window)
    pages = tab.preview_pages()
    assert 1 <= len(pages) <= briefing_controller.PREVIEW_PAGES
    image = pages[0].pixmap().toImage()
    assert image.width() >= 400 and image.height() > image.width()  # an A4 page, upright
    # Not blank: the cover has dark text on it.
    assert any(image.pixelColor(x, y).lightness() < 100
               for x in range(0, image.width(), 7) for y in range(0, image.height(), 7))
    assert "page" in tab.preview_label.text()
    assert not saving["asked"] and not saving["messages"]["errors"]
    assert list(scratch.iterdir()) == []  # the temporary PDF is gone
    tab.title_edit.setText("Another title")
    assert "changed" in tab.preview_label.text()


def test_render_pages_reads_a_pdf_without_pil(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "three.pdf"
    drawing = canvas.Canvas(str(pdf), pagesize=A4)
    for number in range(5):
        drawing.setFont("Helvetica", 40)
        drawing.drawString(72, 700, f"Page {number + 1}")
        drawing.showPage()
    drawing.save()
    images, total = briefing_controller.render_pages(pdf, pages=3, width=300)
    assert total == 5 and len(images) == 3
    assert images[0].width() == 300 and abs(images[0].height() - 300 * 842 / 595) <= 2
    with pytest.raises(briefing_controller.Cancelled):
        briefing_controller.render_pages(pdf, cancel=lambda: True)


# -- the note and the tables -------------------------------------------------------
def test_pre_meeting_note(qtbot, make_window, seeded, saving, tmp_path):
    path, _, _, _ = seeded
    window = make_window(path)
    tab = show_briefing(window)
    tab.authority_combo.setCurrentIndex(tab.authority_combo.findData("Wexcombe"))
    tab.since_edit.setDate(QDate(2022, 1, 1))
    saving["target"] = tmp_path / "note.pdf"
    tab.note_button.click()
    wait_idle(qtbot, window)
    assert not saving["messages"]["errors"]
    assert (tmp_path / "note.pdf").read_bytes()[:5] == b"%PDF-"
    assert "Wexcombe" in pdf_text(tmp_path / "note.pdf")
    assert Path(saving["asked"][0][1]).name.startswith("Wexcombe pre-meeting note")


def test_tables_export_as_csv_and_xlsx(qtbot, make_window, seeded, saving, tmp_path):
    path, _, _, _ = seeded
    window = make_window(path)
    tab = show_briefing(window)
    saving["open_answer"] = False
    tab.table_combo.setCurrentIndex(tab.table_combo.findData("recommendations"))
    tab.format_combo.setCurrentIndex(tab.format_combo.findData("csv"))
    saving["target"] = tmp_path / "recs.csv"
    tab.table_button.click()
    wait_idle(qtbot, window)
    with open(tmp_path / "recs.csv", newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 1 + 4
    assert any("Improve the timeliness of strategy meetings." in cell for row in rows for cell in row)

    from openpyxl import load_workbook

    tab.table_combo.setCurrentIndex(tab.table_combo.findData("actions"))
    tab.format_combo.setCurrentIndex(tab.format_combo.findData("xlsx"))
    saving["target"] = tmp_path / "actions"  # the suffix is added
    tab.table_button.click()
    wait_idle(qtbot, window)
    sheet = load_workbook(tmp_path / "actions.xlsx").active
    assert sheet.max_row == 1  # a header row, no actions yet
    assert not saving["messages"]["errors"]
    assert "XLSX" in saving["asked"][-1][2].upper()


def test_file_menu_exports_with_the_tabs_options(qtbot, make_window, seeded, saving, tmp_path):
    path, _, _, _ = seeded
    window = make_window(path)
    file_menu = window.menuBar().actions()[0].menu()
    export_menu = next(a.menu() for a in file_menu.actions() if a.text() == "&Export")
    entries = {a.text().replace("&", ""): a for a in export_menu.actions()}
    assert set(entries) == {"Briefing (PDF)…", "Pre-meeting note (PDF)…", "Table (XLSX or CSV)…"}
    assert entries["Briefing (PDF)…"].shortcut().toString() == "Ctrl+E"
    view_menu = window.menuBar().actions()[2].menu()
    show = next(a for a in view_menu.actions() if a.text() == "&Briefing")
    assert show.shortcut().toString() == "Ctrl+6"
    show.trigger()
    assert window.tabs.currentWidget() is window.briefing_tab
    window.tabs.setCurrentIndex(0)
    saving["target"] = tmp_path / "from menu.pdf"
    entries["Briefing (PDF)…"].trigger()
    assert window.tabs.currentWidget() is window.briefing_tab
    wait_idle(qtbot, window)
    assert (tmp_path / "from menu.pdf").read_bytes()[:5] == b"%PDF-"


def test_keyboard_ticks_recommendations_and_escape_cancels(qtbot, make_window, seeded, saving,
                                                          tmp_path):
    path, _, wex_ids, _ = seeded
    window = make_window(path)
    make_active(qtbot, window)
    tab = show_briefing(window)
    first = tab.tree.topLevelItem(0).child(0)
    tab.tree.setFocus()
    tab.tree.setCurrentItem(first)
    qtbot.keyClick(tab.tree, Qt.Key.Key_Space)
    assert first.checkState(0) == Qt.CheckState.Unchecked
    assert wex_ids[0] not in tab.ticked_recommendation_ids()
    saving["target"] = tmp_path / "escaped.pdf"
    release = threading.Event()
    window.runner.submit("hold", lambda context: release.wait(10))
    tab.briefing_button.click()
    qtbot.keyClick(tab.tree, Qt.Key.Key_Escape)
    release.set()
    wait_idle(qtbot, window)
    assert not (tmp_path / "escaped.pdf").exists() and not saving["messages"]["errors"]


def test_a_preview_of_another_workspace_is_not_left_showing(qtbot, make_window, seeded, saving,
                                                            tmp_path):
    from desktop.storage.workspace import open_workspace

    path, _, _, _ = seeded
    other = tmp_path / "other.sqlite"
    open_workspace(other).close()
    window = make_window(path)
    tab = show_briefing(window)
    tab.preview_button.click()
    wait_idle(qtbot, window)
    assert tab.preview_pages()
    assert window.open_workspace_path(other)
    assert tab.preview_pages() == [] and "Press Preview" in tab.preview_label.text()


def test_a_new_briefing_is_marked_official_sensitive(make_window):
    window = make_window()
    assert window.briefing_tab.marking_combo.currentText() == "OFFICIAL-SENSITIVE"
