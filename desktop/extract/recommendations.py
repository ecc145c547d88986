"""Recommendations, priority actions and areas for improvement, as printed in a paper.

A report introduces them with a heading ("Recommendations", "What needs to
improve in this local authority?", "Areas for priority action" ...) and then
lists them, numbered or bulleted. An item may run over several lines (a page
break, a blank line); it ends at the next item, or at a line that starts a new
sentence or section. A paper quoting a report (an officer's progress report)
introduces the list with a sentence instead: "Ofsted made the following five
recommendations:".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop.domain.documents import PassageDraft, PassageKind
from desktop.domain.recommendations import LSCB, RecommendationDraft, RecommendationKind
from desktop.extract.list_items import (
    ItemMark,
    clean,
    continues,
    is_contents_entry,
    is_furniture,
    item_mark,
    join_parts,
    starts_with_imperative,
)
from desktop.extract.paragraph_items import as_mark, paragraph_items
from desktop.ingest.markers import ends_sentence

_KIND = RecommendationKind
_WORDS = r"[\w ,'\u2019&()-]"

# Headings, matched against the whole (lower-cased) line; the value says what the list holds.
_HEADINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"(?:(?:ofsted'?s?|our|the|key|main|further) )?recommendations?"
                rf"(?: (?:for|to|made|of|from|about) {_WORDS}{{1,60}})?"), "recommendation"),
    (re.compile(rf"(?:areas? (?:for|of|requiring) )?(?:priority|immediate)(?: and immediate)? actions?"
                rf"(?: {_WORDS}{{1,60}})?"), "priority"),
    (re.compile(rf"areas? for (?:priority|immediate) action(?: {_WORDS}{{1,60}})?"), "priority"),
    (re.compile(rf"(?:(?:main|key) )?areas? (?:for|of|requiring) (?:further |development and )?improvement"
                rf"(?: {_WORDS}{{1,60}})?"), "improvement"),
    (re.compile(rf"what (?:needs|does {_WORDS}{{1,60}}? need|do {_WORDS}{{1,60}}? need"
                rf"|{_WORDS}{{1,60}}? (?:needs?|has|have|must do) to|is needed to|should)"
                rf" ?(?:to )?(?:improve|do better|be improved|change)(?: {_WORDS}{{1,80}})?"), "improvement"),
)

_HEADING_WORDS = ("recommend", "improv", "action")
_HEADING_WORDS_CASED = ("ecommend", "mprov", "ction")

# An officer's sentence introducing a quoted list: it names the list and who made it.
_QUOTED_LIST = re.compile(
    r"recommend|areas? for (?:priority action|improvement)|needs? to improve|priority actions?", re.IGNORECASE)
_QUOTED_SOURCE = re.compile(r"ofsted|inspect", re.IGNORECASE)
_COUNT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_STATED_COUNT = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"
                           r"\s+(?:\w+\s+){0,3}?(?:recommendations|areas|priority actions|actions|points)",
                           re.IGNORECASE)

# A reference to finding paragraphs at the end of an item: "(Paragraph 30 and 112)".
_PARAGRAPH_REF = re.compile(
    r"\s*\((?:see )?paragraphs?\s+(?P<nums>\d{1,3}(?:\s*(?:,|and|&|-|\u2013)\s*\d{1,3}){0,12})\)\.?$",
    re.IGNORECASE)
# A section heading glued to the end of the last item before it (PDF extraction): "... dentist. Areas for improvement".
_GLUED_TAIL = re.compile(r"(?P<body>.*[.;!?][\"'\u2019\u201d)]?) (?P<tail>[A-Z][^.!?;:]{2,90})")

MAX_PREAMBLE = 3  # lines allowed between a heading and its first item (sub-headings, "The LA should:")
MAX_HEADING_CHARS = 140
MAX_LEADING_PHRASE = 90  # "In partnership with care leavers, review ...": the phrase before the verb


@dataclass
class _Item:
    mark: ItemMark
    label: str
    kind: RecommendationKind
    parts: list[str]
    seqs: list[int]
    references: tuple[str, ...] = ()
    # The marker as printed around its number ("(" ")", "R" ".", "" ")"): to spot the next one run into the text.
    affixes: tuple[str, str] = ("", ".")
    group: str | None = None  # who the item is addressed to: a table's responsible body, a JTAI agency


@dataclass
class RecommendationList:
    """One list of recommendations and the passage range it came from."""

    heading_seq: int
    items: list[_Item] = field(default_factory=list)

    @property
    def last_seq(self) -> int:
        return self.items[-1].seqs[-1] if self.items else self.heading_seq

    def drafts(self) -> list[RecommendationDraft]:
        return [_draft(item) for item in self.items]


def heading_kind(line: str) -> str | None:
    """What a heading line announces ("recommendation", "priority", "improvement"), or None."""
    if not line or len(line) > MAX_HEADING_CHARS or line[-1].isdigit():
        return None
    text = line.lower().replace("\u2019", "'")
    if not any(word in text for word in _HEADING_WORDS):
        return None  # most lines: no need to try the patterns
    if text[0].isdigit():  # "3. Recommendations", "4.1 Areas for improvement"
        mark = item_mark(line)
        text = text[mark.text_start:] if mark else text
    text = text.strip().rstrip(":?.-\u2013 ").strip("*# ")
    for pattern, kind in _HEADINGS:
        if pattern.fullmatch(text):
            return kind
    return None


def kind_for(heading: str, letter: bool) -> RecommendationKind:
    """Item kind under a heading: a visit letter's areas for improvement are not recommendations."""
    if heading == "priority":
        return _KIND.PRIORITY_ACTION
    if heading == "improvement" and letter:
        return _KIND.AREA_FOR_IMPROVEMENT
    return _KIND.RECOMMENDATION


