"""What the Briefing tab's buttons do: export in the background, preview, save, open.

Exports run through the window's TaskRunner with their own connection, so the
window stays responsive; the status bar shows progress and a Cancel button. A
preview is a real export to a temporary file whose first pages are rendered to
images (pypdfium2) on the worker thread too; the file is deleted afterwards.

The background jobs and the rendering of preview pages are in ``briefing_jobs``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QWidget,
)

from desktop.domain.errors import Cancelled, UserFacingError
from desktop.services import documents as documents_service
from desktop.services import recommendations as recs
from desktop.ui.briefing_jobs import (
    PREVIEW_PAGES,
    PREVIEW_WIDTH,
    PROGRESS_STEPS,
    _briefing_job,
    _note_job,
    _preview_job,
    _table_job,
    render_pages,
)
from desktop.ui.dialogs import file_dialogs, messages
from desktop.ui.tabs.briefing_tab import (
    BriefingChoices,
    BriefingTab,
    InspectionChoice,
    RecommendationChoice,
)
from desktop.ui.tasks import TaskHandle

# What callers and tests use from here, wherever it now lives.
__all__ = ["PREVIEW_HINT", "PREVIEW_PAGES", "PREVIEW_WIDTH", "PROGRESS_STEPS", "BriefingController",
           "Cancelled", "ExportStatus", "gather_choices", "offer_open", "open_with_system_viewer",
           "render_pages", "safe_file_name"]

STATUS_MESSAGE_MS = 8000
PREVIEW_HINT = "Press Preview to see the first pages of the briefing."
PDF_FILTER = "PDF documents (*.pdf)"
TABLE_FILTERS = {"xlsx": "Excel workbooks (*.xlsx)", "csv": "CSV files (*.csv)"}
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


# -- small pieces the tests can replace ---------------------------------------
def offer_open(parent: QWidget | None, title: str, text: str) -> bool:
    """Say the file was saved and offer to open it; True when the user chose Open."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text,
                      QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # paths and titles are not markup
    open_button = box.addButton("&Open", QMessageBox.ButtonRole.AcceptRole)
    close = box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(open_button)
    box.setEscapeButton(close)
    box.exec()
    return box.clickedButton() is open_button


