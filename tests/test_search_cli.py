"""search, said, show, similar, orgs, themes, docs on the bundled corpus, through the CLI: every
format, filter and exit code, with exact output."""
from __future__ import annotations

import csv
import io
import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from uprsearch.cli import cli

pytestmark = pytest.mark.usefixtures("corpus_index")

SUMMARY = "kaz-2010-summary"
AI_DOC = "kaz-2009-ai"
REPORT = "a-hrc-14-10"  # the Working Group report, first in file-name order
HIT_FIELDS = ["id", "doc", "symbol", "country", "cycle", "section", "para", "kind", "action", "orgs", "themes",
              "theme_evidence", "text", "number", "response", "response_source", "response_text", "footnotes",
              "statements", "citation", "url", "score", "highlights"]
# a table (csv, tsv, xlsx) of statements or paragraphs: a row per statement and speaker
EXPORT_FIELDS = ["citation", "url", "symbol", "country", "cycle", "session", "year", "doc_type", "doc", "section", "para",
                 "chunk", "statement", "speaker_id", "speaker_name", "speaker_type", "kind", "themes",
                 "response", "text"]


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(cli, list(args), env=env)


def jsonl(*args: str) -> list[dict]:
    result = run(*args, "--format", "jsonl")
    assert result.exit_code in (0, 1), result.output + result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def count(*args: str) -> int:
    result = run(*args, "--count")
    assert result.exit_code in (0, 1), result.stderr
    return int(result.stdout)


# ---- said ------------------------------------------------------------------------------------------

HRW_STATEMENTS = [
    (9, "recommendation", "Freedom House (FH) and Human Rights Watch (HRW) recommended that Kazakhstan specifically "
        "extend an invitation to the Special Rapporteur on freedom of religion or belief."),
    (34, "observation", "HRW noted that, on February 11, 2009, Kazakhstan’s Constitutional Council ruled that a proposed "
        "law “On introducing changes and additions to certain legislative acts on issues of freedom of religion and "
        "religious associations” would violate the Constitution."),
    (34, "observation", "HRW noted NGOs’ concern that the Government might again attempt to restrict religious freedom "
        "as soon as international attention on the issue had subsided."),
    (36, "observation", "While welcoming the President’s signing into law a set of amendments affecting the media in "
        "February 2009, HRW stated that they do not address broader problems with media freedoms, including the "
        "domination by government loyalists of broadcast media outlets."),
    (36, "recommendation", "HRW recommended that Kazakhstan place a moratorium on criminal libel, take all necessary "
        "steps to abolish the relevant articles in the Criminal Code relating to criminal libel, and establish a cap "
        "on defamation awards."),
    (37, "observation", "HRW reported that the President signed another law in July 2009, the overall effect of which "
        "is to nullify the very modest improvements brought about by the amendments signed in February."),
    (37, "observation", "The new law extends the potential scope of criminal libel to all forms of internet content."),
    (37, "observation", "The law also prohibits the media from certain types of engagement in political matters."),
    (37, "observation", "The wording of these bans appears to target many forms of political discussion, and is so "
        "broad that it could easily give rise to arbitrary interpretations."),
    (38, "observation", "HRW noted that public assemblies were tightly controlled in Kazakhstan, and the Government had "
        "made no effort to liberalize legislation on freedom of assembly."),
    (38, "recommendation", "HRW recommended that Kazakhstan be urged to remove excessive restrictions on freedom of "
        "assembly and ensure the laws and regulations on demonstrations are in conformity with Kazakhstan’s "
        "international human rights obligations: and that its legislature should abolish article 10 of the Law on "
        "Freedom of Assembly."),
    (38, "observation", "HRW described this article as providing authorities with a virtual carte blanche to limit "
        "freedom of Assembly."),
]


def test_said_hrw_lists_every_hrw_statement_and_nothing_else():
    records = jsonl("said", "HRW")
    assert [(r["para"], r["kind"], r["text"]) for r in records] == HRW_STATEMENTS
    assert {(r["id"], r["doc"], r["org"]) for r in records} == {
        (f"{SUMMARY}:{p}", SUMMARY, "HRW") for p, _, _ in HRW_STATEMENTS
    }
    assert all(list(r) == ["id", "doc", "para", "org", "kind", "text", "citation", "url"] for r in records)