def find_lists(passages: Sequence[PassageDraft], letter: bool) -> list[RecommendationList]:
    """Every list under a recommendations heading, in document order."""
    found: list[RecommendationList] = []
    for seq, passage in enumerate(passages):
        if passage.kind == PassageKind.BULLET or (found and seq <= found[-1].last_seq):
            continue
        heading = heading_kind(clean(passage.text)) if len(passage.text) <= MAX_HEADING_CHARS + 20 else None
        if heading is None:
            heading = _glued_heading_kind(passage.text)
        if heading is None:
            continue
        rec_list = _collect(passages, seq, kind_for(heading, letter), letter, MAX_PREAMBLE)
        if not rec_list.items and letter:
            rec_list = _paragraph_list(passages, seq, kind_for(heading, letter))
        if rec_list.items:
            found.append(rec_list)
    if not letter:
        _mark_board_lists(passages, found)
    return found


_BOARD_HEADING = re.compile(
    r"(?:the\s+|review\s+of\s+the\s+)?(?:local\s+)?safeguarding\s+children(?:'s)?\s+board"
    r"(?:\s*\((?:lscb|scb)\))?", re.I)


def _mark_board_lists(passages: Sequence[PassageDraft], lists: list[RecommendationList]) -> None:
    """2013-18 reports end with a review of the Local Safeguarding Children Board, whose own
    recommendations follow its heading; they are addressed to the Board, not the council.
    The authority's list always comes first, so only a later list after such a heading is
    the Board's (a contents page naming the Board before the first list changes nothing)."""
    for before, rec_list in zip(lists, lists[1:], strict=False):
        between = range(before.last_seq + 1, rec_list.heading_seq)
        if any(_BOARD_HEADING.fullmatch(clean(passages[seq].text).replace("\u2019", "'")) for seq in between):
            for item in rec_list.items:
                item.group = item.group or LSCB


def _paragraph_list(passages: Sequence[PassageDraft], heading_seq: int,
                    kind: RecommendationKind) -> RecommendationList:
    """Rows of an area SEND table, or plain paragraphs, under a priority/improvement heading."""
    result = RecommendationList(heading_seq)
    for position, (text, body, seqs) in enumerate(paragraph_items(passages, heading_seq, heading_kind), 1):
        result.items.append(_Item(mark=as_mark(position), label=str(position), kind=kind, parts=[text],
                                  seqs=seqs, group=body))
    return result


