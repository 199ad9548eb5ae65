"""Joint submissions and a document's own abbreviations are that document's organisations (issue 10):
two summaries' JS1 are two organisations, `said JS1` says which it lists, `orgs` shows members."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from uprsearch.cli import cli

SUMMARY = """Summary of stakeholders' information on {country}

I. Background and framework

1. Joint Submission 1 (JS1) noted that {first}.2 {org} noted that {second}.3

2. JS1 recommended that {country} {third}.4

Notes
1 The stakeholders listed below have contributed information for this summary.
Civil society
Individual submissions:
{org} {name}, {place};
Joint submissions:
JS1 Joint submission 1 submitted by: {members}.
2 JS1, p. 2.
3 {org}, p. 4.
4 JS1, p. 5.
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "atlantis.txt").write_text(SUMMARY.format(
        country="Atlantis", first="the prisons were overcrowded", second="journalists were harassed",
        third="adopt a law on torture", org="HRW", name="Human Rights Watch", place="New York (United States of America)",
        members="Centre for Civil Liberties; DeJuRe Foundation"), encoding="utf-8")
    (corpus / "lemuria.txt").write_text(SUMMARY.format(
        country="Lemuria", first="arrests were arbitrary", second="land was seized", third="release the detainees",
        org="CS", name="Christian Solidarity", place="Zurich (Switzerland)",
        members="Lemurian Lawyers Union; Free Press Lemuria"), encoding="utf-8")
    location = tmp_path_factory.mktemp("index")
    result = CliRunner().invoke(cli, ["--index-dir", str(location), "index", str(corpus)])
    assert result.exit_code == 0, result.output
    return location


def run(index, *args):
    return CliRunner().invoke(cli, ["--index-dir", str(index), *args])


def records(result):
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_each_documents_joint_submission_is_its_own(index):
    orgs = records(run(index, "orgs", "--format", "jsonl"))
    js1 = [(r["doc"], r["members"], r["statements"]) for r in orgs if r["id"] == "JS1"]
    assert js1 == [("atlantis", ["Centre for Civil Liberties", "DeJuRe Foundation"], 2),
                   ("lemuria", ["Lemurian Lawyers Union", "Free Press Lemuria"], 2)]
    hrw = next(r for r in orgs if r["id"] == "HRW")
    assert (hrw["doc"], hrw["name"], hrw["type"]) == ("", "Human Rights Watch", "ngo")


def test_said_lists_every_js1_and_says_which(index):
    result = run(index, "said", "JS1", "--format", "jsonl")
    assert result.exit_code == 0
    assert [(r["doc"], r["kind"]) for r in records(result)] == [
        ("atlantis", "observation"), ("atlantis", "recommendation"), ("lemuria", "observation"), ("lemuria", "recommendation"),
    ]
    assert result.stderr == (
        "uprsearch: 'JS1' names 2 organisations: JS1 of atlantis (Centre for Civil Liberties, DeJuRe Foundation); "
        "JS1 of lemuria (Lemurian Lawyers Union, Free Press Lemuria); all are listed (--doc chooses one)\n"
    )
    one = run(index, "said", "JS1", "--doc", "lemuria", "--format", "jsonl")
    assert [r["text"] for r in records(one)] == [
        "Joint Submission 1 (JS1) noted that arrests were arbitrary.", "JS1 recommended that Lemuria release the detainees.",
    ]
    assert one.stderr == ""


def test_a_documents_own_abbreviation_shadows_the_registrys(index):
    # "CS" is Cultural Survival in the registry, Christian Solidarity in the Lemuria summary
    result = run(index, "said", "CS", "--format", "jsonl")
    assert [(r["doc"], r["text"]) for r in records(result)] == [("lemuria", "CS noted that land was seized.")]
    assert result.stderr == ""  # the registry's CS says nothing here
    assert run(index, "search", "--org", "Christian Solidarity", "--format", "ids").stdout == "lemuria:1\n"
    assert run(index, "search", "--org", "JS1", "--doc", "atlantis", "--format", "ids").stdout == "atlantis:1\natlantis:2\n"
    assert run(index, "said", "Cultural Survival").exit_code == 1


JOINT = """Lawyers for Atlantis and Atlantis Press Freedom Network Joint Submission to
the Universal Periodic Review, Third Cycle for Atlantis
9 July 2020
About Lawyers for Atlantis
Lawyers for Atlantis defends journalists before the courts of Atlantis.
About Atlantis Press Freedom Network
Atlantis Press Freedom Network brings together the country's independent newspapers.

1. Journalists in Atlantis are harassed by the police and their sources are not protected.

2. We recommend that Atlantis adopt a law protecting journalists' sources.
"""


def test_a_joint_ngo_submission_is_one_organisation_with_its_members(tmp_path):
    (tmp_path / "atlantis-joint-submission.txt").write_text(JOINT, encoding="utf-8")
    index = tmp_path / "index"
    assert CliRunner().invoke(cli, ["--index-dir", str(index), "index", str(tmp_path / "atlantis-joint-submission.txt")]).exit_code == 0
    orgs = records(run(index, "orgs", "--format", "jsonl"))
    joint = [(r["id"], r["type"], r["doc"], r["members"], r["statements"]) for r in orgs if r["type"] == "joint-submission"]
    assert joint == [("Lawyers for Atlantis and Atlantis Press Freedom Network", "joint-submission", "atlantis-joint-submission",
                      ["Lawyers for Atlantis", "Atlantis Press Freedom Network"], 4)]