def test_said_accepts_any_alias_in_any_case():
    expected = jsonl("said", "HRW")
    assert jsonl("said", "human rights watch") == expected
    assert jsonl("said", "Human Rights Watch") == expected
    assert jsonl("said", "hrw") == expected


def test_said_text_view_exact():
    result = run("said", "HRW", "--kind", "recommendation")
    assert result.exit_code == 0
    assert result.stdout == (
        f"{SUMMARY}:9  Summary of stakeholders' information  § 2. Cooperation with special procedures  ¶9  HRW\n"
        f"» recommendation: {HRW_STATEMENTS[0][2]}\n\n"
        f"{SUMMARY}:36  Summary of stakeholders' information  § 5. Freedom of religion or belief, expression, "
        "association and peaceful assembly, and right to participate in public and political life  ¶36  HRW\n"
        f"» recommendation: {HRW_STATEMENTS[4][2]}\n\n"
        f"{SUMMARY}:38  Summary of stakeholders' information  § 5. Freedom of religion or belief, expression, "
        "association and peaceful assembly, and right to participate in public and political life  ¶38  HRW\n"
        f"» recommendation: {HRW_STATEMENTS[10][2]}\n"
    )


def test_said_text_view_gives_each_paragraph_one_header():
    result = run("said", "HRW")
    assert result.exit_code == 0
    section = ("§ 5. Freedom of religion or belief, expression, association and peaceful assembly, and right to "
               "participate in public and political life")
    headers = [line for line in result.stdout.splitlines() if line.startswith(SUMMARY)]
    assert headers == [f"{SUMMARY}:9  Summary of stakeholders' information  § 2. Cooperation with special procedures  "
                       "¶9  HRW"] + [f"{SUMMARY}:{p}  Summary of stakeholders' information  {section}  ¶{p}  HRW"
                                     for p in (34, 36, 37, 38)]
    paragraph_37 = result.stdout.split("\n\n")[3].splitlines()
    assert paragraph_37[1:] == [f"- observation: {text}" for para, kind, text in HRW_STATEMENTS if para == 37]
    assert len(paragraph_37) == 5


def test_said_paragraphs_prints_whole_paragraphs_with_the_sentences_marked():
    result = run("said", "HRW", "--paragraphs")
    assert result.exit_code == 0
    paragraphs = result.stdout.split("\n\n")
    assert len(paragraphs) == 5
    first = paragraphs[1].splitlines()[1]  # ¶34: HRW's sentences whole, between the marks
    assert first.startswith("According to FH, three laws adopted in 2005")
    for para, kind, text in HRW_STATEMENTS:
        if para == 34:
            assert f"**{text}**" in first
    assert first.count("**") == 4



def test_said_help_says_what_paragraphs_and_the_text_view_print():
    help_text = " ".join(run("said", "--help").stdout.split())
    assert ("--paragraphs Print each paragraph the organisation speaks in, whole, its sentences highlighted: in colour "
            "on a terminal, between ** and ** without colour (piped, --color never, NO_COLOR).") in help_text
    assert "under one header for each paragraph" in help_text
    assert "--no-pager Print long text output straight to the terminal" in help_text


def test_said_ai_recommendations_are_the_summarys_four_and_the_submissions_fifteen():
    records = jsonl("said", "AI", "--kind", "recommendation")
    assert {r["kind"] for r in records} == {"recommendation"}
    summary = [r for r in records if r["doc"] == SUMMARY]
    submission = [r for r in records if r["doc"] == AI_DOC]
    assert [r["para"] for r in summary] == [25, 26, 32, 50]
    assert [r["text"].split(" ", 3)[:3] for r in summary] == [
        ["AI", "recommended", "that"], ["AI", "recommended", "that"], ["AI", "recommended", "that"],
        ["AI", "called", "upon"],
    ]
    assert len(submission) == 15
    assert submission[0]["text"].startswith("To ratify all outstanding human rights treaties")
    assert submission[-1]["text"].startswith("To ensure respect for the human rights of religious believers")
    assert all(r["text"].startswith("To ") for r in submission)
    assert [r["id"] for r in records] == [r["id"] for r in records if r["doc"] == SUMMARY] + [
        r["id"] for r in records if r["doc"] == AI_DOC
    ]  # document order


