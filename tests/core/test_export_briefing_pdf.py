"""The briefing PDF rendered from plain values: what a reader finds in it, page by page."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from desktop.domain.errors import Cancelled
from desktop.export.briefing import render_briefing
from desktop.export.model import SECTION_TITLES, SECTIONS
from tests.export_fixtures import (
    embedded_font_files,
    flat,
    font_names,
    made_briefing,
    pdf_metadata,
    pdf_outline,
    pdf_text,
)


def _render(tmp_path, data, name="briefing.pdf"):
    path = tmp_path / name
    render_briefing(data, str(path))
    return path, pdf_text(path)


def test_every_part_a_reader_looks_for_is_there(tmp_path):
    data = made_briefing(4)
    path, pages = _render(tmp_path, data)
    text = flat("\n".join(pages))
    for title in SECTION_TITLES.values():
        assert title in text
    for rec in data.recommendations:
        assert rec.heading in text
        assert flat(rec.text) in text
        for quote in rec.quotes:
            assert quote.citation in text
            assert quote.quote in text
        for action in rec.actions:
            assert action.reference in text
    assert "Officers confirmed it in committee" in text  # the reason for an overridden status
    assert "What is the caseload now (1)?" in text
    assert "Agenda pack, 13 July 2017, pages 5\u20139" in text  # sources give the pack's pages
    assert "Inadequate" in text and "Overall effectiveness" in text  # judgement history
    # the cover
    assert "Children and Families Overview and Scrutiny Committee" in pages[0]
    assert "Cllr Jane Smith" in pages[0] and "OFFICIAL" in pages[0]


def test_every_page_has_marking_title_and_page_x_of_y(tmp_path):
    path, pages = _render(tmp_path, made_briefing(6))
    total = len(pages)
    assert total > 4
    for number, page in enumerate(pages, start=1):
        assert flat(page).count("OFFICIAL") >= 2, f"marking missing at top or bottom of page {number}"
        if number > 1:
            assert f"Page {number} of {total}" in flat(page)
            assert "Prepared 10 January 2024 by Cllr Jane Smith" in flat(page)
            assert "Progress on inspection recommendations" in page


def test_contents_give_the_page_each_section_starts_on(tmp_path):
    path, pages = _render(tmp_path, made_briefing(5))
    outline = {title: page for level, title, page in pdf_outline(path)}
    contents = flat(pages[1])
    for name in ("glance", "summary", "recommendations", "sources"):
        title = SECTION_TITLES[name]
        page = outline[title] + 1  # outline pages count from 0
        assert title in pages[page - 1]
        assert re.search(re.escape(title) + r"[ .]*" + str(page) + r"\b", contents), (title, page)
    assert len(re.findall(r"/Subtype /Link", path.read_bytes().decode("latin-1"))) >= 5 + 5


def test_outline_has_every_section_and_recommendation(tmp_path):
    data = made_briefing(5, groups=2)
    path, pages = _render(tmp_path, data)
    outline = pdf_outline(path)
    titles = [title for level, title, page in outline]
    for name in SECTIONS:
        assert SECTION_TITLES[name] in titles
    for rec in data.recommendations:
        entry = next(e for e in outline if e[1].startswith(rec.heading + ":"))
        assert entry[0] == 2  # under its inspection, under "Recommendations in detail"
        assert rec.heading in pages[entry[2]]  # the bookmark opens the page the section is on
    assert {level for level, _, _ in outline} == {0, 1, 2}


def test_fonts_are_embedded_and_metadata_set(tmp_path):
    path, _ = _render(tmp_path, made_briefing(2))
    names = font_names(path)
    assert names and all(re.match(r"[A-Z]{6}\+OpenSans", n) for n in names), names
    assert embedded_font_files(path) == len(names)
    meta = pdf_metadata(path)
    assert meta["Title"] == "Progress on inspection recommendations"
    assert meta["Author"] == "Cllr Jane Smith"
    assert "Gloucestershire" in meta["Subject"]
    assert b"/Lang (en-GB)" in path.read_bytes()


def test_document_text_never_becomes_markup(tmp_path):
    hostile = "<b>x</b> &amp; <font size=40>big</font> \u202eevil"
    data = made_briefing(1, quote_text=hostile, text=f"Ensure {hostile}", title=f"Title <i>{hostile}")
    _, pages = _render(tmp_path, data)
    text = flat("\n".join(pages))
    assert "<b>x</b> &amp; <font size=40>big</font> [U+202E]evil" in text
    assert "Title <i><b>x</b>" in text


def test_quotes_of_10000_characters_split_across_pages(tmp_path):
    words = " ".join(f"word{n}" for n in range(1600))  # about 10,000 characters
    assert len(words) >= 10_000
    data = made_briefing(2, quotes=2, quote_text=words)
    path, pages = _render(tmp_path, data)
    text = flat("\n".join(pages))
    assert text.count("word1599") == 4  # every quote printed to its last word
    carrying = [n for n, page in enumerate(pages) if "word800" in page]
    assert len(pages) > 6 and carrying


def test_huge_text_in_tables_and_headings_never_breaks_the_layout(tmp_path):
    long = "x" * 30_000
    data = made_briefing(2, text="Ensure " + "very long recommendation " * 800)
    rec = data.recommendations[0]
    action = replace(rec.actions[0], title=long, owner=long, latest_update=long, reference="R" * 300)
    data = replace(data, recommendations=(replace(rec, actions=(action,), label="9" * 200),
                                          *data.recommendations[1:]),
                   overdue_actions=(replace(action, overdue=True),))
    _, pages = _render(tmp_path, data)
    assert "[shortened: the full text is in the workspace]" in flat("\n".join(pages))


def test_empty_sections_say_so(tmp_path):
    data = made_briefing(2, actions=0, quotes=0, notes=False, inspections=(), overdue_actions=(),
                         sources=())
    _, pages = _render(tmp_path, data)
    text = flat("\n".join(pages))
    for sentence in ("No evidence has been linked yet.", "No actions are linked to this recommendation yet.",
                     "No notes or questions yet.", "No actions are overdue.",
                     "No inspection judgements are held for this authority.",
                     "No documents are cited in this briefing."):
        assert sentence in text


def test_a_briefing_with_no_recommendations_still_exports(tmp_path):
    data = made_briefing(0, inspections=(), overdue_actions=(), sources=())
    _, pages = _render(tmp_path, data)
    assert "No recommendations match the choices made for this briefing." in flat("\n".join(pages))


def test_sections_can_be_left_out(tmp_path):
    data = made_briefing(3, sections=frozenset({"summary"}))
    path, pages = _render(tmp_path, data)
    text = flat("\n".join(pages))
    assert SECTION_TITLES["summary"] in text
    assert "Recommendations in detail" not in text and "Contents" not in text
    assert "Sources" not in text and "At a glance" not in text
    assert [title for _, title, _ in pdf_outline(path)] == [SECTION_TITLES["summary"]]


def test_three_hundred_recommendations(tmp_path):
    data = made_briefing(300, actions=1, quotes=1)
    path, pages = _render(tmp_path, data)
    text = flat("\n".join(pages))
    for rec in data.recommendations:
        assert f"{rec.heading} " in text or text.endswith(rec.heading)
    assert len([e for e in pdf_outline(path) if e[0] == 2]) == 300
    assert f"Page {len(pages)} of {len(pages)}" in flat(pages[-1])


def test_progress_is_reported_and_cancel_stops_the_layout(tmp_path):
    seen = []
    render_briefing(made_briefing(20), str(tmp_path / "a.pdf"), progress=lambda f, m: seen.append(f))
    assert seen and all(0 <= f <= 1 for f in seen) and seen == sorted(seen)
    with pytest.raises(Cancelled):
        render_briefing(made_briefing(20), str(tmp_path / "b.pdf"), cancel=lambda: True)


def test_a_pack_whose_title_has_its_date_is_not_dated_twice(tmp_path):
    from desktop.export.model import SourceItem

    data = made_briefing(1, sources=(SourceItem(
        "doc-5", "Minutes of the committee", "Committee minutes", date(2017, 6, 15),
        pack_title="Scrutiny Committee — agenda pack, 13 July 2017", pack_date=date(2017, 7, 13),
        pack_pages=(5, 9)),))
    text = flat("\n".join(_render(tmp_path, data)[1]))
    assert "agenda pack, 13 July 2017, pages 5\u20139" in text
    assert "13 July 2017, 13 July 2017" not in text


def test_no_word_is_broken_inside_a_table_cell(tmp_path):
    """"Commissioning" is wider than the overdue table's Owner column: it is set a little
    smaller there, not printed as "Commissionin g"."""
    data = made_briefing(1, quotes=0, actions=2)
    rec = data.recommendations[0]
    action = replace(rec.actions[1], owner="Commissioning Lead", overdue=True)
    data = replace(data, recommendations=(replace(rec, actions=(action,)),), overdue_actions=(action,))
    _, pages = _render(tmp_path, data)
    lines = [line.strip() for page in pages for line in page.splitlines()]
    assert sum("Commissioning" in line.split() for line in lines) >= 2  # actions and overdue tables
    assert not any(line.endswith("Commissionin") or line == "g Lead" for line in lines)


def test_a_quote_keeps_its_citation_and_comment_on_its_page(tmp_path):
    quote = " ".join(f"evidence{n}" for n in range(30))  # these lengths put a break inside a quote
    data = made_briefing(4, quotes=6, actions=0, quote_text=quote)
    _, pages = _render(tmp_path, data)
    for number, page in enumerate(pages[1:], start=2):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        markings = [n for n, line in enumerate(lines) if line == "OFFICIAL"]
        body = lines[markings[1] + 1:]  # after the running header, footer and both markings
        assert body, f"page {number} is empty"
        assert not body[0].startswith(("\u2014", "Note:", "evidence")), f"page {number} starts with {body[0]!r}"
