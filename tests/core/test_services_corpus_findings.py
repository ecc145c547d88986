"""The sample corpus, imported: the recommendations and judgements a councillor expects."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.services.importing import import_paths
from desktop.services.recommendations import list_judgements, list_recommendations
from tests.samples import SAMPLE_PDFS, SAMPLES


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from desktop.storage.workspace import open_workspace

    ws = open_workspace(tmp_path_factory.mktemp("findings") / "corpus.sqlite")
    import_paths(ws, sorted(SAMPLES.glob("*.txt")))
    yield ws
    ws.close()


def _doc_id(ws, prefix: str) -> int:
    return ws.conn.execute("SELECT id FROM documents WHERE parent_id IS NULL AND source LIKE ?",
                           (f"%/{prefix}%",)).fetchone()[0]


def test_the_2017_report_gives_19_plus_6_whole_recommendations(corpus):
    recs = list_recommendations(corpus, document_id=_doc_id(corpus, "000"))
    assert [r.label for r in recs] == [str(n) for n in range(1, 20)] + [str(n) for n in range(111, 117)]
    assert all(r.text.endswith((".", ")")) and len(r.text) > 40 for r in recs)
    assert all(r.source_passage_id for r in recs)
    assert {r.issued for r in recs} == {date(2017, 6, 13)}


def test_the_copy_in_the_pack_and_the_letters_add_none(corpus):
    total = list_recommendations(corpus)
    assert len(total) == 25 + 5
    for prefix in ("001", "002", "003"):
        assert list_recommendations(corpus, document_id=_doc_id(corpus, prefix)) == []


def test_the_2023_report_cites_the_five_2022_recommendations(corpus):
    cited = list_recommendations(corpus, document_id=_doc_id(corpus, "004"))
    assert len(cited) == 5
    assert all(r.document_id is None and r.issued and r.issued.year == 2022 for r in cited)
    assert "strategy meetings" in cited[0].text


def test_finding_paragraphs_back_recommendations(corpus):
    recs = list_recommendations(corpus, document_id=_doc_id(corpus, "000"))
    backed = [r for r in recs if r.supporting_passage_ids]
    assert len(backed) >= 10
    labels = {row[0] for r in backed for row in corpus.conn.execute(
        f"SELECT label FROM passages WHERE id IN ({','.join('?' * len(r.supporting_passage_ids))})",
        r.supporting_passage_ids)}
    assert "26" in labels


def test_judgement_tables_2017_and_2022(corpus):
    judgements = list_judgements(corpus, "Gloucestershire")
    by_year: dict[int, dict[str, str]] = {}
    for j in judgements:
        by_year.setdefault(j.date.year, {})[j.area] = j.grade
    assert len(by_year[2017]) == 7 and by_year[2017]["Overall effectiveness"] == "Inadequate"
    assert by_year[2022]["Overall effectiveness"] == "Requires improvement to be good"
    assert list_judgements(corpus, "South Gloucestershire") == []


def test_importing_the_2022_report_later_does_not_create_them_twice(corpus):
    import_paths(corpus, [SAMPLE_PDFS / "gloucestershire-2022-04-01.pdf"])
    recs_2022 = [r for r in list_recommendations(corpus, authority="Gloucestershire")
                 if r.issued and r.issued.year == 2022]
    assert len(recs_2022) == 5
    report = _doc_id(corpus, "gloucestershire-2022")
    assert {r.document_id for r in recs_2022} == {report}
    grades_2022 = [j for j in list_judgements(corpus, "Gloucestershire") if j.date.year == 2022]
    assert grades_2022 and not any(j.cited for j in grades_2022)