def test_said_kind_filter_keeps_observations_out():
    everything = jsonl("said", "AI")
    observations = [r for r in everything if r["kind"] == "observation"]
    assert observations and not {r["text"] for r in observations} & {r["text"] for r in jsonl("said", "AI", "-k", "recommendation")}
    assert count("said", "AI") == len(everything)
    assert count("said", "AI", "--kind", "observation") == len(observations)


def test_said_query_narrows_to_matching_statements():
    records = jsonl("said", "HRW", "libel")
    assert [(r["para"], r["text"][:40]) for r in records] == [
        (36, "HRW recommended that Kazakhstan place a "),
        (37, "The new law extends the potential scope "),
    ]


def test_said_paragraphs_prints_whole_chunks_with_the_statements_highlighted():
    records = jsonl("said", "HRW", "--paragraphs")
    assert [r["id"] for r in records] == [f"{SUMMARY}:{p}" for p in (9, 34, 36, 37, 38)]
    assert list(records[0]) == HIT_FIELDS
    first = records[0]
    assert [first["text"][s:e] for s, e in first["highlights"]] == [HRW_STATEMENTS[0][2]]


def test_said_unknown_organisation_is_an_error_with_close_matches():
    result = run("said", "Human Rights Wach")
    assert result.exit_code == 2
    # the closest first; the shipped registry may offer more
    assert result.stderr.startswith("uprsearch: error: unknown organisation 'Human Rights Wach'; did you mean 'Human Rights Watch'")
    assert result.stderr.endswith("? (`uprsearch orgs` lists them)\n") and result.stderr.count("\n") == 1


def test_said_csv_has_the_table_columns_a_row_per_statement():
    result = run("said", "HRW", "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == EXPORT_FIELDS
    first = dict(zip(rows[0], rows[1]))
    assert first == {
        "citation": "A/HRC/WG.6/7/KAZ/3, para. 9", "url": "https://undocs.org/A/HRC/WG.6/7/KAZ/3",
        "symbol": "A/HRC/WG.6/7/KAZ/3", "country": "Kazakhstan", "cycle": "1", "session": "7", "year": "2010",
        "doc_type": "stakeholder-summary", "doc": SUMMARY, "section": first["section"], "para": "9",
        "chunk": f"{SUMMARY}:9", "statement": first["statement"], "speaker_id": "HRW",
        "speaker_name": "Human Rights Watch", "speaker_type": "ngo", "kind": "recommendation",
        "themes": first["themes"], "response": "", "text": HRW_STATEMENTS[0][2],
    }
    assert first["statement"].startswith(f"{SUMMARY}:9.")
    assert len(rows) == 1 + len(HRW_STATEMENTS)
    assert len({row[EXPORT_FIELDS.index("statement")] for row in rows[1:]}) == len(HRW_STATEMENTS)  # unique


# ---- search ----------------------------------------------------------------------------------------


def test_search_jsonl_records_carry_every_chunk_field_score_and_highlights():
    records = jsonl("search", "habeas corpus")
    assert [r["id"] for r in records] == [f"{SUMMARY}:17"]
    record = records[0]
    assert list(record) == HIT_FIELDS
    assert (record["doc"], record["symbol"], record["country"], record["cycle"], record["para"], record["kind"]) == (
        SUMMARY, "A/HRC/WG.6/7/KAZ/3", "Kazakhstan", 1, 17, "paragraph",
    )
    assert record["section"][-1] == "2. Right to life, liberty and security of the person"
    assert record["orgs"] == ["AI", "ICJ", "JS2", "JS1", "PRI-Central Asia"]
    assert record["footnotes"][0] == {"number": 35, "text": ""}
    assert isinstance(record["score"], float) and record["score"] > 0
    assert [record["text"][s:e] for s, e in record["highlights"]] == ["habeas", "corpus", "habeas", "corpus"]


def test_search_text_view_has_a_header_and_the_text_with_the_fragment_marks():
    record = jsonl("search", "habeas corpus")[0]
    result = run("search", "habeas corpus")
    assert result.exit_code == 0
    header, body, end = result.stdout.split("\n")
    themes = " ".join(f"#{t}" for t in record["themes"])
    assert header == (
        f"{SUMMARY}:17  Summary of stakeholders' information  § 2. Right to life, liberty and security of the person"
        f"  ¶17  AI, ICJ, JS2, JS1, PRI-Central Asia  {themes}"
    ).rstrip()
    assert body.startswith("…") and not body.endswith("…")
    assert body.endswith("PRICentral Asia recommended that Kazakhstan follow the habeas corpus procedure for all limitations of freedom.")
    assert end == ""
    full = run("search", "habeas corpus", "--full").stdout.split("\n")[1]
    assert full == record["text"]


def test_stemming_finds_every_form_and_highlights_them():
    records = jsonl("search", "recommend", "--doc", SUMMARY, "-n", "1")
    words = {records[0]["text"][s:e].lower() for s, e in records[0]["highlights"]}
    assert words <= {"recommend", "recommended", "recommends", "recommendation", "recommendations"} and words


def test_no_hits_exits_1_with_a_did_you_mean_from_the_index():
    result = run("search", "tortue")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "uprsearch: no hits for 'tortue'; did you mean 'torture'?\n"
    assert run("search", "incommunicado detenton").stderr.endswith("did you mean 'incommunicado detention'?\n")


def test_no_hits_without_a_suggestion_is_silent():
    result = run("search", "torture", "--doc", AI_DOC, "--kind", "summary", "--theme", "death-penalty")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "")


