"""Cleaning extracted text: characters, markup, furniture, wrapped lines."""

from __future__ import annotations

from desktop.ingest.normalise import clean_characters, normalise_pages, normalise_plain


def test_line_endings_controls_and_spaces():
    raw = "Item one\r\nItem  two\rthree\x00\x07 four\u00a0\u00a0five\x0cnext\u200bword"
    assert clean_characters(raw) == "Item one\nItem two\nthree four five\nnextword"


def test_stray_paragraph_tags_become_breaks_but_real_angle_brackets_stay():
    raw = ("Purpose of Report:\t<p>To update members.</p> <p>The plan has five priorities.</p>\n"
           "Line one<br>Line two<br/>Line three\n"
           "Subscribe: <http://example.org/news> and reply to <clerk@westshire.gov.uk>.")
    text = normalise_plain(raw, join_wrapped_lines=False)
    assert text.split("\n") == [
        "Purpose of Report:\tTo update members.", "The plan has five priorities.",
        "Line one", "Line two", "Line three",
        "Subscribe: <http://example.org/news> and reply to <clerk@westshire.gov.uk>.",
    ]


def test_wrapped_lines_join_but_paragraphs_items_and_headings_stay():
    raw = ("Summary of findings\n"
           "Children in Lakeside wait too long for an assessment, and managers do not\n"
           "always check that plans are progressing.\n"
           "\n"
           "1. Ensure that all children have an up-to-date\n"
           "assessment.\n"
           "2. Improve the safe-\n"
           "guarding of children who go missing, including multi-\n"
           "agency return interviews.\n"
           "• first point\n"
           "• second point\n"
           "Indicator\tTarget")
    assert normalise_plain(raw, join_wrapped_lines=True).split("\n") == [
        "Summary of findings",
        "Children in Lakeside wait too long for an assessment, and managers do not always check "
        "that plans are progressing.",
        "",
        "1. Ensure that all children have an up-to-date assessment.",
        "2. Improve the safe-guarding of children who go missing, including multi-agency return interviews.",
        "• first point",
        "• second point",
        "Indicator\tTarget",
    ]


def test_dehyphenation_uses_the_documents_own_words():
    raw = ("Safeguarding is everyone’s business. Leaders have improved the safe-\n"
           "guarding of children in care.")
    assert "improved the safeguarding of children" in normalise_plain(raw, join_wrapped_lines=True)


_TOPICS = ["the front door", "child protection", "children in care", "care leavers", "leadership"]


def _pages_with_furniture(count):
    pages = []
    for number in range(1, count + 1):
        topic = _TOPICS[(number - 1) % len(_TOPICS)]
        pages.append(
            f"Westshire County Council – Ofsted focused visit {number}\n"
            f"{number * 3}. Inspectors looked at {topic}, which\n"
            f"is where {topic} matters most.\n"
            f"Page {number} of {count}"
        )
    return pages


def test_repeated_headers_and_page_numbers_are_dropped():
    text, starts = normalise_pages(_pages_with_furniture(5))
    assert "Westshire County Council" not in text
    assert "Page 3 of 5" not in text
    assert len(starts) == 5
    for number, start in enumerate(starts, 1):
        topic = _TOPICS[(number - 1) % len(_TOPICS)]
        assert text[start:].startswith(f"{number * 3}. Inspectors looked at {topic}, which is where")


def test_bare_page_number_forms():
    bodies = ["Fostering is good.", "Adoption is timely.", "Care leavers are supported.", "Leaders know."]
    markers = ["- 1 -", "Page 2", "3", "4 of 4"]
    pages = [f"{marker}\n{body}\n" for marker, body in zip(markers, bodies, strict=True)]
    text, _ = normalise_pages(pages)
    assert text.split("\n") == bodies


def test_sentence_continuing_on_the_next_page_is_joined_and_offsets_stay_right():
    pages = ["Leaders have invested in early help services for families across the county and\n",
             "this has reduced the number of referrals.\nA new paragraph starts here."]
    text, starts = normalise_pages(pages)
    assert text == ("Leaders have invested in early help services for families across the county and "
                    "this has reduced the number of referrals.\nA new paragraph starts here.")
    assert text[starts[1]:].startswith("this has reduced")


def test_empty_pages_keep_monotonic_offsets():
    text, starts = normalise_pages(["First page.", "", "  ", "Fourth page."])
    assert starts == (0, len("First page.") + 1, len("First page.") + 1, len("First page.") + 1)
    assert text == "First page.\nFourth page."


def test_contents_lines_are_not_run_together():
    raw = ("Executive summary 2\nThe local authority 5\nInformation about this local authority area 5\n"
           "Recommendations 8")
    assert normalise_plain(raw, join_wrapped_lines=True).count("\n") == 3


def test_plain_text_drops_page_lines_but_keeps_bare_numbers():
    from desktop.ingest.normalise import normalise_plain

    text = "1. Children are seen.\n\nPage 25\n\nTotal placements\n\n37\n\npage 3 of 41\n\nThe page 4 summary."
    clean = normalise_plain(text, join_wrapped_lines=True)
    assert "Page 25" not in clean and "page 3 of 41" not in clean
    assert "37" in clean and "The page 4 summary." in clean


def test_a_blank_line_inside_a_sentence_does_not_split_the_paragraph():
    page = ("Since the visit, leaders have acted.\n\n"
            "The local authority has in place effective systems for monitoring performance in\n\n"
            "relation to missing children. Since the last monitoring visit, the number and\n\n"
            "timeliness of return home interviews has improved.\n\n"
            "Inspectors also looked at placements, including\n\n"
            "• the quality of plans\n")
    text, _ = normalise_pages([page])
    assert text.split("\n\n") == [
        "Since the visit, leaders have acted.",
        "The local authority has in place effective systems for monitoring performance in "
        "relation to missing children. Since the last monitoring visit, the number and "
        "timeliness of return home interviews has improved.",
        "Inspectors also looked at placements, including",
        "• the quality of plans",
    ]
