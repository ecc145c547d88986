"""Broken and hostile files for the importers: mutated copies of good files, and crafted attacks.

Everything is generated from a seed, so a failure names an input that can be
made again. Each input is (name, path); the test only needs to know that the
importer ends cleanly on it.
"""

from __future__ import annotations

import random
import zipfile
import zlib
from pathlib import Path

from tests.reliability import papers
from tests.samples import SAMPLE_PDFS

TRUNCATE_AT = (0.001, 0.02, 0.1, 0.33, 0.5, 0.75, 0.9, 0.999)
FLIPS_PER_FILE = 14


# -- mutations of good files -----------------------------------------------------

def truncations(data: bytes, stem: str, suffix: str, folder: Path, *, add_eof: bool = False):
    for fraction in TRUNCATE_AT:
        cut = max(1, int(len(data) * fraction))
        body = data[:cut] + (b"\n%%EOF\n" if add_eof else b"")
        name = f"{stem}-cut{fraction:g}{'-eof' if add_eof else ''}{suffix}"
        path = folder / name
        path.write_bytes(body)
        yield name, path


def bit_flips(data: bytes, stem: str, suffix: str, folder: Path, rng: random.Random):
    for index in range(FLIPS_PER_FILE):
        mutated = bytearray(data)
        for _ in range(rng.choice((1, 2, 8, 64))):
            position = rng.randrange(len(mutated))
            mutated[position] ^= 1 << rng.randrange(8)
        name = f"{stem}-flip{index}{suffix}"
        path = folder / name
        path.write_bytes(bytes(mutated))
        yield name, path


def mutations(source: Path, folder: Path, rng: random.Random, *, eof_variant: bool = False):
    data = source.read_bytes()
    yield from truncations(data, source.stem, source.suffix, folder)
    if eof_variant:  # past the "ends with %%EOF" check, so pdfium meets the broken body
        yield from truncations(data, source.stem, source.suffix, folder, add_eof=True)
    yield from bit_flips(data, source.stem, source.suffix, folder, rng)


# -- crafted PDFs ------------------------------------------------------------------

def pdf_from_objects(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF with a correct cross-reference table around the given object bodies (1-based)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def flate_repeated(head: bytes, unit: bytes, repeats: int, tail: bytes) -> bytes:
    """zlib data inflating to ``head + unit * repeats + tail``, made without building that.

    ``unit`` is deflated once after a full flush and its bytes repeated; the
    checksum (Adler-32) is carried across the repeats.
    """
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = deflate.compress(head) + deflate.flush(zlib.Z_FULL_FLUSH)
    middle = deflate.compress(unit) + deflate.flush(zlib.Z_FULL_FLUSH)
    last = deflate.compress(tail) + deflate.flush(zlib.Z_FINISH)
    checksum = zlib.adler32(head)
    for _ in range(repeats):
        checksum = zlib.adler32(unit, checksum)
    checksum = zlib.adler32(tail, checksum)
    return b"\x78\xda" + first + middle * repeats + last + checksum.to_bytes(4, "big")


def _stream(data: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_TEXT = b"BT /F1 12 Tf 72 720 Td (Children in care are seen regularly by their social workers.) Tj ET"


def _one_page(content: bytes, resources: bytes = b"/Font << /F1 4 0 R >>",
              media_box: bytes = b"[0 0 595 842]", extra_objects: tuple[bytes, ...] = ()) -> bytes:
    return pdf_from_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources << %s >> /Contents 5 0 R >>"
        % (media_box, resources),
        _FONT,
        content,
        *extra_objects,
    ])