def test_abbreviations_expand_to_names_and_back():
    nss = {r["id"] for r in jsonl("search", "NSS")}
    assert nss == {r["id"] for r in jsonl("search", '"National Security Service"')}
    assert f"{AI_DOC}:3" in nss  # says "National Security Service (NSS)"
    hrw = jsonl("search", "HRW")
    assert {r["id"] for r in hrw} >= {f"{SUMMARY}:9"}  # "Human Rights Watch (HRW)"
    assert [r["id"] for r in jsonl("search", 'org:"Amnesty International"')] == [r["id"] for r in jsonl("search", "org:AI")]


def test_no_query_lists_the_filtered_chunks_in_document_order():
    records = jsonl("search", "--org", "HRW")
    assert [r["id"] for r in records] == [f"{SUMMARY}:{p}" for p in (9, 34, 36, 37, 38)]
    assert all(r["score"] is None and r["highlights"] == [] for r in records)


def test_sort_document_orders_by_document_then_paragraph():
    ids = [r["id"] for r in jsonl("search", "torture", "--sort", "document")]
    docs = [i.split(":")[0] for i in ids]
    assert docs == sorted(docs, key=[REPORT, SUMMARY, AI_DOC].index) and REPORT in docs
    numbers = [int(i.split(":")[1]) for i in ids if i.startswith(SUMMARY)]
    assert numbers == sorted(numbers)
    assert sorted(ids) == sorted(r["id"] for r in jsonl("search", "torture"))


@pytest.mark.parametrize("option", ["--org", "--theme", "--doc"])
def test_facets_json_agree_with_count_of_each_value(option):
    result = run("search", "torture", "--facets", "--format", "json")
    body = json.loads(result.stdout)
    assert body["total"] == count("search", "torture") == len(body["hits"])
    name = option.lstrip("-")
    assert body["facets"][name]
    for value, n in body["facets"][name].items():
        assert count("search", "torture", option, value) == n, value


def test_section_facets_agree_with_count_of_each_heading():
    body = json.loads(run("search", "detention", "--facets", "--format", "json").stdout)
    assert set(body["facets"]) == {"org", "theme", "section", "doc"}
    for heading, n in body["facets"]["section"].items():
        assert count("search", "detention", "--section", heading) == n, heading


def test_said_facets_agree_with_count():
    body = json.loads(run("said", "AI", "--facets", "--format", "json").stdout)
    assert body["total"] == count("said", "AI")
    for value, n in body["facets"]["doc"].items():
        assert count("said", "AI", "--doc", value) == n
    for value, n in body["facets"]["theme"].items():
        assert count("said", "AI", "--theme", value) == n