def _glued_heading_kind(text: str) -> str | None:
    """A heading the text layer ran onto the end of a paragraph: "... requires development. Recommendations"."""
    tail = text[-MAX_HEADING_CHARS:]
    if not any(word in tail for word in _HEADING_WORDS_CASED):
        return None
    cut = max(tail.rfind(". "), tail.rfind("? "), tail.rfind(": "))
    if cut < 0 or not tail[cut + 2:cut + 3].isupper():
        return None
    return heading_kind(clean(tail[cut + 2:]))


def find_quoted_list(passages: Sequence[PassageDraft]) -> RecommendationList | None:
    """The list an officer's paper quotes from an inspection, after "Ofsted made ... recommendations:"."""
    fallback = None
    for seq, passage in enumerate(passages):
        line = clean(passage.text)
        if not line.endswith(":") or not _QUOTED_LIST.search(line) or not _QUOTED_SOURCE.search(line):
            continue
        kind = _KIND.PRIORITY_ACTION if "priority action" in line.lower() else _KIND.RECOMMENDATION
        rec_list = _collect(passages, seq, kind, False, 1)
        if not rec_list.items:
            continue
        stated = _stated_count(line)
        if stated is None or stated == len(rec_list.items):
            return rec_list
        fallback = fallback or rec_list
    return fallback


def _stated_count(line: str) -> int | None:
    """The number of items a sentence announces ("the following five recommendations"), if it says."""
    # The last mention is the one right before the list.
    match = next(reversed(list(_STATED_COUNT.finditer(line))), None)
    if match is None:
        return None
    word = match.group(1).lower()
    return int(word) if word.isdigit() else _COUNT_WORDS[word]


def _collect(passages: Sequence[PassageDraft], heading_seq: int, kind: RecommendationKind,
             letter: bool, preamble: int) -> RecommendationList:
    """Items after the heading at ``heading_seq``, until the list visibly ends."""
    result = RecommendationList(heading_seq)
    items = result.items
    top_bullet: str | None = None
    group: str | None = None  # the agency or theme sub-heading the items sit under (JTAI letters)
    skipped = plain_skipped = 0
    seq = heading_seq + 1
    while seq < len(passages):
        line = clean(passages[seq].text)
        if not line or is_furniture(line):
            seq += 1
            continue
        mark = item_mark(line) or _long_list_mark(items, line)
        if mark is not None and not items and plain_skipped and not _opens_after_gap(mark, line):
            break  # a heading in a contents list, then some other numbered list
        if mark is not None:
            outcome = _place_item(items, mark, line, seq, kind, top_bullet)
            if outcome == "stop":
                break
            if outcome == "new" and mark.style == "bullet" and top_bullet is None:
                top_bullet = mark.label
            if outcome == "new" and group is not None:
                items[-1].group = group
            seq += 1
            continue
        if heading_kind(line) is not None:
            break  # the next list starts here; find_lists picks it up
        if items and passages[seq].kind != PassageKind.TABLE_ROW and continues(items[-1].parts[-1], line):
            _continue_item(items, line, seq)
            seq += 1
            continue
        if not items:
            if skipped >= preamble or is_contents_entry(line) or not _preamble_line(line):
                break
            if letter and _agency_heading(passages, seq, line, None):
                group = line
            skipped += 1
            plain_skipped += not line.endswith(":")
            seq += 1
            continue
        if letter and _agency_heading(passages, seq, line, items[-1]):
            group = line
            seq += 1
            continue
        if not _sub_heading_within(passages, seq, line, items[-1]):
            break
        seq += 1
    _finish(items, kind, letter)
    return result


def _place_item(items: list[_Item], mark: ItemMark, line: str, seq: int,
                kind: RecommendationKind, top_bullet: str | None) -> str:
    """Add ``line`` as a new item or as a sub-item of the last; "stop" when it starts another list."""
    text = line[mark.text_start:].strip()
    last = items[-1] if items else None
    if last is not None:
        nested = (mark.style == "bullet" and (last.mark.style == "numbered" or mark.label != top_bullet))
        if nested:
            if last.parts[-1][-1:] not in ".:;,":
                last.parts[-1] += ";"  # sub-points read as a list once joined into one text
            last.parts.append(text)
            last.seqs.append(seq)
            return "nested"
        if mark.style != last.mark.style:
            return "stop"
        if mark.style == "numbered" and mark.number != (last.mark.number or 0) + 1:
            return "stop"  # numbering jumps: these are the report's paragraphs, not this list
        if mark.style == "numbered" and starts_with_imperative(items[0].parts[0]) and not _reads_as_action(text):
            return "stop"  # "Ensure ...", "Improve ...", then "Children told us ...": the report's paragraphs
    if mark.style == "bullet":
        items.append(_Item(mark=mark, label=str(len(items) + 1), kind=kind, parts=[text], seqs=[seq]))
        return "new"
    affixes = _affixes(line[:mark.text_start].strip(), mark)
    for piece_mark, piece in _split_run_on(affixes, mark, text):
        items.append(_Item(mark=piece_mark, label=piece_mark.label, kind=kind, parts=[piece], seqs=[seq],
                           affixes=affixes))
    return "new"


