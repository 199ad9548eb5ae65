"""search --statements on the bundled corpus: one record per statement, the query and the
organisation, kind and theme filters answered by the statement itself, facets counting
statements; and the statement documents of the index."""
from __future__ import annotations

import json

import pytest

from tests.test_search_cli import count, jsonl, run
from uprsearch.library import Filters

pytestmark = pytest.mark.usefixtures("corpus_index")

STATEMENT_FIELDS = ["id", "text", "speakers", "kind", "themes", "chunk", "chunk_kind", "doc", "symbol", "country",
                    "cycle", "doc_type", "section", "para", "number", "response", "response_source", "citation",
                    "url", "score", "highlights"]
# Who recommended abolishing the death penalty: the States of the Working Group report and the
# stakeholders of the summary and of Amnesty's submission, each statement once, best first.
DEATH_PENALTY = [
    ("a-hrc-14-10:97.18.1", ["Spain"]),
    ("a-hrc-14-10:97.16.1", ["France"]),
    ("kaz-2010-summary:14.6", ["WCADP"]),
    ("a-hrc-14-10:95.41.1", ["Philippines"]),
    ("kaz-2009-ai:22.1", ["AI"]),
    ("a-hrc-14-10:97.17.1", ["Belgium"]),
]


def test_who_recommended_abolishing_the_death_penalty():
    records = jsonl("search", "death penalty", "--kind", "recommendation", "--statements")
    assert [(r["id"], [s["id"] for s in r["speakers"]]) for r in records] == DEATH_PENALTY
    assert list(records[0]) == STATEMENT_FIELDS
    wcadp = records[2]
    assert wcadp["text"] == ("WCADP urged Kazakhstan to abolish the death penalty in the Criminal Code for all crimes, "
                             "including for terrorism and in times of war.")
    assert wcadp["speakers"] == [{"id": "WCADP", "name": "World Coalition against the Death Penalty", "type": "ngo"}]
    assert (wcadp["kind"], wcadp["themes"], wcadp["chunk"], wcadp["chunk_kind"]) == (
        "recommendation", ["death-penalty"], "kaz-2010-summary:14", "paragraph")
    assert (wcadp["doc"], wcadp["symbol"], wcadp["para"], wcadp["doc_type"]) == (
        "kaz-2010-summary", "A/HRC/WG.6/7/KAZ/3", 14, "stakeholder-summary")
    assert wcadp["highlights"] == [[38, 43], [44, 51]]
    assert wcadp["citation"] == "A/HRC/WG.6/7/KAZ/3, para. 14"  # the paragraph's  # "death penalty" in the statement's own text
    france = records[1]
    assert france["speakers"] == [{"id": "France", "name": "French Republic", "type": "state"}]
    assert (france["number"], france["response"], france["doc_type"]) == ("97.16", "pending", "wg-report")


def test_facets_count_statements_and_their_speakers_only():
    result = run("search", "death penalty", "--kind", "recommendation", "--statements", "--facets", "--format", "json")
    assert result.exit_code == 0
    body = json.loads(result.stdout)
    assert body["total"] == 6
    assert body["facets"]["org"] == {"AI": 1, "Belgium": 1, "France": 1, "Philippines": 1, "Spain": 1, "WCADP": 1}
    assert body["facets"]["doc"] == {"a-hrc-14-10": 4, "kaz-2009-ai": 1, "kaz-2010-summary": 1}
    # paragraph search counts every speaker of the paragraphs: JS1 and AI speak in ¶14 too
    chunks = json.loads(run("search", "death penalty", "--kind", "recommendation", "--facets", "--format",
                            "json").stdout)
    assert {"JS1", "AI", "WCADP"} <= set(chunks["facets"]["org"])


def test_org_filter_is_the_statements_own_speaker():
    records = jsonl("search", "death penalty", "--org", "WCADP", "--statements", "--sort", "document")
    assert [r["id"] for r in records] == ["kaz-2010-summary:14.4", "kaz-2010-summary:14.5", "kaz-2010-summary:14.6"]
    # the paragraph has JS1 in it, but none of its death-penalty statements is JS1's
    assert run("search", "death penalty", "--org", "JS1", "--statements").exit_code == 1
    assert count("search", "death penalty", "--org", "JS1") >= 1


def test_by_type_theme_doc_and_response_filters():
    states = jsonl("search", "death penalty", "--by-type", "state", "--statements")
    assert {s["type"] for r in states for s in r["speakers"]} == {"state"}
    assert {r["id"] for r in states} >= {"a-hrc-14-10:97.16.1", "a-hrc-14-10:97.18.1"}
    supported = jsonl("search", "death penalty", "--response", "supported", "--statements")
    assert [r["id"] for r in supported] == ["a-hrc-14-10:95.41.1"]
    themed = jsonl("search", "--theme", "death-penalty", "--doc", "kaz-2010-summary", "--statements")
    assert themed and all("death-penalty" in r["themes"] and r["doc"] == "kaz-2010-summary" for r in themed)
    assert [r["id"] for r in themed] == sorted((r["id"] for r in themed), key=lambda i: (int(i.split(":")[1].split(".")[0]),
                                                                                          int(i.split(".")[-1])))


def test_ids_count_and_text_formats():
    ids = run("search", "death penalty", "--kind", "recommendation", "--statements", "--format", "ids")
    assert ids.exit_code == 0
    assert ids.stdout.split() == [i for i, _ in DEATH_PENALTY]
    assert count("search", "death penalty", "--kind", "recommendation", "--statements") == 6
    text = run("search", "death penalty", "--org", "WCADP", "--kind", "recommendation", "--statements", "--color", "never")
    assert text.stdout.splitlines()[0] == (
        "kaz-2010-summary:14.6  Summary of stakeholders' information  § 2. Right to life, liberty and security of the "
        "person  ¶14  WCADP  recommendation  #death-penalty")
    missing = run("search", "zzqxw", "--statements")
    assert missing.exit_code == 1 and missing.stdout == ""


def test_a_query_with_not_finds_statements_only(library):
    outcome = library.search(["NOT", "zzqx"], Filters(doc=("kaz-2009-ai",)), statements=True, limit=None, fields="id")
    assert outcome.total == len(outcome.records) > 0
    assert all(r["id"].count(".") == 1 for r in outcome.records)
    chunks = library.search(["NOT", "zzqx"], Filters(doc=("kaz-2009-ai",)), limit=None, fields="id")
    assert chunks.total == 38  # the submission's chunks, none of its statements


def test_every_statement_is_indexed_once(library):
    from uprsearch.models import attributions

    everything = library.search([], Filters(), statements=True, limit=None, sort="document")
    chunks = library.search([], Filters(), limit=None, sort="document")
    expected = [f"{r['id']}.{n}" for r in chunks.records
                for n, (st, _) in enumerate(attributions(library.index.get(r["id"]).chunk,
                                                          library.documents[r["doc"]]), 1) if st.text]
    assert [r["id"] for r in everything.records] == expected
    assert library.index.chunk_count() == 227 + 53 + 38
