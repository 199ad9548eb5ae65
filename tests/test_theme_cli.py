"""Themes and action categories from the command line: show --why, theme_evidence and action in
the records, said --theme per statement, statement counts, the --action filter. Exact output of
the bundled corpus."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from uprsearch.cli import cli

pytestmark = pytest.mark.usefixtures("corpus_index")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def jsonl(*args: str) -> list[dict]:
    result = run(*args, "--format", "jsonl")
    assert result.exit_code in (0, 1), result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_show_why_says_why_each_theme_was_given():
    result = run("show", "kaz-2010-summary:9", "--why")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-3:] == [
        "#expression  ← 'Special Rapporteur on freedom of expression'",
        "#religion  ← 'Special Rapporteur on freedom of religion or belief'",
        "#special-procedures  ← heading: 2. Cooperation with special procedures",
    ]
    assert "←" not in run("show", "kaz-2010-summary:9").stdout  # only when asked


def test_records_carry_theme_evidence_and_action():
    (recommendation,) = jsonl("show", "kaz-2009-ai:22")
    assert recommendation["kind"] == "recommendation" and recommendation["action"] == 5
    assert recommendation["theme_evidence"] == {
        "death-penalty": [
            "Second Optional Protocol to the International Covenant on Civil and Political Rights aiming at the "
            "abolition of the death penalty"
        ],
        "international-instruments": ["heading: Ratification of human rights standards and cooperation with the UN"],
    }
    (paragraph,) = jsonl("show", "kaz-2010-summary:48")
    assert paragraph["action"] is None
    assert paragraph["theme_evidence"]["torture"] == ["torture", "degrading treatment"]
    shown = run("show", "kaz-2009-ai:25").stdout.splitlines()
    assert shown[2] == "recommendation, action 3"  # "To consider establishing ..."


def test_said_theme_keeps_only_the_statements_about_it():
    statements = jsonl("said", "AI", "--theme", "religion")
    texts = [s["text"] for s in statements]
    assert [s["id"] for s in statements] == [
        "kaz-2010-summary:32", "kaz-2010-summary:51", "kaz-2009-ai:3", "kaz-2009-ai:13",
        *["kaz-2009-ai:17"] * 7, "kaz-2009-ai:36",
    ]
    # paragraph 51 is about religion, but its first AI sentence is about counter-terrorism
    assert texts[1].startswith("Among those particularly targeted were banned Islamic groups")
    everything = [s["text"] for s in jsonl("said", "AI") if s["id"] == "kaz-2010-summary:51"]
    assert everything[0].startswith("AI noted that the fight against terrorism") and everything[0] not in texts
    # under the heading "Freedom of religion" every statement is about it
    assert texts.count("A decision as to whether to review the draft law was pending at the time of writing.") == 1
    # the theme in the query is the statement's too
    assert [s["text"] for s in jsonl("said", "AI", "theme:religion")] == texts


def test_said_facets_count_statements():
    result = run("said", "AI", "--theme", "religion", "--facets", "--format", "json")
    body = json.loads(result.stdout)
    assert body["total"] == 12
    assert body["facets"]["theme"] == {
        "religion": 12, "minorities": 4, "counter-terrorism": 3, "detention": 1, "international-instruments": 1,
        "torture": 1,
    }
    text = run("said", "AI", "--theme", "religion", "--facets", "--count").stdout
    assert text.splitlines()[2].split() == ["facet", "value", "statements"]


def test_themes_count_the_statements_about_each_theme():
    counts = {r["slug"]: r for r in jsonl("themes")}
    assert (counts["religion"]["chunks"], counts["religion"]["statements"]) == (22, 45)
    parsed = [json.loads(line) for line in run("parse", "--format", "jsonl").stdout.splitlines()]
    about = sum(1 for chunk in parsed for st in chunk["statements"] if "religion" in st["themes"])
    assert about == 45


def test_action_filter():
    assert run("search", "--action", "5", "--doc", "kaz-2009-ai", "--format", "ids").stdout.split() == [
        "kaz-2009-ai:22", "kaz-2009-ai:23", "kaz-2009-ai:32",
    ]
    assert run("search", "action:3", "--doc", "kaz-2009-ai", "--format", "ids").stdout.split() == ["kaz-2009-ai:25"]
    assert run("search", "--action", "5", "--doc", "a-hrc-14-10", "--count").stdout == "36\n"  # States' too
    assert run("search", "torture", "--action", "4", "--count").stdout == "4\n"
    bad = run("search", "--action", "specific")
    assert bad.exit_code == 2
    assert bad.stderr == (
        "uprsearch: error: --action takes an action category, 1 to 5 (1 minimal ... 5 specific action), not 'specific'\n"
    )
