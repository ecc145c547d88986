"""Signature search of the type detector: the fast path finds what a plain regex search finds."""

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.documents import DocType
from desktop.extract.doctype import SIGNATURES, classify_flat, lowered

# Fragments that start, almost start, or break each signature, mixed at random
# so that matches land at odd offsets, after look-alike words and at word edges.
_PIECES = [
    "monitoring visit of", "monitoring visit to", "xmonitoring visit of", "focused visit to ",
    "inspection of ", "children's services", "children's social care services",
    "re-inspection of services for children in need of help and protection",
    "joint targeted area inspection in", "joint area inspection of the multi-agency", "local area send inspection of",
    "minutes of the ", "minutes of a previous meeting", "minutes of the last meeting", "council meeting held",
    "cabinet ", "held", "report to :", "report to:", "date of the meeting", "meeting date", "purpose of this report",
    "1. purpose", "11 purpose", ".1 purpose", "report author", "report of the corporate director",
    "lead officer contact", "recommendations to the cabinet", "key decision :", "wards affected", "award affected",
    " ", ". ", "the ", "of ", "a", "-", "ward", "report ", "1",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_fast_signature_search_matches_plain_regex_search(pieces):
    window = "".join(pieces)
    for signatures in SIGNATURES.values():
        for signature in signatures:
            fast = signature.search(window)
            plain = signature.pattern.search(window)
            assert (fast and fast.span()) == (plain and plain.span())


def test_earliest_signature_wins_over_a_later_mention():
    text = ("Minutes of the meeting of the Corporate Parenting Panel held on 4 March 2024. "
            "Present: Councillors Ames and Blake. The panel noted the monitoring visit of "
            "Northshire children's services in January.")
    assert classify_flat(text) is DocType.COMMITTEE_MINUTES


def test_officer_report_found_by_its_header_fields():
    text = "Cabinet 12 June 2023 Wards affected: all Key decision: yes Lead officer contact: J. Doe"
    assert classify_flat(text) is DocType.COMMITTEE_REPORT


def test_lowered_keeps_offsets_when_a_character_grows():
    flat = "\u0130stanbul Monitoring Visit of Northshire"
    low = lowered(flat)
    assert len(low) == len(flat)
    assert low.index("monitoring") == flat.index("Monitoring")
