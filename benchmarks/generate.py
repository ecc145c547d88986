"""Generate a deterministic corpus of council papers, as PDF and/or plain text.

    python -m benchmarks.generate --docs 1000 --format pdf txt [--seed 0] [--out DIR]

Each document is one of four kinds (Ofsted inspection report, monitoring-visit
letter, committee minutes, officer report), about one of ~36 real English
authorities, dated 2013-2025, 2-6 pages long. Its paragraphs are recombined
from sentences of the sample papers, chosen afresh for every document, so no
two documents are near-duplicates. Document ``i`` depends only on (seed, i):
the same command writes byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from benchmarks import corpus_text as ct
from benchmarks.common import OUT_DIR
from benchmarks.layout import Block, PageLayout, draw_pdf

GENERATOR_VERSION = 2  # bump when output changes, so cached corpora are rebuilt
DOC_TYPES = ("inspection_report", "monitoring_visit", "committee_minutes", "committee_report")
FIRST_DAY, LAST_DAY = date(2013, 1, 1), date(2025, 12, 31)
FORMATS = ("pdf", "txt")


@dataclass
class GeneratedDocument:
    index: int
    doc_type: str  # a desktop.domain.documents.DocType value
    authority: str
    date: date
    title: str
    blocks: list[Block]
    layout: PageLayout
    header_right: str
    footer_left: str

    @property
    def pages(self) -> int:
        return self.layout.page_count

    def text(self) -> str:
        return "\n\n".join(block.as_text() for block in self.blocks) + "\n"


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _paragraph_text(rng: random.Random, authority: str, pool: Sequence[str]) -> str:
    count = rng.randint(2, 5)
    return " ".join(ct.personalise(rng.choice(pool), authority, rng) for _ in range(count))


def _sections(rng: random.Random, names: Sequence[str]) -> Iterator[str]:
    """Section names in a shuffled order, repeated as long as the document needs."""
    while True:
        order = list(names)
        rng.shuffle(order)
        yield from order


def _body(doc_type: str, rng: random.Random, authority: str, pool: Sequence[str]) -> Iterator[Block]:
    """An endless stream of headings and paragraphs in the numbering style of the kind."""
    names = {"inspection_report": ct.INSPECTION_SECTIONS, "monitoring_visit": ct.LETTER_SECTIONS,
             "committee_minutes": ct.MINUTE_ITEMS, "committee_report": ct.REPORT_SECTIONS}[doc_type]
    paragraph_number = 0
    for section_number, name in enumerate(_sections(rng, names), start=1):
        if doc_type in ("committee_minutes", "committee_report"):
            yield Block("heading", name, f"{section_number}.")
        else:
            yield Block("heading", name)
        for sub in range(1, rng.randint(2, 6) + 1):
            text = _paragraph_text(rng, authority, pool)
            if doc_type == "inspection_report":
                paragraph_number += 1
                yield Block("paragraph", text, f"{paragraph_number}.")
            elif doc_type == "monitoring_visit":
                yield Block("paragraph", text)  # Ofsted letters do not number paragraphs
            else:
                yield Block("paragraph", text, f"{section_number}.{sub}")


def _front_matter(doc_type: str, rng: random.Random, authority: str, day: date) -> tuple[str, list[Block]]:
    """The document's title and its opening lines."""
    if doc_type == "inspection_report":
        title = ("Inspection of local authority children's services" if day.year >= 2018 else
                 "Inspection of services for children in need of help and protection, "
                 "children looked after and care leavers")
        start = day - timedelta(days=rng.randint(40, 70))
        return title, [
            Block("title", authority), Block("title", title),
            Block("meta", f"Inspection dates: {long_date(start)} to {long_date(start + timedelta(days=11))}"),
            Block("meta", f"Report published: {long_date(day)}"),
            Block("meta", f"Lead inspector: {ct.person(rng)}, His Majesty's Inspector"),
            Block("meta", f"Overall effectiveness: {rng.choice(ct.JUDGEMENTS)}"),
        ]
    if doc_type == "monitoring_visit":
        title = f"Monitoring visit to {authority} children's services"
        visit = day - timedelta(days=rng.randint(14, 35))
        director = ct.person(rng)
        return title, [
            Block("meta", "Ofsted, Piccadilly Gate, Store Street, Manchester M1 2WD"),
            Block("meta", long_date(day)), Block("meta", director),
            Block("meta", f"Director of Children's Services, {authority} Council"),
            Block("meta", f"Dear {director.split()[0]}"), Block("heading", title),
            Block("paragraph", f"This letter summarises the findings of the monitoring visit to "
                               f"{authority} children's services on {long_date(visit)} and "
                               f"{long_date(visit + timedelta(days=1))}."),
        ]
    committee = rng.choice(ct.COMMITTEES)
    if doc_type == "committee_minutes":
        title = f"{committee}: minutes of the meeting held on {long_date(day)}"
        members = ", ".join(ct.person(rng) for _ in range(rng.randint(4, 8)))
        return title, [
            Block("title", f"{authority} Council"), Block("title", committee),
            Block("meta", f"Minutes of the meeting held on {day:%A} {long_date(day)} at 10.00 am"),
            Block("meta", f"Present: Councillors {members}"),
        ]
    topic = rng.choice(ct.TOPICS).format(q=rng.randint(1, 4))
    return topic, [
        Block("title", f"{authority} Council"), Block("meta", f"Report to: {committee}"),
        Block("meta", f"Date of meeting: {long_date(day)}"),
        Block("meta", "Report of: Director of Children's Services"),
        Block("title", topic), Block("meta", f"Contact officer: {ct.person(rng)}"),
    ]


