"""Citations and addresses: every chunk and statement record carries `citation` and `url`;
--cite prints the citations alone, --bibtex an entry per document."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from uprsearch import cite
from uprsearch.cli import cli
from uprsearch.models import Chunk, Document


@pytest.fixture(autouse=True)
def _index(corpus_index):
    return corpus_index


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def jsonl(*args: str) -> list[dict]:
    result = run(*args, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


SUMMARY = Document(id="s", symbol="A/HRC/WG.6/7/KAZ/3", type="stakeholder-summary", year=2010)
SUBMISSION = Document(id="kaz-2009-ai", title="Submission to the UPR: Kazakhstan", type="stakeholder-submission",
                      year=2009, author="AI")


def chunk(**values) -> Chunk:
    base = dict(id="s:16", doc="s", n=16, para=16, kind="paragraph", section=["B. Torture"], text="…")
    return Chunk(**{**base, **values})


def test_a_un_document_is_cited_by_symbol_and_paragraph_and_has_its_undocs_address():
    assert cite.reference(chunk(), SUMMARY) == {
        "citation": "A/HRC/WG.6/7/KAZ/3, para. 16", "url": "https://undocs.org/A/HRC/WG.6/7/KAZ/3"}
    report = Document(id="r", symbol="A/HRC/14/10", type="wg-report")
    assert cite.citation(chunk(para=95, number="95.16"), report) == "A/HRC/14/10, para. 95.16"


def test_a_submission_is_cited_by_author_title_year_and_its_number_or_heading():
    assert cite.reference(chunk(para=None, number="4.12"), SUBMISSION, "Amnesty International") == {
        "citation": "Amnesty International, “Submission to the UPR: Kazakhstan”, 2009, para. 4.12", "url": ""}
    assert cite.citation(chunk(para=None), SUBMISSION, "Amnesty International") == (
        "Amnesty International, “Submission to the UPR: Kazakhstan”, 2009, section “B. Torture”")
    titled = Document(id="x", title="Kazakhstan (2009)", year=2009)  # the year is not said twice
    assert cite.citation(chunk(para=None, section=[]), titled) == "“Kazakhstan (2009)”"


def test_search_records_carry_the_citation_and_url():
    records = jsonl("search", "--doc", "kaz-2010-summary", "habeas corpus")
    assert [(r["id"], r["citation"], r["url"]) for r in records][:1] == [
        ("kaz-2010-summary:17", "A/HRC/WG.6/7/KAZ/3, para. 17", "https://undocs.org/A/HRC/WG.6/7/KAZ/3")]
    report = jsonl("show", "a-hrc-14-10:95.42")
    assert (report[0]["citation"], report[0]["url"]) == ("A/HRC/14/10, para. 95.42", "https://undocs.org/A/HRC/14/10")
    submission = jsonl("show", "kaz-2009-ai:27")
    assert (submission[0]["citation"], submission[0]["url"]) == (
        "Amnesty International, “Amnesty International submission to the UPR: Kazakhstan (2009)”, "
        "section “Torture or other ill-treatment”", "")


def test_said_records_carry_their_paragraph_citation():
    records = jsonl("said", "HRW")
    assert {r["citation"] for r in records if r["para"] == 9} == {"A/HRC/WG.6/7/KAZ/3, para. 9"}


def test_cite_prints_each_citation_once_in_hit_order():
    result = run("said", "HRW", "--cite", "--sort", "document")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "A/HRC/WG.6/7/KAZ/3, para. 9"
    assert len(lines) == len(set(lines)) == len({r["para"] for r in jsonl("said", "HRW")})
    assert run("show", "kaz-2010-summary:16", "kaz-2010-summary:16", "--cite").stdout == "A/HRC/WG.6/7/KAZ/3, para. 16\n"


def test_bibtex_prints_one_entry_per_document():
    result = run("show", "kaz-2010-summary:16", "kaz-2009-ai:27", "kaz-2010-summary:17", "--bibtex")
    assert result.exit_code == 0
    assert result.stdout == (
        "@misc{kaz-2010-summary,\n"
        "  author = {United Nations Human Rights Council},\n"
        "  title = {Summary of stakeholders' information: Kazakhstan (UPR 2010)},\n"
        "  year = 2010,\n"
        "  number = {A/HRC/WG.6/7/KAZ/3},\n"
        "  url = {https://undocs.org/A/HRC/WG.6/7/KAZ/3}\n"
        "}\n\n"
        "@misc{kaz-2009-ai,\n"
        "  author = {Amnesty International},\n"
        "  title = {Amnesty International submission to the UPR: Kazakhstan (2009)},\n"
        "  year = 2009\n"
        "}\n"
    )


def test_cite_with_count_is_a_usage_error():
    result = run("search", "torture", "--cite", "--count")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "--cite and --bibtex print the citations, not a count" in result.stderr