def test_facets_text_table_follows_the_hits():
    result = run("search", '"habeas corpus"', "--facets")
    lines = result.stdout.splitlines()
    at = lines.index("facet    value                                                        chunks")
    assert lines[at + 1] == "org      AI                                                                1"
    assert lines[at - 1] == ""
    assert "doc      kaz-2010-summary                                                  1" in lines


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "tsv", "ids"])
def test_facets_with_other_formats_is_a_usage_error(fmt):
    result = run("search", "torture", "--facets", "--format", fmt)
    assert result.exit_code == 2
    assert result.stderr == "uprsearch: error: --facets works with --format text or json (see 'uprsearch search --help')\n"


def test_filters_repeat_means_or_and_different_means_and():
    hrw, fh = count("search", "--org", "HRW"), count("search", "--org", "FH")
    both = count("search", "--org", "HRW", "--org", "FH")
    overlap = {r["id"] for r in jsonl("search", "--org", "HRW")} & {r["id"] for r in jsonl("search", "--org", "FH")}
    assert both == hrw + fh - len(overlap)
    assert count("search", "--org", "HRW", "--doc", SUMMARY) == hrw
    assert {r["id"] for r in jsonl("search", "--org", "HRW", "--theme", "expression")} <= {
        r["id"] for r in jsonl("search", "--org", "HRW")
    }


def test_org_filter_resolves_aliases():
    expected = count("search", "torture", "--org", "AI")
    assert count("search", "torture", "--org", "amnesty") == expected
    assert count("search", "torture", "--org", "Amnesty International") == expected
    assert count("search", "torture", "--org", "AMNESTY INTERNATIONAL") == expected


def test_unknown_theme_lists_close_matches():
    result = run("search", "--theme", "tortur")
    assert result.exit_code == 2
    assert result.stderr.startswith("uprsearch: error: unknown theme 'tortur'; did you mean 'torture'")


@pytest.mark.parametrize("args, message", [
    (["search", '"torture'], "bad query: a phrase opened with '\"' is not closed at character 1 of '\"torture'"),
    (["search", "torture AND"], "bad query: AND has nothing on its right at character 9 of 'torture AND'"),
    (["search", "(torture"], "bad query: '(' is not closed at character 1 of '(torture'"),
    (["search", "orgs:AI"], "bad query: unknown field 'orgs:' at character 1 of 'orgs:AI'; fields are org:, theme:, "
                            "kind:, action:, section:, doc:, country:, cycle:"),
    (["search", "the"], "the query 'the' has no searchable words (very common words such as 'the' are not indexed)"),
    (["search", "--kind", "opinion"], "unknown kind 'opinion'; kinds are paragraph, recommendation, summary, concern, "
                                      "welcome, observation"),
    (["show", "kaz-2010-summary:999"], "no chunk 'kaz-2010-summary:999' in the index; did you mean"),
])
def test_errors_are_one_line_and_exit_2(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"uprsearch: error: {message}")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_usage_errors_are_one_line_too():
    result = run("search", "--limit", "zero")
    assert result.exit_code == 2
    assert result.stderr == (
        "uprsearch: error: Invalid value for '-n' / '--limit': 'zero' is not a valid integer range. "
        "(see 'uprsearch search --help')\n"
    )


@pytest.mark.parametrize("fmt, check", [
    ("json", lambda out: [r["id"] for r in json.loads(out)]),
    ("ids", lambda out: out.splitlines()),
    # a table: a row per statement and speaker, each paragraph's rows together
    ("csv", lambda out: list(dict.fromkeys(row["chunk"] for row in csv.DictReader(io.StringIO(out))))),
    ("tsv", lambda out: list(dict.fromkeys(line.split("\t")[11] for line in out.splitlines()[1:]))),
])
def test_every_format_lists_the_same_hits(fmt, check):
    expected = [r["id"] for r in jsonl("search", "detention", "--org", "JS1")]
    result = run("search", "detention", "--org", "JS1", "--format", fmt)
    assert result.exit_code == 0
    assert check(result.stdout) == expected and expected