def _closing(doc_type: str, rng: random.Random, day: date) -> list[Block]:
    if doc_type == "monitoring_visit":
        inspector = "Her" if day.year < 2022 else "His"
        return [Block("meta", "Yours sincerely"), Block("meta", ct.person(rng)),
                Block("meta", f"{inspector} Majesty's Inspector")]
    if doc_type == "committee_minutes":
        return [Block("meta", "The meeting closed at 12.40 pm."), Block("meta", "Chair")]
    if doc_type == "committee_report":
        return [Block("meta", "Background papers: none.")]
    return []


def _fill_pages(layout: PageLayout, body: Iterator[Block], closing: list[Block],
                target_pages: int) -> list[Block]:
    """Lay out body blocks until the next would start page ``target_pages + 1``; then the closing."""
    placed: list[tuple[Block, tuple[int, int, float]]] = []
    for block in body:
        mark = layout.mark()
        layout.add(block)
        if layout.page_count > target_pages:
            layout.undo(mark)
            break
        placed.append((block, mark))
    while placed and placed[-1][0].kind == "heading":  # no heading without its paragraphs
        layout.undo(placed.pop()[1])
    while True:
        mark = layout.mark()
        for block in closing:
            layout.add(block)
        if layout.page_count <= target_pages or len(placed) <= 1:
            return [block for block, _ in placed] + closing
        layout.undo(mark)
        layout.undo(placed.pop()[1])


def build_document(index: int, seed: int = 0, pool: Sequence[str] | None = None) -> GeneratedDocument:
    """Document ``index`` of the corpus ``seed``; the same arguments give the same document."""
    pool = pool if pool is not None else ct.sentence_pool()
    rng = random.Random(f"scrutiny-bench:{seed}:{index}")
    doc_type = rng.choice(DOC_TYPES)
    authority = rng.choice(ct.AUTHORITIES)
    day = FIRST_DAY + timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))
    title, front = _front_matter(doc_type, rng, authority, day)
    layout = PageLayout()
    for block in front:
        layout.add(block)
    body = _fill_pages(layout, _body(doc_type, rng, authority, pool),
                       _closing(doc_type, rng, day), rng.randint(2, 6))
    ofsted = doc_type in ("inspection_report", "monitoring_visit")
    return GeneratedDocument(
        index=index, doc_type=doc_type, authority=authority, date=day, title=title,
        blocks=front + body, layout=layout,
        header_right=title if len(title) < 60 else title[:57] + "...",
        footer_left="Ofsted" if ofsted else f"{authority} Council - OFFICIAL",
    )


def write_document(doc: GeneratedDocument, folder: Path, fmt: str) -> Path:
    path = folder / f"doc_{doc.index:05d}.{fmt}"
    if fmt == "pdf":
        draw_pdf(doc.layout, path, header_left=f"{doc.authority} children's services",
                 header_right=doc.header_right, footer_left=doc.footer_left, title=doc.title)
    else:
        path.write_text(doc.text(), encoding="utf-8")
    return path


def corpus_dir(count: int, seed: int = 0) -> Path:
    return OUT_DIR / f"corpus-{count}-seed{seed}"


def _manifest(count: int, seed: int) -> dict:
    return {"generator_version": GENERATOR_VERSION, "count": count, "seed": seed}


def ensure_corpus(count: int, fmt: str, *, seed: int = 0, folder: Path | None = None,
                  verbose: bool = True) -> list[Path]:
    """The files of a corpus in one format, generated unless already there (and current)."""
    folder = (folder or corpus_dir(count, seed)) / fmt
    manifest_path = folder / "manifest.json"
    wanted = _manifest(count, seed)
    paths = [folder / f"doc_{i:05d}.{fmt}" for i in range(count)]
    if manifest_path.exists() and json.loads(manifest_path.read_text()) == wanted \
            and all(p.exists() for p in paths):
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    pool = ct.sentence_pool()
    started = time.perf_counter()
    for index in range(count):
        write_document(build_document(index, seed, pool), folder, fmt)
        if verbose and (index + 1) % 500 == 0:
            print(f"  generated {index + 1}/{count} {fmt} in {time.perf_counter() - started:.0f} s",
                  file=sys.stderr)
    manifest_path.write_text(json.dumps(wanted))
    return paths


def describe(count: int, seed: int = 0) -> dict[str, object]:
    """What a corpus holds: kinds, authorities, years and pages (without writing it)."""
    pool = ct.sentence_pool()
    docs = [build_document(i, seed, pool) for i in range(count)]
    return {
        "types": Counter(d.doc_type for d in docs), "authorities": len({d.authority for d in docs}),
        "years": (min(d.date.year for d in docs), max(d.date.year for d in docs)),
        "pages": Counter(d.pages for d in docs), "words": sum(len(d.text().split()) for d in docs),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--format", nargs="+", choices=FORMATS, default=list(FORMATS))
    parser.add_argument("--out", type=Path, help=f"folder (default {OUT_DIR}/corpus-N-seedS)")
    args = parser.parse_args(argv)
    for fmt in args.format:
        started = time.perf_counter()
        paths = ensure_corpus(args.docs, fmt, seed=args.seed, folder=args.out)
        print(f"{fmt}: {len(paths)} files in {paths[0].parent} ({time.perf_counter() - started:.1f} s)")
    facts = describe(args.docs, args.seed)
    print(f"types: {dict(facts['types'])}")
    print(f"authorities: {facts['authorities']}, years: {facts['years']}, "
          f"pages: {dict(sorted(facts['pages'].items()))}, words: {facts['words']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
