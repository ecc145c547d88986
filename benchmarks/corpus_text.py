"""The raw material of generated documents: sentences, authorities, people, topics.

Sentences come from the sample papers (resources/sample_papers/*.txt). The
names of the councils they are about are replaced by a placeholder, so every
generated document can be about any authority, and figures inside sentences
are redrawn per document so that no two documents repeat each other verbatim.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

from benchmarks.common import REPO_ROOT

SAMPLE_DIR = REPO_ROOT / "resources" / "sample_papers"
AUTHORITY_PLACEHOLDER = "\x00A\x00"

# Real English local authorities with children's services duties (none of them
# is in the sample papers, so nothing generated repeats the samples' council).
AUTHORITIES = (
    "Leeds", "Manchester", "Kent", "Essex", "Norfolk", "Suffolk", "Devon", "Cornwall",
    "Cumbria", "Lancashire", "Hertfordshire", "Surrey", "Hampshire", "Nottinghamshire",
    "Derbyshire", "Leicestershire", "Lincolnshire", "Somerset", "Wiltshire", "Oxfordshire",
    "Cambridgeshire", "Northumberland", "Sheffield", "Bristol", "Liverpool",
    "Newcastle upon Tyne", "Sunderland", "Coventry", "Wolverhampton", "Stockport",
    "Wigan", "Croydon", "Hackney", "Southwark", "North Yorkshire", "Milton Keynes",
)

FIRST_NAMES = ("Sarah", "James", "Amina", "David", "Helen", "Rajesh", "Claire", "Michael",
               "Fiona", "Olusegun", "Rachel", "Thomas", "Priya", "Gareth", "Lucy", "Imran")
SURNAMES = ("Whitfield", "Okafor", "Harrington", "Patel", "Marsden", "Kowalski", "Brennan",
            "Ashworth", "Nwosu", "Fairclough", "Lindqvist", "Thornton", "Chaudhry", "Pritchard")

COMMITTEES = (
    "Children and Young People Scrutiny Committee",
    "Children's Services Overview and Scrutiny Committee",
    "Corporate Parenting Panel",
    "Children, Education and Families Scrutiny Board",
    "People Scrutiny Commission",
)

TOPICS = (
    "Care leavers local offer: annual update", "Sufficiency of placements for children in care",
    "Missing children and return home interviews", "Child protection performance, quarter {q}",
    "Progress against the Ofsted improvement plan", "Social work workforce and caseloads",
    "Early help and the front door", "Children with special educational needs and disabilities",
    "Exploitation of children: contextual safeguarding", "Fostering service annual report",
    "Adoption and permanence: regional agency update", "Unaccompanied asylum-seeking children",
    "Corporate parenting strategy refresh", "Youth justice plan", "Budget monitoring, period {q}",
)

INSPECTION_SECTIONS = (
    "What needs to improve", "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care", "The experiences and progress of care leavers",
    "The impact of leaders on social work practice with children and families",
    "Children looked after and achieving permanence", "Leadership, management and governance",
)
LETTER_SECTIONS = ("Areas covered by the visit", "Headline findings", "Findings and evaluation of progress",
                   "What needs to improve further")
REPORT_SECTIONS = ("Purpose of the report", "Background", "Current position", "Performance",
                   "Risks and mitigations", "Financial implications", "Next steps", "Recommendations")
MINUTE_ITEMS = ("Apologies for absence", "Declarations of interest", "Minutes of the previous meeting",
                "Public questions", "Ofsted monitoring visit", "Performance scorecard",
                "Work programme", "Care leavers update", "Any other business")
JUDGEMENTS = ("Outstanding", "Good", "Requires improvement to be good", "Inadequate")

_SAMPLE_AUTHORITIES = re.compile(r"\b(?:South\s+)?Gloucestershire(?:\s+County)?(?:\s+Council)?\b")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_LEADING_NUMBER = re.compile(r"^\(?\d+(?:\.\d+)*[.)]?\s+")
_TRAILING_NUMBER = re.compile(r"\s+\d+\.$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_SHOUTED = re.compile(r"\b[A-Z]{2,}(?:[\s-]+[A-Z]{2,}){2,}\b")  # headings run into a sentence
# Percentages and counts of two or three digits; not "Year 11", "key stage 4", "section 47".
_NUMBER = re.compile(r"(?<![\w.,£])(?<!Year )(?<!stage )(?<!section )"
                     r"(?:\d{1,3}(?:\.\d)?(?=%)|\d{2,3}(?!\d|[,.]\d))")


def _is_prose(paragraph: str) -> bool:
    if len(paragraph) < 60 or "<" in paragraph:
        return False
    letters = sum(1 for char in paragraph if char.isalpha() or char == " ")
    return letters / len(paragraph) >= 0.85


def _printable_in_pdf(sentence: str) -> bool:
    """The standard PDF fonts cover cp1252; anything else would print as a box."""
    try:
        sentence.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def sentences_from_text(text: str) -> list[str]:
    """Whole prose sentences of a paper, council names replaced by the placeholder."""
    found = []
    for raw in _PARAGRAPH_BREAK.split(text):
        if "\t" in raw:  # table rows
            continue
        paragraph = _LEADING_NUMBER.sub("", " ".join(raw.split()))
        if not _is_prose(paragraph):
            continue
        for sentence in _SENTENCE_END.split(paragraph):
            sentence = _TRAILING_NUMBER.sub("", sentence)
            if 40 <= len(sentence) <= 400 and sentence[0].isupper() and sentence[-1] in ".!?" \
                    and not _SHOUTED.search(sentence) and _printable_in_pdf(sentence):
                found.append(_SAMPLE_AUTHORITIES.sub(AUTHORITY_PLACEHOLDER, sentence))
    return found


@lru_cache(maxsize=4)
def sentence_pool(sample_dir: Path = SAMPLE_DIR) -> tuple[str, ...]:
    """Every distinct sample sentence, in a fixed order (files sorted, first occurrence kept)."""
    files = sorted(sample_dir.glob("*.txt"))
    if not files:
        raise FileNotFoundError(f"No sample papers (*.txt) in {sample_dir}")
    seen: dict[str, None] = {}
    for path in files:
        for sentence in sentences_from_text(path.read_text(encoding="utf-8")):
            seen.setdefault(sentence, None)
    return tuple(seen)


def personalise(sentence: str, authority: str, rng: random.Random) -> str:
    """The sentence about ``authority``, with its small figures redrawn for this document."""
    sentence = sentence.replace(AUTHORITY_PLACEHOLDER, authority)
    return _NUMBER.sub(lambda match: _redraw(match.group(0), rng), sentence)


def _redraw(number: str, rng: random.Random) -> str:
    if "." in number:
        return f"{rng.uniform(1, 99):.1f}"
    return str(rng.randint(2, 99 if len(number) < 3 else 400))


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