def _long_list_mark(items: list[_Item], line: str) -> ItemMark | None:
    """Item 1000 and on of a very long list, printed the way its items are ("1000. ", "R1000 ").

    The shared item pattern reads up to three digits, so that years and page numbers
    are not taken for items; without this a list stopped silently at item 999.
    """
    last = items[-1] if items else None
    if last is None or last.mark.style != "numbered" or (last.mark.number or 0) < 999:
        return None
    prefix, suffix = last.affixes
    number = (last.mark.number or 0) + 1
    marker = f"{prefix}{number}{suffix}"
    rest = line[len(marker):]
    if not line.startswith(marker) or not rest[:1].isspace() or not rest.strip():
        return None
    digits = str(last.mark.number)
    label = last.label[:-len(digits)] + str(number) if last.label.endswith(digits) else str(number)
    return ItemMark("numbered", label, number, len(line) - len(rest.lstrip()))


def _affixes(marker: str, mark: ItemMark) -> tuple[str, str]:
    digits = str(mark.number)
    at = marker.rfind(digits)
    return (marker[:at], marker[at + len(digits):]) if at >= 0 else ("", ".")


def _split_run_on(affixes: tuple[str, str], mark: ItemMark, text: str) -> list[tuple[ItemMark, str]]:
    """Items the text layer ran into one line: "(1) Ensure ... delay. (2) Improve ..." -> two items."""
    pieces = []
    prefix, suffix = affixes
    number = mark.number or 0
    while True:
        nxt = f" {prefix}{number + 1}{suffix} "
        cut = text.find(nxt)
        if cut < 1 or text[cut - 1] not in ".;:!?":
            break
        pieces.append((mark, text[:cut]))
        label = f"{number + 1}" if mark.label == str(number) else mark.label[:-len(str(number))] + str(number + 1)
        mark = ItemMark("numbered", label, number + 1, mark.text_start)
        text = text[cut + len(nxt):].strip()
        number += 1
    pieces.append((mark, text))
    return pieces


def _continue_item(items: list[_Item], line: str, seq: int) -> None:
    """Add a carried-over line to the last item; items run into it ("... delay. (3) Strengthen") split off."""
    last = items[-1]
    last.seqs.append(seq)
    if last.mark.style != "numbered":
        last.parts.append(line)
        return
    pieces = _split_run_on(last.affixes, last.mark, join_parts(last.parts + [line]))
    last.parts = [pieces[0][1]]
    for piece_mark, piece in pieces[1:]:
        items.append(_Item(mark=piece_mark, label=piece_mark.label, kind=last.kind, parts=[piece], seqs=[seq],
                           affixes=last.affixes))


def _opens_after_gap(mark: ItemMark, line: str) -> bool:
    """After lines that are not a lead-in, a numbered list must read as recommendations to count."""
    return mark.style == "bullet" or _reads_as_action(line[mark.text_start:])


def _reads_as_action(text: str) -> bool:
    """True for "Ensure ...", and for an action after a leading phrase: "With the LSCB, implement ...",
    "When children go missing, ensure ..."."""
    if starts_with_imperative(text) or " should " in text or " must " in text:
        return True
    comma = text.find(", ", 0, MAX_LEADING_PHRASE)
    return comma > 0 and starts_with_imperative(text[comma + 2:])


def _preamble_line(line: str) -> bool:
    """A sub-heading or a lead-in ("The local authority should:") may sit between heading and list."""
    if line.endswith(":"):
        return len(line) <= 300
    return len(line) <= 90 and not ends_sentence(line)


