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
        "person  ¶14  » recommendation by WCADP  #death-penalty")
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
                                                          library.documents[r["doc"]]), 1)]
    assert [r["id"] for r in everything.records] == expected
    assert library.index.chunk_count() == 227 + 53 + 38


def test_chunk_filters_apply_to_a_statements_paragraph():
    records = jsonl("search", "death penalty", "--section", "Right to life", "--statements", "--sort", "document")
    assert {r["chunk"] for r in records} == {"kaz-2010-summary:14"}
    numbers = [int(r["id"].rpartition(".")[2]) for r in records]
    assert numbers == sorted(numbers) and len(numbers) > 1  # document order: the paragraph's order
    assert all("death" in r["text"].lower() for r in records)
    assert jsonl("search", "death penalty", "--country", "Kazakhstan", "--response", "supported", "--statements") == \
        jsonl("search", "death penalty", "--response", "supported", "--statements")
    result = run("search", "death penalty", "section:Right", "--statements")
    assert result.exit_code == 2
    assert result.stderr == ("uprsearch: error: section: in a query selects paragraphs; with --statements give it as "
                             "--section\n")


def test_numbers_are_words():
    assert [r["id"] for r in jsonl("search", '"ICCPR-OP 2"')] == ["kaz-2009-ai:22", "kaz-2010-summary:1"]
    assert "kaz-2010-summary:1" not in [r["id"] for r in jsonl("search", '"ICCPR-OP 1"')]
    assert [r["id"] for r in jsonl("search", '"article 10"')] == ["kaz-2010-summary:38"]
    from uprsearch.index.analysis import analyze

    assert analyze("ICCPR–OP 2, article 6 (a) of the Covenant") == ["iccpr", "op", "2", "articl", "6", "coven"]


def test_footnote_texts_are_searchable():
    assert [r["id"] for r in jsonl("search", "footnote:stigmatizes")] == ["a-hrc-14-10:95.38"]
    assert [r["id"] for r in jsonl("search", 'footnote:"Criminal Procedural Code"')] == ["kaz-2009-ai:7", "kaz-2009-ai:12"]
    # the paragraphs' own texts do not say it
    assert [r["id"] for r in jsonl("search", '"Criminal Procedural Code"')] == ["kaz-2009-ai:5"]
    result = run("search", "footnote:rapporteur", "--statements")
    assert result.exit_code == 2 and "footnote: in a query selects paragraphs" in result.stderr
    bad = run("search", "notes:torture")
    assert bad.exit_code == 2 and bad.stderr.rstrip().endswith("response:, footnote:")


def test_paragraph_text_marks_the_sentences_of_the_organisation_asked_for():
    marked = run("search", "death penalty", "--org", "WCADP", "--full", "--color", "never", "-n", "1").stdout
    assert "**WCADP urged Kazakhstan to abolish the death penalty in the Criminal Code for all crimes, including for " \
           "terrorism and in times of war.**" in marked
    assert "AI noted that a person sentenced to death in Kazakhstan retained the right to petition for clemency. **" in marked
    plain = run("search", "death penalty", "--doc", "kaz-2010-summary", "--full", "--color", "never").stdout
    assert "**" not in plain  # no speaker asked for: nothing marked
    record = jsonl("search", "death penalty", "--org", "WCADP")[0]
    assert "said_spans" not in record and record["statements"][5] == {
        "id": "kaz-2010-summary:14.6", "kind": "recommendation", "orgs": ["WCADP"], "themes": ["death-penalty"],
        "text": "WCADP urged Kazakhstan to abolish the death penalty in the Criminal Code for all crimes, including for "
                "terrorism and in times of war."}


def test_a_documents_own_organisation_filters_by_its_term_alone(library):
    # every "JS1" the index has is asked for: no list of the documents it speaks in
    assert library.resolve_filters(Filters(org=("JS1",))) == {"org": ["JS1"]}
    assert library.search(["detention"], Filters(org=("JS1",)), limit=None, fields="id").records == \
        library.search(["detention", "org:JS1"], Filters(), limit=None, fields="id").records


def test_statements_stay_with_their_chunks_across_incremental_updates(tmp_path):
    from tests.index.test_index import build, library_at, write_corpus

    corpus = write_corpus(tmp_path / "corpus")
    location = tmp_path / "ix"
    build(location, corpus)
    (corpus / "c.txt").write_text("AI and HRW noted raids. JS1 urged an end to raids.\n\nHRW noted more raids.\n")
    (corpus / "a.txt").write_text("AI noted raids on prisons.\n")
    build(location, corpus)  # a replaced, c added: new segments beside the first
    lib = library_at(location)
    assert len(lib.index.searcher.reader().leaf_readers()) > 1
    outcome = lib.search(["raids"], Filters(), limit=None, facets=True, statements=True, sort="document")
    assert [(r["id"], [s["id"] for s in r["speakers"]], r["text"]) for r in outcome.records] == [
        ("a:1.1", ["AI"], "AI noted raids on prisons."),
        ("c:1.1", ["AI", "HRW"], "AI and HRW noted raids."),
        ("c:1.2", ["JS1"], "JS1 urged an end to raids."),
        ("c:2.1", ["HRW"], "HRW noted more raids."),
    ]
    assert outcome.facets["org"] == {"AI": 2, "HRW": 2, "JS1": 1}
    assert outcome.facets["doc"] == {"c": 3, "a": 1}
    assert [r["id"] for r in lib.search(["raids"], Filters(org=("JS1",)), limit=None, statements=True).records] == ["c:1.2"]
