"""Working Group reports and addenda of ../shared/upr-corpus/ read through the pipeline: every
recommendation a chunk with its number, States and response; the delegations as speakers; an
addendum's responses given to the report's pending recommendations."""
from __future__ import annotations

from pathlib import Path

import pytest

from uprsearch import addendum
from uprsearch.models import ADDENDUM, NOTED, PARTIALLY_SUPPORTED, PENDING, RECOMMENDATION, SUPPORTED, WG_REPORT
from uprsearch.pipeline import parse_paths

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "upr-corpus"
REPORTS = CORPUS / "wg-reports"
ADDENDA = CORPUS / "addenda"

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the shared corpus {CORPUS} is absent (it comes with the project's shared samples)"
)


def _parse(path: Path):
    run = parse_paths([path])
    assert not run.errors, run.errors
    (parsed,) = run.documents
    return parsed


def _recommendations(parsed):
    return {c.number: c for c in parsed.chunks if c.kind == RECOMMENDATION}


@pytest.fixture(scope="module", params=["pdf", "txt"])
def kaz_2010(request):
    """A/HRC/14/10 from the PDF (pypdf) and from Terman's text (Mac Roman, CR line ends)."""
    return _parse(REPORTS / f"A_HRC_14_10-wg-report-kazakhstan-S07-2010.{request.param}")


def test_cycle_1_report_recognised(kaz_2010):
    document = kaz_2010.document
    assert (document.type, document.symbol, document.country, document.iso3) == (WG_REPORT, "A/HRC/14/10", "Kazakhstan", "KAZ")
    assert (document.session, document.cycle, document.year) == (7, 1, 2010)
    assert document.title.startswith("Report of the Working Group on the Universal Periodic Review: Kazakhstan")


def test_cycle_1_every_recommendation_a_chunk(kaz_2010):
    recs = _recommendations(kaz_2010)
    # para. 95 lists 102 supported recommendations, para. 97 the 26 Kazakhstan will answer later
    assert sorted(recs, key=lambda n: tuple(map(int, n.split(".")))) == [f"95.{k}" for k in range(1, 103)] + [f"97.{k}" for k in range(1, 27)]
    assert {c.response for n, c in recs.items() if n.startswith("95.")} == {SUPPORTED}
    assert {c.response for n, c in recs.items() if n.startswith("97.")} == {PENDING}
    assert all(c.orgs for c in recs.values())
    assert all("Kazakhstan" not in c.orgs for c in recs.values())  # never a speaker of a recommendation to itself


def test_cycle_1_recommendation_record(kaz_2010):
    france = _recommendations(kaz_2010)["97.16"]
    assert france.id == f"{kaz_2010.document.id}:97.16"
    assert france.text.startswith("To abolish the death penalty in all circumstances, although the existence of a moratorium")
    assert "(France)" not in france.text and france.text.endswith("are welcomed")
    assert france.orgs == ["France"] and [s.kind for s in france.statements] == ["recommendation"]
    assert (france.response, france.response_source) == (PENDING, "A/HRC/14/10, para. 97")
    assert "death-penalty" in france.themes
    belgium = _recommendations(kaz_2010)["95.7"]
    assert (belgium.orgs, belgium.response, belgium.response_source) == (["Belgium"], SUPPORTED, "A/HRC/14/10, para. 95")


def test_cycle_1_states_inside_the_text(kaz_2010):
    crpd = _recommendations(kaz_2010)["95.3"]
    assert crpd.orgs == ["Slovenia", "Republic of Korea"]
    assert "Convention on the Rights of Persons with Disabilities" in crpd.text and "(Slovenia)" not in crpd.text


def test_the_dialogue_speaks_for_each_delegation(kaz_2010):
    by_para = {c.para: c for c in kaz_2010.chunks if c.kind != RECOMMENDATION and c.para}
    assert by_para[44].orgs == ["Belgium"]
    assert by_para[36].orgs == ["Venezuela"]  # "The Bolivarian Republic of Venezuela highlighted …"
    assert by_para[73].orgs == ["United Kingdom"]
    assert by_para[74].orgs == ["Netherlands"]  # "The Netherlands, noting that …, nevertheless asked"
    assert by_para[92].orgs == ["Kazakhstan"]  # "The delegation noted …": the State under review answers
    assert by_para[12].orgs == ["Kazakhstan"]  # the presentation by the State under review
    assert by_para[2].orgs == []  # the introduction: the Working Group's own words
    kinds = {s.kind for s in by_para[40].statements}
    assert "concern" in kinds  # "Hungary expressed concern at …"
    assert by_para[33].statements[0].kind == "welcome"  # "Brazil congratulated Kazakhstan …"


def test_states_are_the_documents_organisations(kaz_2010):
    orgs = {o.id: o for o in kaz_2010.organisations}
    assert orgs["France"].type == "state" and "FRA" in orgs["France"].aliases
    assert "Kazakhstan" in orgs  # the State under review speaks in the presentation and dialogue


