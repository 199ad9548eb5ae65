"""`uprsearch index`: --author, missing paths, and what --rebuild keeps (through the real CLI)."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from uprsearch.cli import cli

REPORT = "A report on Ruritania\n\n1. The authorities detained journalists.\n\n2. Journalists were held incommunicado for weeks.\n"
SUMMARY = "Human Rights Watch (HRW) recommended that Ruritania abolish the death penalty.\n"


def run(index_dir: Path, *args: str):
    return CliRunner().invoke(cli, ["--index-dir", str(index_dir), *args])


def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "summary.txt").write_text(SUMMARY)
    return folder


def test_author_given_on_the_command_line_is_the_reports_speaker_and_is_remembered(tmp_path):
    index_dir, report = tmp_path / "ix", tmp_path / "report.txt"
    report.write_text(REPORT)
    assert run(index_dir, "index", str(corpus(tmp_path))).exit_code == 0
    result = run(index_dir, "index", str(report), "--author", "Amnesty International")
    assert result.exit_code == 0, result.output
    said = run(index_dir, "said", "AI", "--doc", "report", "--format", "jsonl")
    assert [(r["id"], r["org"]) for r in map(json.loads, said.stdout.splitlines())] == [
        ("report:1", "AI"), ("report:2", "AI"),
    ]
    # a change to the file re-parses it with the author it was given
    report.write_text(REPORT + "\n3. Lawyers were refused access.\n")
    assert run(index_dir, "index", str(report)).exit_code == 0
    said = run(index_dir, "said", "AI", "--doc", "report", "--format", "ids")
    assert said.stdout.split() == ["report:1", "report:2", "report:3"]


def test_a_missing_path_is_reported_and_the_rest_indexed(tmp_path):
    index_dir, report = tmp_path / "ix", tmp_path / "report.txt"
    report.write_text(REPORT)
    result = run(index_dir, "index", str(report), str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"uprsearch: error: {tmp_path / 'missing.txt'}: no such file or folder"
    assert run(index_dir, "docs", "--format", "ids").stdout.split() == ["report"]


def test_rebuild_without_paths_keeps_every_document_indexed_so_far(tmp_path):
    index_dir, report = tmp_path / "ix", tmp_path / "report.txt"
    report.write_text(REPORT)
    folder = corpus(tmp_path)
    assert run(index_dir, "--corpus", str(folder), "index").exit_code == 0
    assert run(index_dir, "index", str(report)).exit_code == 0
    result = run(index_dir, "--corpus", str(folder), "index", "--rebuild")
    assert result.exit_code == 0, result.output
    assert run(index_dir, "docs", "--format", "ids").stdout.split() == ["summary", "report"]
    # with PATHs, a rebuild holds exactly those
    assert run(index_dir, "index", "--rebuild", str(report)).exit_code == 0
    assert run(index_dir, "docs", "--format", "ids").stdout.split() == ["report"]


def test_a_corpus_named_for_a_query_is_not_added_to_an_existing_index_but_named(tmp_path):
    index_dir, other = tmp_path / "ix", tmp_path / "other"
    folder = corpus(tmp_path)
    assert run(index_dir, "--corpus", str(folder), "search", "death").exit_code == 0
    other.mkdir()
    (other / "report.txt").write_text(REPORT)
    result = run(index_dir, "--corpus", str(other), "search", "death", "--format", "ids")
    assert (result.exit_code, result.stdout) == (0, "summary:1\n")  # a reader never writes
    assert result.stderr == (
        f"uprsearch: the corpus {other} is not in the index at {index_dir}; answering without it; "
        f"add it with `uprsearch --index-dir {index_dir} index {other}`\n"
    )
    assert run(index_dir, "--corpus", str(other), "index").exit_code == 0
    result = run(index_dir, "--corpus", str(other), "search", "incommunicado", "--format", "ids")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "report:2\n", "")


def test_a_corpus_that_does_not_exist_is_an_error(tmp_path):
    index_dir = tmp_path / "ix"
    assert run(index_dir, "--corpus", str(corpus(tmp_path)), "search", "death").exit_code == 0
    result = run(index_dir, "--corpus", str(tmp_path / "nowhere"), "search", "death")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_a_no_op_index_run_removes_what_a_killed_build_left(tmp_path):
    from uprsearch.index.generations import POINTER

    index_dir = tmp_path / "ix"
    folder = corpus(tmp_path)
    assert run(index_dir, "index", str(folder)).exit_code == 0
    live = (index_dir / POINTER).read_text().strip()
    partial = index_dir / "gen-killed-mid-write"
    partial.mkdir()
    (partial / "_MAIN_1.toc").write_bytes(b"half")  # a generation never completed: no metadata
    result = run(index_dir, "index", str(folder))
    assert result.exit_code == 0
    assert not partial.exists()
    assert (index_dir / live).is_dir()


def test_global_options_work_after_the_command_too(tmp_path):
    index_dir, folder = tmp_path / "ix", corpus(tmp_path)
    result = CliRunner().invoke(cli, ["search", "death", "--corpus", str(folder), "--index-dir", str(index_dir), "--count"])
    assert result.exit_code == 0
    assert result.stdout == "1\n"
    assert (index_dir / "CURRENT").is_file()
