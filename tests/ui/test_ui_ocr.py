"""Edit > Read scanned paper with OCR reads a "needs OCR" paper in the background."""

from __future__ import annotations

import pytest

from desktop.ingest import ocr
from tests.core.test_ocr import LINES, _pdf

pytestmark = pytest.mark.skipif(
    ocr.find_engine() is None,
    reason="Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng; "
           "the bootstrap installs it when run as root, as CI does)")


def test_window_reads_a_needs_ocr_paper_off_the_write_lane(qtbot, make_window, workspace_path,
                                                           tmp_path, monkeypatch, no_modal):
    from desktop.services import ocr_reading
    from desktop.services.importing import import_paths
    from desktop.storage.workspace import open_workspace

    path = tmp_path / "scanned letter.pdf"
    _pdf(path, [LINES], scanned={0})
    monkeypatch.setenv(ocr.NO_OCR_ENV, "1")  # imported as "needs OCR"
    ws = open_workspace(workspace_path)
    (doc_id,) = import_paths(ws, [path]).outcomes[0].document_ids
    ws.close()
    monkeypatch.setenv(ocr.NO_OCR_ENV, "")
    window = make_window(workspace_path)
    assert window.open_document(doc_id)
    pages = []
    window.statusBar().messageChanged.connect(pages.append)
    window.ocr.start()
    assert window.ocr.handle is not None
    qtbot.waitUntil(lambda: window.ocr.handle is None, timeout=60_000)
    assert no_modal["errors"] == []
    assert any("Reading scanned page 1 of 1" in text for text in pages)
    assert ocr_reading.papers_needing_ocr(window.workspace) == []
    from desktop.services.searching import search
    assert search(window.workspace, "timescales").hits


def test_words_ocr_doubted_show_faintly_in_the_reader(qtbot, make_window, workspace_path, tmp_path,
                                                       monkeypatch):
    """From the engine's reading to the Reader: a doubted word is greyed, with a tooltip that
    says why, and the words around it are not."""
    from PySide6.QtGui import QPalette, QTextCursor

    from desktop.services.importing import import_paths
    from desktop.storage.workspace import open_workspace

    real = ocr.run_engine

    def doubting(engine, image, dpi=ocr.RENDER_DPI, **options):
        reading = real(engine, image, dpi, **options)
        assert "timescales" in reading.text
        return ocr.PageReading(reading.text, reading.confidence, ("timescales",))

    monkeypatch.setattr(ocr, "run_engine", doubting)
    path = tmp_path / "scanned letter.pdf"
    _pdf(path, [LINES], scanned={0})
    ws = open_workspace(workspace_path)
    (doc_id,) = import_paths(ws, [path]).outcomes[0].document_ids
    ws.close()
    window = make_window(workspace_path)
    assert window.open_document(doc_id)
    reader = window.reader
    assert "faint words are ones it was unsure of" in reader.meta_label.text()
    faint = reader.palette().color(QPalette.ColorRole.PlaceholderText)

    def format_at(word: str):
        at = reader.text_view.toPlainText().index(word)
        cursor = QTextCursor(reader.text_view.document())
        cursor.setPosition(at + 2)
        return cursor.charFormat()

    assert format_at("timescales").foreground().color() == faint
    assert "unsure" in format_at("timescales").toolTip()
    assert format_at("allocated").foreground().color() != faint
