"""Read scanned PDF pages with Tesseract, offline, only where a page has no real text.

The engine is the ``tesseract`` program (Debian: tesseract-ocr and
tesseract-ocr-eng), run as a child process per page. Measured against the
tesserocr C binding and pytesseract (benchmarks/RESULTS.md), a direct child
process costs the same as bare ``tesseract`` and, unlike an in-process binding,
can be stopped by a timeout and held to a memory limit, which is what keeps a
hostile page (huge, noise) from hanging or exhausting the laptop.

Each page is rendered with pdfium to a grey bitmap, and the result is cached
under the user data folder by a hash of that bitmap, so importing the same
paper again, or a copy of it, costs no OCR at all.
"""

from __future__ import annotations

import hashlib
import json
import math
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.errors import Cancelled
from desktop.domain.ocr_text import FAINT_BELOW, Lines, OcrPage, WordBox, lines_in_points
from desktop.ingest.pdfium_lock import serialised

if os.name == "posix":
    import resource

# 300 dpi: the resolution Tesseract's models are trained for; on the corpus scans
# it reads fewer wrong words than 200 dpi for about the same time (RESULTS.md).
RENDER_DPI = 300
# A page bigger than this (in pixels) is rendered smaller: an A0 poster or a
# hostile 200-inch page must not ask for gigabytes. A4 at 300 dpi is 8.7 MP.
MAX_PIXELS = 24_000_000
PAGE_TIMEOUT_SECONDS = 120
_CANCEL_POLL_SECONDS = 0.1  # how often a page being read looks at Cancel
ENGINE_MEMORY_BYTES = 2 << 30  # address space the engine may use for one page
LANGUAGE = "eng"
# A page with fewer visible characters than this has no text layer worth keeping.
MIN_PAGE_CHARS = 20
# ...and one where fewer than this share of them are ordinary letters, digits and
# punctuation is a garbage layer (a font with no Unicode map, an OCR layer gone wrong).
MIN_ORDINARY_SHARE = 0.6
NO_OCR_ENV = "SCRUTINY_DESK_NO_OCR"  # set by `import --no-ocr`; inherited by worker processes
ENGINE_ENV = "SCRUTINY_DESK_TESSERACT"  # a tesseract program somewhere other than PATH
INSTALL_HINT = ("On Debian or Ubuntu run:  sudo apt-get install tesseract-ocr tesseract-ocr-eng "
                "(python3 -m desktop.bootstrap setup does this when run as root)")


@dataclass(frozen=True, slots=True)
class PageReading:
    """What the engine read on one page: text with paragraphs, its mean word confidence
    (0-100) and the words it was least sure of, in reading order."""

    text: str
    confidence: float
    faint_words: tuple[str, ...] = ()
    lines: Lines = ()  # each word with its box in pixels of the image read, line by line


def find_engine() -> str | None:
    """The tesseract program, or None when OCR is not installed (the app still runs)."""
    override = os.environ.get(ENGINE_ENV)
    if override:
        return override if Path(override).exists() else None
    bundled = Path(getattr(sys, "_MEIPASS", "")) / "tesseract" / "tesseract"
    if getattr(sys, "_MEIPASS", None) and bundled.exists():
        # the bundle carries only the English model, beside the program
        os.environ.setdefault("TESSDATA_PREFIX", str(bundled.parent / "tessdata"))
        return str(bundled)
    return shutil.which("tesseract")


def ocr_allowed() -> bool:
    return os.environ.get(NO_OCR_ENV, "") not in ("1", "true", "yes")


def page_needs_ocr(text: str) -> bool:
    """True for a page with no text layer, or one whose text is not words."""
    visible = [ch for ch in text if not ch.isspace()]
    if len(visible) < MIN_PAGE_CHARS:
        return True
    ordinary = sum(1 for ch in visible if ch.isascii() and ch.isprintable() or ch in "£€–—‘’“”•…")
    return ordinary < MIN_ORDINARY_SHARE * len(visible)


def cache_dir() -> Path:
    from desktop.paths import user_data_dir

    return user_data_dir() / "ocr-cache"


@serialised
def _render_gray(pdf, index: int) -> tuple[bytes, int, int, float]:
    """Page ``index`` as 8-bit grey pixels (no row padding), with width, height and the
    pixels per point it was drawn at."""
    page = pdf[index]
    try:
        width_pt, height_pt = page.get_size()
        scale = RENDER_DPI / 72
        pixels = width_pt * scale * height_pt * scale
        if pixels > MAX_PIXELS:
            scale *= math.sqrt(MAX_PIXELS / pixels) * 0.999  # pdfium rounds sizes up
        bitmap = page.render(scale=scale, grayscale=True)
        try:
            width, height, stride = bitmap.width, bitmap.height, bitmap.stride
            channels = bitmap.n_channels
            buffer = bytes(bitmap.buffer)
        finally:
            bitmap.close()
    finally:
        page.close()
    if channels != 1 or stride != width:  # drop row padding / extra channels
        rows = (buffer[row * stride:row * stride + width * channels] for row in range(height))
        buffer = b"".join(row[::channels] for row in rows)
    return buffer, width, height, scale