def test_csv_and_tsv_of_paragraphs_have_a_row_per_statement_and_speaker():
    records = jsonl("search", "habeas corpus")
    pairs = [(st["id"], org) for r in records for st in r["statements"] for org in st["orgs"] or [""]]
    csv_rows = list(csv.DictReader(io.StringIO(run("search", "habeas corpus", "--format", "csv").stdout)))
    assert [(row["statement"], row["speaker_id"]) for row in csv_rows] == pairs
    assert csv_rows[0]["chunk"] == records[0]["id"] and csv_rows[0]["para"] == "17"
    tsv = run("search", "habeas corpus", "--format", "tsv").stdout.splitlines()
    assert tsv[0].split("\t") == EXPORT_FIELDS
    assert [tuple(line.split("\t")[12:14]) for line in tsv[1:]] == pairs
    assert run("search", "habeas corpus", "--format", "tsv", "--no-headers").stdout.splitlines() == tsv[1:]


def test_limit_all_and_count():
    total = count("search", "torture")
    assert total > 3
    assert len(jsonl("search", "torture", "-n", "3")) == 3
    assert len(jsonl("search", "torture")) == total  # piped or machine format: every hit
    assert len(run("search", "torture", "--all", "--format", "ids").stdout.splitlines()) == total


def test_query_field_syntax():
    assert count("search", "kind:recommendation", "--doc", AI_DOC) == 15
    assert [r["id"] for r in jsonl("search", "org:hrw")] == [r["id"] for r in jsonl("search", "--org", "HRW")]
    assert count("search", "section:detention") == count("search", "--section", "detention")
    assert count("search", "theme:torture NOT org:AI") == count("search", "--theme", "torture") - count(
        "search", "--theme", "torture", "--org", "AI")


# ---- show, similar, registries ----------------------------------------------------------------------


def test_show_prints_the_full_chunk_with_its_section_path_and_footnotes():
    result = run("show", f"{SUMMARY}:53")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{SUMMARY}:53  Summary of stakeholders' information  ¶53  AI")
    assert lines[1] == "§ III. ACHIEVEMENTS, BEST PRACTICES, CHALLENGES AND CONSTRAINTS"
    assert lines[2] == "paragraph  A/HRC/WG.6/7/KAZ/3"
    assert lines[3].startswith("AI welcomed Kazakhstan’s ratification of OP-CAT") and lines[3].endswith("OP-CAT.")
    assert lines[4:] == [
        "statements:",
        "- AI welcome: AI welcomed Kazakhstan’s ratification of OP-CAT and signing of ICCPR-OP 1.",
        "- AI observation: AI noted that Kazakhstan had cooperated and consulted with civil society and international "
        "organizations to establish a National Preventive Mechanism to assume independent and announced monitoring "
        "of all places of deprivation of liberty within 12 months of acceding to the OP-CAT.",
        "footnotes: 144",
    ]


def test_show_context_adds_neighbours_in_document_order():
    ids = run("show", f"{SUMMARY}:16", f"{AI_DOC}:1", "--context", "1", "--format", "ids").stdout.splitlines()
    assert ids == [f"{SUMMARY}:15", f"{SUMMARY}:16", f"{SUMMARY}:17", f"{AI_DOC}:1", f"{AI_DOC}:2"]


def test_similar_finds_the_same_matter_elsewhere_and_filters_apply():
    ids = run("similar", f"{SUMMARY}:52", "--format", "ids").stdout.splitlines()
    assert f"{SUMMARY}:52" not in ids
    assert ids[0] == f"{AI_DOC}:14"  # the submission paragraph the summary condenses
    only_summary = run("similar", f"{SUMMARY}:52", "--doc", SUMMARY, "--format", "ids").stdout.splitlines()
    assert only_summary and all(i.startswith(SUMMARY) for i in only_summary)


def test_similar_keeps_only_the_chunks_that_come_close():
    # more-like-this alone finds 66 chunks sharing a key term with ¶52; these are the close ones
    ids = run("similar", f"{SUMMARY}:52", "--format", "ids").stdout.splitlines()
    assert ids == [f"{AI_DOC}:14", f"{AI_DOC}:3", f"{AI_DOC}:30", f"{REPORT}:95.62", f"{SUMMARY}:25", f"{AI_DOC}:13"]
    assert count("similar", f"{SUMMARY}:52") == 6
    records = jsonl("similar", f"{SUMMARY}:52")
    assert all(r["score"] >= 0.4 * records[0]["score"] for r in records)


