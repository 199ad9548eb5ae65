"""Text to terminals is cleaned everywhere: no command, format or error line lets a document,
a catalogue, a file name or an argument act on the user's terminal (issue 14, item 7)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from uprsearch.cli import cli
from uprsearch.terminal import clean, json_dumps
from tests.robustness.hostile import ESCAPES, has_raw_controls, summary_text, write


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_clean_removes_for_reading_and_escapes_for_data():
    assert clean("a\x1b]52;c;aGk=\x07b\x9b31mc\x07\u202ed") == "abcd"
    assert clean("a\x1b[2Jb\nc\td\x9b", escape=True) == "a\\x1b[2Jb\\nc\\td\\x9b"
    assert clean("name\udcff.txt", escape=True) == "name\\xff.txt"  # a byte that was not UTF-8
    assert clean("a\tb\nc\x07", newlines=True, escape=True) == "a\tb\nc\\x07"
    assert json.loads(json_dumps({"t": "a\x9bb\x7f\x1b"})) == {"t": "a\x9bb\x7f\x1b"}
    assert not has_raw_controls(json_dumps({"t": "a\x9bb\x7f\x1b\u2028"}))


@pytest.mark.parametrize("escape", ESCAPES)
def test_parse_text_view_prints_no_escape_from_paragraphs_headings_or_endnotes(tmp_path, escape):
    # before: the endnotes' text ("footnotes: 1 AI submission\x1b[2J...") was printed raw
    write(tmp_path, "summary.txt", summary_text(escape))
    result = run("parse", str(tmp_path))
    assert result.exit_code == 0
    assert not has_raw_controls(result.stdout)


def test_parse_jsonl_keeps_the_data_as_json_escapes(tmp_path):
    write(tmp_path, "summary.txt", summary_text("\x9b"))
    result = run("parse", str(tmp_path), "--format", "jsonl")
    assert result.exit_code == 0 and not has_raw_controls(result.stdout)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[0]["footnotes"][0]["text"].startswith("AI submission\x9b")


def test_an_error_line_shows_a_file_name_escaped_on_one_line(tmp_path):
    # before: "uprsearch: error: …/bad\n\x1b[2J.txt: no such file or folder", two lines, the screen cleared
    result = run("parse", str(tmp_path / "bad\n\x1b[2J.txt"))
    assert result.exit_code == 2
    assert result.stderr == f"uprsearch: error: {tmp_path}/bad\\n\\x1b[2J.txt: no such file or folder\n"


def test_a_bad_option_value_is_shown_escaped():
    result = run("search", "torture", "--format", "x\x1b[2J")
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert "x\\x1b[2J" in result.stderr and not has_raw_controls(result.stderr)


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    index = tmp_path_factory.mktemp("hostile-index")
    write(folder, "summary.txt", summary_text("\x1b]52;c;aGk=\x07"))
    write(folder, "catalog.toml", (
        '[[document]]\nfile = "summary.txt"\nid = "evil"\n'
        'title = "Evil\\u001b]0;pwned\\u0007 title\\u009b2J"\nauthor = "AI"\ncountry = "Kaz\\u001b[2Jakhstan"\n'))
    result = run("--index-dir", str(index), "index", str(folder))
    assert result.exit_code == 0, result.output
    return index


@pytest.mark.parametrize("fmt", ["text", "csv", "tsv", "ids", "jsonl", "json"])
@pytest.mark.parametrize("command", [["search", "torture"], ["search"], ["docs"], ["show", "evil:1"],
                                     ["said", "AI"], ["orgs"], ["themes"]])
def test_no_command_or_format_prints_a_raw_control(hostile_index, command, fmt):
    # before: csv/tsv/ids printed the catalogue's title and country and the endnotes' escapes raw
    result = run("--index-dir", str(hostile_index), *command, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert not has_raw_controls(result.stdout) and not has_raw_controls(result.stderr)


@pytest.mark.parametrize("options", [["--bibtex"], ["--cite"]])
def test_citations_print_no_raw_control(hostile_index, options):
    result = run("--index-dir", str(hostile_index), "search", "torture", *options)
    assert result.exit_code == 0, result.output
    assert "Evil" in result.stdout
    assert not has_raw_controls(result.stdout) and not has_raw_controls(result.stderr)


def test_csv_keeps_the_data_escaped(hostile_index):
    result = run("--index-dir", str(hostile_index), "docs", "--format", "csv")
    assert "Evil\\x1b]0;pwned\\x07 title\\x9b2J" in result.stdout
    result = run("--index-dir", str(hostile_index), "docs", "--format", "json")
    assert json.loads(result.stdout)[0]["title"] == "Evil\x1b]0;pwned\x07 title\x9b2J"
