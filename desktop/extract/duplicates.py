"""Near-duplicate fingerprints: is this paper one we already hold?

A pack often repeats a report the councillor already imported, re-extracted
with other line breaks, page numbers and headers. Exact hashes miss that, so
each text gets a MinHash signature of its word 5-shingles, computed with
one-permutation hashing (one hash per shingle, ``BINS`` bins, the minimum
kept per bin) so a 100-page text costs a few milliseconds in pure Python.

Fingerprint layout: one version byte, then ``BINS`` little-endian uint32
(the low 32 bits of each bin's minimum; ``EMPTY`` for an empty bin).
Words get CRC-32 ids (stable everywhere); a shingle's hash is CPython's
hash of the tuple of its five ids, which is C-fast and, for integers,
independent of PYTHONHASHSEED. Should a future Python hash tuples
differently, a self-check at import switches to a slower pure-arithmetic
hash with another version byte, so old and new fingerprints are never
compared with each other (they simply stop matching; recompute them).
"""

from __future__ import annotations

import re
import sys
import zlib
from array import array
from hashlib import blake2b
from itertools import repeat
from operator import add, mod, mul

from desktop.extract import _text

# hash((1, 2, 3)) on 64-bit CPython 3.8+ (xxHash-based tuple hash).
_TUPLE_HASH_OK = hash((1, 2, 3)) == 529344067295497451
VERSION = 1 if _TUPLE_HASH_OK else 2
BINS = 128
BANDS = 32
ROWS = BINS // BANDS  # 4 rows: pairs above ~0.45 resemblance are nearly always candidates
SHINGLE = 5
EMPTY = 0xFFFFFFFF
# The whole text counts: judging by the opening pages alone would call a
# pack "the same" as the report it starts with (measured: 0.62 on 002 vs
# 000 with a 60k-character cap). Cost ~6 ms per 100,000 characters.
MAX_CHARS = 2_000_000
# Measured (tests/core/test_extract_duplicates.py): the same report from
# two extractions (corpus text vs PDF, or its copy inside pack 002) scores
# 0.97-1.0; different reports, even two letters from one Ofsted template,
# score below 0.06; pack 002 against the report it contains scores 0.63
# (a pack is not "the same document"). The threshold sits above that.
DUPLICATE_THRESHOLD = 0.8

_PRIME = (1 << 61) - 1
_BASE = 0x5BD1E995_1F123BB5 % _PRIME
_WORDS = re.compile(r"[A-Za-z]+")  # numbers dropped: page and paragraph numbers shift
_WORD_BYTES = re.compile(rb"[A-Za-z]+")
_FP_SIZE = 1 + 4 * BINS
_BIG_ENDIAN = sys.byteorder == "big"
assert array("I").itemsize == 4, "fingerprints assume a 32-bit array('I')"


def _word_ids(text: str) -> list[int]:
    """CRC-32 of each lower-cased ASCII word, as ``crc32(word.lower().encode())``.

    Done on bytes in three C calls instead of three calls per word: every
    non-ASCII character becomes one "?" (never a letter, so words split
    where they did) before ``bytes.lower``, which touches A-Z only.
    """
    data = text.encode("ascii", "replace").lower()
    return list(map(zlib.crc32, _WORD_BYTES.findall(data)))


def _shingle_hashes(text: str) -> set[int]:
    text = _text.strip_markup(text[:MAX_CHARS])
    ids = _word_ids(text)
    n = len(ids) - SHINGLE + 1
    if n <= 0:
        words = _WORDS.findall(text)
        return {zlib.crc32(" ".join(words).encode())} if words else set()
    if _TUPLE_HASH_OK:
        return set(map(hash, zip(ids, ids[1:], ids[2:], ids[3:], ids[4:], strict=False)))
    # Fallback: polynomial hash of each window, column by column with C maps.
    hashes = ids[:n]
    for k in range(1, SHINGLE):
        hashes = list(map(add, map(mul, hashes, repeat(_BASE)), ids[k : k + n]))
    return set(map(mod, hashes, repeat(_PRIME)))


def fingerprint(text: str) -> bytes:
    """A compact signature of ``text`` for near-duplicate detection."""
    hashes = _shingle_hashes(text or "")
    bins = array("I", [EMPTY]) * BINS
    remaining = BINS
    # Ascending order: the first value seen in a bin is that bin's minimum,
    # and all bins are usually filled after a few hundred values.
    for value in sorted(hashes):
        slot = value % BINS
        if bins[slot] == EMPTY:
            bins[slot] = (value // BINS) & 0xFFFFFFFE  # EMPTY is never a value
            remaining -= 1
            if not remaining:
                break
    if _BIG_ENDIAN:
        bins.byteswap()
    return bytes([VERSION]) + bins.tobytes()


def _bins(fp: bytes) -> array | None:
    if len(fp) != _FP_SIZE or fp[0] != VERSION:
        return None
    data = array("I")
    data.frombytes(fp[1:])
    if _BIG_ENDIAN:
        data.byteswap()
    return data


def band_keys(fp: bytes) -> list[str]:
    """LSH band keys: documents sharing any key are duplicate candidates.

    Bands made only of empty bins (tiny texts) give no key, so unrelated
    short notes do not all collide.
    """
    bins = _bins(fp)
    if bins is None:
        return []
    keys = []
    for band in range(BANDS):
        rows = bins[band * ROWS : (band + 1) * ROWS]
        if all(v == EMPTY for v in rows):
            continue
        digest = blake2b(rows.tobytes(), digest_size=8).hexdigest()
        keys.append(f"v{VERSION}b{band:02d}:{digest}")
    return keys


def similarity(a: bytes, b: bytes) -> float:
    """Estimated resemblance (Jaccard of word 5-shingles), 0..1."""
    bins_a, bins_b = _bins(a), _bins(b)
    if bins_a is None or bins_b is None:
        return 0.0
    compared = equal = 0
    for x, y in zip(bins_a, bins_b, strict=False):
        if x == EMPTY and y == EMPTY:
            continue
        compared += 1
        equal += x == y
    return equal / compared if compared else 0.0


def is_duplicate(a: bytes, b: bytes) -> bool:
    """Are the two fingerprinted texts the same document?"""
    return similarity(a, b) >= DUPLICATE_THRESHOLD
