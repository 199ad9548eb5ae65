"""Knowing where you are: `info`, `show` by symbol and paragraph, standard input for `parse -` and
`show -`, shell completion of the index's names."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from uprsearch.cli import cli
from uprsearch.index.location import CHECKOUT, ENVIRONMENT, OPTION, index_choice
from uprsearch.reader import bundled_corpus_dir

SUMMARY_TEXT = bundled_corpus_dir() / "A_HRC_WG.6_7_KAZ_3-summary-of-stakeholders-information.txt"


def run(*args: str, **kwargs):
    return CliRunner().invoke(cli, list(args), **kwargs)


def ids(*args: str, **kwargs) -> list[str]:
    result = run(*args, "--format", "ids", **kwargs)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


# -- info ------------------------------------------------------------------------------------


def test_info_names_the_index_why_and_what_it_holds(corpus_index):
    result = run("info", "--format", "json")
    assert result.exit_code == 0
    info = json.loads(result.stdout)
    assert (info["location"], info["chosen_by"], info["state"]) == (str(corpus_index), ENVIRONMENT, "ready")
    assert (info["documents"], info["chunks"], info["statements"]) == (3, 318, 711)
    assert info["schema_version"] == info["supported_schema_version"]
    assert info["size_bytes"] > 100_000 and info["roots"] == [str(bundled_corpus_dir())]
    text = run("info").stdout.splitlines()
    assert text[:7] == [f"index: {corpus_index}", "chosen by: UPRSEARCH_INDEX", "state: ready", "documents: 3",
                        "chunks: 318", "statements: 711", f"organisations: {info['organisations']}"]


def test_info_of_a_missing_index_builds_nothing(tmp_path):
    where = tmp_path / "none"
    result = run("--index-dir", str(where), "info", "--format", "json")
    assert result.exit_code == 0
    info = json.loads(result.stdout)
    assert (info["chosen_by"], info["state"], info["documents"], info["size_bytes"]) == (OPTION, "missing", None, 0)
    assert not where.exists()
    after = run("info", "--index-dir", str(where)).stdout.splitlines()  # after the command: still the option
    assert after[:3] == [f"index: {where}", "chosen by: --index-dir", "state: missing"]


def test_index_choice_says_why(monkeypatch, tmp_path):
    monkeypatch.setenv("UPRSEARCH_INDEX", str(tmp_path / "env"))
    assert index_choice(str(tmp_path / "opt")) == (tmp_path / "opt", OPTION)
    assert index_choice(str(tmp_path / "env"), from_environment=True) == (tmp_path / "env", ENVIRONMENT)
    assert index_choice() == (tmp_path / "env", ENVIRONMENT)
    monkeypatch.delenv("UPRSEARCH_INDEX")
    assert index_choice()[1] == CHECKOUT  # the tests run from a checkout with index/


# -- show by symbol and paragraph ----------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["kaz-2010-summary:16"],
    ["A/HRC/WG.6/7/KAZ/3", "16"],
    ["A/HRC/WG.6/7/KAZ/3:16"],
    ["a/hrc/wg.6/7/kaz/3", "para. 16"],
    ["A_HRC_WG.6_7_KAZ_3:16"],
    ["KAZ/3:16"],
    ["kaz-2010-summary:16.3"],  # a statement id: its paragraph
    ["A/HRC/WG.6/7/KAZ/3,", "para.", "16"],  # a citation as --cite prints it
])
def test_show_by_symbol_and_paragraph(corpus_index, args):
    assert ids("show", *args) == ["kaz-2010-summary:16"]


def test_show_a_recommendation_by_its_number_and_a_whole_document(corpus_index):
    assert ids("show", "A/HRC/14/10", "95.42", "A/HRC/14/10:95.43") == ["a-hrc-14-10:95.42", "a-hrc-14-10:95.43"]
    whole = ids("show", "kaz-2009-ai")
    assert (len(whole), whole[0], whole[-1]) == (38, "kaz-2009-ai:1", "kaz-2009-ai:38")


def test_show_of_a_missing_paragraph_or_document_is_an_error(corpus_index):
    result = run("show", "A/HRC/WG.6/7/KAZ/3", "999")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("uprsearch: error: no chunk 'kaz-2010-summary:999' in the index; did you mean")
    result = run("show", "A/HRC/WG.6/9/XYZ/3")
    assert result.exit_code == 2
    assert result.stderr.startswith("uprsearch: error: no document or chunk 'A/HRC/WG.6/9/XYZ/3' in the index")


def test_show_reads_ids_and_citations_from_standard_input(corpus_index):
    piped = run("search", "habeas corpus", "--cite").stdout + "kaz-2009-ai:27\nA/HRC/14/10 95.42\n"
    assert ids("show", "-", input=piped) == ["kaz-2010-summary:17", "kaz-2009-ai:27", "a-hrc-14-10:95.42"]


# -- parse - ------------------------------------------------------------------------------------


def test_parse_reads_standard_input():
    result = run("parse", "-", "--format", "jsonl", input=SUMMARY_TEXT.read_bytes())
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    from_file = [json.loads(line) for line in run("parse", str(SUMMARY_TEXT), "--format", "jsonl").stdout.splitlines()]
    assert len(records) == len(from_file) == 53
    assert records[15]["id"] == "stdin:16"
    assert [r["text"] for r in records] == [r["text"] for r in from_file]


def test_parse_of_empty_standard_input_is_one_error_line():
    result = run("parse", "-", input=b"")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "uprsearch: error: <stdin>: the file is empty\n"


def test_parse_reads_a_pipe_in_a_real_subprocess(tmp_path):
    env = {**os.environ, "UPRSEARCH_INDEX": str(tmp_path / "index")}
    with open(SUMMARY_TEXT, "rb") as fh:
        done = subprocess.run([sys.executable, "-m", "uprsearch", "parse", "-", "--format", "jsonl"], stdin=fh,
                              capture_output=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[0])["id"] == "stdin:1"


# -- shell completion ------------------------------------------------------------------------------


def complete(words: str, cword: int) -> list[str]:
    env = {"_UPRSEARCH_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    result = CliRunner().invoke(cli, [], env=env, prog_name="uprsearch")
    assert result.exit_code == 0, result.output
    return [line.split(",", 1)[1] for line in result.stdout.splitlines() if line]


def test_completion_offers_the_index_names(corpus_index):
    assert complete("uprsearch search --org HRW", 3) == ["HRW", "HRWF"]
    assert "JS1" in complete("uprsearch said JS", 2)
    assert complete("uprsearch search --theme tortu", 3) == ["torture"]
    assert complete("uprsearch show kaz", 2) == ["kaz-2010-summary", "kaz-2009-ai"]
    assert complete("uprsearch search --doc A/HRC/W", 3) == ["A/HRC/WG.6/7/KAZ/3"]
    assert complete("uprsearch inf", 1) == ["info"]


def test_completion_without_an_index_offers_nothing(tmp_path):
    assert complete(f"uprsearch --index-dir {tmp_path} search --org H", 5) == []
    assert list(tmp_path.iterdir()) == []  # nothing built


def test_readme_documents_the_completion_lines():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for shell in ("bash", "zsh"):
        assert f'eval "$(_UPRSEARCH_COMPLETE={shell}_source uprsearch)"' in readme
    assert "_UPRSEARCH_COMPLETE=fish_source uprsearch | source" in readme
    assert "python3 -m venv .venv && . .venv/bin/activate" in readme


def test_the_test_run_says_where_the_shared_samples_come_from(pytestconfig):
    headers = pytestconfig.hook.pytest_report_header(config=pytestconfig, start_path=Path.cwd(), startdir=None)
    ours = [h for h in headers if isinstance(h, str) and h.startswith("shared sample documents: ")]
    shared = Path(__file__).resolve().parents[2] / "shared"
    assert ours and ours[0].startswith(f"shared sample documents: {shared} (../shared/ beside this checkout")
    assert "SOURCES.md" in ours[0]