def crafted_pdfs(folder: Path):
    """(name, path) for PDFs built to hurt a reader."""
    made = {}
    # A 200-inch page showing a 60,000 x 60,000 image whose data inflates to 450 MB.
    pixels = flate_repeated(b"", b"\x00" * 7500 * 100, 600, b"")
    image = (b"<< /Type /XObject /Subtype /Image /Width 60000 /Height 60000 /ColorSpace /DeviceGray "
             b"/BitsPerComponent 1 /Filter /FlateDecode /Length %d >>\nstream\n" % len(pixels)
             + pixels + b"\nendstream")
    made["huge-image-page.pdf"] = _one_page(
        _stream(_TEXT + b"\nq 14400 0 0 14400 0 0 cm /Im1 Do Q"),
        resources=b"/Font << /F1 4 0 R >> /XObject << /Im1 6 0 R >>",
        media_box=b"[0 0 14400 14400]", extra_objects=(image,))
    # A content stream that inflates to 300 MB of text-showing operators.
    shown = flate_repeated(b"BT /F1 12 Tf 72 720 Td ", b"(care leavers ) Tj " * 50_000, 320, b"ET")
    made["content-stream-bomb.pdf"] = _one_page(
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(shown) + shown + b"\nendstream")
    # The same bomb packed twice ([/FlateDecode /FlateDecode]): small at the first layer.
    twice = zlib.compress(shown, 9)
    made["double-flate-bomb.pdf"] = _one_page(
        b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(twice) + twice
        + b"\nendstream")
    # Just under the bomb limit: 4 MB of tiny instructions on one page (costly, but bounded).
    dense = flate_repeated(b"BT /F1 12 Tf 72 720 Td ", b"(care leavers ) Tj " * 50_000, 4, b"ET")
    made["dense-page-4mb.pdf"] = _one_page(
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(dense) + dense + b"\nendstream")
    # 100,000 nested arrays in the page's resources, and in its content stream.
    made["nested-arrays.pdf"] = _one_page(_stream(_TEXT), resources=b"/Font << /F1 4 0 R >> /X " +
                                          b"[" * 100_000 + b"]" * 100_000)
    made["nested-content.pdf"] = _one_page(_stream(b"[" * 100_000 + b"\n" + _TEXT))
    # A page tree that refers to itself.
    made["page-tree-loop.pdf"] = pdf_from_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        _stream(_TEXT),
    ])
    # 6,000 pages sharing one content stream: long, but a councillor's pack can be.
    count = 6000
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(count))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
             b"/Contents 4 0 R >>"] * count
    made["six-thousand-pages.pdf"] = pdf_from_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        _FONT, _stream(_TEXT), *pages])
    # A stream that says it is 2 GB long, and an object number near the limit.
    made["lying-length.pdf"] = _one_page(b"<< /Length 2147483647 >>\nstream\n" + _TEXT + b"\nendstream")
    made["huge-page-count.pdf"] = pdf_from_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 2147483647 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        _stream(_TEXT)])
    made["javascript-action.pdf"] = pdf_from_objects([
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        _FONT, _stream(_TEXT),
        b"<< /S /JavaScript /JS (app.launchURL\\('http://example.invalid/'\\);) >>"])
    for name, data in made.items():
        path = folder / name
        path.write_bytes(data)
        yield name, path


# -- crafted DOCX / XLSX -------------------------------------------------------------

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


