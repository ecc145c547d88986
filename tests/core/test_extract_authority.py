"""The authority a paper is about, and names that contain other names."""

import pytest

from desktop.extract import authorities_data
from desktop.extract._text import flatten
from desktop.extract.authority import canonical_name, detect_authority, find_mentions


def names(text: str) -> list[str]:
    return [m.name for m in find_mentions(flatten(text))]


def test_all_153_children_services_authorities_are_listed_once():
    assert len(authorities_data.CURRENT) == 153
    assert len(set(authorities_data.CURRENT)) == 153
    for alias, name in authorities_data.ALIASES.items():
        assert name in authorities_data.ALL_AUTHORITIES, alias


@pytest.mark.parametrize("name", authorities_data.ALL_AUTHORITIES)
def test_every_authority_is_found_by_its_own_name(name):
    assert names(f"Inspection of {name} children's services") == [name]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("South Gloucestershire Council", ["South Gloucestershire"]),
        ("South\nGloucestershire and Gloucestershire", ["South Gloucestershire", "Gloucestershire"]),
        ("North Yorkshire County Council", ["North Yorkshire"]),
        ("City of York Council", ["York"]),
        ("Bath and North East Somerset Council", ["Bath and North East Somerset"]),
        ("Bath & North East Somerset", ["Bath and North East Somerset"]),
        ("Somerset County Council", ["Somerset"]),
        ("North Somerset Council", ["North Somerset"]),
        ("Bournemouth,\nChristchurch and Poole", ["Bournemouth, Christchurch and Poole"]),
        ("Bournemouth Christchurch and Poole Council", ["Bournemouth, Christchurch and Poole"]),
        ("Poole Borough Council (2014)", ["Poole"]),
        ("Hull City Council", ["Kingston upon Hull"]),
        ("Kingston upon Hull", ["Kingston upon Hull"]),
        ("Kingston upon Thames", ["Kingston upon Thames"]),
        ("Isle of Wight Council", ["Isle of Wight"]),
        ("Stoke-on-Trent", ["Stoke-on-Trent"]),
        ("Newcastle-under-Lyme Borough", []),  # a district, not Newcastle upon Tyne
        ("St. Helens", ["St Helens"]),
        ("County Durham", ["Durham"]),
        ("Central Bedfordshire and Bedford", ["Central Bedfordshire", "Bedford"]),
        ("East Riding of Yorkshire", ["East Riding of Yorkshire"]),
        ("reading the report, bury the past", []),  # verbs, not Reading or Bury
        ("Reading Borough Council", ["Reading"]),
    ],
)
def test_names_that_contain_other_names(text, expected):
    assert names(text) == expected


def test_canonical_name_of_aliases():
    assert canonical_name("BANES") == "Bath and North East Somerset"
    assert canonical_name("  city of  york ") == "York"
    assert canonical_name("Atlantis") is None


def test_letter_mentioning_several_authorities_is_about_its_addressee():
    letter = (
        "Ofsted Clive House 70 Petty France Westminster London SW1H 9EX\n"
        "12 May 2022\nDear Ms Smith\n"
        "Monitoring visit to Sandwell children's services\n"
        "This letter summarises the visit. Sandwell works with Dudley, Walsall and "
        "Wolverhampton on a regional adoption agency, and with Birmingham on the "
        "emergency duty team. Birmingham, Dudley and Walsall were visited last year.\n"
    )
    assert detect_authority(letter) == "Sandwell"


def test_ofsted_letterhead_address_is_not_the_subject():
    assert detect_authority("Piccadilly Gate Store Street Manchester M1 2WD\nDear Sir\nThanks.") is None


def test_a_partner_mentioned_alone_is_not_the_subject():
    assert detect_authority("Members heard that a campaign had been launched with Bradford.") is None


def test_no_authority():
    assert detect_authority("Minutes of the parish meeting about the village green.") is None
