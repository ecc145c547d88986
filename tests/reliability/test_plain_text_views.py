"""Document text never executes or renders: markup and control characters show as text everywhere.

A paper full of markup (<b>, <script>, <img src=http://...>, links, entities),
control characters and right-to-left overrides is imported; its title, a
recommendation, an action, a note and an evidence link repeat the markup as a
user might type or paste it. Then every view of the window is visited and
every widget on screen is read the way Qt would show it: labels and tooltips
that Qt would treat as rich text are rendered to find what the user sees. The
markup must be seen as typed, and the override must never reach the screen.
The briefing PDF is checked the same way through its extracted text.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import Qt as GuiQt  # (Qt::mightBeRichText lives in QtGui)
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

MARKER = "qzhostilek"  # a word only the hostile text holds
MARKUP = ('<b>bold</b> <img src="http://example.invalid/x.png"> <script>alert(1)</script> '
          '<a href="http://example.invalid/">link</a> &amp;')
TYPED = f"{MARKUP} {MARKER} typed"
OVERRIDE = "\u202e"
PAPER = (f"Monitoring visit {MARKUP} {OVERRIDE}fdp.exe {MARKER}\n\n"
         f"1. The local authority should ensure {MARKUP} \x07\x1b[31m {OVERRIDE}evil {MARKER} plans.\n\n"
         f"2. Leaders should make sure that supervision {MARKUP} {MARKER} is regular.\n")


def _seen(text: str, rich: bool) -> str:
    """What a person sees for ``text`` shown as plain text or as Qt rich text."""
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def _tooltip_seen(tip: str) -> str:
    return _seen(tip, GuiQt.mightBeRichText(tip))


class Screen:
    """Everything the window shows that holds the hostile marker, as seen."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []  # (where, text as seen)

    def read(self, window: QWidget) -> None:
        for widget in [window, *window.findChildren(QWidget)]:
            if not widget.isVisible() and not isinstance(widget, QAbstractItemView):
                continue
            where = " in ".join(f"{type(w).__name__} {w.accessibleName() or w.objectName()}".strip()
                                for w in (widget, widget.parent(), widget.parent() and widget.parent().parent())
                                if isinstance(w, QWidget))
            if widget.toolTip():
                self._add(where + " tooltip", _tooltip_seen(widget.toolTip()))
            if isinstance(widget, QLabel):
                rich = widget.textFormat() == Qt.TextFormat.RichText or (
                    widget.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(widget.text()))
                self._add(where, _seen(widget.text(), rich))
            elif isinstance(widget, (QTextEdit, QPlainTextEdit)):
                self._add(where, widget.toPlainText())
            elif isinstance(widget, (QLineEdit, QAbstractButton)):
                self._add(where, widget.text())
            elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
                self._read_model(f"{where} ({type(widget.model()).__name__})", widget.model())
        self._add("window title", window.windowTitle())

    def _read_model(self, where: str, model: QAbstractItemModel, parent=None, depth: int = 0) -> None:
        from PySide6.QtCore import QModelIndex

        parent = QModelIndex() if parent is None else parent
        try:
            columns = model.columnCount(parent)
            tree = True
        except TypeError:  # a list model keeps columnCount and hasChildren private: one level
            columns, tree = 1, False
        for row in range(min(model.rowCount(parent), 300)):
            for column in range(columns):
                index = model.index(row, column, parent)
                shown = index.data(Qt.ItemDataRole.DisplayRole)
                if isinstance(shown, str):
                    self._add(f"{where} cell {row},{column}", shown)
                tip = index.data(Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str):
                    self._add(f"{where} cell {row},{column} tooltip", _tooltip_seen(tip))
                if tree and column == 0 and depth < 3 and model.hasChildren(index):
                    self._read_model(where, model, index, depth + 1)

    def _add(self, where: str, text: str) -> None:
        if MARKER in text or OVERRIDE in text:
            self.shown.append((where, text))

    def problems(self) -> list[str]:
        found = []
        for where, text in self.shown:
            if OVERRIDE in text:
                found.append(f"{where}: a right-to-left override reaches the screen: {text[:120]!r}")
            # A fragment a person would see either way, and the markup around it when shown as text.
            # (Closing tags: a long snippet may be cut short at its start.)
            for seen, literal in (("bold", "bold</b>"), ("alert(1)", "alert(1)</script>"),
                                  ("link", "link</a>"), ("link</a> &", "link</a> &amp;")):
                if seen in text and literal not in text:
                    found.append(f"{where}: markup was rendered, not shown: {text[:160]!r}")
            if "bold</b>" in text and "<img src=" not in text:
                found.append(f"{where}: an image tag was rendered: {text[:160]!r}")
        return found


