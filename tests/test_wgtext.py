"""Working Group report pieces that need no document: the words of a response, lists of
recommendation numbers, one recommendation's States and text, words a PDF split, Mac Roman text."""
from __future__ import annotations

import pytest

from uprsearch.models import NOTED, PARTIALLY_SUPPORTED, PENDING, SUPPORTED
from uprsearch.reader import read_source
from uprsearch.states import load_states
from uprsearch.wgreport import read_recommendation
from uprsearch.wgtext import number_list, repair_split_words, response_of


@pytest.mark.parametrize(
    "text, response",
    [
        ("The recommendations formulated during the interactive dialogue and listed below enjoy the support of Kazakhstan", SUPPORTED),
        ("The following recommendations enjoy the support of Fiji, which considers that they have already been implemented", SUPPORTED),
        ("The recommendations below did not enjoy the support of Togo", NOTED),
        ("The following recommendations did not en joy the support of the Democratic Republic of the Congo", NOTED),
        ("The following recommendations did not enjoy the support of Kazakhstan and would thus be noted", NOTED),
        ("The recommendations listed below were rejected by Azerbaijan for the reasons", NOTED),
        ("The following recommendations were noted by Colombia for further consideration", NOTED),
        ("The following recommendations will be examined by Kazakhstan, which will provide responses in due course", PENDING),
        ("The response of Canada to these recommendations will be included in the outcome report", PENDING),
        ("Responses to the following recommendations will be provided by Germany in due time", PENDING),
        ("Montenegro will examine the above recommendations and will respond in due course", PENDING),
        ("In the course of the discussion, the following recommendations were made to Canada", ""),
        ("Slovenia accepts the recommendation and has already implemented it.", SUPPORTED),
        ("Slovenia cannot, at this point in time, make a definitive statement.", NOTED),
        ("Slovenia accepts the recommendation regarding free legal aid. Slovenia cannot accept the recommendation on "
         "specialised family courts.", PARTIALLY_SUPPORTED),
        ("Slovenia agrees with the importance of the 1995 Programme of Measures for Assisting the Roma.", ""),
    ],
)
def test_response_of(text, response):
    assert response_of(text) == response


@pytest.mark.parametrize(
    "text, numbers",
    [
        ("1–5, 14–16, 20", ["1", "2", "3", "4", "5", "14", "15", "16", "20"]),
        ("122.17-18, 122.22", ["122.17", "122.18", "122.22"]),
        ("140.11-14", ["140.11", "140.12", "140.13", "140.14"]),
        ("122.14– 15", ["122.14", "122.15"]),
        ("150 – 152", ["150", "151", "152"]),
        ("Nos. 7, 8 and 9", ["7", "8", "9"]),
    ],
)
def test_number_list(text, numbers):
    assert number_list(text) == numbers


@pytest.fixture(scope="module")
def states():
    return load_states()


def test_one_state(states):
    rec = read_recommendation("To abolish the death penalty in all circumstances (France);", states, "Kazakhstan")
    assert (rec.text, rec.states) == ("To abolish the death penalty in all circumstances", ["France"])
    assert [(s.text, s.orgs, s.kind) for s in rec.statements] == [
        ("To abolish the death penalty in all circumstances", ["France"], "recommendation")
    ]


def test_states_in_brackets_one_after_another(states):
    rec = read_recommendation(
        "Ratify the Optional Protocol to the Convention against Torture (Chile) (Costa Rica) (Iran (Islamic Republic of));",
        states, "Slovenia",
    )
    assert rec.text == "Ratify the Optional Protocol to the Convention against Torture"
    assert rec.states == ["Chile", "Costa Rica", "Iran"]


def test_parts_each_with_their_states(states):
    rec = read_recommendation(
        "Accede to ICCPR and ICESCR (Canada); give positive consideration to acceding to ICESCR (Mexico); "
        "ratify ICESCR and ICCPR (the Netherlands, Slovenia);",
        states, "Comoros",
    )
    assert rec.states == ["Canada", "Mexico", "Netherlands", "Slovenia"]
    assert [(s.text, s.orgs) for s in rec.statements] == [
        ("Accede to ICCPR and ICESCR", ["Canada"]),
        ("give positive consideration to acceding to ICESCR", ["Mexico"]),
        ("ratify ICESCR and ICCPR", ["Netherlands", "Slovenia"]),
    ]
    assert rec.text == "Accede to ICCPR and ICESCR; give positive consideration to acceding to ICESCR; ratify ICESCR and ICCPR"


