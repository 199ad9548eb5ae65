"""UPR Info's action categories of recommendations: the rules of data/actions.toml, a corpus
folder's own rules, and the `action` of recommendation chunks."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from uprsearch.actions import load_actions
from uprsearch.cli import cli
from uprsearch.errors import UprError


@pytest.fixture(scope="module")
def coder():
    return load_actions()


@pytest.mark.parametrize(
    "text, category, words",
    [
        ("Seek technical assistance from OHCHR in drafting the law.", 1, "Seek"),
        ("Share its experience of the national plan with other States.", 1, "Share"),
        ("Continue its efforts to reduce poverty in rural areas.", 2, "Continue"),
        ("Pursue the reform of the prison system.", 2, "Pursue"),
        ("Consider ratifying the Optional Protocol to the Convention against Torture.", 3, "Consider"),
        ("Favourably consider the requests of the special procedures to visit.", 3, "consider"),
        ("Take measures to combat domestic violence.", 4, "Take"),
        ("Ensure that all complaints of torture are investigated.", 4, "Ensure"),
        ("Adopt effective measures to combat trafficking.", 4, "Adopt effective measures"),  # a general object
        ("Continue and strengthen its cooperation with OHCHR.", 4, "Continue and strengthen"),
        ("Ratify the Second Optional Protocol to the ICCPR.", 5, "Ratify"),
        ("Adopt a law on domestic violence.", 5, "Adopt"),
        ("Abolish the death penalty.", 5, "Abolish"),
        ("Recommended that Kazakhstan ratify the Rome Statute.", 5, "ratify"),  # read past the words before the verb
        ("To consider establishing an independent agency to investigate all allegations of torture.", 3, "consider"),
    ],
)
def test_the_opening_verb_decides(coder, text, category, words):
    reason = coder.explain(text)
    assert (reason.category, reason.words) == (category, words)
    assert coder.classify(text) == category


def test_no_verb_in_the_opening_is_the_default(coder):
    reason = coder.explain("Within the framework of the national programme of the last decade of the century.")
    assert (reason.category, reason.words) == (coder.default, "") and coder.default == 4
    assert coder.classify("   ") is None


def test_every_category_is_described(coder):
    assert sorted(coder.labels) == [1, 2, 3, 4, 5]
    assert coder.labels[5].startswith("Specific action")


def test_a_corpus_folders_rules_come_first(tmp_path):
    (tmp_path / "actions.toml").write_text(
        "[[rule]]\ncategory = 3\nwhy = 'studying'\npatterns = ['\\bstudy the (?:possibility|feasibility)']\n",
        encoding="utf-8",
    )
    text = "Ratify, or study the possibility of ratifying, the Convention."
    assert load_actions().classify(text) == 5
    assert load_actions([tmp_path]).explain(text).category == 5  # "Ratify" is the earlier word
    assert load_actions([tmp_path]).explain("Study the possibility of a moratorium.").why == "studying"


@pytest.mark.parametrize(
    "toml, message",
    [
        ("[[rule]]\ncategory = 6\npatterns = ['x']\n", "must be an action category, 1 to 5"),
        ("[[rule]]\ncategory = 2\npatterns = ['(bad']\n", "not a valid regular expression"),
        ("[[rule]]\ncategory = 2\npatterns = []\n", "must be a list of regular expressions"),
        ("search_words = 0\n", "whole number of at least 1"),
    ],
)
def test_a_bad_actions_file_is_a_one_line_error(tmp_path, toml, message):
    (tmp_path / "actions.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(UprError, match=message) as caught:
        load_actions([tmp_path])
    assert str(tmp_path) in str(caught.value) and "\n" not in str(caught.value)


def test_recommendation_chunks_carry_their_action():
    result = CliRunner().invoke(cli, ["parse", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = {r["id"]: r for r in map(json.loads, result.output.splitlines())}
    assert records["kaz-2009-ai:22"]["action"] == 5  # To ratify all outstanding human rights treaties ...
    assert records["kaz-2009-ai:25"]["action"] == 3  # To consider establishing a fully resourced agency ...
    assert records["kaz-2009-ai:24"]["action"] == 4  # To condemn the use of torture and to ensure ...
    assert all(r["action"] is None for r in records.values() if r["kind"] != "recommendation")
    assert all(r["action"] in (1, 2, 3, 4, 5) for r in records.values() if r["kind"] == "recommendation")
