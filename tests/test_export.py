"""Tables of statements and paragraphs (csv, tsv, xlsx): a row per statement and speaker with the
columns of listings.EXPORT, --no-headers, --output FILE."""
from __future__ import annotations

import csv
import io

import pytest

from tests.test_search_cli import EXPORT_FIELDS, jsonl, run
from uprsearch.listings import EXPORT

pytestmark = pytest.mark.usefixtures("corpus_index")


def _rows(*args: str) -> list[dict[str, str]]:
    result = run(*args, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_the_columns_are_declared_once():
    assert list(EXPORT) == EXPORT_FIELDS


def test_every_recommendation_a_row_per_statement_and_speaker():
    statements = jsonl("search", "--kind", "recommendation", "--statements")
    pairs = [(r["id"], s["id"]) for r in statements for s in r["speakers"] or [{"id": ""}]]
    rows = _rows("search", "--kind", "recommendation", "--statements")
    assert [(row["statement"], row["speaker_id"]) for row in rows] == pairs
    assert len(pairs) > len(statements) > 150  # a State recommendation several States made: a row each
    assert all(row["kind"] == "recommendation" for row in rows)
    assert all(row["para"] for row in rows)  # never empty: a submission's paragraph gives its place


def test_a_submissions_paragraph_has_its_place_for_para():
    rows = _rows("said", "AI", "--doc", "kaz-2009-ai")
    assert rows and all(row["para"].isdigit() for row in rows)
    first = rows[0]
    assert (first["doc_type"], first["speaker_id"], first["speaker_name"], first["speaker_type"]) == (
        "stakeholder-submission", "AI", "Amnesty International", "ngo")
    assert first["para"] == first["chunk"].rpartition(":")[2]


def test_a_statement_two_organisations_made_is_a_row_each():
    rows = _rows("search", "invitation", "Special Rapporteur", "religion", "--org", "HRW", "--statements")
    assert [(row["statement"], row["speaker_id"], row["speaker_name"]) for row in rows] == [
        ("kaz-2010-summary:9.1", "FH", "Freedom House"), ("kaz-2010-summary:9.1", "HRW", "Human Rights Watch")]
    assert rows[0]["text"] == rows[1]["text"] and rows[0]["citation"] == "A/HRC/WG.6/7/KAZ/3, para. 9"


def test_a_state_recommendation_has_its_response():
    rows = _rows("search", "death penalty", "--response", "supported", "--statements")
    assert [(row["statement"], row["speaker_id"], row["speaker_type"], row["citation"], row["response"]) for row in rows] \
        == [("a-hrc-14-10:95.41.1", "Philippines", "state", "A/HRC/14/10, para. 95.41", "supported")]


def test_xlsx_to_a_file_reads_back(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "death-penalty.xlsx"
    args = ["search", "death penalty", "--kind", "recommendation", "--statements"]
    result = run(*args, "--format", "xlsx", "--output", str(path))
    assert (result.exit_code, result.stdout) == (0, "")
    sheet = load_workbook(path).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == EXPORT_FIELDS
    want = _rows(*args)
    assert [dict(zip(EXPORT_FIELDS, ["" if v is None else str(v) for v in row])) for row in values[1:]] == want
    assert isinstance(values[1][EXPORT_FIELDS.index("para")], int)
    headless = tmp_path / "headless.xlsx"
    assert run(*args, "--format", "xlsx", "--no-headers", "--output", str(headless)).exit_code == 0
    assert [[c.value for c in row] for row in load_workbook(headless).active.iter_rows()] == values[1:]


def test_xlsx_piped_is_the_workbook_and_other_listings_too(tmp_path):
    import subprocess
    import sys

    from openpyxl import load_workbook

    done = subprocess.run([sys.executable, "-m", "uprsearch", "orgs", "--format", "xlsx"], capture_output=True)
    assert done.returncode == 0 and done.stdout[:2] == b"PK"  # a zip: the workbook
    (tmp_path / "orgs.xlsx").write_bytes(done.stdout)
    header = [c.value for c in next(load_workbook(tmp_path / "orgs.xlsx").active.iter_rows())]
    assert header == ["id", "name", "aliases", "type", "doc", "members", "chunks", "statements"]


def test_output_writes_any_format_to_the_file(tmp_path):
    path = tmp_path / "hits.jsonl"
    result = run("search", "habeas corpus", "--format", "jsonl", "--output", str(path))
    assert (result.exit_code, result.stdout) == (0, "")
    assert path.read_text(encoding="utf-8") == run("search", "habeas corpus", "--format", "jsonl").stdout
    bad = run("search", "habeas corpus", "--format", "csv", "--output", str(tmp_path / "no" / "such.csv"))
    assert bad.exit_code == 2 and "no/such.csv" in bad.stderr
