"""The distinctive terms of a recommendation, as a full-text query for evidence suggestions.

Inspectors write every recommendation with the same words ("ensure that",
"children", "effective", "timely"); those say nothing about what a passage
must be about, so they are dropped. What is left are the recommendation's
subjects: domain phrases ("care leavers", "return home interviews") that are
kept whole and weigh more, each with the other ways papers say the same thing
("young people leaving care", "return interviews"), and single distinctive
words. Pure functions: no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Function words and the vocabulary every recommendation and report shares.
STOPWORDS = frozenset("""
a about above across after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each either else ever every
few for from further had has have having he her here hers him his how however i if in into is it its
itself just least less let like made make makes many may me might more most much must my no nor not
now of off on once one only or other our ours out over own per rather same shall she should so some
such than that the their theirs them then there these they this those through thus to too under
until up upon us very via was we were what when where whether which while who whom whose why will
with within without would yet you your
""".split())

# Words of the inspection genre: in nearly every recommendation and every report.
GENERIC = frozenset("""
ensure ensures ensuring ensured local authority authorities council children child childrens young
people person improve improves improved improving improvement improvements quality effective
effectively effectiveness consistent consistently appropriate appropriately timely way ways take
taken action actions immediate immediately urgent urgently steps continue continues continued
devise implement implemented implementing implementation strengthen strengthened strengthening
embed embedded well all including include includes particularly relevant robust robustly clear
clearly good better best need needs needed needing services service work works working practice
practices staff managers manager social workers worker professionals outcomes outcome impact
impacts support supported supporting supports progress progressed develop developed development
provide provided provides providing offered offer given give receive received understood understand
understanding applied apply use used using make made able enable enabled help helped helping
area areas level levels range number numbers time times order sure system systems effect able
regularly regular well-embedded purposeful considered consider acted upon whenever possible
both within prior being held hold held also new key positive demonstrable demonstrably swiftly
systematically actively sustained circumstances where these those them their care findings
process
""".split())

# Words in more than about one passage in thirty of children's services papers (measured on
# the sample papers; FTS5's stemmer also folds "localities" into "local", "informs" into
# "information"). They still count towards how much of a recommendation a passage covers,
# but are not searched for: each would make the search read a tenth of the whole index.
COMMON_WORDS = frozenset("""
plan plans planning planned management manage managed localities locality protective protection
protect case cases risk risks review reviews reviewed families family informs inform information
identify identified board boards meet meets experiences experience performance actioned action
monitored monitor monitoring responsive response challenges challenge safeguarding safeguard
educational education
""".split())

MIN_WORD = 4  # shorter words left after the lists above are rarely what a passage is about
MAX_CONCEPTS = 16  # a longer query costs time and finds nothing a shorter one misses


@dataclass(frozen=True, slots=True)
class Concept:
    """One thing the recommendation is about, and the ways a paper may say it."""

    label: str  # shown to the user in "shares: ..."
    phrases: tuple[str, ...]  # each a word or a phrase of words, lower case, no punctuation
    weight: int  # 2 for domain phrases, 1 for single words


# Domain phrases with the other ways papers say them. The first is the label; a
# recommendation mentioning any of them is about the whole group.
DOMAIN_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("care leavers", "care leaver", "leaving care", "young people leaving care",
     "care experienced young people", "personal advisers"),
    # FTS5's stemmer reads "managers oversight" as "management oversight": one of them is enough.
    ("supervision", "reflective supervision", "management oversight"),
    ("management oversight", "oversight by managers", "supervision"),
    ("return home interviews", "return home interview", "return interviews", "missing children",
     "go missing", "missing from home", "missing from care"),
    ("child sexual exploitation", "sexual exploitation", "cse", "exploitation"),
    ("strategy meetings", "strategy meeting", "strategy discussions", "strategy discussion"),
    ("child protection conference", "child protection conferences", "initial child protection conference"),
    ("safety planning", "safety plans", "safety plan"),
    ("placement stability", "placement moves", "placement breakdown", "stability of placements",
     "placement choice", "sufficiency"),
    # Not "permanence" alone: FTS5's stemmer makes it "permanent" (workforce, exclusions).
    ("permanency planning", "achieving permanence", "plans for permanence", "long-term planning",
     "permanence"),
    ("life-story work", "life story work", "life-story", "life story", "direct work"),
    ("direct work", "direct work kits"),
    ("independent reviewing officers", "independent reviewing officer", "iro", "iros",
     "reviewing officers"),
    ("child protection chairs", "conference chairs"),
    ("quality assurance", "auditing", "audits", "case file audits", "audit"),
    # Phrases only: the stemmer makes "escalation" and "escalating risk" one word.
    ("escalation process", "escalation processes", "challenge and escalation",
     "escalation policy", "dispute resolution"),
    ("virtual school", "educational attainment", "attainment", "education of children in care",
     "personal education plans"),
    ("not in education, employment or training", "neet", "education, employment or training",
     "education employment or training"),
    ("work experience", "work placements", "traineeships", "apprenticeships", "apprentice"),
    ("pathway plans", "pathway plan", "pathway planning", "post-18", "transition to adulthood"),
    ("bed and breakfast", "b&b", "emergency accommodation", "accommodation"),
    ("serious case reviews", "serious case review", "learning reviews", "learning from reviews"),
    ("performance information", "performance management information", "performance data",
     "performance reporting", "performance surgeries", "accurate data", "data quality"),
    ("thresholds", "threshold", "application of thresholds"),
    ("pre-proceedings", "public law outline", "care proceedings", "legal planning",
     "legal advice", "legal thresholds", "legal processes", "court"),
    ("come into care", "entry into care", "admissions to care", "becoming looked after",
     "voluntary accommodation", "voluntary arrangement", "section 20"),
    ("allocated", "allocation", "unallocated", "caseloads", "capacity"),
    ("drift and delay", "drift", "delay", "delays", "progress their plans",
     "progressing children's plans"),
    ("risk-assessed", "risk assessed"),
    ("assessments", "assessment", "risk assessment", "risk assessments"),
    ("multi-agency audit", "multi-agency audits", "multi-agency auditing"),
    ("neglect strategy", "neglect toolkit", "neglect"),
    ("annual report",),
    ("training", "training and development", "learning and development"),
    ("complaints", "feedback from children", "staff surveys"),
    ("keep in touch", "in touch", "contact with care leavers"),
    ("front door", "multi-agency safeguarding hub", "mash"),
)

# Phrases of the genre, dropped before single words are taken.
GENERIC_PHRASES: tuple[str, ...] = (
    "children looked after", "looked after children", "children in care", "local authority",
    "social workers", "young people", "young person", "in a timely way", "up-to-date",
    "take immediate action", "take urgent steps",
)

# Display labels are the group's first phrase; a group's members also count as its label's words.
_TOKEN = re.compile(r"[a-z][a-z'\u2019-]*[a-z]|[a-z]")
_SPLIT = re.compile(r"[^a-z0-9&]+")


def _normal(text: str) -> str:
    """Lower case, typographic quotes plain, no possessive 's, runs of space single."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("'s ", " ")
    return " ".join(text.split())