def _pgm(gray: bytes, width: int, height: int) -> bytes:
    return b"P5 %d %d 255\n" % (width, height) + gray


def _limit_memory() -> None:
    """Runs in the child between fork and exec (POSIX), so it only makes one system call:
    ``resource`` is imported beforehand, as an import there could wait on a lock forever."""
    resource.setrlimit(resource.RLIMIT_AS, (ENGINE_MEMORY_BYTES, ENGINE_MEMORY_BYTES))


def run_engine(engine: str, image: bytes, dpi: int = RENDER_DPI, *,
               cancel: Callable[[], bool] | None = None) -> PageReading:
    """Read one page image (any format Tesseract reads) with one engine process, one thread.

    Raises OcrFailed with a plain sentence when the engine stops, times out or runs out of
    memory, and Cancelled (the engine stopped at once) when ``cancel`` says so.
    """
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # its own threading is 5-8x slower on 2 cores
    # The image goes in as a private file, not on stdin: waiting in short steps (to see
    # Cancel) cannot go on feeding a pipe, and a half-fed engine would wait for ever.
    with tempfile.TemporaryDirectory(prefix="scrutiny-ocr-") as folder:
        page = Path(folder) / "page.pgm"
        page.write_bytes(image)
        return _read_page_file(engine, page, dpi, env, cancel)