def open_with_system_viewer(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def safe_file_name(text: str, fallback: str) -> str:
    """A file name from a title: no slashes, colons or other characters systems refuse."""
    name = " ".join(_UNSAFE_NAME.sub(" ", text).split()).strip(" .")
    return (name or fallback)[:100]


# -- the status-bar widget ----------------------------------------------------
class ExportStatus(QWidget):
    """What is being exported, how far it has got, and Cancel."""

    cancel_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAccessibleName("Export progress")
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Export progress bar")
        self.bar.setMaximumWidth(160)
        self.cancel_button = QPushButton("Cancel export")
        self.cancel_button.setAccessibleName("Cancel export")
        self.cancel_button.clicked.connect(self._on_cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.label, self.bar, self.cancel_button):
            layout.addWidget(widget)
        self.setVisible(False)

    def start(self, description: str) -> None:
        self.label.setText(description)
        self.bar.setRange(0, 0)  # busy until the first report
        self.bar.setFormat("")
        self.cancel_button.setEnabled(True)
        self.setVisible(True)

    def show_progress(self, done: int, total: int, detail: str = "") -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            self.bar.setFormat("%p%")
        if detail and self.cancel_button.isEnabled():
            self.label.setText(detail)

    def _on_cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText("Cancelling…")
        self.cancel_requested.emit()

    def finish(self) -> None:
        self.setVisible(False)


# -- the controller -----------------------------------------------------------
class BriefingController(QObject):
    """One export or preview at a time; the tab's buttons wait while it runs."""

    def __init__(self, window, tab: BriefingTab) -> None:
        super().__init__(window)
        self.window = window
        self.tab = tab
        self.status = ExportStatus()
        window.statusBar().addPermanentWidget(self.status)
        self.status.cancel_requested.connect(self.cancel)
        self.handle: TaskHandle | None = None
        self._target: Path | None = None  # the file being written, for messages
        self._what = ""
        self._on_saved: Callable[[object], None] | None = None
        self._folder: Path | None = None
        tab.preview_requested.connect(self.preview)
        tab.briefing_requested.connect(self.export_briefing)
        tab.note_requested.connect(self.export_note)
        tab.table_requested.connect(self.export_table)
        window.tabs.currentChanged.connect(self._tab_shown)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), tab)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self._escape)
        self._sections_known = False
        self._previewed_path: Path | None = None  # the workspace the shown preview was made from
        self._preview_for: Path | None = None  # the workspace a running preview reads

    @property
    def ws(self):
        return self.window.workspace

    @property
    def running(self) -> bool:
        return self.handle is not None

    # -- choices -----------------------------------------------------------
    def _tab_shown(self, _index: int) -> None:
        # Recommendations are edited in another tab; their list is read again on arrival.
        if self.window.tabs.currentWidget() is self.tab:
            self.refresh()

    def reload(self) -> None:
        """The workspace changed (switched, imported, edited): refresh now if the tab is shown.

        Otherwise the tab is refreshed when it is next shown, so neither start-up
        nor an import pays for reading choices nobody is looking at.
        """
        if self.window.tabs.currentWidget() is self.tab:
            self.refresh()

    def refresh(self) -> None:
        """Read the authorities, inspections and recommendations the options offer."""
        if not self._sections_known:
            self.tab.set_sections(self._section_names())
            self._sections_known = True
        if self._previewed_path is not None and self._workspace_path() != self._previewed_path:
            self._previewed_path = None
            self.tab.clear_preview(PREVIEW_HINT)  # pages of another workspace would mislead
        if self.ws is None:
            self.tab.set_choices(BriefingChoices())
            return
        try:
            self.tab.set_choices(gather_choices(self.ws))
        except UserFacingError as error:
            self.window.statusBar().showMessage(str(error), STATUS_MESSAGE_MS)

    @staticmethod
    def _section_names() -> list[tuple[str, str]]:
        from desktop.export.model import SECTION_TITLES, SECTIONS

        return [(name, SECTION_TITLES.get(name, name.capitalize())) for name in SECTIONS]

    # -- options -----------------------------------------------------------
    def options(self):
        """The tab's choices as BriefingOptions; raises UserFacingError when they make no sense."""
        from desktop.services.exporting import BriefingOptions

        tab = self.tab
        shown = tab.shown_recommendation_ids()
        ticked = tab.ticked_recommendation_ids()
        if shown and not ticked:
            raise UserFacingError("No recommendations are ticked: tick at least one, "
                                  "or an inspection to cover all of its recommendations.")
        statuses = tab.statuses()
        if not statuses:
            raise UserFacingError("No statuses are ticked: tick the statuses to include.")
        as_at = self._as_at()
        # Everything ticked means "all" (an empty tuple): recommendations added since are covered too.
        return BriefingOptions(
            authority=tab.authority(),
            recommendation_ids=() if len(ticked) == len(shown) else tuple(ticked),
            document_ids=(),
            statuses=() if len(statuses) == len(tab.status_boxes) else tuple(statuses),
            title=tab.title_edit.text().strip(),
            committee=tab.committee_edit.text().strip(),
            meeting=tab.meeting_edit.text().strip(),
            prepared_by=tab.prepared_edit.text().strip(),
            marking=tab.marking(),
            sections=frozenset(tab.sections()),
            meeting_date=tab.meeting_date(), as_at=as_at,
        )

    def _as_at(self) -> date | None:
        """The "Position as at" date typed, or None (the meeting date, else today)."""
        try:
            return self.tab.as_at()
        except ValueError as error:
            raise UserFacingError(f"“Position as at”: {error}") from None

    def _options_or_say(self):
        try:
            return self.options()
        except UserFacingError as error:
            messages.show_error(self.window, "Cannot export the briefing", str(error))
            return None

    # -- choosing where to save ------------------------------------------------
    def _default_folder(self) -> Path:
        if self._folder is None:
            documents = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation)
            self._folder = Path(documents) if documents and Path(documents).is_dir() else Path.home()
        return self._folder

    def choose_target(self, caption: str, suggested: str, name_filter: str,
                      suffix: str) -> Path | None:
        """Ask where to save; adds the suffix if missing and asks before replacing a file."""
        path = file_dialogs.choose_export_target(
            self.window, caption, str(self._default_folder() / suggested), name_filter)
        if path is None:
            return None
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        if path.is_dir():
            messages.show_error(self.window, caption, f"“{path}” is a folder; choose a file name.")
            return None
        if path.exists() and not messages.confirm(
                self.window, "Replace file?",
                f"“{path.name}” already exists in {path.parent}. Replace it?", "&Replace"):
            return None
        self._folder = path.parent
        return path

    def _stem(self, what: str) -> str:
        authority = self.tab.authority() or ""
        return safe_file_name(f"{authority} {what} {date.today().isoformat()}".strip(), what)

    # -- the exports ------------------------------------------------------------
    def from_menu(self, name: str) -> None:
        """File > Export: show the tab, whose options the export uses, then export."""
        self.window.tabs.setCurrentWidget(self.tab)  # refreshes the choices
        getattr(self, name)()

    def preview(self) -> None:
        if self.ws is None or self.running:
            return
        options = self._options_or_say()
        if options is None:
            return
        ratio = self.tab.devicePixelRatioF() or 1.0
        self.tab.set_preview_message("Making the preview…")
        self._preview_for = self._workspace_path()
        self._start("Previewing the briefing…", "preview", _preview_job(options, ratio),
                    None, self._preview_ready)

    def _workspace_path(self) -> Path | None:
        return self.ws.path if self.ws is not None else None

    def export_briefing(self) -> None:
        if self.ws is None or self.running:
            return
        options = self._options_or_say()
        if options is None:
            return
        suggested = safe_file_name(options.title, "Briefing") + ".pdf" if options.title \
            else self._stem("briefing") + ".pdf"
        path = self.choose_target("Export briefing", suggested, PDF_FILTER, ".pdf")
        if path is not None:
            self._start("Exporting the briefing…", "briefing", _briefing_job(path, options),
                        path, self._saved)

    def export_note(self) -> None:
        if self.ws is None or self.running:
            return
        since = self.tab.since()
        try:
            as_at = self._as_at() or self.tab.meeting_date()
        except UserFacingError as error:
            messages.show_error(self.window, "Cannot export the note", str(error))
            return
        if since > (as_at or date.today()):
            what = f"after the “as at” date, {as_at:%-d %B %Y}" if as_at else "in the future"
            messages.show_error(self.window, "Cannot export the note",
                                f"The “since” date {since:%-d %B %Y} is {what}.")
            return
        path = self.choose_target("Export pre-meeting note", self._stem("pre-meeting note") + ".pdf",
                                  PDF_FILTER, ".pdf")
        if path is not None:
            self._start("Exporting the pre-meeting note…", "pre-meeting note",
                        _note_job(path, since, self.tab.authority(), self._note_details(), as_at),
                        path, self._saved)

    def _note_details(self) -> dict[str, str]:
        """The cover details the note shares with the briefing (not the title: the note names itself)."""
        tab = self.tab
        return {"committee": tab.committee_edit.text().strip(),
                "meeting": tab.meeting_edit.text().strip(),
                "prepared_by": tab.prepared_edit.text().strip(), "marking": tab.marking()}

    def export_table(self) -> None:
        if self.ws is None or self.running:
            return
        which, kind = self.tab.table(), self.tab.table_format()
        path = self.choose_target(f"Export the {which} table", self._stem(which) + f".{kind}",
                                  TABLE_FILTERS[kind], f".{kind}")
        if path is not None:
            self._start(f"Exporting the {which} table…", f"{which} table",
                        _table_job(which, path, self.tab.authority()),
                        path, self._saved)

    # -- running -------------------------------------------------------------
    def _start(self, description: str, what: str, job, target: Path | None,
               on_done: Callable[[object], None]) -> None:
        self._what, self._target, self._on_saved = what, target, on_done
        self.tab.set_busy(True)
        self.status.start(description)
        self.handle = self.window.runner.submit(
            what, job, self.ws, on_progress=self._on_progress, on_result=self._on_result,
            on_error=self._on_error)

    def _escape(self) -> None:
        if self.running and self.status.cancel_button.isEnabled():
            self.status.cancel_button.click()  # Esc cancels, and says so, as the button does

    def cancel(self) -> None:
        if self.handle is not None:
            self.handle.cancel()

    def _ended(self) -> None:
        self.handle = None
        self.status.finish()
        self.tab.set_busy(False)

    def _on_progress(self, done: int, total: int, detail) -> None:
        self.status.show_progress(done, total, str(detail) if detail else "")

    def _on_result(self, result) -> None:
        on_done = self._on_saved
        self._ended()
        if on_done is not None:
            on_done(result)

    def _on_error(self, error) -> None:
        what, target = self._what, self._target
        self._ended()
        if isinstance(error, Cancelled):
            if what == "preview":
                self.tab.set_preview_message("The preview was cancelled.")
            self.window.statusBar().showMessage(
                f"Cancelled the {what}; nothing was saved.", STATUS_MESSAGE_MS)
            return
        if isinstance(error, UserFacingError):
            text = str(error)
        else:  # a fault of ours: say so plainly, with what went wrong
            text = f"Something went wrong while making the {what}: {error or type(error).__name__}"
        if what == "preview":
            self.tab.set_preview_message("No preview: " + text)
        elif target is not None:
            text += f"\n\nNothing was saved as {target}."
        messages.show_error(self.window, f"Cannot make the {what}", text)

    def _preview_ready(self, result) -> None:
        if self._preview_for != self._workspace_path():
            self.tab.clear_preview(PREVIEW_HINT)  # the user opened another workspace meanwhile
            return
        images, total = result
        self.tab.show_preview(images, total)
        self._previewed_path = self._preview_for
        self.window.statusBar().showMessage("Preview ready.", STATUS_MESSAGE_MS)

    def _saved(self, result) -> None:
        path = Path(result) if result else self._target
        what = self._what
        self.window.statusBar().showMessage(f"Saved the {what} as {path}", STATUS_MESSAGE_MS)
        if not offer_open(self.window, f"Saved the {what}", f"Saved the {what} as:\n{path}\n\nOpen it now?"):
            return
        if not open_with_system_viewer(path):
            messages.show_error(self.window, "Cannot open the file",
                                f"No program on this computer opened “{path.name}”. "
                                f"The file is saved in {path.parent}.")


