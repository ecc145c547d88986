"""Where to draw the "faint" line: how well Tesseract's word confidence picks out misread words.

The same scans as ``bench_ocr`` (real corpus pages at 200 dpi, skewed and
speckled, no text layer) are read by the engine as the app runs it. Each word
the engine gives is aligned with the original text layer (difflib over the
word sequences): a word inside a matching run is read right, any other is
misread. For each confidence threshold the table gives the share of misread
words that would be shown faintly (caught) and the share of right words that
would be shown faintly too (false alarms). The app's threshold is
``desktop.domain.ocr_text.FAINT_BELOW``.

    python -m benchmarks.bench_ocr_faint [--files 6] [--pages 1] [--print-only]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from difflib import SequenceMatcher
from pathlib import Path

import pypdfium2 as pdfium

from benchmarks.bench_ocr import CORPUS, _pages_with_text, _scanned_pdf
from benchmarks.common import markdown_table, write_results_section

THRESHOLDS = (30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0)


def _key(word: str) -> str:
    return word.strip(".,;:()[]\"'“”‘’").casefold()


def _engine_words(engine: str, image: bytes, dpi: int) -> list[tuple[str, float]]:
    done = subprocess.run([engine, "stdin", "stdout", "-l", "eng", "--dpi", str(dpi), "tsv"], input=image,
                          capture_output=True, env=dict(os.environ, OMP_THREAD_LIMIT="1"), check=True)
    words = []
    for row in done.stdout.decode("utf-8", "replace").splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) >= 12 and cols[0] == "5" and cols[11].strip():
            words.append((cols[11].strip(), max(0.0, float(cols[10]))))
    return words


def run(files: int, pages: int) -> dict:
    from desktop.domain.ocr_text import FAINT_BELOW
    from desktop.ingest import ocr

    engine = ocr.find_engine()
    if engine is None:
        sys.exit("tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)")
    rng = random.Random(17)
    work = Path(tempfile.mkdtemp(prefix="ocr-faint-"))
    right: list[float] = []
    wrong: list[float] = []
    used = 0
    for source in sorted(CORPUS.glob("*.pdf")):
        if used == files:
            break
        chosen = _pages_with_text(source, pages)
        if not chosen:
            continue
        used += 1
        scanned = work / f"scanned {source.name}"
        originals = _scanned_pdf(source, chosen, scanned, rng)
        doc = pdfium.PdfDocument(str(scanned))
        try:
            for index, original in enumerate(originals):
                gray, width, height, _scale = ocr._render_gray(doc, index)
                read = _engine_words(engine, ocr._pgm(gray, width, height), ocr.RENDER_DPI)
                reference = [_key(w) for w in original.split()]
                matcher = SequenceMatcher(None, reference, [_key(w) for w, _ in read], autojunk=False)
                matched = {j for block in matcher.get_matching_blocks() for j in range(block.b, block.b + block.size)}
                for j, (_, confidence) in enumerate(read):
                    (right if j in matched else wrong).append(confidence)
        finally:
            doc.close()
    return {"right": right, "wrong": wrong, "files": used, "current": FAINT_BELOW}


def report(result: dict) -> str:
    right, wrong = result["right"], result["wrong"]
    rows = []
    for threshold in THRESHOLDS:
        caught = sum(1 for c in wrong if c < threshold)
        false = sum(1 for c in right if c < threshold)
        mark = " (the app's)" if threshold == result["current"] else ""
        rows.append((f"{threshold:.0f}{mark}", f"{caught} ({caught / max(1, len(wrong)):.0%})",
                     f"{false} ({false / max(1, len(right)):.1%})"))
    table = markdown_table(["faint below", "misread words shown faintly", "right words shown faintly"], rows)
    return (f"{table}\n\n{len(right) + len(wrong)} words on {result['files']} scanned files, "
            f"{len(wrong)} misread ({len(wrong) / max(1, len(right) + len(wrong)):.1%}).\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=6)
    parser.add_argument("--pages", type=int, default=1, help="pages per file")
    parser.add_argument("--print-only", action="store_true", help="do not write RESULTS.md")
    args = parser.parse_args(argv)
    body = report(run(args.files, args.pages))
    print(body)
    if not args.print_only:
        write_results_section("ocr_faint", "OCR words shown faintly: confidence against misreads", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