def _read_page_file(engine: str, page: Path, dpi: int, env: dict[str, str],
                    cancel: Callable[[], bool] | None) -> PageReading:
    try:
        process = subprocess.Popen(
            [engine, str(page), "stdout", "-l", LANGUAGE, "--dpi", str(dpi), "tsv"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
            preexec_fn=_limit_memory if os.name == "posix" else None)
    except OSError as error:
        raise OcrFailed(f"the OCR engine could not be started ({error.strerror or error})") from error
    deadline = time.monotonic() + PAGE_TIMEOUT_SECONDS
    while True:
        try:
            out, _ = process.communicate(timeout=_CANCEL_POLL_SECONDS)
            break
        except subprocess.TimeoutExpired:
            stop: Exception | None = Cancelled() if cancel is not None and cancel() else None
            if stop is None and time.monotonic() > deadline:
                stop = OcrFailed(f"the OCR engine gave up after {PAGE_TIMEOUT_SECONDS} seconds")
            if stop is not None:
                process.kill()
                process.communicate()
                raise stop from None
    if process.returncode != 0:
        raise OcrFailed("the OCR engine could not read it (it may be too large or damaged)")
    return parse_tsv(out.decode("utf-8", "replace"))


class OcrFailed(Exception):
    """One page could not be read; the message completes "page N could not be read: ..."."""


def parse_tsv(tsv: str) -> PageReading:
    """Tesseract's TSV (one row per word, with block/paragraph/line numbers) -> text.

    Paragraphs are separated by a blank line and lines by a newline, as the PDF
    reader gives born-digital text, so passages split the same way downstream.
    """
    paragraphs: list[list[list[str]]] = []
    boxes: list[list[WordBox]] = []
    confidences: list[float] = []
    faint: list[str] = []
    last_par = last_line = None
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        par, line = (cols[2], cols[3]), (cols[2], cols[3], cols[4])
        if par != last_par:
            paragraphs.append([])
            last_par, last_line = par, None
        if line != last_line:
            paragraphs[-1].append([])
            boxes.append([])
            last_line = line
        word = cols[11].strip()
        paragraphs[-1][-1].append(word)
        try:
            left, top, width, height = (max(0, int(cols[n])) for n in (6, 7, 8, 9))
            boxes[-1].append((word, left, top, left + width, top + height))
        except ValueError:
            pass  # a word with no box is still read; it only cannot be marked on the page
        try:
            word_confidence = max(0.0, float(cols[10]))
        except ValueError:
            continue
        confidences.append(word_confidence)
        if word_confidence < FAINT_BELOW:
            faint.append(word)
    text = "\n\n".join("\n".join(" ".join(words) for words in lines) for lines in paragraphs)
    confidence = sum(confidences) / len(confidences) if confidences else 0.0
    return PageReading(text, round(confidence, 1), tuple(faint), tuple(tuple(line) for line in boxes))


def _cached(key: str) -> PageReading | None:
    try:
        data = json.loads((cache_dir() / f"{key}.json").read_text(encoding="utf-8"))
        lines = tuple(tuple((str(w), float(a), float(b), float(c), float(d)) for w, a, b, c, d in line)
                      for line in data.get("lines", ()))
        return PageReading(str(data["text"]), float(data["confidence"]),
                           tuple(str(word) for word in data.get("faint_words", ())), lines)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _remember(key: str, reading: PageReading) -> None:
    """Write atomically (temp file + rename): worker processes may share the cache."""
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        temp = folder / f"{key}.{os.getpid()}.tmp"
        temp.write_text(json.dumps({"text": reading.text, "confidence": reading.confidence,
                                    "faint_words": list(reading.faint_words),
                                    "lines": [list(map(list, line)) for line in reading.lines]}),
                        encoding="utf-8")
        os.replace(temp, folder / f"{key}.json")
    except OSError:
        pass  # a full or read-only disk only costs the next import its OCR time


def _parallel_pages() -> int:
    """One engine process per core; a worker process of a batch import already is one."""
    if multiprocessing.parent_process() is not None:
        return 1
    return max(1, os.cpu_count() or 1)


def read_scanned_pages(pdf, pages: list[str], *, cancel: Callable[[], bool] | None = None,
                       on_page: Callable[[int, int], None] | None = None,
                       ) -> tuple[list[str], list[OcrPage], list[str]]:
    """Fill in the pages of ``pdf`` that need OCR; others are left exactly as they are.

    Returns the pages, the pages read by OCR (in page order, with the engine's
    confidence and doubted words), and a sentence per page that could not be read.
    Raises Cancelled.
    """
    needing = [index for index, text in enumerate(pages) if page_needs_ocr(text)]
    engine = find_engine()
    if not needing or engine is None or not ocr_allowed():
        return pages, [], []
    pages = list(pages)
    read: dict[int, OcrPage] = {}
    problems: list[str] = []
    in_flight: deque[tuple[int, str, Future, float]] = deque()
    done = 0

    def finish(index: int, key: str, future: Future, scale: float) -> None:
        nonlocal done
        try:
            reading = future.result()
        except OcrFailed as error:
            problems.append(f"page {index + 1} could not be read by OCR: {error}")
        else:
            _remember(key, reading)
            _use(index, reading, scale)
        done += 1
        if on_page is not None:
            on_page(done, len(needing))

    def _use(index: int, reading: PageReading, scale: float) -> None:
        if reading.text.strip():
            pages[index] = reading.text
            read[index] = OcrPage(index + 1, reading.confidence, reading.faint_words,
                                  lines_in_points(reading.lines, scale))

    workers = _parallel_pages()
    with ThreadPoolExecutor(max_workers=workers) as pool:  # threads only wait on child processes
        try:
            for index in needing:
                if cancel is not None and cancel():
                    raise Cancelled()
                gray, width, height, scale = _render_gray(pdf, index)  # pdfium: under its lock
                key = hashlib.sha256(b"%d:%s:" % (RENDER_DPI, LANGUAGE.encode()) + gray).hexdigest()
                hit = _cached(key)
                if hit is not None:
                    _use(index, hit, scale)
                    done += 1
                    if on_page is not None:
                        on_page(done, len(needing))
                    continue
                image = _pgm(gray, width, height)
                del gray
                in_flight.append((index, key, pool.submit(run_engine, engine, image, cancel=cancel), scale))
                while len(in_flight) >= workers * 2:  # bounded memory: a few page images at a time
                    finish(*in_flight.popleft())
            while in_flight:
                if cancel is not None and cancel():
                    raise Cancelled()
                finish(*in_flight.popleft())
        except Cancelled:
            # Pages not started are dropped and the engine stops on the pages it is reading
            # (Cancel answers within a tenth of a second); pages it had finished are kept in
            # the cache, so reading again resumes after them.
            for _, key, future, _scale in in_flight:
                if not future.cancel():
                    with suppress(OcrFailed, Cancelled):
                        _remember(key, future.result())
            raise
    return pages, [read[index] for index in sorted(read)], problems


@contextmanager
def ocr_enabled():
    """OCR on for a block, whatever --no-ocr said for the import (used by `ocr DOC_ID`)."""
    before = os.environ.pop(NO_OCR_ENV, None)
    try:
        yield
    finally:
        if before is not None:
            os.environ[NO_OCR_ENV] = before


def can_read_later(problems: list[str]) -> bool:
    """A scanned paper OCR did not run on is held "needs OCR", to be read once it can."""
    return not problems and (find_engine() is None or not ocr_allowed())


def needs_ocr_note() -> str:
    """What the import says about a paper held as "needs OCR"."""
    if not ocr_allowed():
        return "a scanned paper, held without its text because of --no-ocr: read it with `ocr DOC_ID`"
    return ("a scanned paper, held without its text: the OCR engine (Tesseract) is not installed. "
            f"{INSTALL_HINT}, then read it with `ocr DOC_ID` (or import it again)")


def no_text_message(name: str, problems: list[str]) -> str:
    """Why a PDF gave no text: what to install, or what the engine said."""
    if problems:
        return (f"{name} has no text layer and OCR could not read it: " + "; ".join(problems[:3])
                + ". If it is a scanned paper, scan it again at 300 dpi, or ask for an accessible PDF.")
    if not ocr_allowed():
        return (f"{name} has no text layer: it looks like a scanned paper, and OCR was turned off "
                "for this import (--no-ocr). Import it again without --no-ocr to read it.")
    if find_engine() is None:
        return (f"{name} needs OCR: it is a scanned paper (pictures of pages) and the OCR engine "
                f"(Tesseract) is not installed. {INSTALL_HINT}, then import it again.")
    return (f"{name} has no readable text: it looks like a scanned paper, but even OCR "
            "found no words on its pages (they may be blank).")