@pytest.fixture
def hostile_workspace(tmp_path):
    from desktop.services import actions, documents, evidence, recommendations
    from desktop.services.importing import import_paths
    from desktop.storage.workspace import open_workspace

    paper = tmp_path / "hostile-paper.txt"
    paper.write_text(PAPER, encoding="utf-8")
    path = tmp_path / "hostile.sqlite"
    ws = open_workspace(path)
    try:
        doc_id = import_paths(ws, [paper]).document_ids[0]
        documents.edit_document(ws, doc_id, {"title": TYPED, "authority": "Gloucestershire"})
        rec = recommendations.add_recommendation(ws, TYPED, label="<i>R9</i>", document_id=doc_id)
        recommendations.add_note(ws, rec.id, TYPED, "question")
        action = actions.add_action(ws, TYPED, reference="<u>A1</u>", description=TYPED, owner=TYPED,
                                    due_text="31/03/2024", recommendation_ids=(rec.id,))
        passage = documents.document_passages(ws, doc_id)[1]
        evidence.link_evidence(ws, passage_id=passage.id, stance="concern", recommendation_ids=(rec.id,),
                               action_ids=(action.id,), note=TYPED)
        ids = {"document": doc_id, "recommendation": rec.id, "action": action.id}
    finally:
        ws.close()
    return path, ids


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("SCRUTINY_DESK_SETTINGS_DIR", str(tmp_path / "settings"))
    from desktop.ui.app import create_application
    from desktop.ui.dialogs import messages
    from desktop.ui.main_window import MainWindow

    create_application()
    errors = []
    monkeypatch.setattr(messages, "show_error", lambda parent, title, text: errors.append(text))
    made = MainWindow()
    qtbot.addWidget(made)
    made.show()
    yield made
    made.close()
    assert not errors, errors


def test_every_view_shows_hostile_text_as_text(qtbot, window, hostile_workspace):
    from desktop.ui import main_window as mw

    path, ids = hostile_workspace
    assert window.open_workspace_path(path)
    visits = {}

    def visit(name: str) -> None:
        qtbot.wait(50)
        screen = Screen()
        screen.read(window)
        visits[name] = screen

    window.show_tab(mw.LIBRARY_TAB)
    assert window.library.select_document(ids["document"])
    visit("Library")
    assert window.open_document(ids["document"])
    visit("Reader")
    window.show_tab(mw.SEARCH_TAB)
    window.search_tab.query_edit.setText(MARKER)
    window.search_tab.run_search()
    visit("Search")
    window.show_tab(mw.RECOMMENDATIONS_TAB)
    window.recommendations_tab.select_ids([ids["recommendation"]])
    visit("Recommendations")
    window.show_tab(mw.ACTIONS_TAB)
    window.actions_tab.select_ids([ids["action"]])
    visit("Actions")

    problems = sorted({f"{name}: {p}" for name, screen in visits.items() for p in screen.problems()})
    assert not problems, "\n".join(problems[:20])
    for name, screen in visits.items():  # each view really showed the hostile text
        assert screen.shown, f"{name}: nothing with the hostile text was on screen"
    print("\nhostile text seen as text in: " + "; ".join(
        f"{name} ({len(screen.shown)} places)" for name, screen in visits.items()))


def test_briefing_pdf_prints_markup_as_text(hostile_workspace, tmp_path):
    import pypdfium2 as pdfium

    from desktop.services import exporting
    from desktop.storage.workspace import open_workspace

    path, _ids = hostile_workspace
    out = tmp_path / "briefing.pdf"
    with open_workspace(path, create=False) as ws:
        exporting.export_briefing(ws, out, exporting.BriefingOptions(title=TYPED), overwrite=True)
    pdf = pdfium.PdfDocument(str(out))
    try:
        text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    flat = " ".join(text.replace("\r", " ").split())
    assert MARKER in flat
    for piece in ("<b>bold</b>", "<script>alert(1)</script>", "&amp;"):
        assert piece in flat, piece
    assert OVERRIDE not in text
