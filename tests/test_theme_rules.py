"""The taxonomy's rules beyond single words: instruments acted on, lists of treaties, headings that
name two themes, the one-clue fallback, themes per statement and the evidence for each theme."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from uprsearch.errors import UprError
from uprsearch.models import Chunk, Statement
from uprsearch.pipeline import parse_paths
from uprsearch.tag import split_sentences
from uprsearch.themes import load_taxonomy
from test_themes import SUMMARY_FILE, summary_paragraphs

KEY = Path(__file__).resolve().parent.parent.parent / "shared" / "upr-corpus" / "keys" / "uprinfo-recommendations.csv"


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


@pytest.fixture(scope="module")
def summary():
    return summary_paragraphs()


@pytest.fixture(scope="module")
def parsed():
    """The bundled summary's chunks as the pipeline parses and tags them: number -> chunk."""
    (document,) = parse_paths([SUMMARY_FILE]).documents
    return {chunk.para: chunk for chunk in document.chunks}


def chunk_of(text: str, section: list[str]) -> Chunk:
    """A chunk with a statement per sentence, as tag.tag_document makes them."""
    return Chunk("doc:1", "doc", 1, 1, "paragraph", section, text, statements=[Statement(s) for s in split_sentences(text)])


# -- instruments ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, themes",
    [
        ("Ratify the Optional Protocol to the Convention against Torture.", ["detention", "international-instruments", "torture"]),
        ("Establish a national preventive mechanism without delay.", ["detention", "torture"]),
        ("Accede to the International Convention for the Protection of All Persons from Enforced Disappearance.",
         ["enforced-disappearances", "international-instruments"]),
        ("Ratify the CRPD and its Optional Protocol.", ["disabilities", "international-instruments"]),
        ("Withdraw its reservations to CEDAW.", ["international-instruments", "womens-rights"]),
        ("Become a party to ICRMW.", ["international-instruments", "labour", "migrants"]),  # a name two themes share
        # the ICCPR inside the name of its Second Optional Protocol is that protocol's, not CP rights'
        ("Ratify the Second Optional Protocol to the International Covenant on Civil and Political Rights.",
         ["death-penalty", "international-instruments"]),
        ("Invite the Special Rapporteur on the right to food to visit the country.", ["food", "special-procedures"]),
        ("Cooperate fully with the International Criminal Court.", ["justice"]),
    ],
)
def test_an_instrument_acted_on_is_its_topic(taxonomy, text, themes):
    assert taxonomy.tag(text, []) == themes


def test_an_instrument_named_in_passing_is_not(taxonomy):
    # no action on the name in its sentence: "as recommended by", "cited"
    assert taxonomy.evidence("Improve the conditions in prisons, as recommended by the Committee against Torture.", []) == {
        "detention": ["conditions in prisons"],
        "treaty-bodies": ["Committee against Torture"],
    }
    quoted = "JS3 supported the recommendations of the Committee on the Rights of the Child. It gave no details."
    assert "child-rights" not in taxonomy.tag(quoted, [])
    # the action must stand in the same sentence as the name
    assert "child-rights" not in taxonomy.tag("The State ratified many treaties. It cited the CRC in its report.", [])


def test_a_list_of_many_treaties_is_about_ratification_in_general(taxonomy):
    five = "Ratify CAT, CEDAW, CRPD, ICRMW and CED."
    assert taxonomy.tag(five, []) == ["international-instruments"]
    four = "Ratify CAT, CEDAW, CRPD and CED."  # instrument_list_max names or fewer: each is its topic
    assert taxonomy.tag(four, []) == [
        "disabilities", "enforced-disappearances", "international-instruments", "torture", "womens-rights",
    ]


# -- headings, fallback -----------------------------------------------------------------------------
def test_a_heading_naming_two_themes_counts_as_one_hit_for_each(taxonomy, summary):
    section, text = summary[47]  # faith communities named once, under "Minorities and indigenous peoples"
    evidence = taxonomy.evidence(text, section)
    assert evidence["minorities"] == ["Jews", "Catholics", "Buddhists", "heading: 8. Minorities and indigenous peoples"]
    assert "indigenous-peoples" not in evidence  # the heading alone gives nothing
    assert "minorities" not in taxonomy.tag(text, [])


def test_the_one_clue_fallback_is_for_one_sentence_only(taxonomy):
    assert taxonomy.evidence("Strengthen the legal system.", []) == {"justice": ["legal system"]}
    assert taxonomy.tag("Strengthen the legal system. The report was published in May.", []) == []


