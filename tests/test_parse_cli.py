"""`uprsearch parse`: what it prints, and what it does with bad input (never a traceback)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from uprsearch.cli import cli

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "upr-samples"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_parse_bundled_corpus_jsonl_has_every_field():
    result = run("parse", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert len(records) == 227 + 53 + 38  # the Working Group report, the summary, the submission
    first = records[227]
    assert set(first) == {
        "id", "doc", "para", "number", "kind", "section", "text", "footnotes", "orgs", "statements", "themes",
        "theme_evidence", "action", "symbol", "country", "cycle", "response", "response_source", "response_text",
    }
    assert (first["number"], first["response"]) == ("1", "")  # a paragraph of a summary answers nothing
    assert first["id"] == "kaz-2010-summary:1" and first["symbol"] == "A/HRC/WG.6/7/KAZ/3"
    assert first["statements"][0] == {
        "id": "kaz-2010-summary:1.1",
        "text": "Joint Submission (JS)1 recommended the ratification of ICCPR–OP 2.",
        "orgs": ["JS1"],
        "kind": "recommendation",
        "themes": ["death-penalty", "international-instruments"],
    }
    assert first["theme_evidence"]["death-penalty"] == ["ICCPR–OP 2"]
    assert first["action"] is None  # a paragraph, not an item of a recommendations list
    assert first["footnotes"][0] == {"number": 2, "text": ""}


def test_parse_text_view_shows_ids_sections_and_statements():
    result = run("parse")
    assert result.exit_code == 0
    assert "[kaz-2010-summary:17] paragraph ¶17  § II. PROMOTION AND PROTECTION" in result.output
    assert "    - [recommendation] PRI-Central Asia: PRICentral Asia recommended that Kazakhstan follow" in result.output


def test_empty_file_is_a_one_line_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run("parse", str(empty))
    assert result.exit_code == 2
    assert result.stderr == f"uprsearch: error: {empty}: the file is empty\n"


def test_binary_file_is_a_one_line_error(tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    result = run("parse", str(binary))
    assert result.exit_code == 2
    assert result.stderr == f"uprsearch: error: {binary}: a binary file, not text; give a .txt or .pdf\n"


def test_bad_file_is_skipped_and_the_rest_parsed(tmp_path):
    (tmp_path / "a-empty.txt").write_text("")
    (tmp_path / "b-notes.txt").write_text("First paragraph about detention.\n\nSecond paragraph.\n")
    result = run("parse", "--format", "jsonl", str(tmp_path))
    assert result.exit_code == 2
    assert [json.loads(l)["text"] for l in result.stdout.splitlines()] == [
        "First paragraph about detention.", "Second paragraph.",
    ]
    assert result.stderr.count("\n") == 1 and "a-empty.txt: the file is empty" in result.stderr


def test_windows_1252_text_is_decoded(tmp_path):
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("The State’s report – “torture” was noted.\n".encode("cp1252"))
    result = run("parse", "--format", "jsonl", str(legacy))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["text"] == "The State’s report – “torture” was noted."


def test_unstructured_text_is_read_as_plain_paragraphs(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("just some words\nwrapped here\n\nanother block of words\n")
    result = run("parse", str(notes))
    assert result.exit_code == 0
    assert "# note: no UPR structure recognised; read as a document of plain paragraphs" in result.output
    assert "just some words wrapped here" in result.output


def test_missing_path_is_an_error(tmp_path):
    result = run("parse", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/upr-samples is not beside this checkout")
@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.txt")) if SAMPLES.is_dir() else [])
def test_every_sample_parses_into_sensible_paragraphs(name):
    result = run("parse", "--format", "jsonl", str(SAMPLES / name))
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) >= 20
    assert all(r["text"].strip() for r in records)
    assert max(len(r["text"]) for r in records) < 6000  # no run-together documents


def test_statement_ids_number_each_chunks_statements_from_one():
    from uprsearch.models import split_statement_id, statement_id

    result = run("parse", "--format", "jsonl")
    records = [json.loads(line) for line in result.output.splitlines()]
    ids = [st["id"] for r in records for st in r["statements"]]
    assert len(ids) == len(set(ids))
    assert all(st["id"] == f"{r['id']}.{n}" for r in records for n, st in enumerate(r["statements"], 1))
    assert statement_id("a-hrc-14-10:97.16", 2) == "a-hrc-14-10:97.16.2"
    assert split_statement_id("a-hrc-14-10:97.16.2") == ("a-hrc-14-10:97.16", 2)
    assert split_statement_id("kaz-2010-summary:16.3") == ("kaz-2010-summary:16", 3)
    assert split_statement_id("kaz-2010-summary.1") is None  # no chunk id before it
    assert split_statement_id("kaz-2010-summary:16.0") is None