def test_orgs_lists_speakers_with_counts():
    records = jsonl("orgs")
    by_id = {r["id"]: r for r in records}
    assert list(records[0]) == ["id", "name", "aliases", "type", "doc", "members", "chunks", "statements"]
    assert by_id["HRW"]["name"] == "Human Rights Watch"
    assert by_id["HRW"]["statements"] == len(HRW_STATEMENTS)
    assert by_id["HRW"]["chunks"] == 5
    assert by_id["AI"]["statements"] == count("said", "AI")


def test_themes_and_docs_list_with_counts():
    themes = jsonl("themes")
    assert list(themes[0]) == ["slug", "label", "chunks", "statements"]
    torture = next(t for t in themes if t["slug"] == "torture")
    assert torture["chunks"] == count("search", "--theme", "torture")
    docs = jsonl("docs")
    assert [d["id"] for d in docs] == [REPORT, SUMMARY, AI_DOC]
    assert [(d["chunks"], d["type"], d["organisations"]) for d in docs] == [
        (227, "wg-report", 55), (53, "stakeholder-summary", 16), (38, "stakeholder-submission", 1),
    ]
    assert run("docs", "--format", "ids").stdout == f"{REPORT}\n{SUMMARY}\n{AI_DOC}\n"


def test_registry_text_view_is_an_aligned_table():
    lines = run("docs").stdout.splitlines()
    assert lines[0].split() == ["id", "type", "country", "cycle", "year", "symbol", "chunks", "organisations", "warnings", "title"]
    assert lines[2] == (
        f"{SUMMARY}  stakeholder-summary     Kazakhstan      1  2010  A/HRC/WG.6/7/KAZ/3      53             16         0  "
        "Summary of stakeholders' information: Kazakhstan (UPR 2010)"
    )


# ---- help ------------------------------------------------------------------------------------------

COMMANDS = ["index", "search", "said", "show", "similar", "orgs", "themes", "docs", "parse", "uptake"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_summary_and_examples(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    text = result.stdout
    summary = text.split("\n\n")[1].strip()
    assert summary and "\n" not in summary and summary.endswith(".")
    examples = [line.strip() for line in text.split("Examples:")[1].splitlines() if line.strip().startswith("uprsearch ")]
    assert 2 <= len(examples) <= 3


def test_group_help_lists_every_command():
    text = run("--help").stdout
    for command in COMMANDS:
        assert f"  {command} " in text


def test_country_and_cycle_filters():
    total = count("search", "torture")
    assert count("search", "torture", "--country", "kaz") == total
    assert count("search", "torture", "--country", "Kazakhstan", "--cycle", "1") == total
    result = run("search", "torture", "--cycle", "2")
    assert result.exit_code == 2
    assert result.stderr == "uprsearch: error: no documents of cycle '2' in the index (it has: 1; `uprsearch docs` lists them)\n"


# ---- the README shows real output --------------------------------------------------------------------

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_sessions() -> list[tuple[str, str]]:
    """(command, output) for each `$ uprsearch …` line in the README's console blocks that has
    output under it and no pipe."""
    text = README.read_text(encoding="utf-8")
    sessions = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.S):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            if not line.startswith("$ uprsearch ") or "|" in line or "#" in line:
                continue
            output = []
            for follow in lines[i + 1:]:
                if follow.startswith("$ "):
                    break
                output.append(follow)
            if output:
                sessions.append((line[2:], "\n".join(output) + "\n"))
    return sessions


def test_readme_documents_every_command():
    text = README.read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"uprsearch {command}" in text, command


@pytest.mark.parametrize("command, output", readme_sessions())
def test_readme_sessions_are_real_output(command, output):
    result = run(*shlex.split(command)[1:])
    assert result.exit_code == 0
    assert result.stdout == output


def test_joint_submissions_expand_to_themselves_only():
    # "Joint submission 4" analyses to "joint submiss": expanding JS4 to it would match every JS
    assert [r["id"] for r in jsonl("search", "JS4")] and all(
        "JS4" in r["text"] for r in jsonl("search", "JS4")
    )
    assert count("search", "JS4") == 6  # paragraphs 10, 13, 20, 21, 31, 39


def test_said_with_a_misspelt_query_suggests_a_word():
    result = run("said", "HRW", "tortue")
    assert result.exit_code == 1
    assert result.stderr == "uprsearch: no hits for 'tortue'; did you mean 'torture'?\n"