# -- gathering choices (GUI thread; a few quick queries) ---------------------------
def gather_choices(ws) -> BriefingChoices:
    """Inspections newest first, each with its recommendations in the order printed."""
    documents = {d.id: d for d in documents_service.list_documents(ws)}
    groups: dict[int | None, list[RecommendationChoice]] = {}
    for rec in sorted(recs.list_recommendations(ws), key=lambda r: (r.position, r.id)):
        source = rec.document_id if rec.document_id in documents else rec.cited_in_document_id
        source = source if source in documents else None
        groups.setdefault(source, []).append(
            RecommendationChoice(rec.id, rec.label, rec.text, rec.authority))
    inspections = []
    for doc_id, items in groups.items():
        if doc_id is None:
            continue
        doc = documents[doc_id]
        authority = doc.authority or next((r.authority for r in items if r.authority), None)
        inspections.append(InspectionChoice(doc_id, doc.title, doc.date, authority, items))
    inspections.sort(key=lambda i: (i.when or date.min, i.document_id or 0), reverse=True)
    if None in groups:
        inspections.append(InspectionChoice(None, "Recommendations added by hand", None, None,
                                            groups[None]))
    authorities = set(documents_service.known_authorities(ws))
    authorities |= {r.authority for items in groups.values() for r in items if r.authority}
    return BriefingChoices(sorted(authorities, key=str.casefold), inspections)
