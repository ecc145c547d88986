"""Document text reaches the PDF as text: escaped, cleaned, shortened where it must be."""

from __future__ import annotations

from datetime import date

from reportlab.platypus import Paragraph

from desktop.domain.dates import uk_date
from desktop.export import blocks
from desktop.export.styles import styles
from desktop.export.text import clean, markup, one_line, shorten


def test_markup_characters_are_escaped_not_interpreted():
    assert markup("<b>x</b> & <i>y</i>") == "&lt;b&gt;x&lt;/b&gt; &amp; &lt;i&gt;y&lt;/i&gt;"
    assert markup("&amp; stays as typed") == "&amp;amp; stays as typed"
    # reportlab accepts the result (hostile markup would raise ValueError if it were parsed)
    for hostile in ('<font name="x">', "<para>", "</p>", "<a href='javascript:x'>", "<img src=x/>",
                    "&#0;", "&nosuch;", "<![CDATA[x]]>", "<<<>>>"):
        Paragraph(markup(hostile), styles().body).wrap(300, 300)


def test_control_characters_are_dropped_and_bidi_overrides_made_visible():
    assert clean("a\x00b\x07c\x1bd\x7fe") == "abcde"
    assert clean("line\r\nnext\rlast") == "line\nnext\nlast"
    assert clean("evil\u202egnp.exe") == "evil[U+202E]gnp.exe"
    assert clean("x\u2066y\u2069") == "x[U+2066]y[U+2069]"
    assert clean("zero\u200bwidth\ufeff") == "zerowidth"


def test_glyphs_the_font_lacks_get_a_faithful_stand_in():
    assert clean("done \u2713, failed \u2717, next \u2192") == "done \u221a, failed \u00d7, next ->"
    assert clean("\u25cf item") == "\u2022 item"


def test_line_breaks_survive_as_breaks():
    assert markup("one\ntwo") == "one<br/>two"
    assert one_line("one\n\n  two\tthree") == "one two three"


def test_shorten_cuts_at_a_word_with_an_ellipsis():
    text = "Ensure that thresholds for services are consistently understood and applied"
    short = shorten(text, 40)
    assert len(short) <= 40 and short.endswith("\u2026")
    assert text.startswith(short[:-1])
    assert shorten("short", 40) == "short"


def test_uk_dates():
    assert uk_date(date(2018, 6, 8)) == "8 June 2018"
    assert uk_date(None, "undated") == "undated"


def test_long_cells_are_capped_and_say_so():
    value, cut = blocks.capped("word " * 1000, 600)
    assert cut and len(value) <= 601 and value.endswith("\u2026")
    para = blocks.cell("word " * 1000)
    assert blocks.CUT_NOTE in para.text
    width, height = para.wrap(150, 10_000)
    assert height < 600  # a row can never be taller than an A4 frame
    assert blocks.cell("").text == ""  # a missing value is left out, never printed as a dash


def test_an_unbreakable_run_of_characters_wraps_inside_its_column():
    para = blocks.cell("x" * 2000)
    width, height = para.wrap(120, 10_000)
    assert width <= 120 and height < 600
