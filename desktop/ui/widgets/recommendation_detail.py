"""One recommendation in full: text, source, status roll-up, evidence, actions, notes.

Everything shown comes from documents or from the user, so it is shown as
plain text: labels in PlainText format, list items, a read-only plain editor,
and tooltips through ``plain_tooltip``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.dates import short_uk_date, uk_date
from desktop.domain.documents import Passage
from desktop.services.recommendations import RecommendationDetail
from desktop.ui.models.passages_model import outline_text
from desktop.ui.widgets.evidence_list import EvidenceListPanel
from desktop.ui.widgets.plain_labels import caption, plain_label
from desktop.ui.widgets.recommendation_actions import RecommendationActionsList
from desktop.ui.widgets.rollup_panel import RollUpPanel
from desktop.ui.widgets.tooltips import plain_tooltip

PassageItemRole = Qt.ItemDataRole.UserRole + 1  # (document id, passage id)
NoteIdRole = Qt.ItemDataRole.UserRole + 2
EMPTY_TEXT = "Select a recommendation to see it in full."


def passage_place(passage: Passage) -> str:
    parts = [f"p. {passage.page}" if passage.page else "", f"para {passage.label}" if passage.label else ""]
    return ", ".join(p for p in parts if p)


def _passage_item(passage: Passage) -> QListWidgetItem:
    item = QListWidgetItem(outline_text(passage))
    item.setToolTip(plain_tooltip(passage.text))
    item.setData(PassageItemRole, (passage.document_id, passage.id))
    return item


def _note_item(note) -> QListWidgetItem:
    when = note.created_at[:10]
    kind = "Question" if note.kind == "question" else "Note"
    item = QListWidgetItem(f"{when} · {kind}: {note.text}")
    item.setToolTip(plain_tooltip(f"{kind} of {note.created_at.replace('T', ' ')[:16]}\n{note.text}"))
    item.setData(NoteIdRole, note.id)
    return item


class RecommendationDetailPanel(QWidget):
    open_passage = Signal(int, int)  # document id, passage id
    note_added = Signal(int, str, str)  # recommendation id, kind, text
    note_deleted = Signal(int, int)  # recommendation id, note id

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Recommendation details")
        self.detail: RecommendationDetail | None = None
        self.heading = plain_label("Recommendation number, kind and authority")
        self.heading.setStyleSheet("font-weight: bold")
        self.text_view = QPlainTextEdit()
        self.text_view.setReadOnly(True)  # plain text: "<b>" stays "<b>"
        self.text_view.setAccessibleName("Full text of the recommendation")
        # Most recommendations are two or three lines; a longer one scrolls, leaving room
        # below for the status, evidence and actions.
        self.text_view.setMaximumHeight(self.text_view.fontMetrics().lineSpacing() * 7 + 12)
        self.source_button = QPushButton()
        self.source_button.setAccessibleName("Open the source passage in the Reader")
        self.source_button.clicked.connect(self._open_source)
        self.source_label = plain_label("Source of the recommendation")
        self.cited_label = plain_label("Paper that cited it")
        self.backing_list = QListWidget()
        self.backing_list.setAccessibleName("Paragraphs that back it")
        self.backing_list.itemActivated.connect(self._open_item)
        self.backing_list.itemDoubleClicked.connect(self._open_item)
        self.notes_list = QListWidget()
        self.notes_list.setAccessibleName("Notes and questions")
        self.notes_list.setWordWrap(True)
        self.note_edit = QLineEdit()
        self.note_edit.setAccessibleName("New note or question")
        self.note_edit.setPlaceholderText("Type a note or a question to ask officers")
        self.note_edit.returnPressed.connect(lambda: self._add_note("note"))
        self.add_note_button = QPushButton("Add &note")
        self.add_question_button = QPushButton("Add &question")
        self.delete_note_button = QPushButton("Delete n&ote")
        for button, name, slot in (
                (self.add_note_button, "Add note", lambda: self._add_note("note")),
                (self.add_question_button, "Add question", lambda: self._add_note("question")),
                (self.delete_note_button, "Delete note", self._delete_note)):
            button.setAccessibleName(name)
            button.clicked.connect(slot)
        self.rollup_panel = RollUpPanel()  # filled by the EvidenceController
        self.evidence_list = EvidenceListPanel()
        self.actions_section = RecommendationActionsList()  # filled by the ActionsController
        self._build_layout()
        self.show_detail(None)

    def _build_layout(self) -> None:
        source_row = QHBoxLayout()
        source_row.addWidget(self.source_button)
        source_row.addWidget(self.source_label, 1)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note_edit, 1)
        for button in (self.add_note_button, self.add_question_button, self.delete_note_button):
            note_row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.text_view)
        layout.addLayout(source_row)
        layout.addWidget(self.cited_label)
        layout.addWidget(self.rollup_panel)
        layout.addWidget(self.evidence_list, 3)
        layout.addWidget(caption("&Backed by:", self.backing_list))
        layout.addWidget(self.backing_list, 2)
        layout.addWidget(self.actions_section, 2)
        layout.addWidget(caption("Notes and &questions:", self.notes_list))
        layout.addWidget(self.notes_list, 2)
        layout.addLayout(note_row)

    # -- showing ---------------------------------------------------------
    def show_detail(self, detail: RecommendationDetail | None, writable: bool = True) -> None:
        self.detail = detail
        self.backing_list.clear()
        self.notes_list.clear()
        for widget in (self.note_edit, self.add_note_button,
                       self.add_question_button, self.delete_note_button):
            widget.setEnabled(detail is not None and writable)
        if detail is None:
            self.heading.setText("")
            self.text_view.setPlainText(EMPTY_TEXT)
            self.source_button.setVisible(False)
            self.source_label.setText("")
            self.cited_label.setVisible(False)
            return
        rec = detail.recommendation
        parts = [f"{rec.kind.label} {rec.label}".strip(), rec.authority or "authority not known",
                 f"issued {uk_date(rec.issued)}" if rec.issued else "date not known"]
        if rec.addressed_to:
            parts.insert(1, f"for {rec.addressed_to}")
        self.heading.setText(" · ".join(parts))
        self.text_view.setPlainText(rec.text)
        self._show_source(detail)
        for passage in detail.supporting:
            self.backing_list.addItem(_passage_item(passage))
        if not detail.supporting:
            self.backing_list.addItem("No finding paragraphs are linked to it.")
        for note in detail.notes:
            self.notes_list.addItem(_note_item(note))
        self.delete_note_button.setEnabled(bool(detail.notes) and writable)

    def _show_source(self, detail: RecommendationDetail) -> None:
        source, document = detail.source, detail.document or detail.cited_in
        self.source_button.setVisible(source is not None)
        if source is not None:
            self.source_button.setText("Open &source")
            self.source_button.setToolTip(plain_tooltip(source.text))
        where = passage_place(source) if source else ""
        if document is not None:
            text = f"{document.title}" + (f" ({short_uk_date(document.date)})" if document.date else "")
            self.source_label.setText(f"{text}, {where}" if where else text)
        elif detail.recommendation.source_citation:
            self.source_label.setText(f"From {detail.recommendation.source_citation}.")
        else:
            self.source_label.setText("Typed in by hand; no source passage.")
        if detail.recommendation.gone_from_source:
            self.source_label.setText(self.source_label.text() + " Reading the paper again no "
                                      "longer finds these words; kept with your work on it.")
        cited = detail.cited_in
        self.cited_label.setVisible(cited is not None)
        if cited is not None:
            when = f" ({short_uk_date(cited.date)})" if cited.date else ""
            self.cited_label.setText(f"Cited in: {cited.title}{when}")

    # -- actions ---------------------------------------------------------
    def _open_source(self) -> None:
        if self.detail is not None and self.detail.source is not None:
            source = self.detail.source
            self.open_passage.emit(source.document_id, source.id)

    def _open_item(self, item: QListWidgetItem) -> None:
        target = item.data(PassageItemRole)
        if target:
            self.open_passage.emit(*target)

    def _add_note(self, kind: str) -> None:
        text = self.note_edit.text().strip()
        if self.detail is not None and text:
            self.note_added.emit(self.detail.recommendation.id, kind, text)

    def _delete_note(self) -> None:
        item = self.notes_list.currentItem()
        if self.detail is not None and item is not None and item.data(NoteIdRole):
            self.note_deleted.emit(self.detail.recommendation.id, item.data(NoteIdRole))
