"""What a file really is, judged by its first bytes, and the limits we enforce.

The suffix only picks a reader; the reader then checks here that the content
matches, so a web page saved as ``report.pdf`` is refused with a message that
says what it is instead of a library's error.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

from desktop.domain.errors import UnreadableFile

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".pdf", ".docx", ".txt", ".md", ".html", ".htm"})

# Refuse text beyond this: about 8,000 dense pages, far more than any agenda
# pack, and enough to keep the workspace and search index responsive.
MAX_TEXT_CHARS = 20_000_000
# No encoding needs more than 4 bytes a character, so a text file bigger than
# this cannot be under MAX_TEXT_CHARS: refuse it without reading it.
MAX_TEXT_FILE_BYTES = 4 * MAX_TEXT_CHARS

HEAD_BYTES = 8192

_SUPPORTED_NAMES = "PDF (.pdf), Word (.docx), plain text (.txt), Markdown (.md) and web pages (.html, .htm)"

_OTHER_TYPES = {
    ".doc": "an old-style Word document (.doc); open it in Word and save it as .docx or PDF",
    ".rtf": "a Rich Text document (.rtf); save it as .docx or PDF",
    ".odt": "an OpenDocument text (.odt); save it as .docx or PDF",
    ".xls": "an Excel spreadsheet (.xls)",
    ".xlsx": "an Excel spreadsheet (.xlsx)",
    ".csv": "a spreadsheet table (.csv)",
    ".ppt": "a PowerPoint presentation (.ppt)",
    ".pptx": "a PowerPoint presentation (.pptx)",
    ".exe": "a program (.exe)",
    ".zip": "a zip archive (.zip)",
    ".msg": "an Outlook message (.msg)",
    ".eml": "an email message (.eml)",
    ".png": "an image (.png)",
    ".jpg": "an image (.jpg)",
    ".jpeg": "an image (.jpeg)",
}

_HTML_START_RE = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                            re.IGNORECASE | re.DOTALL)
_TITLE_RE = re.compile(rb"<title[^>]*>([^<]{1,300})</title", re.IGNORECASE)


def unsupported_type(path: Path) -> UnreadableFile:
    suffix = path.suffix.lower()
    what = _OTHER_TYPES.get(suffix)
    described = f"is {what}" if what else (
        f"has the type “{suffix}”" if suffix else "has no file type (no suffix such as .pdf)"
    )
    return UnreadableFile(
        f"{path.name} {described}, which Scrutiny Desk cannot import. "
        f"Supported types are {_SUPPORTED_NAMES}."
    )


@contextlib.contextmanager
def disk_errors_explained(path: Path, when: str = "before it could be read") -> Iterator[None]:
    """Turn the OS's errors about reading ``path`` into sentences for the user."""
    try:
        yield
    except FileNotFoundError as error:
        raise UnreadableFile(f"{path.name} was moved or deleted {when}.") from error
    except PermissionError as error:
        raise UnreadableFile(f"{path.name} cannot be read: permission denied.") from error
    except IsADirectoryError as error:
        raise UnreadableFile(f"{path.name} is a folder, not a file.") from error
    except OSError as error:
        raise UnreadableFile(f"{path.name} cannot be read: {error.strerror or error}.") from error


def file_size(path: Path) -> int:
    """Size in bytes; refuses folders, missing and empty files with a clear message."""
    with disk_errors_explained(path):
        if path.is_dir():
            raise UnreadableFile(f"{path.name} is a folder, not a file.")
        size = path.stat().st_size
    if size == 0:
        raise UnreadableFile(f"{path.name} is empty (0 bytes).")
    return size


def read_head(path: Path, count: int = HEAD_BYTES) -> bytes:
    with path.open("rb") as handle:
        return handle.read(count)


def read_tail(path: Path, count: int) -> bytes:
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - count))
        return handle.read()


