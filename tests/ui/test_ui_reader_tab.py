"""The Reader: plain text always, passages found and marked, find in document."""

from __future__ import annotations

from datetime import date

from desktop.domain.documents import DocType, Document, Passage, PassageKind
from desktop.ui.tabs.reader_tab import ReaderTab
from desktop.ui.widgets.passage_text import layout_passages


def document(id_=1, title="Focused visit to Harbourside children's services", children=()):
    return Document(id=id_, title=title, doc_type=DocType.FOCUSED_VISIT, authority="Harbourside",
                    date=date(2021, 9, 30), period_start=None, period_end=None, pages=6,
                    passage_count=4, parent_id=None, duplicate_of=None, sha256="0" * 64,
                    source="/papers/fv.pdf", source_format="pdf", imported_at="2024-01-01",
                    child_ids=tuple(children))


def passages(doc_id=1, first_id=100):
    texts = [
        ("1", 1, "1. Inspectors looked at the front door and at children in care."),
        ("2", 1, "2. Some children wait too long for an assessment of their needs."),
        (None, 2, "<img src=x> <b>bold</b> &amp; <p>not a paragraph</p>"),
        ("3", 2, "3. Leaders 🚸 know where practice is weak; the weekly audit shows it."),
    ]
    return [Passage(id=first_id + n, document_id=doc_id, seq=n, label=label,
                    kind=PassageKind.NUMBERED if label else PassageKind.PARAGRAPH, page=page,
                    start=0, end=len(text), text=text) for n, (label, page, text) in enumerate(texts)]


def test_markup_in_a_passage_is_shown_literally(qtbot):
    reader = ReaderTab()
    qtbot.addWidget(reader)
    reader.show_document(document(title="<i>Not italic</i>"), passages())
    shown = reader.text_view.toPlainText()
    assert "<img src=x> <b>bold</b> &amp; <p>not a paragraph</p>" in shown
    assert reader.title_label.text() == "<i>Not italic</i>"
    assert reader.title_label.textFormat().name == "PlainText"
    assert reader.text_view.document().toRawText().count("<b>") == 1


def test_header_shows_type_authority_and_date(qtbot):
    reader = ReaderTab()
    qtbot.addWidget(reader)
    reader.show_document(document(), passages())
    assert reader.meta_label.text().startswith("Focused visit letter · Harbourside · 30 September 2021")


def test_open_passage_selects_exactly_that_passage(qtbot):
    reader = ReaderTab()
    qtbot.addWidget(reader)
    items = passages()
    reader.show_document(document(), items)
    # the last passage comes after an emoji (two UTF-16 units): positions must still match
    assert reader.open_passage(103)
    assert reader.current_passage_id() == 103
    assert reader.text_view.textCursor().selectedText() == items[3].text
    assert reader.outline.currentIndex().row() == 3
    assert reader.text_view.extraSelections()  # marked, not only selected
    assert not reader.open_passage(999)


def test_find_next_and_previous_wrap_round(qtbot):
    reader = ReaderTab()
    qtbot.addWidget(reader)
    reader.show_document(document(), passages())
    reader.open_find()
    reader.find_bar.field.setText("children")
    assert reader.find_next()
    first = reader.text_view.textCursor().selectionStart()
    assert reader.find_next()
    second = reader.text_view.textCursor().selectionStart()
    assert second > first
    assert reader.find_next()  # only two: wraps back to the first
    assert reader.text_view.textCursor().selectionStart() == first
    assert reader.find_previous()
    assert reader.text_view.textCursor().selectionStart() == second
    reader.find_bar.field.setText("safeguarding partnership")
    assert not reader.find_next()
    assert reader.find_bar.status.text() == "Not found"


def test_a_pack_shows_a_heading_before_each_paper(qtbot):
    reader = ReaderTab()
    qtbot.addWidget(reader)
    minutes = passages(doc_id=11, first_id=200)[:2]
    report = passages(doc_id=12, first_id=300)[:2]
    reader.show_document(document(id_=10, title="Agenda pack", children=(11, 12)), minutes + report,
                         {11: "Minutes of 3 February", 12: "Officer report: placements"})
    text = reader.text_view.toPlainText()
    assert text.index("Minutes of 3 February") < text.index("1. Inspectors") \
        < text.index("Officer report: placements")
    assert reader.open_passage(301)
    assert reader.text_view.textCursor().selectedText() == report[1].text


def test_layout_marks_pages_and_spans():
    items = passages()
    layout = layout_passages(items)
    assert layout.text.startswith("Page 1\n1. Inspectors")
    assert layout.text.count("Page 2") == 1
    start, end = layout.spans[101]
    assert layout.text[start:end] == items[1].text


def test_a_paper_read_by_ocr_says_so(qtbot):
    reader = ReaderTab()
    qtbot.addWidget(reader)
    reader.show_document(document(), passages(), ocr_pages={2: 88.0, 3: 92.0})
    assert "read by OCR (2 of 6 pages, 90% confidence)" in reader.meta_label.text()
    reader.show_document(document(), passages())
    assert "OCR" not in reader.meta_label.text()


def _report_with_headings(sections: int = 4, paragraphs: int = 12) -> list[Passage]:
    items, seq = [], 0
    for section in range(sections):
        items.append(Passage(id=500 + seq, document_id=1, seq=seq, label=None, kind=PassageKind.HEADING,
                             page=1 + section, start=0, end=20, text=f"Section {section + 1} heading"))
        seq += 1
        for n in range(paragraphs):
            text = f"{seq}. Paragraph {n + 1} of section {section + 1}: inspectors found this and that."
            items.append(Passage(id=500 + seq, document_id=1, seq=seq, label=str(seq), kind=PassageKind.NUMBERED,
                                 page=1 + section, start=0, end=len(text), text=text))
            seq += 1
    return items


def test_the_outline_lists_headings_and_follows_the_text(qtbot):
    reader = ReaderTab()
    qtbot.addWidget(reader)
    reader.resize(1000, 500)
    reader.show()
    items = _report_with_headings()
    reader.show_document(document(), items)
    assert not reader.pages.showing_pages()  # no original held here: the text is shown
    outline = reader.outline.model()
    assert [outline.index(r, 0).data() for r in range(outline.rowCount())] == [
        f"p. {n}   Section {n} heading" for n in range(1, 5)]
    # opening a paragraph selects the heading it sits under
    assert reader.open_passage(items[30].id)  # in section 3
    assert reader.outline.currentIndex().data().endswith("Section 3 heading")
    # scrolling the text to the top moves the outline back to the first heading
    reader.text_view.verticalScrollBar().setValue(0)
    assert reader.outline.currentIndex().data().endswith("Section 1 heading")
    # choosing a heading opens it
    reader._outline_chosen(outline.index(3, 0))
    assert reader.current_passage_id() == items[39].id


def test_a_paper_with_few_headings_lists_its_passages(qtbot):
    reader = ReaderTab()
    qtbot.addWidget(reader)
    reader.show_document(document(), passages())
    assert reader.outline.model().rowCount() == 4