def _phrase_words(phrase: str) -> list[str]:
    """A phrase as the words FTS5 sees (hyphens and '&' split words; apostrophes too)."""
    return [w for w in _SPLIT.split(phrase.lower()) if w]


def _stem(word: str) -> str:
    """A rough stem, only to tell two forms of one word apart from two words."""
    for ending in ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ed", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def _pattern(phrase: str) -> re.Pattern[str]:
    """``phrase`` as whole words, allowing a plural or -ing/-ed ending."""
    words = [re.escape(w) for w in _phrase_words(phrase)]
    return re.compile(r"\b" + r"[^a-z0-9&]+".join(words) + r"(?:s|es|ed|ing)?\b")


def _claim(flat: str, phrase: str, claimed: list[tuple[int, int]]) -> bool:
    """Mark where ``phrase`` stands in ``flat`` outside what other phrases took; found any?"""
    hit = False
    for match in _pattern(phrase).finditer(flat):
        span = match.span()
        if all(span[1] <= a or span[0] >= b for a, b in claimed):
            claimed.append(span)
            hit = True
    return hit


def concepts(text: str, authority: str | None = None) -> list[Concept]:
    """What a recommendation is about: domain phrase groups first, then distinctive words.

    A word inside a domain phrase found (or inside a phrase of the genre such as
    "children looked after", or the authority's own name) is not used again alone.
    """
    flat = _normal(text)
    claimed: list[tuple[int, int]] = []
    for phrase in GENERIC_PHRASES + ((_normal(authority),) if authority else ()):
        _claim(flat, phrase, claimed)
    # Longest phrases first across all groups: "multi-agency audit" before "audit".
    hit_groups: set[int] = set()
    for _length, index, phrase in sorted(((len(p), i, p) for i, group in enumerate(DOMAIN_SYNONYMS)
                                          for p in group), key=lambda t: (-t[0], t[1])):
        if _claim(flat, phrase, claimed):
            hit_groups.add(index)
    found = [Concept(group[0], tuple(_normal(p) for p in group), 2)
             for index, group in enumerate(DOMAIN_SYNONYMS) if index in hit_groups]
    seen = {c.label for c in found}
    for match in _TOKEN.finditer(flat):
        if not all(match.end() <= a or match.start() >= b for a, b in claimed):
            continue
        word = match.group().replace("'", "")
        for part in word.split("-"):
            stem = _stem(part)
            if len(part) < MIN_WORD or part in STOPWORDS or part in GENERIC or stem in seen:
                continue
            seen.add(stem)
            found.append(Concept(part, (part,), 1))
    return _merge_duplicates(found)[:MAX_CONCEPTS]