# -- per statement -----------------------------------------------------------------------------------
def test_each_statement_gets_the_themes_whose_words_it_holds(parsed):
    chunk = parsed[1]
    assert chunk.themes == ["death-penalty", "disabilities", "international-instruments", "justice"]
    assert [st.themes for st in chunk.statements] == [
        ["death-penalty", "international-instruments"],  # ratification of ICCPR-OP 2
        ["disabilities", "international-instruments"],  # the CRPD and OP-CRPD
        ["international-instruments", "justice"],  # the Rome Statute
    ]
    assert chunk.theme_evidence == {
        "death-penalty": ["ICCPR–OP 2"],
        "disabilities": ["CRPD", "OP-CRPD"],
        "international-instruments": ["heading: A. Scope of international obligations"],
        "justice": ["Rome Statute", "International Criminal Court"],
    }


def test_a_heading_theme_is_every_statements(taxonomy):
    text = "A decision on the draft law was pending. The text had not been published."
    chunk = chunk_of(text, ["C. Promotion and protection of human rights on the ground", "Freedom of religion"])
    taxonomy.tag_chunk(chunk)
    assert chunk.themes == ["religion"] and chunk.theme_evidence == {"religion": ["heading: Freedom of religion"]}
    assert [st.themes for st in chunk.statements] == [["religion"], ["religion"]]


def test_a_paragraphs_themes_are_its_statements_and_its_headings(parsed):
    assert len(parsed) == 53
    for n, chunk in parsed.items():
        from_statements = {t for st in chunk.statements for t in st.themes}
        assert set(chunk.themes) == from_statements, n
        assert list(chunk.theme_evidence) == chunk.themes, n
        assert all(chunk.theme_evidence.values()), n


def test_the_statement_about_torture_is_the_one_tagged(parsed):
    torture = [st.text for st in parsed[48].statements if "torture" in st.themes]
    assert torture == ["JS1 reported that migrants were quite often subjected to torture and degrading treatment."]


# -- the mapping to UPR Info's issues is data ---------------------------------------------------------
def test_every_theme_names_its_upr_info_issue(taxonomy):
    assert all(len(taxonomy.rules[t.slug].upr_info) == 1 for t in taxonomy.themes)
    assert taxonomy.rules["asylum-refugees"].upr_info == ["Asylum-seekers - refugees"]


@pytest.mark.skipif(not KEY.is_file(), reason="shared/upr-corpus (UPR Info's key) is not beside the checkout")
def test_every_issue_of_upr_infos_key_is_a_theme(taxonomy):
    with KEY.open(encoding="utf-8", newline="") as handle:
        issues = {i.strip() for row in csv.DictReader(handle) for i in row["Issue"].split(",") if i.strip()}
    ours = {name for rule in taxonomy.rules.values() for name in rule.upr_info}
    assert issues - ours == {"General", "Other"}  # UPR Info's catch-alls, no topic of their own


# -- a corpus folder's themes.toml ----------------------------------------------------------------------
def test_extra_dir_adds_instruments_and_fallback_words(tmp_path):
    (tmp_path / "themes.toml").write_text(
        "[[theme]]\nslug = 'statelessness'\nlabel = 'Statelessness'\nupr_info = 'Statelessness'\n"
        "patterns = ['\\bstatelessness\\b']\n"
        "instruments = ['Convention on the Reduction of Statelessness']\n"
        "fallback = ['\\bnationality\\b']\n",
        encoding="utf-8",
    )
    extended = load_taxonomy([tmp_path])
    assert "statelessness" in extended.tag("Accede to the 1961 Convention on the Reduction of Statelessness.", [])
    assert extended.tag("Review the law on nationality.", []) == ["statelessness"]
    assert extended.rules["statelessness"].upr_info == ["Statelessness"]


@pytest.mark.parametrize(
    "toml, message",
    [
        ("[[theme]]\nslug = 'x'\nlabel = 'X'\ninstruments = ['(bad']\n", "not a valid regular expression"),
        ("[[theme]]\nslug = 'x'\nlabel = 'X'\nupr_info = 3\n", "must be a list of names"),
        ("[defaults]\ninstrument_list_max = 'four'\n", "whole number"),
    ],
)
def test_bad_new_keys_are_one_line_errors(tmp_path, toml, message):
    (tmp_path / "themes.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(UprError, match=re.escape(message)) as caught:
        load_taxonomy([tmp_path])
    assert "\n" not in str(caught.value)
