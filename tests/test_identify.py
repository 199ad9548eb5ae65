"""Which document a file is: ids from symbols (renaming a file changes none), the same document
under a second name reported in one line and skipped, a submission's country read from its text."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from uprsearch.cli import cli
from uprsearch.identify import FileIdentity, duplicate_of, id_from_symbol, symbol_in_text
from uprsearch.metadata import country_in_text
from uprsearch.pipeline import parse_paths
from uprsearch.reader import bundled_corpus_dir
from uprsearch.states import load_states

CORPUS = bundled_corpus_dir()
SUMMARY = CORPUS / "A_HRC_WG.6_7_KAZ_3-summary-of-stakeholders-information.txt"
REPORT = CORPUS / "A_HRC_14_10-wg-report-kazakhstan-S07-2010.pdf"
COVER = ("A/HRC/WG.6/7/KAZ/3\nSeventh session\n  SUMMARY PREPARED BY THE OFFICE OF THE HIGH COMMISSIONER FOR\n"
         "HUMAN RIGHTS, IN ACCORDANCE WITH PARAGRAPH 15 (C) OF THE\nANNEX TO HUMAN RIGHTS COUNCIL RESOLUTION 5/1\n\n"
         "  Kazakhstan*\n\n")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def summary_with_cover(folder: Path, name: str) -> Path:
    """The bundled summary with the cover page its PDF has (symbol, session, title, State)."""
    path = folder / name
    path.write_text(COVER + SUMMARY.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_ids_are_made_from_symbols():
    assert id_from_symbol("A/HRC/WG.6/7/KAZ/3") == "a-hrc-wg-6-7-kaz-3"
    assert id_from_symbol("A/HRC/14/10/Add.1") == "a-hrc-14-10-add-1"
    assert symbol_in_text(COVER) == "A/HRC/WG.6/7/KAZ/3"
    assert symbol_in_text("Amnesty International submission to the UN Universal Periodic Review\n") == ""


def test_renaming_a_file_changes_no_id(tmp_path):
    first = parse_paths([summary_with_cover(tmp_path, "summary.txt")]).documents[0]
    renamed = parse_paths([summary_with_cover(tmp_path, "anything-else.txt")]).documents[0]
    assert first.document.id == renamed.document.id == "a-hrc-wg-6-7-kaz-3"
    assert first.chunks[15].id == renamed.chunks[15].id == "a-hrc-wg-6-7-kaz-3:16"


def test_an_index_keeps_the_id_when_a_file_is_renamed(tmp_path):
    folder, index = tmp_path / "docs", tmp_path / "index"
    folder.mkdir()
    old = summary_with_cover(folder, "kaz-summary.txt")
    assert run("--index-dir", str(index), "index", str(folder)).exit_code == 0
    old.rename(folder / "renamed.txt")
    result = run("--index-dir", str(index), "index", str(folder))
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in run("--index-dir", str(index), "docs", "--format", "jsonl").stdout.splitlines()]
    assert [(d["id"], Path(d["source"]).name) for d in docs] == [("a-hrc-wg-6-7-kaz-3", "renamed.txt")]
    assert run("--index-dir", str(index), "show", "A/HRC/WG.6/7/KAZ/3", "16", "--format", "ids").stdout == "a-hrc-wg-6-7-kaz-3:16\n"


def test_the_catalogue_id_wins_over_the_symbol():
    assert [d.document.id for d in parse_paths([SUMMARY]).documents] == ["kaz-2010-summary"]


def test_a_duplicate_is_reported_in_one_line_and_skipped(tmp_path):
    folder, index = tmp_path / "docs", tmp_path / "index"
    folder.mkdir()
    summary_with_cover(folder, "a-summary.txt")
    shutil.copy(folder / "a-summary.txt", folder / "b-copy.txt")  # the same text under another name
    (folder / "c-resaved.txt").write_text(COVER + "1.\nAI recommended that Kazakhstan abolish the death penalty.\n",
                                          encoding="utf-8")  # the same symbol
    result = run("--index-dir", str(index), "index", str(folder))
    assert result.exit_code == 0
    assert result.stderr == (
        f"uprsearch: skipped {folder / 'b-copy.txt'}: the same text as a-summary.txt (indexed as a-hrc-wg-6-7-kaz-3)\n"
        f"uprsearch: skipped {folder / 'c-resaved.txt'}: the same document (A/HRC/WG.6/7/KAZ/3) as a-summary.txt "
        "(indexed as a-hrc-wg-6-7-kaz-3)\n"
    )
    assert run("--index-dir", str(index), "docs", "--format", "ids").stdout == "a-hrc-wg-6-7-kaz-3\n"
    again = run("--index-dir", str(index), "index", str(folder))  # still skipped, still said
    assert (again.exit_code, again.stderr.count("uprsearch: skipped")) == (0, 2)
    parsed = run("parse", str(folder), "--format", "jsonl")
    assert parsed.exit_code == 0
    assert {json.loads(line)["doc"] for line in parsed.stdout.splitlines()} == {"a-hrc-wg-6-7-kaz-3"}
    assert parsed.stderr.count("uprsearch: skipped") == 2


def test_a_copy_of_an_indexed_document_added_later_is_skipped(tmp_path):
    index = tmp_path / "index"
    assert run("--index-dir", str(index), "index", str(CORPUS)).exit_code == 0
    copy = tmp_path / "report-copy.pdf"
    shutil.copy(REPORT, copy)
    result = run("--index-dir", str(index), "index", str(copy))
    assert result.exit_code == 0
    assert result.stderr == (f"uprsearch: skipped {copy}: the same text as {REPORT.name} (indexed as a-hrc-14-10)\n")


def test_files_the_catalogue_names_apart_are_two_documents():
    one = FileIdentity(Path("a.txt"), "one", "A/HRC/WG.6/7/KAZ/3", "sha-a", catalogued=True)
    two = FileIdentity(Path("b.txt"), "two", "A/HRC/WG.6/7/KAZ/3", "sha-b", catalogued=True)
    assert duplicate_of(two, [one]) is None
    assert duplicate_of(FileIdentity(Path("c.txt"), "c", "A/HRC/WG.6/7/KAZ/3", "sha-c"), [one]) is one
    assert duplicate_of(FileIdentity(Path("d.txt"), "d", "", "sha-a", catalogued=True), [one]) is one


def test_a_submission_country_is_read_from_its_text():
    states = load_states()
    cover = "Center for Victims of Torture\nNGO assessment of the follow-up action of the US Government\nCCPR/C/USA/CO/4\n"
    assert country_in_text(cover + "We work in Jordan and Ethiopia. The U.S. should act.\n", states) == (
        "United States of America", "USA")
    assert country_in_text("Submission on the UK.\n" + "The UK failed. Northern Ireland too. " * 3, states) == (
        "United Kingdom", "GBR")
    assert country_in_text("We work in France and in Spain, with partners in Chile.\n", states) == ("", "")


def test_a_submission_without_a_catalogue_entry_gets_its_country(tmp_path):
    path = tmp_path / "ngo.txt"
    path.write_text("Executive summary\nHuman Rights Watch submission to the Universal Periodic Review of Kazakhstan\n"
                    "1. Kazakhstan should end torture in places of detention in Kazakhstan.\n"
                    "Recommendations for action\n2. Kazakhstan should ratify OP-CAT.\n", encoding="utf-8")
    document = parse_paths([path]).documents[0].document
    assert (document.type, document.country, document.iso3) == ("stakeholder-submission", "Kazakhstan", "KAZ")
    catalogued = parse_paths([CORPUS / "kaz-2009-amnesty-international-upr-submission.txt"]).documents[0].document
    assert (catalogued.country, catalogued.iso3) == ("Kazakhstan", "KAZ")  # the catalogue's
