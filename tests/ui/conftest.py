"""Window tests: offscreen Qt, temporary settings, temporary workspaces."""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "resources" / "sample_papers"
BAD_FIXTURES = REPO / "tests" / "fixtures" / "bad"


@pytest.fixture(autouse=True)
def temp_settings(tmp_path_factory, monkeypatch, qapp):
    """QSettings in a fresh temporary folder for every test, never the user's."""
    from desktop.ui.app import create_application

    folder = tmp_path_factory.mktemp("qsettings")
    monkeypatch.setenv("SCRUTINY_DESK_SETTINGS_DIR", str(folder))
    create_application()  # reads the variable: QSettings now write under `folder`
    return folder


@pytest.fixture
def workspace_path(tmp_path) -> Path:
    """An empty workspace made with the real migrations."""
    from desktop.storage.workspace import open_workspace

    path = tmp_path / "council-papers.sqlite"
    open_workspace(path).close()
    return path


@pytest.fixture
def add_document():
    """Write a document straight through storage (no readers needed); returns its id."""
    from desktop.domain.documents import DocType, DocumentMetadata, PassageDraft, PassageKind
    from desktop.storage import documents as store

    def add(ws, title: str, paragraphs: list[str], *, doc_type: DocType = DocType.OTHER,
            authority: str | None = None, when: date | None = None, parent_id: int | None = None,
            duplicate_of: int | None = None, position: int = 0, pages_per_passage: int = 1) -> int:
        text, drafts = "", []
        for seq, paragraph in enumerate(paragraphs):
            start = len(text)
            text += paragraph + "\n"
            label = paragraph.split(".", 1)[0] if paragraph[:1].isdigit() else None
            drafts.append(PassageDraft(label=label,
                                       kind=PassageKind.NUMBERED if label else PassageKind.PARAGRAPH,
                                       page=1 + seq // pages_per_passage, start=start,
                                       end=start + len(paragraph), text=paragraph))
        digest = hashlib.sha256(f"{title}|{parent_id}|{text}".encode()).hexdigest()
        with ws.db.atomic():
            return store.insert_document(ws, store.NewDocument(
                metadata=DocumentMetadata(doc_type=doc_type, authority=authority, date=when,
                                          title=title),
                sha256=digest, source=f"/papers/{title}.txt", source_format="text",
                pages=len(paragraphs) // pages_per_passage + 1, text=text, page_starts=(),
                passages=drafts, parent_id=parent_id, position=position,
                duplicate_of=duplicate_of))

    return add


@pytest.fixture
def add_recommendations():
    """Store the numbered passages ``seqs`` of a document as its recommendations (label and
    text from "1. Text"), in that order; ``backing``: seq -> seqs of passages backing it.
    Returns their ids."""
    from desktop.services import documents as documents_service
    from desktop.storage import recommendations as rec_store

    def add(ws, doc_id: int, seqs, *, authority: str | None = "Wexcombe",
            issued: date | None = date(2022, 5, 20), backing: dict | None = None) -> list[int]:
        passages = documents_service.document_passages(ws, doc_id)
        ids = []
        with ws.write():
            for position, seq in enumerate(seqs):
                label, text = passages[seq].text.split(". ", 1)
                support = tuple(passages[b].id for b in (backing or {}).get(seq, ()))
                ids.append(rec_store.insert_recommendation(ws, rec_store.NewRecommendation(
                    label=label, text=text, kind="recommendation", authority=authority,
                    issued=issued, document_id=doc_id, source_passage_id=passages[seq].id,
                    supporting_passage_ids=support, position=position)))
        return ids

    return add


@pytest.fixture
def make_window(qtbot):
    """Build main windows on a workspace; closes them (and their workspace) afterwards."""
    from desktop.ui.main_window import MainWindow

    windows = []

    def make(path: Path | None = None):
        window = MainWindow()
        qtbot.addWidget(window)
        if path is not None:
            assert window.open_workspace_path(path)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def no_modal(monkeypatch):
    """Replace message boxes: errors and confirmations are recorded, never shown."""
    from desktop.ui.dialogs import messages

    record = {"errors": [], "confirm": [], "answer": True}

    def show_error(parent, title, text):
        record["errors"].append(text)

    def confirm(parent, title, text, action):
        record["confirm"].append(text)
        return record["answer"]

    monkeypatch.setattr(messages, "show_error", show_error)
    monkeypatch.setattr(messages, "confirm", confirm)
    monkeypatch.setattr(messages, "show_about", lambda *a: None)
    return record
