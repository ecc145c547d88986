"""Plain text and Markdown files: find the encoding, refuse binary files.

Encodings, in order: a byte-order mark (UTF-8, UTF-16, UTF-32); strict UTF-8;
UTF-16 without a mark (every other byte zero); else Windows-1252, which any
byte sequence decodes in (its five unused bytes become U+FFFD).
"""

from __future__ import annotations

import codecs
from pathlib import Path

from desktop.domain.documents import ExtractedText
from desktop.domain.errors import UnreadableFile
from desktop.ingest import sniff
from desktop.ingest.normalise import normalise_plain

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_BYTES = frozenset(range(0, 32)) - {9, 10, 12, 13, 26}  # tab, LF, FF, CR, DOS end-of-file


def _bom_encoding(head: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    return None


def _unmarked_utf16(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' for ASCII-ish UTF-16 with no mark, else None."""
    sample = head[: len(head) - len(head) % 2]
    if len(sample) < 8:
        return None
    odd_zero = sample[1::2].count(0) / (len(sample) / 2)
    even_zero = sample[0::2].count(0) / (len(sample) / 2)
    if odd_zero > 0.6 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.6 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
    return controls > max(4, len(head) // 50)


def _binary_error(path: Path, head: bytes) -> UnreadableFile:
    kind = sniff.content_kind(head)
    if kind not in (None, "html"):
        return sniff.mismatch_error(path, kind, head, "text file")
    return UnreadableFile(
        f"{path.name} is not a text file: it contains binary data, so it is probably another "
        f"kind of file renamed {path.suffix or 'as text'}."
    )


def _mostly_undecodable(text: str) -> bool:
    """A wrong byte-order mark or garbage decodes to replacement characters."""
    sample = text[:20_000]
    visible = sum(1 for char in sample if not char.isspace())
    return visible > 0 and sample.count("\ufffd") * 5 > visible


def decode_bytes(path: Path, data: bytes) -> str:
    """The text in ``data``; raises UnreadableFile for binary content."""
    head = data[: sniff.HEAD_BYTES]
    encoding = _bom_encoding(head) or _unmarked_utf16(head)
    if encoding:
        return data.decode(encoding, errors="replace")
    if _looks_binary(head):
        raise _binary_error(path, head)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_bytes_checked(path: Path) -> bytes:
    """Whole file, after refusing files too big to hold text within the limit."""
    size = sniff.file_size(path)
    if size > sniff.MAX_TEXT_FILE_BYTES:
        raise sniff.too_big_file(path, size)
    with path.open("rb") as handle:
        return handle.read()


def read_text_file(path: Path) -> ExtractedText:
    data = read_bytes_checked(path)
    head = data[: sniff.HEAD_BYTES]
    kind = sniff.content_kind(head)
    # Programs are caught by the binary check below; a few letters "MZ" can start a text.
    if kind not in (None, "html", "exe", "elf") and not _bom_encoding(head):
        raise sniff.mismatch_error(path, kind, head, "text file")
    text = decode_bytes(path, data)
    del data
    if len(text) > sniff.MAX_TEXT_CHARS:
        raise sniff.too_much_text(path)
    if _mostly_undecodable(text):
        raise UnreadableFile(f"{path.name} could not be read as text: most of its characters do "
                             "not decode in any text encoding, so it is probably not a text file.")
    clean = normalise_plain(text, join_wrapped_lines=True)
    if not clean.strip():
        raise UnreadableFile(f"{path.name} contains no text (only blank lines or spaces).")
    return ExtractedText(text=clean, page_starts=(), source_format="text", title_hint=None)