def content_kind(head: bytes) -> str | None:
    """'pdf', 'png', 'jpeg', 'gif', 'tiff', 'zip', 'ole', 'exe', 'elf' or 'html'; else None."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    signatures = (
        (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"GIF87a", "gif"),
        (b"GIF89a", "gif"), (b"II*\x00", "tiff"), (b"MM\x00*", "tiff"),
        (b"PK\x03\x04", "zip"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
        (b"MZ", "exe"), (b"\x7fELF", "elf"),
    )
    for signature, kind in signatures:
        if head.startswith(signature):
            return kind
    if _HTML_START_RE.match(head.lstrip(b"\xef\xbb\xbf")):
        return "html"
    return None


def html_title(head: bytes) -> str | None:
    match = _TITLE_RE.search(head)
    if not match:
        return None
    from html import unescape

    title = " ".join(unescape(match.group(1).decode("utf-8", "replace")).split())
    return title or None


def mismatch_error(path: Path, kind: str, head: bytes, expected: str) -> UnreadableFile:
    """Message for a file whose content is not what its name says."""
    name, suffix = path.name, path.suffix.lower() or "(no suffix)"
    if kind == "html":
        title = html_title(head)
        says = f" (the page says “{title}”)" if title else ""
        return UnreadableFile(
            f"{name} is not a {expected}: it is a web page (HTML) saved under a {suffix} name{says}. "
            "The download probably failed; download the document again."
        )
    described = {
        "pdf": "a PDF document", "png": "an image (PNG)", "jpeg": "an image (JPEG)",
        "gif": "an image (GIF)", "tiff": "an image (TIFF)", "exe": "a Windows program",
        "elf": "a program", "zip": "a zip archive or Office file",
        "ole": "an old-style Office file (.doc or .xls)",
    }[kind]
    advice = {
        "pdf": " Rename it to end in .pdf and import it again.",
        "png": " Images have no text to import; a scanned paper needs OCR first.",
        "jpeg": " Images have no text to import; a scanned paper needs OCR first.",
    }.get(kind, "")
    return UnreadableFile(f"{name} is not a {expected}: it is really {described} saved under a {suffix} name.{advice}")


def too_much_text(path: Path) -> UnreadableFile:
    return UnreadableFile(
        f"{path.name} is too large to import: it holds more than {MAX_TEXT_CHARS:,} characters of text "
        f"(the limit, about 8,000 pages). Split it into smaller files."
    )


def too_big_file(path: Path, size: int) -> UnreadableFile:
    return UnreadableFile(
        f"{path.name} is too large to import ({size / 1_000_000:,.0f} MB): Scrutiny Desk imports text "
        f"of up to {MAX_TEXT_CHARS:,} characters (about 8,000 pages). Split it into smaller files."
    )


_FILENAME_TITLE_RE = re.compile(r"\.(?:docx?|pdf|rtf|odt|pptx?|xlsx?|indd|pub)$", re.IGNORECASE)
_WORD_PREFIX_RE = re.compile(r"^(?:microsoft\s+(?:word|powerpoint)\s*-\s*)", re.IGNORECASE)
_PLACEHOLDER_TITLES = frozenset({
    "untitled", "document", "title", "report", "pdf", "word document", "presentation",
    "powerpoint presentation", "slide 1", "no title", "blank",
})
_PLACEHOLDER_RE = re.compile(r"^(?:document|untitled|doc|draft)\s*\d*$", re.IGNORECASE)


def meaningful_title(raw: str | None) -> str | None:
    """A metadata title worth showing, or None for "Microsoft Word - Doc1.docx"."""
    if not raw:
        return None
    title = " ".join(_WORD_PREFIX_RE.sub("", raw).split())
    if _FILENAME_TITLE_RE.search(title):
        return None
    letters = sum(ch.isalpha() for ch in title)
    if letters < 4 or title.casefold() in _PLACEHOLDER_TITLES or _PLACEHOLDER_RE.match(title):
        return None
    if " " not in title and ("_" in title or any(ch.isdigit() for ch in title)):
        return None  # a file name such as "CSC_report_v3"
    return title