class Bomb:
    """A zip member that inflates to ``head + unit * n + tail`` (about ``total`` bytes).

    Built without compressing gigabytes: one megabyte is deflated once after a
    full flush (so it does not refer back to earlier data), and its bytes are
    repeated. ``claimed`` makes the zip headers lie about the inflated size.
    """

    def __init__(self, head: bytes, unit: bytes, total: int, tail: bytes, claimed: int | None = None):
        chunk = unit * (1_000_000 // len(unit))
        self.repeats = max(1, (total - len(head) - len(tail)) // len(chunk))
        deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
        self.parts = (deflate.compress(head) + deflate.flush(zlib.Z_FULL_FLUSH),
                      deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH),
                      deflate.compress(tail) + deflate.flush(zlib.Z_FINISH))
        crc = zlib.crc32(head)
        for _ in range(self.repeats):
            crc = zlib.crc32(chunk, crc)
        self.crc = zlib.crc32(tail, crc)
        self.size = len(head) + self.repeats * len(chunk) + len(tail)
        self.claimed = claimed

    def write_to(self, handle) -> int:
        head, middle, tail = self.parts
        handle.write(head)
        for _ in range(self.repeats):
            handle.write(middle)
        handle.write(tail)
        return len(head) + self.repeats * len(middle) + len(tail)


def _write_zip(target: Path, members: list[tuple[str, bytes | Bomb]]) -> Path:
    """A zip file written by hand (deflate), so that a member can be a Bomb."""
    import struct

    central = bytearray()
    with target.open("wb") as handle:
        for name, content in members:
            encoded = name.encode()
            offset = handle.tell()
            if isinstance(content, Bomb):
                crc, size, claimed = content.crc, content.size, content.claimed or content.size
            else:
                crc, size = zlib.crc32(content), len(content)
                claimed = size
            header_at = handle.tell()
            handle.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, 0,
                                     claimed, len(encoded), 0) + encoded)
            data_at = handle.tell()
            if isinstance(content, Bomb):
                compressed = content.write_to(handle)
            else:
                deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
                packed = deflate.compress(content) + deflate.flush()
                handle.write(packed)
                compressed = len(packed)
            end = handle.tell()
            handle.seek(header_at + 18)
            handle.write(struct.pack("<L", compressed))
            handle.seek(end)
            assert size < 2**32 and data_at - header_at == 30 + len(encoded)
            central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, compressed,
                                   claimed, len(encoded), 0, 0, 0, 0, 0, offset) + encoded
        directory_at = handle.tell()
        handle.write(central)
        handle.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members),
                                 len(central), directory_at, 0))
    return target


def _replace_member(source: Path, target: Path, member: str, content: bytes | Bomb) -> Path:
    """A copy of the zip package ``source`` with ``member`` replaced."""
    with zipfile.ZipFile(source) as old:
        members = [(info.filename, content if info.filename == member else old.read(info.filename))
                   for info in old.infolist()]
    return _write_zip(target, members)