def _merge_duplicates(found: list[Concept]) -> list[Concept]:
    """Two groups can overlap ("supervision" and "management oversight"): keep the first."""
    kept: list[Concept] = []
    phrases: set[str] = set()
    for concept in found:
        if concept.label in phrases:
            continue
        kept.append(concept)
        phrases.update(concept.phrases)
    return kept


def _singular(word: str) -> str:
    """"leavers" -> "leaver" (FTS5 reads them as one word), but "serious" stays."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def fts_query(found: list[Concept]) -> str | None:
    """An FTS5 MATCH expression: any phrase of any concept, each once (common single
    words left out: see COMMON_WORDS).

    Every phrase costs a read of its words' lists in the index, so one differing from
    another only by a plural is given once, and none is repeated to weigh more (that
    doubled the time): how much each concept weighs is decided after the search, on the
    passages found (services/suggestions.py).
    """
    keys: list[tuple[str, ...]] = []
    for concept in found:
        if concept.weight == 1 and concept.label in COMMON_WORDS:
            continue
        for phrase in concept.phrases:
            key = tuple(_singular(w) for w in _phrase_words(phrase))
            if key and key not in keys:
                keys.append(key)
    return " OR ".join('"' + " ".join(k) + '"' for k in keys) if keys else None


@lru_cache(maxsize=4096)
def _stem_pattern(phrase: str) -> str:
    """Like FTS5's porter matching, roughly: each word of the phrase may take an ending."""
    stems = [re.escape(_stem(w) if len(w) > 4 else w) for w in _phrase_words(phrase)]
    return r"\b" + r"\w*[^a-z0-9&]+".join(stems) + r"\w*" if stems else r"(?!)"


@lru_cache(maxsize=1024)
def _concept_regex(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{_stem_pattern(p)})" for p in phrases))


@lru_cache(maxsize=256)
def _any_concept_regex(groups: tuple[tuple[str, ...], ...]) -> re.Pattern[str]:
    """One pattern for all the concepts: a text is read once, not once per concept."""
    return re.compile("|".join(f"(?P<c{n}>{'|'.join(_stem_pattern(p) for p in phrases)})"
                               for n, phrases in enumerate(groups)))


def matched(found: list[Concept], text: str) -> list[Concept]:
    """The concepts a passage's text speaks to (for the reason shown, and for re-ranking)."""
    if not found:
        return []
    flat = _normal(text)
    groups = tuple(c.phrases for c in found)
    hit = {int(m.lastgroup[1:]) for m in _any_concept_regex(groups).finditer(flat) if m.lastgroup}
    # Where two concepts share words ("supervision" is also management oversight's), the
    # one read first took them: look again for the ones sharing words with those found.
    again = {n for h in hit for n in _sharing_words(groups).get(h, ())} - hit
    hit |= {n for n in again if _concept_regex(groups[n]).search(flat)}
    return [c for n, c in enumerate(found) if n in hit]


@lru_cache(maxsize=256)
def _sharing_words(groups: tuple[tuple[str, ...], ...]) -> dict[int, set[int]]:
    words = [{_stem(w) for p in phrases for w in _phrase_words(p)} for phrases in groups]
    return {n: {m for m in range(len(groups)) if m != n and words[n] & words[m]}
            for n in range(len(groups))}


def said(concept: Concept, text: str) -> str:
    """How ``text`` puts the concept: its label, or the first of its other phrases found."""
    flat = _normal(text)
    if _concept_regex((concept.label,)).search(flat):
        return concept.label
    return next((p for p in concept.phrases if _concept_regex((p,)).search(flat)), concept.label)