def _sub_heading_within(passages: Sequence[PassageDraft], seq: int, line: str, last: _Item) -> bool:
    """A short theme heading inside a numbered list ("Quality of practice") when the numbering runs on."""
    if len(line) > 90 or ends_sentence(line) or last.mark.style != "numbered":
        return False
    following = seq + 1
    while following < len(passages) and is_furniture(clean(passages[following].text)):
        following += 1
    if following >= len(passages):
        return False
    nxt = clean(passages[following].text)
    mark = item_mark(nxt)
    return (mark is not None and mark.style == "numbered" and mark.number == (last.mark.number or 0) + 1
            and starts_with_imperative(nxt[mark.text_start:]))


# Section headings of a letter that end its list, however short ("Strengths", "Main findings").
_SECTION = re.compile(r"(?:key |main |headline |other )?(?:findings?|strengths?|summary|next steps|case study.*"
                      r"|practice study.*|overview|introduction|background|context|evaluation.*"
                      r"|what happens next.*|information about.*|local area partnership details)",
                      re.IGNORECASE)
MAX_AGENCY_CHARS = 70


def _agency_heading(passages: Sequence[PassageDraft], seq: int, line: str, last: _Item | None) -> bool:
    """A JTAI letter's sub-heading per agency or theme ("Children's social care", "Health", "Police")
    between bullets of one list: a short line that is no section heading, followed by a bullet."""
    if len(line) > MAX_AGENCY_CHARS or ends_sentence(line) or line.endswith(":") or _SECTION.fullmatch(line):
        return False
    if last is not None and last.mark.style != "bullet":
        return False
    following = seq + 1
    while following < len(passages) and is_furniture(clean(passages[following].text)):
        following += 1
    if following >= len(passages):
        return False
    mark = item_mark(clean(passages[following].text))
    return mark is not None and mark.style == "bullet" and (last is None or mark.label == last.mark.label)


def _finish(items: list[_Item], kind: RecommendationKind, letter: bool) -> None:
    """Cut off glued headings and paragraph references; a glued heading may change the kind.

    The text layer can run the next heading onto an item ("... supervision. What needs to
    improve in this area of social work practice", "... managers. Findings"). A list heading
    switches the kind of the items after it; any other heading ends a bulleted list there
    (the bullets after it are findings), while a numbered list runs on past its theme headings.
    """
    current = kind
    bullets_in_kind = 0  # a bullet's label is its position in the list of its own kind
    for index, item in enumerate(items):
        item.kind = current
        if item.mark.style == "bullet":
            bullets_in_kind += 1
            item.label = str(bullets_in_kind)
        text = join_parts(item.parts)
        match = _GLUED_TAIL.fullmatch(text)
        tail = match.group("tail") if match else ""
        switched = heading_kind(clean(tail)) if tail else None
        if match and (switched is not None or _glued_heading(tail)):
            text = match.group("body")
            if switched is not None:
                current, bullets_in_kind = kind_for(switched, letter), 0
            elif item.mark.style == "bullet":
                del items[index + 1:]
                item.parts = [_without_reference(item, text)]
                return
        item.parts = [_without_reference(item, text)]


def _without_reference(item: _Item, text: str) -> str:
    """The item's text without a trailing "(Paragraph 30 and 112)", which it keeps as references."""
    ref = _PARAGRAPH_REF.search(text)
    if ref:
        item.references = tuple(re.findall(r"\d{1,3}", ref.group("nums")))
        text = text[:ref.start()].rstrip()
    return text


_VERBS = frozenset("is are was were be been has have had includes include including should will would can "
                   "could must may to not".split())


def _glued_heading(tail: str) -> bool:
    """True when the words after an item's last full stop read as a heading, not a sentence."""
    words = tail.lower().replace(",", " ").split()
    return (1 <= len(words) <= 8 and not starts_with_imperative(tail)
            and not any(word in _VERBS for word in words))


def _draft(item: _Item) -> RecommendationDraft:
    return RecommendationDraft(label=item.label, text=item.parts[0], kind=item.kind,
                               source_passages=tuple(item.seqs), group=item.group)

