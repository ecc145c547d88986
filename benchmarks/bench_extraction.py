"""Extraction report over the real papers in the shared corpus.

For every real report and letter in ``../shared/corpus`` (PDFs and the text
samples), the items the hand-written truth in ``benchmarks/gold/extraction.json``
says it prints are compared with what the extractor finds: expected, found,
missed and extra, per kind, by printed label. Also times ``extract_findings``
per document (the reading of the file is not counted).

    python -m benchmarks.bench_extraction            # report
    python -m benchmarks.bench_extraction --json     # machine-readable
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from benchmarks.common import REPO_ROOT

CORPUS = REPO_ROOT.parent / "shared" / "corpus"
GOLD = Path(__file__).resolve().parent / "gold" / "extraction.json"
KINDS = ("recommendation", "priority_action", "area_for_improvement")
TIMING_ROUNDS = 5


def _papers(name: str):
    """The prepared papers of one corpus file (a pack gives several; the first report counts)."""
    from desktop.services.preparing import prepare_file

    prepared = prepare_file(CORPUS / name, "bench")
    return prepared.papers


def _time_extraction(paper) -> float:
    from desktop.extract.findings import extract_findings

    best = float("inf")
    for _ in range(TIMING_ROUNDS):
        start = time.perf_counter()
        extract_findings(paper.passages, paper.metadata)
        best = min(best, time.perf_counter() - start)
    return best


def compare(expected: dict, found: list) -> dict[str, dict[str, list[str]]]:
    """Per kind: expected, found, missed and extra labels."""
    result = {}
    for kind in KINDS:
        want = list(expected.get(kind, []))
        got = [d.label for d in found if d.kind.value == kind]
        missed = [label for label in want if label not in got]
        extra = [label for label in got if label not in want]
        result[kind] = {"expected": want, "found": got, "missed": missed, "extra": extra}
    return result


def run() -> dict:
    gold = json.loads(GOLD.read_text())
    rows = []
    for name, expected in gold.items():
        if name.startswith("_"):
            continue
        papers = _papers(name)
        paper = max(papers, key=lambda p: len(p.findings.recommendations))
        judgements = len(paper.findings.judgements)
        rows.append({"file": name, "kinds": compare(expected, paper.findings.recommendations),
                     "judgements_expected": expected.get("judgements"), "judgements_found": judgements,
                     "seconds": _time_extraction(paper)})
    return {"files": rows, "totals": _totals(rows)}


def _totals(rows: list[dict]) -> dict:
    totals = {kind: {"expected": 0, "found": 0, "missed": 0, "extra": 0} for kind in KINDS}
    for row in rows:
        for kind in KINDS:
            for key in totals[kind]:
                totals[kind][key] += len(row["kinds"][kind][key])
    exact = sum(all(not row["kinds"][k]["missed"] and not row["kinds"][k]["extra"] for k in KINDS)
                for row in rows)
    return {"per_kind": totals, "files": len(rows), "files_exact": exact,
            "seconds_total": sum(row["seconds"] for row in rows)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report = run()
    if args.json:
        print(json.dumps(report, indent=1))
        return
    for row in report["files"]:
        bits = []
        for kind in KINDS:
            k = row["kinds"][kind]
            if k["expected"] or k["found"]:
                bits.append(f"{kind}: {len(k['found'])}/{len(k['expected'])}"
                            + (f" missed {k['missed']}" if k["missed"] else "")
                            + (f" extra {k['extra']}" if k["extra"] else ""))
        judged = ""
        if row["judgements_expected"] is not None:
            judged = f" judgements {row['judgements_found']}/{row['judgements_expected']}"
        print(f"{row['file']}: {'; '.join(bits) or 'none'}{judged} ({row['seconds'] * 1000:.1f} ms)")
    totals = report["totals"]
    for kind, t in totals["per_kind"].items():
        print(f"{kind}: expected {t['expected']}, found {t['found']}, missed {t['missed']}, extra {t['extra']}")
    print(f"files exactly right: {totals['files_exact']}/{totals['files']}; "
          f"extraction time {totals['seconds_total'] * 1000:.0f} ms in all")


if __name__ == "__main__":
    main()
