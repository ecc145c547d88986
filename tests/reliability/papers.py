"""Papers generated for the reliability tests: TXT, PDF, DOCX and XLSX files.

Every paragraph of a generated paper carries the paper's marker word, so a
test can ask the full-text index how many of its passages it holds. Papers are
deterministic in their number: a child process and its parent agree on what
paper N contains without passing it around.
"""

from __future__ import annotations

import random
from pathlib import Path

AUTHORITIES = ("Gloucestershire", "Dorset", "Barnsley", "Isle of Wight", "Birmingham")
SENTENCES = (
    "Leaders have strengthened oversight of children in care and care leavers",
    "Social workers visit children regularly and see them alone",
    "Supervision is not yet consistently reflective or challenging",
    "Plans for children are too often generic and lack timescales",
    "The corporate parenting board holds partners to account",
    "Caseloads remain high in the assessment teams",
    "Return home interviews are completed but not analysed",
    "Managers audit case files and act on what they find",
    "Private fostering arrangements are identified and assessed",
    "Children with disabilities receive timely short breaks",
)


def marker(number: int) -> str:
    """A word that appears in every paragraph of paper ``number`` and nowhere else.

    Letters only after a fixed prefix, so no tokenizer splits it and the
    Porter stemmer leaves it alone (it ends in a consonant with no suffix).
    """
    letters = ""
    n = number
    for _ in range(5):
        n, digit = divmod(n, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[digit]
    return f"qz{letters}k"


def paragraphs(number: int, count: int) -> list[str]:
    rng = random.Random(number)
    word = marker(number)
    out = []
    for index in range(1, count + 1):
        body = ". ".join(rng.sample(SENTENCES, 3))
        out.append(f"{index}. {body} ({word} item {index}).")
    return out


def title(number: int) -> str:
    authority = AUTHORITIES[number % len(AUTHORITIES)]
    return f"Monitoring visit to {authority} children's services, paper {number} {marker(number)}"


def write_txt(folder: Path, number: int, count: int = 120) -> Path:
    path = folder / f"paper-{number:05d}.txt"
    path.write_text(title(number) + "\n\n" + "\n\n".join(paragraphs(number, count)) + "\n",
                    encoding="utf-8")
    return path


def write_pdf(folder: Path, number: int, count: int = 60) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    path = folder / f"paper-{number:05d}.pdf"
    styles = getSampleStyleSheet()
    story = [Paragraph(title(number), styles["Title"])]
    for text in paragraphs(number, count):
        story += [Paragraph(text, styles["BodyText"]), Spacer(1, 8)]
    SimpleDocTemplate(str(path), pagesize=A4, title=title(number)).build(story)
    return path


def write_docx(folder: Path, number: int, count: int = 40) -> Path:
    import docx

    path = folder / f"paper-{number:05d}.docx"
    document = docx.Document()
    document.add_heading(title(number), level=1)
    for text in paragraphs(number, count):
        document.add_paragraph(text)
    table = document.add_table(rows=3, cols=3)
    for row in range(3):
        for col in range(3):
            table.cell(row, col).text = f"cell {row}-{col}"
    document.save(str(path))
    return path


def write_xlsx(path: Path, rows: int = 40) -> Path:
    """An improvement-plan tracker as councils circulate them."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Action plan"
    sheet.append(["Improvement plan 2023/24"])
    sheet.append([])
    sheet.append(["Ref", "Action", "Lead officer", "Target date", "RAG", "Progress update"])
    for index in range(1, rows + 1):
        sheet.append([f"A{index}", f"Action {index}: {SENTENCES[index % len(SENTENCES)]}",
                      "Head of Service", f"{1 + index % 28:02d}/0{1 + index % 9}/2024",
                      ("Red", "Amber", "Green")[index % 3], "On track"])
    book.save(str(path))
    return path


def write_paper(folder: Path, number: int) -> Path:
    """Paper ``number`` as a PDF (every third) or a text file."""
    return write_pdf(folder, number) if number % 3 == 0 else write_txt(folder, number)