def test_no_footnote_in_a_recommendation():
    parsed = _parse(REPORTS / "A_HRC_14_10-wg-report-kazakhstan-S07-2010.pdf")
    vocabulary = _recommendations(parsed)["95.38"]
    assert vocabulary.text == "To ensure the use of vocabulary that does not stigmatize children with disabilities or children born out of wedlock"
    assert [f.number for f in vocabulary.footnotes] == [2]
    assert vocabulary.footnotes[0].text.startswith("The original recommendation read as follows")


@pytest.fixture(scope="module")
def kaz_2014():
    return _parse(REPORTS / "A_HRC_28_10-wg-report-kazakhstan-S20-2014.pdf")


def test_cycle_2_numbers_as_printed_and_responses_by_group(kaz_2014):
    recs = _recommendations(kaz_2014)
    assert len(recs) == 194
    assert [sum(1 for n in recs if n.startswith(f"{p}.")) for p in (124, 125, 126)] == [47, 96, 51]
    assert recs["124.12"].text.startswith("Revise the Criminal Procedure Code to allow for a more equal distribution of powers")
    assert recs["124.12"].orgs == ["United Kingdom"] and recs["124.12"].response == SUPPORTED
    assert (recs["126.26"].response, recs["126.26"].response_source) == (NOTED, "A/HRC/28/10, para. 126")
    assert recs["126.26"].orgs == ["France"]


def test_recommendations_left_in_the_dialogue_paragraphs():
    """Early reports list the recommendations that did not enjoy support by paragraph and letter."""
    recs = _recommendations(_parse(REPORTS / "A_HRC_10_75-wg-report-united-arab-emirates-S03-2009.pdf"))
    moratorium = recs["55(b)"]
    assert moratorium.text.startswith("Consolidate the de facto moratorium on the use of capital punishment")
    assert (moratorium.orgs, moratorium.response) == (["Italy"], NOTED)
    assert recs["62(a)"].orgs == ["Sweden"]  # "Noting that …, Sweden recommended that the Government (a) …"


def test_the_comment_of_the_state_under_review():
    recs = _recommendations(_parse(REPORTS / "A_HRC_13_3-wg-report-dominican-republic-S06-2010.pdf"))
    nationality = recs["89.1"]
    assert nationality.orgs == ["Canada"] and nationality.response == NOTED
    assert nationality.response_text.startswith("The Dominican Republic does not accept this recommendation")


@pytest.mark.parametrize("suffix", ["pdf", "txt"])
def test_an_addendum_answers_the_pending_recommendations(suffix):
    report = _parse(REPORTS / f"A_HRC_28_15-wg-report-slovenia-S20-2014.{suffix}")
    answers = _parse(ADDENDA / f"A_HRC_28_15_Add.1-addendum-views-slovenia-S20-2015.{suffix}")
    assert answers.document.type == ADDENDUM and answers.document.symbol == "A/HRC/28/15/Add.1"
    recs = _recommendations(report)
    assert {c.response for n, c in recs.items() if n.startswith("115.")} == {PENDING}
    assert addendum.apply(report.chunks, answers.chunks) == []
    assert {c.response for n, c in recs.items() if n.startswith("115.")} == {SUPPORTED, NOTED}
    assert sum(1 for n, c in recs.items() if n.startswith("115.") and c.response == NOTED) == 21
    assert (recs["115.1"].response, recs["115.1"].response_source) == (SUPPORTED, "A/HRC/28/15/Add.1, para. 3")
    # an explanation follows the recommendation it answers, and "See recommendation 24" brings 24's words
    assert recs["115.18"].response_text.startswith("We consider that this recommendation is implemented")
    assert recs["115.30"].response_text.startswith("See recommendation 24.")
    assert "human rights education" in recs["115.30"].response_text
    assert recs["115.132"].response == NOTED and "not planning to decriminalize defamation" in recs["115.132"].response_text


def test_a_cycle_1_addendum_answers_in_prose():
    report = _parse(REPORTS / "A_HRC_14_15-wg-report-slovenia-S07-2010.pdf")
    answers = _parse(ADDENDA / "A_HRC_14_15_Add.1-addendum-views-slovenia-S07-2010.pdf")
    addendum.apply(report.chunks, answers.chunks)
    recs = _recommendations(report)
    assert recs["111.1"].response == NOTED  # "cannot, at this point in time, make a definitive statement"
    assert recs["111.2"].response == SUPPORTED
    assert recs["111.3"].response == PARTIALLY_SUPPORTED  # accepts one convention, cannot decide on the other
    assert recs["111.5"].response_source == "A/HRC/14/15/Add.1, on recommendations 5, 6, 7, 8, 9"
    assert sum(1 for c in recs.values() if c.response == PENDING) == 0


def test_dotted_number_lists_of_later_addenda():
    report = _parse(REPORTS / "A_HRC_59_15-wg-report-slovenia-S48-2025.txt")
    answers = _parse(ADDENDA / "A_HRC_59_15_Add.1-addendum-views-slovenia-S48-2025.txt")
    assert addendum.apply(report.chunks, answers.chunks) == []
    recs = _recommendations(report)
    responses = [c.response for c in recs.values()]
    assert (responses.count(SUPPORTED), responses.count(NOTED)) == (217, 37)  # as the addendum's para. 2 counts them
    assert recs["140.11"].response_text.startswith("The 1961 Convention on the Reduction of Statelessness was ratified")
