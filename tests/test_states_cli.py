"""What States recommended and what the State answered, through the CLI on the bundled corpus
(Kazakhstan's first review: A/HRC/14/10 beside the summary and Amnesty's submission): said of a
State, --response, --by-type, orgs --type, show of a recommendation, uptake; and addenda applied
at index time, on Slovenia's second review from ../shared/upr-corpus/."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from test_search_cli import count, jsonl, run  # the CLI through CliRunner, as the search tests call it

REPORT = "a-hrc-14-10"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "upr-corpus"
KEY = SHARED / "keys" / "uprinfo-recommendations.csv"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is absent (it comes with the project's shared samples)")


# ---- said of a State --------------------------------------------------------------------------------

FRANCE = [
    ("43", "observation", "France asked, regarding draft legislation on domestic violence, if Kazakhstan planned to "
     "carry out a public campaign to encourage victims to lodge complaints and to train law enforcement personnel."),
    ("43", "observation", "Regarding allegations of torture, France inquired what measures had been taken to ensure "
     "independent and effective investigations."),
    ("43", "observation", "Finally, concerning the adoption of a National Human Rights Action Plan, it asked about "
     "measures taken to ensure its implementation."),
    ("43", "observation", "France made recommendations."),
    ("95.65", "recommendation", "To establish an independent monitoring mechanism for all places of detention, in "
     "keeping with the provisions of the Optional Protocol to the Convention against Torture, in order to effectively "
     "prevent torture"),
    ("97.2", "recommendation", "To join the declaration on sexual orientation and gender identity, while noting with "
     "congratulations the decriminalization of homosexuality"),
    ("97.16", "recommendation", "To abolish the death penalty in all circumstances, although the existence of a "
     "moratorium on executions, the commutation of such penalties into prison sentences, and the efforts made to "
     "restrict, in the Constitution, the application of the death penalty to a reduced number of crimes, are welcomed"),
]


@pytest.mark.usefixtures("corpus_index")
def test_said_france_lists_its_words_in_the_dialogue_and_its_recommendations():
    records = jsonl("said", "France")
    assert [(r["id"].split(":")[1], r["kind"], r["text"]) for r in records] == FRANCE
    assert {r["org"] for r in records} == {"France"} and {r["doc"] for r in records} == {REPORT}


@pytest.mark.usefixtures("corpus_index")
@pytest.mark.parametrize("alias", ["French Republic", "FRA", "france"])
def test_said_takes_any_name_of_a_state(alias):
    assert jsonl("said", alias) == jsonl("said", "France")


@pytest.mark.usefixtures("corpus_index")
def test_said_shows_the_response_of_each_recommendation():
    result = run("said", "France", "--kind", "recommendation", "-n", "2")
    assert result.exit_code == 0
    assert result.stdout == (
        f"{REPORT}:95.65  Report of the Working Group on the Universal Periodic Review  § II. Conclusions and/or "
        "recommendations  ¶95  France\n» recommendation, supported by Kazakhstan: " + FRANCE[4][2] + "\n\n"
        f"{REPORT}:97.2  Report of the Working Group on the Universal Periodic Review  § II. Conclusions and/or "
        "recommendations  ¶97  France\n» recommendation, pending: " + FRANCE[5][2] + "\n"
    )


@pytest.mark.usefixtures("corpus_index")
def test_the_state_under_review_never_recommends_to_itself():
    result = run("said", "Kazakhstan", "--kind", "recommendation")
    assert (result.exit_code, result.stdout) == (1, "")
    assert count("said", "Kazakhstan") == 110  # it speaks: the presentation and its answers in the dialogue
    recommendations = jsonl("search", "--doc", REPORT, "--kind", "recommendation", "--response", "supported",
                            "--response", "pending")
    assert len(recommendations) == 128 and all("Kazakhstan" not in r["orgs"] and r["orgs"] for r in recommendations)


@needs_shared
@pytest.mark.usefixtures("corpus_index")
def test_the_recommending_states_are_those_of_upr_infos_key():
    from uprsearch.states import load_states

    states = load_states()
    with KEY.open(encoding="utf-8", newline="") as handle:
        key = {states.resolve(r["From"]).id for r in csv.DictReader(handle) if (r["To"], r["Session"]) == ("Kazakhstan", "7")}
    made = {org for r in jsonl("search", "--doc", REPORT, "--kind", "recommendation") if r["number"] for org in r["orgs"]}
    assert made == key and len(key) == 45
    listed = jsonl("orgs", "--type", "state")
    assert {r["type"] for r in listed} == {"state"} and {r["id"] for r in listed} >= key | {"Kazakhstan"}
    assert count("orgs", "--type", "state") == len(listed) == 55  # the 45, the State under review, 9 who only spoke


# ---- --response and --by-type -----------------------------------------------------------------------


@pytest.mark.usefixtures("corpus_index")
def test_death_penalty_recommendations_of_states_and_stakeholders():
    records = jsonl("search", "death penalty", "--kind", "recommendation")
    assert [(r["id"], r["orgs"], r["response"], r["response_source"]) for r in records] == [
        (f"{REPORT}:97.18", ["Spain"], "pending", "A/HRC/14/10, para. 97"),
        (f"{REPORT}:97.16", ["France"], "pending", "A/HRC/14/10, para. 97"),
        ("kaz-2010-summary:14", ["JS1", "AI", "WCADP"], "", ""),
        (f"{REPORT}:95.41", ["Philippines"], "supported", "A/HRC/14/10, para. 95"),
        ("kaz-2009-ai:22", ["AI"], "", ""),
        (f"{REPORT}:97.17", ["Belgium"], "pending", "A/HRC/14/10, para. 97"),
    ]
    states = jsonl("search", "death penalty", "--kind", "recommendation", "--by-type", "state")
    assert [r["id"] for r in states] == [r["id"] for r in records if r["doc"] == REPORT]
    stakeholders = jsonl("search", "death penalty", "--kind", "recommendation", "--by-type", "ngo")
    assert [r["id"] for r in stakeholders] == ["kaz-2010-summary:14", "kaz-2009-ai:22"]


@pytest.mark.usefixtures("corpus_index")
def test_search_text_view_gives_each_recommendation_its_response():
    result = run("search", "death penalty", "--kind", "recommendation", "--by-type", "state", "-n", "1")
    assert result.stdout == (
        f"{REPORT}:97.18  Report of the Working Group on the Universal Periodic Review  § II. Conclusions and/or "
        "recommendations  ¶97  » recommendation by Spain  pending  #counter-terrorism #death-penalty #ihl #justice\n"
        "To introduce a moratorium on the death penalty in all cases, including penalties for the crime of terrorism "
        "and war crimes, although the abolition of the death penalty for civilians is noted with satisfaction\n"
    )


@pytest.mark.usefixtures("corpus_index")
def test_response_filter_and_field():
    assert count("search", "--response", "supported") == 102  # A/HRC/14/10, para. 95
    assert count("search", "--response", "pending") == 26  # para. 97: "will be examined by Kazakhstan"
    assert count("search", "--response", "accepted") == 102 and count("search", "--response", "Supported") == 102
    result = run("search", "--response", "noted")
    assert (result.exit_code, result.stdout) == (1, "")
    assert [r["id"] for r in jsonl("search", "response:pending abolish")] == [f"{REPORT}:97.{n}" for n in (23, 17, 16, 10)]
    assert count("said", "France", "--response", "supported") == 1
    bad = run("search", "--response", "maybe")
    assert (bad.exit_code, bad.stderr) == (
        2, "uprsearch: error: unknown response 'maybe'; responses are supported, noted, partially-supported, pending\n")


@pytest.mark.usefixtures("corpus_index")
def test_by_type_errors():
    bad = run("search", "torture", "--by-type", "church")
    assert (bad.exit_code, bad.stderr) == (2, "uprsearch: error: unknown organisation type 'church'; types are ngo, "
                                               "joint-submission, nhri, intergovernmental, un, state\n")
    none = run("search", "torture", "--by-type", "nhri")
    assert (none.exit_code, none.stderr) == (2, "uprsearch: error: no organisation of type 'nhri' in the index "
                                                "(`uprsearch orgs` lists them)\n")


@pytest.mark.usefixtures("corpus_index")
def test_by_type_and_org_must_both_hold():
    assert count("search", "--org", "AI", "--by-type", "state") == 0
    assert count("search", "--org", "France", "--by-type", "state") == count("search", "--org", "France") == 4


# ---- show of a recommendation -----------------------------------------------------------------------


@pytest.mark.usefixtures("corpus_index")
def test_show_of_a_recommendation_gives_number_states_and_response():
    result = run("show", f"{REPORT}:97.16")
    assert result.exit_code == 0
    assert result.stdout == (
        f"{REPORT}:97.16  Report of the Working Group on the Universal Periodic Review  ¶97  » recommendation by France  "
        "pending  #death-penalty\n"
        "§ II. Conclusions and/or recommendations\n"
        "recommendation 97.16, action 5  A/HRC/14/10\n"
        "response: pending (A/HRC/14/10, para. 97)\n" + FRANCE[6][2] + "\n"
    )
    (record,) = jsonl("show", f"{REPORT}:95.61")
    assert (record["number"], record["orgs"], record["response"], record["response_source"], record["response_text"]) == (
        "95.61", ["Czechia"], "supported", "A/HRC/14/10, para. 95", "")


# ---- uptake -----------------------------------------------------------------------------------------


@pytest.mark.usefixtures("corpus_index")
def test_uptake_of_amnesty_international():
    records = jsonl("uptake", "AI")
    assert [r["id"] for r in records] == [f"kaz-2010-summary:{p}" for p in ("25.5", "26.5", "32.2", "50.5")] + [
        f"kaz-2009-ai:{p}.1" for p in range(22, 37)]
    by_id = {r["id"]: r for r in records}
    ratify = by_id["kaz-2009-ai:22.1"]  # "… in particular the Second Optional Protocol …"
    assert list(ratify) == ["id", "doc", "para", "orgs", "text", "review", "taken_up", "supported", "matches"]
    assert (ratify["doc"], ratify["para"], ratify["orgs"], ratify["review"], ratify["taken_up"], ratify["supported"]) == (
        "kaz-2009-ai", None, ["AI"], "A/HRC/14/10", True, True)  # the submission numbers no paragraph
    assert [(m["number"], m["states"], m["response"], m["same"]) for m in ratify["matches"]] == [
        ("95.41", ["Philippines"], "supported", True), ("97.17", ["Belgium"], "pending", True),
        ("97.3", ["Slovenia"], "pending", True),
    ]
    assert list(ratify["matches"][0]) == ["id", "number", "states", "response", "response_source", "score", "same", "text"]
    assert [r["id"] for r in records if not r["taken_up"]] == [f"kaz-2009-ai:{p}.1" for p in (25, 28, 29, 31, 32)]
    assert all(r["supported"] for r in records if r["taken_up"])


@pytest.mark.usefixtures("corpus_index")
def test_uptake_summary_is_the_share_taken_up_and_supported():
    result = run("uptake", "AI", "--summary", "--format", "csv")
    assert result.stdout == ("org,recommendations,taken_up,supported,taken_up_share,supported_share\n"
                             "AI,19,14,14,0.737,0.737\n")
    text = run("uptake", "--summary", "-n", "2").stdout
    assert text == ("org  recommendations  taken up  supported\n"
                    "AI                19  14 (74%)  14 (74%)\n"
                    "JS1               13  11 (85%)  10 (77%)\n")
    wcadp = run("uptake", "WCADP", "--top", "1")
    assert wcadp.stdout.splitlines()[:3] == [
        "kaz-2010-summary:14.6  Summary of stakeholders' information  ¶14  WCADP  taken up",
        "WCADP urged Kazakhstan to abolish the death penalty in the Criminal Code for all crimes, including for "
        "terrorism and in times of war.",
        "  0.77  a-hrc-14-10:97.18  Spain  pending",
    ]


@pytest.mark.usefixtures("corpus_index")
def test_uptake_needs_a_report_of_the_review(tmp_path):
    folder = tmp_path / "summary-only"
    folder.mkdir()
    corpus = Path(__file__).resolve().parents[1] / "corpus"
    shutil.copy(corpus / "A_HRC_WG.6_7_KAZ_3-summary-of-stakeholders-information.txt", folder)
    result = run("--index-dir", str(tmp_path / "ix"), "--corpus", str(folder), "uptake", "JS1")
    assert result.exit_code == 2
    assert result.stderr.endswith("uprsearch: error: no Working Group report in the index: uptake compares stakeholders' "
                                  "recommendations with those States made in a review's report (index it: "
                                  "`uprsearch index REPORT.pdf`)\n")
    assert jsonl("uptake", "AI", "--doc", "kaz-2009-ai") == jsonl("uptake", "AI", "--doc", "A/HRC/14/10") == jsonl("uptake", "AI")


# ---- addenda applied at index time ------------------------------------------------------------------

SLOVENIA_REPORT = "A_HRC_28_15-wg-report-slovenia-S20-2014.txt"
SLOVENIA_ADDENDUM = "A_HRC_28_15_Add.1-addendum-views-slovenia-S20-2015.txt"
SLOVENIA_DOC = "a-hrc-28-15"  # its id, made from its symbol


def responses(index: Path) -> dict[str, int]:
    return {r: count("--index-dir", str(index), "search", "--response", r) for r in ("supported", "noted", "pending")}


@needs_shared
def test_an_addendum_indexed_later_answers_its_report_and_its_removal_undoes_it(tmp_path):
    folder, index = tmp_path / "docs", tmp_path / "ix"
    folder.mkdir()
    shutil.copy(SHARED / "wg-reports" / SLOVENIA_REPORT, folder)
    assert run("--index-dir", str(index), "index", str(folder)).exit_code == 0
    assert responses(index) == {"supported": 0, "noted": 0, "pending": 163}
    shutil.copy(SHARED / "addenda" / SLOVENIA_ADDENDUM, folder)
    assert run("--index-dir", str(index), "index", str(folder)).exit_code == 0
    assert responses(index) == {"supported": 142, "noted": 21, "pending": 0}
    shown = run("--index-dir", str(index), "show", f"{SLOVENIA_DOC}:115.6").stdout.splitlines()
    assert shown[3] == "response: noted by Slovenia (A/HRC/28/15/Add.1, para. 5)"
    assert shown[5].startswith("Slovenia's answer: The Government of the Republic of Slovenia is currently not planning")
    (folder / SLOVENIA_ADDENDUM).unlink()
    assert run("--index-dir", str(index), "index", str(folder)).exit_code == 0
    assert responses(index) == {"supported": 0, "noted": 0, "pending": 163}


@needs_shared
def test_a_report_indexed_after_its_addendum_and_by_workers_answers_the_same(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    shutil.copy(SHARED / "addenda" / SLOVENIA_ADDENDUM, first)
    shutil.copy(SHARED / "wg-reports" / SLOVENIA_REPORT, second)
    later = tmp_path / "later"
    assert run("--index-dir", str(later), "index", str(first)).exit_code == 0
    assert run("--index-dir", str(later), "index", str(second)).exit_code == 0
    together = tmp_path / "together"
    shutil.copy(SHARED / "addenda" / SLOVENIA_ADDENDUM, second)
    for jobs in ("1", "2"):
        assert run("--index-dir", str(together / jobs), "index", str(second), "-j", jobs).exit_code == 0
    expected = {"supported": 142, "noted": 21, "pending": 0}
    assert responses(later) == responses(together / "1") == responses(together / "2") == expected
    ids = [run("--index-dir", str(i), "search", "--response", "noted", "--format", "ids").stdout
           for i in (later, together / "1", together / "2")]
    assert ids[0] == ids[1] == ids[2] and ids[0].count("\n") == 21
