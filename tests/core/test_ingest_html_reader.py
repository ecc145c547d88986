"""Saved web pages."""

from __future__ import annotations

import pytest

from desktop.domain.documents import PassageKind
from desktop.domain.errors import UnreadableFile
from desktop.ingest import read_document, split_passages

PAGE = """<!DOCTYPE html><html><head><title>Scrutiny committee &ndash; 4 March</title>
<style>p { color: red }</style><script>var tracking = "do not import";</script></head>
<body><h1>Children&rsquo;s Services Scrutiny</h1>
<p>Members discussed the &pound;2m overspend
   on placements &amp; agency staff.<br>The chair asked for a briefing.</p>
<img src="logo.png" alt="Council logo">
<ol><li>Receive the report</li><li>Note the risks</li></ol>
<ul><li>Caseloads</li><li>Recruitment</li></ul>
<table><tr><th>Measure</th><th>Target</th></tr><tr><td><p>Re-referrals</p></td><td>20%</td></tr></table>
<noscript>Enable JavaScript</noscript></body></html>"""


def test_html_blocks_entities_lists_tables_and_hidden_parts(tmp_path):
    path = tmp_path / "minutes.html"
    path.write_text(PAGE, encoding="utf-8")
    extracted = read_document(path)
    lines = extracted.text.split("\n")
    assert extracted.title_hint == "Scrutiny committee – 4 March"
    assert extracted.source_format == "html"
    assert "Children’s Services Scrutiny" in lines
    assert "Members discussed the £2m overspend on placements & agency staff." in lines
    assert "The chair asked for a briefing." in lines
    assert "Measure\tTarget" in lines and "Re-referrals\t20%" in lines
    assert "1. Receive the report" in lines and "• Caseloads" in lines
    for hidden in ("tracking", "color", "Enable JavaScript", "logo", "Scrutiny committee –"):
        assert hidden not in extracted.text
    kinds = {p.text: p.kind for p in split_passages(extracted.text, ())}
    assert kinds["Re-referrals\t20%"] == PassageKind.TABLE_ROW
    assert kinds["• Recruitment"] == PassageKind.BULLET


def test_htm_in_windows_1252_with_meta_charset(tmp_path):
    path = tmp_path / "old page.htm"
    path.write_bytes('<html><head><meta charset="windows-1252"></head><body><p>Cost: £40 – “high”</p>'
                     '</body></html>'.encode("cp1252"))
    assert read_document(path).text == "Cost: £40 – “high”"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("report.html", b"%PDF-1.4\n1 0 obj\n", r"report\.html is not a web page: it is really a PDF"),
    ("empty.html", b"<html><body><script>x()</script><img src=a.png></body></html>",
     r"empty\.html is a web page with no readable text"),
], ids=["pdf-saved-as-html", "no-text"])
def test_page_that_cannot_be_read_is_refused_saying_why(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFile, match=message):
        read_document(path)
