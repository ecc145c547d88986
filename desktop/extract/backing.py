"""Which finding paragraphs back which recommendation.

2013-17 reports end a finding paragraph with "(Recommendation)" without
saying which one: the one it backs is the recommendation that shares the most
distinctive words with it (words that few recommendations use weigh more,
shared two-word phrases more again). A recommendation may also cite its
paragraphs: "(Paragraph 30 and 112)".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from desktop.domain.documents import PassageDraft, PassageKind
from desktop.extract.list_items import clean

_MARKER = re.compile(r"\(\s*recommendations?(?:\s+(?P<label>[A-Z]?\d{1,3}(?:\.\d{1,3})?))?\s*\)\.?$", re.IGNORECASE)
_WORD = re.compile(r"[a-z][a-z'-]{2,}")
_STOPWORDS = frozenset("""
the and for that this with are was were been have has had not but all any its their they them there
these those which who whom whose what when where while from into onto than then also such more most
some many much very well only other others each being over under between through about after before
ensure ensures ensuring take make made does did can could should would will may must within without
local authority authority's children child children's young people person family families services
service social work workers worker practice including include includes how too enough sufficiently
consistently consistent always often not yet still however recommendation recommendations inspectors
""".split())
STEM_CHARS = 6  # "discussions"/"discussion", "meetings"/"meeting" share a stem
MIN_SCORE = 1.5  # below this the paragraph names nothing distinctive of any recommendation
LOOKBACK = 4  # a "(Recommendation)" line may stand a few lines after its paragraph's number


def stems(text: str) -> list[str]:
    return [word[:STEM_CHARS] for word in _WORD.findall(text.lower().replace("\u2019", "'"))
            if word not in _STOPWORDS]


def paper_counts(passages: Sequence[PassageDraft]) -> tuple[Counter[str], int]:
    """How often each stem occurs in the whole paper, and the number of passages (for rarity)."""
    words = Counter(_WORD.findall(" ".join(p.text for p in passages).lower()))
    counts: Counter[str] = Counter()
    for word, count in words.items():  # distinct words only: a few thousand in a long report
        if word not in _STOPWORDS:
            counts[word[:STEM_CHARS]] += count
    return counts, len(passages)


def finding_paragraphs(passages: Sequence[PassageDraft]) -> list[tuple[tuple[int, ...], str, str | None]]:
    """Paragraphs ending "(Recommendation)": (their passage seqs, text, recommendation label if named)."""
    found = []
    for seq, passage in enumerate(passages):
        tail = passage.text[-40:]
        if "ecommendation" not in tail:
            continue
        match = _MARKER.search(clean(tail))
        if match is None:
            continue
        first = _paragraph_start(passages, seq)
        seqs = tuple(range(first, seq + 1))
        text = " ".join(passages[s].text for s in seqs)
        found.append((seqs, text, match.group("label")))
    return found


def _paragraph_start(passages: Sequence[PassageDraft], seq: int) -> int:
    """The numbered passage that opens the paragraph ending at ``seq`` (itself when unnumbered)."""
    for back in range(seq, max(-1, seq - LOOKBACK - 1), -1):
        kind = passages[back].kind
        if kind == PassageKind.NUMBERED:
            return back
        if kind in (PassageKind.BULLET, PassageKind.TABLE_ROW) or (back < seq and _ends_paragraph(passages[back])):
            break
    return seq


def _ends_paragraph(passage: PassageDraft) -> bool:
    return passage.text.rstrip().endswith((".)", ")", ".", ":")) and passage.kind != PassageKind.NUMBERED


class Matcher:
    """Scores a finding's words against a set of recommendations.

    A word weighs by how rare it is across the whole paper (idf over its
    passages, approximated by its occurrences): "board" or "quality" run
    through an LSCB review, "neglect" or "toolkit" name one thing.
    """

    def __init__(self, texts: Sequence[str], paper: tuple[Counter[str], int]) -> None:
        self._stems = [set(stems(text)) for text in texts]
        self._pairs = [_pairs(stems(text)) for text in texts]
        wanted = set().union(*self._stems) if self._stems else set()
        counts, size = paper
        # Occurrences stand in for the passages a word is in (few words recur within one paragraph).
        self._weight = {stem: math.log((size + 1) / (min(counts[stem], size) + 1)) for stem in wanted}
        self._norms = [math.sqrt(sum(self._weight[s] ** 2 for s in group)) or 1.0 for group in self._stems]

    def best(self, finding: str) -> int | None:
        """Index of the recommendation the finding backs, or None when nothing fits."""
        words = stems(finding)
        finding_stems, finding_pairs = set(words), _pairs(words)
        best_index, best_score = None, MIN_SCORE
        for index, rec_stems in enumerate(self._stems):
            score = sum(self._weight[s] ** 2 for s in finding_stems & rec_stems)
            # A shared phrase ("placement stability") says more than its two words apart.
            score += sum(self._weight[a] * self._weight[b] for a, b in finding_pairs & self._pairs[index])
            score /= self._norms[index]
            if score > best_score:
                best_index, best_score = index, score
        return best_index


def _pairs(words: list[str]) -> set[tuple[str, str]]:
    return set(zip(words, words[1:], strict=False))


def numbered_passages(passages: Sequence[PassageDraft]) -> dict[str, int]:
    """Label -> seq of the first numbered paragraph with that label."""
    by_label: dict[str, int] = {}
    for seq, passage in enumerate(passages):
        if passage.kind == PassageKind.NUMBERED and passage.label and passage.label not in by_label:
            by_label[passage.label] = seq
    return by_label