def crafted_docx(base: Path, folder: Path):
    doc = "word/document.xml"
    body_head = f'<?xml version="1.0"?><w:document {_W}><w:body>'.encode()
    body_tail = b"</w:body></w:document>"
    para = b"<w:p><w:r><w:t>Care leavers have a personal adviser.</w:t></w:r></w:p>"
    made: dict[str, bytes | Bomb] = {}
    # The XML inflates to 3 GB (refused from the sizes the zip declares).
    made["zip-bomb-3gb.docx"] = Bomb(body_head, para, 3_000_000_000, body_tail)
    # 600 MB of valid paragraphs: under the declared-size guard, over any sane memory use.
    made["zip-bomb-600mb.docx"] = Bomb(body_head, para, 600_000_000, body_tail)
    # 200 MB that the zip headers say is 1 KB.
    made["zip-lies-about-size.docx"] = Bomb(body_head, para, 200_000_000, body_tail, claimed=1024)
    # Billion laughs: entities that expand to 10^9 copies.
    laughs = b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "lol">' + b"".join(
        b'<!ENTITY l%d "%s">' % (i, (b"&l%d;" % (i - 1)) * 10) for i in range(1, 10)) + b"]>"
    made["billion-laughs.docx"] = laughs + (f"<w:document {_W}><w:body><w:p><w:r><w:t>&l9;"
                                            f"</w:t></w:r></w:p></w:body></w:document>").encode()
    # An external entity pointing at a local secret and at the network.
    made["external-entity.docx"] = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">'
        f'<!ENTITY remote SYSTEM "http://example.invalid/x">]><w:document {_W}><w:body>'
        f"<w:p><w:r><w:t>Visible text &secret; &remote; end of the sentence here.</w:t></w:r></w:p>"
        f"</w:body></w:document>").encode()
    # 100,000 nested elements.
    made["nested-100k.docx"] = (body_head + b"<w:sdt><w:sdtContent>" * 100_000 + para
                                + b"</w:sdtContent></w:sdt>" * 100_000 + body_tail)
    # Not XML at all, and XML with a different root.
    made["document-not-xml.docx"] = b"\x00\x01\x02 not xml"
    made["document-wrong-root.docx"] = b'<?xml version="1.0"?><html><body>hi</body></html>'
    for name, content in made.items():
        yield name, _replace_member(base, folder / name, doc, content)
    # A huge image (a 40,000 x 40,000 PNG header) embedded in the package.
    png = (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (40_000).to_bytes(4, "big") * 2
           + b"\x08\x02\x00\x00\x00" + b"\x00" * 4 + zlib.compress(b"\x00" * 50_000_000, 9))
    with zipfile.ZipFile(base) as old, zipfile.ZipFile(folder / "huge-image.docx", "w") as new:
        for info in old.infolist():
            new.writestr(info, old.read(info.filename))
        new.writestr("word/media/image1.png", png)
    yield "huge-image.docx", folder / "huge-image.docx"
    # Not a Word package: a zip holding a workbook, and an encrypted-looking (OLE) file.
    with zipfile.ZipFile(folder / "workbook-named-docx.docx", "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    yield "workbook-named-docx.docx", folder / "workbook-named-docx.docx"
    (folder / "ole-named-docx.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000)
    yield "ole-named-docx.docx", folder / "ole-named-docx.docx"


def crafted_xlsx(base: Path, folder: Path):
    sheet = "xl/worksheets/sheet1.xml"
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    head = f'<?xml version="1.0"?><worksheet {ns}><sheetData>'.encode()
    row = b'<row><c t="inlineStr"><is><t>Action</t></is></c><c><v>1</v></c></row>'
    tail = b"</sheetData></worksheet>"
    made: dict[str, bytes | Bomb] = {
        "sheet-bomb-3gb.xlsx": Bomb(head, row, 3_000_000_000, tail),
        "sheet-bomb-600mb.xlsx": Bomb(head, row, 600_000_000, tail),
        "sheet-lies-about-size.xlsx": Bomb(head, row, 200_000_000, tail, claimed=1024),
        "sheet-billion-laughs.xlsx": (
            b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY l0 "lol">' + b"".join(
                b'<!ENTITY l%d "%s">' % (i, (b"&l%d;" % (i - 1)) * 10) for i in range(1, 10))
            + f']><worksheet {ns}><sheetData><row><c t="inlineStr"><is><t>&l9;</t></is></c></row>'
              f"</sheetData></worksheet>".encode()),
        "sheet-nested-100k.xlsx": head + b"<row>" * 100_000 + b"</row>" * 100_000 + tail,
        "sheet-million-columns.xlsx": head + b'<row><c r="XFD1048576"><v>1</v></c></row>' + tail,
    }
    for name, content in made.items():
        yield name, _replace_member(base, folder / name, sheet, content)


# -- the whole set ---------------------------------------------------------------------

def all_inputs(folder: Path, seed: int) -> list[tuple[str, Path]]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    bases = folder / "bases"
    bases.mkdir(exist_ok=True)
    inputs: list[tuple[str, Path]] = []
    pdf_bases = [papers.write_pdf(bases, 1, count=30), SAMPLE_PDFS / "dorset-2021-11-19.pdf",
                 SAMPLE_PDFS / "barnsley-2023-10-27.pdf"]
    for base in pdf_bases:
        inputs += mutations(base, folder, rng, eof_variant=True)
    inputs += crafted_pdfs(folder)
    docx_base = papers.write_docx(bases, 2)
    inputs += mutations(docx_base, folder, rng)
    inputs += crafted_docx(docx_base, folder)
    xlsx_base = papers.write_xlsx(bases / "tracker.xlsx")
    inputs += mutations(xlsx_base, folder, rng)
    inputs += crafted_xlsx(xlsx_base, folder)
    text = folder / "nul-bytes.txt"
    text.write_bytes(b"Care leavers\x00\x00\x00" * 1000)
    long_line = folder / "one-20mb-line.txt"
    long_line.write_bytes(b"care " * 4_000_000)
    html = folder / "nested-100k.html"
    html.write_bytes(b"<html><body>" + b"<div>" * 100_000 + b"Care leavers" + b"</div>" * 100_000 + b"</body></html>")
    html_entities = folder / "entity-flood.html"
    html_entities.write_bytes(b"<html><body><p>" + b"&amp;&#x202E;&lt;script&gt;" * 200_000 + b"</p></body></html>")
    inputs += [(p.name, p) for p in (text, long_line, html, html_entities)]
    return inputs