def test_states_inside_the_text_and_a_repeated_text(states):
    rec = read_recommendation(
        "To consider ratifying (Slovenia)/ratify (Republic of Korea) the Convention on the Rights of Persons with Disabilities;",
        states, "Kazakhstan",
    )
    assert rec.text == "To consider ratifying/ratify the Convention on the Rights of Persons with Disabilities"
    assert rec.states == ["Slovenia", "Republic of Korea"]
    rec = read_recommendation("Ratify ICCPR (Togo); (France); (Austria); Accede to ICCPR (Estonia);", states, "United Arab Emirates")
    assert [(s.text, s.orgs) for s in rec.statements] == [
        ("Ratify ICCPR", ["Togo", "France", "Austria"]), ("Accede to ICCPR", ["Estonia"]),
    ]


def test_the_state_under_review_never_recommends_to_itself(states):
    rec = read_recommendation(
        "Speed up the implementation of the recommendations made by the Czech Republic and accepted by Kazakhstan "
        "(Kazakhstan) (Czech Republic);", states, "Kazakhstan",
    )
    assert rec.states == ["Czechia"]


def test_the_comment_of_the_state_under_review_is_kept_apart(states):
    rec = read_recommendation(
        "Ensure that appropriate legal frameworks are in place (Canada): The Dominican Republic does not accept this "
        "recommendation, since nationality is already established in the Constitution;",
        states, "Dominican Republic",
    )
    assert rec.text == "Ensure that appropriate legal frameworks are in place"
    assert rec.states == ["Canada"]
    assert rec.comment.startswith("The Dominican Republic does not accept this recommendation")


def test_words_a_pdf_split_are_mended_from_the_document_itself():
    common = "The report of the Convention on the territorial rights of women and men in an international body, to go into force. " * 5
    page = common + (
        "To ratify the Conventi on for wo men; the re port of the body; to restric t it; in ternational law; "
        "the andt erritorial rights; go in to force"
    )
    (mended,) = repair_split_words([page])
    tail = mended[len(common) :]
    assert "To ratify the Convention for women" in tail
    assert "the report of the body" in tail  # "re" joins "port", not "the"
    assert "to restrict it" in tail and "international law" in tail
    assert "the and territorial rights" in tail  # cut again where both halves are words of the document
    assert "go in to force" in tail  # two common words stay two


def test_mac_roman_text_with_cr_line_ends(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes("Kazakhstan’s “report” – the State’s answers\rSecond line\r".encode("mac_roman"))
    source = read_source(path)
    assert source.encoding == "mac_roman"
    assert source.text == "Kazakhstan’s “report” – the State’s answers\nSecond line\n"


ADDENDUM_TABLE = """United Nations                                                  A/HRC/99/9/Add.1
General Assembly                                               Distr.: General
                                                               1 March 2030
Human Rights Council
Agenda item 6
Universal Periodic Review

              Report of the Working Group on the Universal Periodic
              Review*

              Slovenia

              Addendum

              Views on conclusions and/or recommendations, voluntary commitments
              and replies presented by the State under review

1.     Slovenia has examined the 4 recommendations it received and responds as follows.
Recommendation 120.1 (France): Supported. The Government has begun the process.
Recommendation 120.2 (Chile): Noted.
120.3      Ratify the Optional Protocol (Spain)                               Partially supported
120.4      Abolish the death penalty (Belgium)                               Noted
"""


def test_an_addendum_that_answers_row_by_row(tmp_path):
    from uprsearch.models import ADDENDUM
    from uprsearch.pipeline import parse_paths

    path = tmp_path / "addendum.txt"
    path.write_text(ADDENDUM_TABLE, encoding="utf-8")
    (parsed,) = parse_paths([path]).documents
    assert (parsed.document.type, parsed.document.symbol, parsed.document.country) == (ADDENDUM, "A/HRC/99/9/Add.1", "Slovenia")
    answers = {c.number: c for c in parsed.chunks if c.number}
    assert {n: c.response for n, c in answers.items()} == {
        "120.1": SUPPORTED, "120.2": NOTED, "120.3": PARTIALLY_SUPPORTED, "120.4": NOTED,
    }
    assert answers["120.1"].response_text == "(France): Supported. The Government has begun the process."
    # an addendum's chunks keep their own ids (its id is its symbol's); only a report's recommendations are "<doc>:<number>"
    assert answers["120.1"].id == "a-hrc-99-9-add-1:2"
    assert all(st.orgs == ["Slovenia"] for c in parsed.chunks for st in c.statements)  # the State under review speaks
