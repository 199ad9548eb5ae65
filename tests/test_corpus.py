"""Real documents of every type, from .txt and .pdf, against tests/data/corpus_expected.toml (made by
reading them): paragraphs exactly as numbered, every endnote's text, no page furniture, the type,
a submission's authors and printed numbers. bench/corpus.py prints the same figures for all of them."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

import pytest

from uprsearch.pipeline import parse_paths

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
EXPECTED = Path(__file__).resolve().parent / "data" / "corpus_expected.toml"

pytestmark = pytest.mark.skipif(not (SHARED / "upr-corpus").is_dir(), reason=f"{SHARED}/upr-corpus is absent (present in CI)")

# A representative set: each type, each extraction (pdftotext -layout, pypdf, other extractors), each cycle
NUMBERED = [
    "upr-corpus/summaries/A_HRC_WG.6_7_SVN_3-stakeholder-summary-2009.txt",
    "upr-corpus/summaries/A_HRC_WG.6_20_SVN_3-stakeholder-summary-2014.txt",
    "upr-corpus/summaries/A_HRC_WG.6_20_SVN_3-stakeholder-summary-2014.pdf",
    "upr-corpus/summaries/A_HRC_WG.6_29_BRB_3-stakeholder-summary-barbados-2017.txt",
    "upr-corpus/summaries/A_HRC_WG.6_48_SVN_3-stakeholder-summary-2024.txt",
    "upr-corpus/summaries/A_HRC_WG.6_48_SVN_3-stakeholder-summary-2024.pdf",
    "upr-samples/A_HRC_WG.6_50_USA_3-stakeholder-summary.txt",
    "upr-corpus/compilations/A_HRC_WG.6_32_AFG_2-compilation-afghanistan-2018.txt",
    "upr-corpus/compilations/A_HRC_WG.6_34_SVN_2-compilation-2019.pdf",
    "upr-corpus/national-reports/A_HRC_WG.6_7_SVN_1-national-report-2009.txt",
    "upr-corpus/national-reports/A_HRC_WG.6_13_GBR_1-national-report-united-kingdom-2012.txt",
    "upr-corpus/national-reports/A_HRC_WG.6_29_BHS_1-national-report-bahamas-2017.txt",
    "upr-corpus/national-reports/A_HRC_WG.6_48_SVN_1-national-report-2024.pdf",
]
SUBMISSIONS = [
    "upr-corpus/ngo-submissions/AUS-C3-S37-ngo-joint-submission-AccessNow-DigitalRightsWatch-2020.pdf",
    "upr-corpus/ngo-submissions/GBR-C2-S13-ngo-submission-AntiSlaveryInternational-2011.pdf",
    "upr-corpus/ngo-submissions/GBR-C2-S13-ngo-submission-GIEACPC-2011.pdf",
    "upr-corpus/ngo-submissions/GBR-C2-S13-ngo-submission-JS1-AVID-BID-2011.pdf",
    "upr-samples/ngo-report-medical-whistleblower-advocacy-network.txt",
]
OTHERS = [
    "upr-corpus/wg-reports/A_HRC_28_15-wg-report-slovenia-S20-2014.txt",
    "upr-corpus/addenda/A_HRC_59_15_Add.1-addendum-views-slovenia-S48-2025.txt",
    "upr-corpus/other/A_HRC_DEC_28_111-hrc-decision-slovenia-S20-2015.txt",
]
FURNITURE = re.compile(
    r"\bGE\.\d{2}-\d{3,6}|Please\s+recycle|♲|\*\d{7}\*|Distr\.:?\s+General|Original:\s+English"
    r"|present document (?:was not edited|is being issued)|\bPage \d{1,3}\b"
)


@lru_cache(maxsize=None)
def expected() -> dict[str, dict]:
    data = tomllib.loads(EXPECTED.read_text(encoding="utf-8"))
    return {name: entry for entry in data["document"] for name in entry["files"]}


@lru_cache(maxsize=None)
def parsed(name: str):
    run = parse_paths([SHARED / name])
    assert not run.errors
    (document,) = run.documents
    return document


def norm(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


@pytest.mark.parametrize("name", NUMBERED + SUBMISSIONS + OTHERS)
def test_the_type_recognised(name):
    assert parsed(name).document.type == expected()[name]["type"]


@pytest.mark.parametrize("name", NUMBERED)
def test_every_paragraph_exactly_as_numbered(name):
    want = expected()[name]
    chunks = {c.para: c for c in parsed(name).chunks if c.para is not None}
    assert sorted(chunks) == list(range(1, want["paragraphs"] + 1))
    for number, opening in enumerate(want["openings"], 1):
        assert norm(chunks[number].text).startswith(norm(opening)), (number, opening, chunks[number].text[:60])


@pytest.mark.parametrize("name", NUMBERED)
def test_every_endnote_text_found(name):
    document = parsed(name)
    count = expected()[name]["notes"]
    texts = document.endnotes.texts if document.endnotes else {}
    assert [n for n in range(1, count + 1) if not texts.get(n)] == []
    assert max(texts, default=0) == count


@pytest.mark.parametrize("name", NUMBERED + SUBMISSIONS)
def test_no_page_furniture_in_any_text_heading_or_note(name):
    document = parsed(name)
    symbol = expected()[name].get("symbol", "")
    notes = document.endnotes.texts.values() if document.endnotes else []
    for text in [c.text for c in document.chunks] + [h for c in document.chunks for h in c.section] + list(notes):
        assert not FURNITURE.search(text), text[:120]
        assert not symbol or symbol not in text, text[:120]


@pytest.mark.parametrize("name", SUBMISSIONS)
def test_a_submissions_authors_and_printed_numbers(name):
    want = expected()[name]
    document = parsed(name)
    author = next(o for o in document.organisations if o.id == document.document.author)
    names = norm(" ".join([author.id, author.name, *author.aliases]))
    assert all(norm(a) in names for a in want["authors"]), (author, want["authors"])
    if "numbers" in want:
        assert [c.number for c in document.chunks if c.number] == want["numbers"]
    if "recommendations" in want:
        assert sum(1 for c in document.chunks if c.kind == "recommendation") == want["recommendations"]


def test_the_expected_data_lists_files_that_exist():
    missing = [name for name in expected() if not (SHARED / name).is_file()]
    assert missing == []


def test_pdftotext_layout_and_pdf_give_the_same_stakeholders():
    # the list as the endnotes give it (the tagger keeps only the organisations that speak)
    layout = {o.id: o for o in parsed("upr-corpus/summaries/A_HRC_WG.6_48_SVN_3-stakeholder-summary-2024.txt").endnotes.organisations()}
    pdf = {o.id: o for o in parsed("upr-corpus/summaries/A_HRC_WG.6_48_SVN_3-stakeholder-summary-2024.pdf").endnotes.organisations()}
    listed = {"AI", "APE", "Broken Chalk", "ECLJ", "ICAN", "LEGEBITRA", "JS1", "JS2", "JS3", "Ombudsman/HRORS", "CoE",
              "CoE-ACFC", "CoE-ECRI", "CoE-GRETA", "CoE-Commissioner", "OSCE/ODIHR"}
    assert listed <= set(layout) and listed <= set(pdf)
    for org in ("Broken Chalk", "Ombudsman/HRORS", "JS3", "CoE-ACFC"):
        assert (layout[org].name, layout[org].type) == (pdf[org].name, pdf[org].type)
    assert layout["Ombudsman/HRORS"].type == "nhri" and layout["CoE-GRETA"].type == "intergovernmental"
    assert "PTPR/JS3" in layout["JS3"].aliases


def test_a_compilation_defines_its_un_bodies():
    orgs = {o.id: o for o in parsed("upr-corpus/compilations/A_HRC_WG.6_32_AFG_2-compilation-afghanistan-2018.txt").organisations}
    assert (orgs["UNHCR"].name, orgs["UNHCR"].type) == ("Office of the United Nations High Commissioner for Refugees", "un")
    assert orgs["UNAMA"].name == "United Nations Assistance Mission in Afghanistan"


def test_out_of_order_paragraphs_kept_and_reported():
    document = parsed("upr-corpus/national-reports/A_HRC_WG.6_13_GBR_1-national-report-united-kingdom-2012.txt")
    assert document.warnings == [
        "paragraphs 104–105 stand out of order in the text; kept where they stand",
        # (the text has no cover page: nothing names the State whose voice the report is)
        "the State under review is not known (no country in the document or its catalogue entry): "
        "its statements are not attributed",
    ]
    assert [c.para for c in document.chunks][100:112] == [101, 102, 103, 106, 107, 108, 109, 110, 111, 104, 105, 112]


@pytest.mark.parametrize("name", [
    "upr-corpus/compilations/A_HRC_WG.6_20_SVN_2-compilation-2014.txt",
    "upr-corpus/compilations/A_HRC_WG.6_20_SVN_2-compilation-2014.pdf",
])
def test_a_compilations_introduction_and_tables_before_paragraph_1_are_kept(name):
    """Cycle 2 prints an unnumbered introduction and the treaty tables before paragraph 1: one
    unnumbered chunk '<doc>:0' keeps them (the cover before them is the record's), and paragraph 1
    stands under the headings of the tables."""
    front, first = parsed(name).chunks[:2]
    assert (front.id.rsplit(":", 1)[1], front.para, front.number, front.section) == ("0", None, "", [])
    assert front.text.startswith("The present report is a compilation of the information contained in reports of the treaty bodies")
    for cell in ("ICERD (1992)", "OP-CRPD, art. 6 (2008)", "Palermo Protocol", "Convention on the Prevention and Punishment of the Crime of Genocide"):
        assert cell in front.text
    assert "Working Group on the Universal Periodic Review" not in front.text and "Twentieth session" not in front.text
    assert front.orgs == [] and all(s.orgs == [] for s in front.statements)  # OHCHR's own text: no treaty body said it
    assert first.para == 1 and first.section == [
        "I. Background and framework", "A. Scope of international obligations", "2. Other main relevant international instruments",
    ]


def test_a_list_of_abbreviations_before_paragraph_1_is_kept():
    front = parsed("upr-corpus/national-reports/A_HRC_WG.6_7_SVN_1-national-report-2009.txt").chunks[0]
    assert front.para is None and front.text.startswith("LIST OF ABBREVIATIONS 1. CEPOL European Police College 2. CoE Council of Europe")

