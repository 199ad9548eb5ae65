"""Exact parse of the bundled Kazakhstan pair: chunks, sections, footnotes, attribution, statement kinds."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from uprsearch.pipeline import Knowledge, parse_paths
from uprsearch.reader import bundled_corpus_dir

SUMMARY = "kaz-2010-summary"
SUBMISSION = "kaz-2009-ai"


@pytest.fixture(scope="module")
def parsed():
    run = parse_paths([bundled_corpus_dir()])
    assert run.errors == []
    return {p.document.id: p for p in run.documents}


@pytest.fixture(scope="module")
def summary(parsed):
    return {c.para: c for c in parsed[SUMMARY].chunks}


@pytest.fixture(scope="module")
def submission(parsed):
    return parsed[SUBMISSION].chunks


def test_documents_carry_catalogue_metadata(parsed):
    doc = parsed[SUMMARY].document
    assert (doc.symbol, doc.country, doc.iso3, doc.cycle, doc.session, doc.year, doc.type) == (
        "A/HRC/WG.6/7/KAZ/3", "Kazakhstan", "KAZ", 1, 7, 2010, "stakeholder-summary",
    )
    ai = parsed[SUBMISSION].document
    assert (ai.type, ai.author, ai.cycle) == ("stakeholder-submission", "AI", 1)


def test_summary_has_exactly_53_numbered_paragraphs(parsed):
    chunks = parsed[SUMMARY].chunks
    assert [c.para for c in chunks] == list(range(1, 54))
    assert [c.id for c in chunks[:2]] == ["kaz-2010-summary:1", "kaz-2010-summary:2"]
    assert {c.kind for c in chunks} == {"paragraph"}


def test_summary_section_paths_as_printed(summary):
    assert summary[1].section == ["I. BACKGROUND AND FRAMEWORK", "A. Scope of international obligations"]
    assert summary[14].section == [
        "II. PROMOTION AND PROTECTION OF HUMAN RIGHTS ON THE GROUND",
        "B. Implementation of international human rights obligations",
        "2. Right to life, liberty and security of the person",
    ]
    # a heading that wraps onto a second line is one heading
    assert summary[32].section[-1] == (
        "5. Freedom of religion or belief, expression, association and peaceful assembly, "
        "and right to participate in public and political life"
    )
    assert summary[8].section[-1] == "1. Cooperation with treaty bodies"
    assert summary[53].section == ["III. ACHIEVEMENTS, BEST PRACTICES, CHALLENGES AND CONSTRAINTS"]


def test_summary_footnote_numbers_removed_and_kept(summary):
    assert summary[1].text.startswith("Joint Submission (JS)1 recommended the ratification of ICCPR–OP 2. JS3 urged")
    assert [f.number for f in summary[1].footnotes] == [2, 3, 4]
    assert summary[16].text.startswith("JS2 and JS1 noted that torture")  # "JS230" = JS2 + note 30
    assert [f.number for f in summary[16].footnotes] == [30, 31, 32, 33, 34]
    assert "in accordance with the OP-CAT, and enlarge the list" in summary[18].text  # "OP-CAT, 43 and"
    assert "juvenile justice should be set up. PRICentral Asia recommended" in summary[27].text  # "up.76PRI…"
    numbers = [f.number for p in range(1, 54) for f in summary[p].footnotes]
    assert numbers == list(range(2, 145))


GLUED_NUMBER = re.compile(r"(?<![A-Z\d])[A-Za-z”’.,;:)](\d{1,3})\b")
ALLOWED = {"JS1", "JS2", "JS3", "JS4"}


def test_no_footnote_number_left_glued_anywhere(parsed):
    for doc in parsed.values():
        for chunk in doc.chunks:
            for m in GLUED_NUMBER.finditer(chunk.text):
                token = chunk.text[max(0, m.start() - 2) : m.end()]
                corrigendum = chunk.text[max(0, m.start() - 4) : m.start() + 1] == "Corr."  # "A/HRC/WG.6/7/KAZ/2/Corr.1"
                assert token in ALLOWED or token.endswith(("2.", "1.")) or corrigendum, (chunk.id, token)
            assert not re.search(r"(?<!\d)\.\d{1,3}(?:\s|$)", chunk.text), chunk.id


# Organisations each summary paragraph speaks for, read off the document sentence by sentence.
SUMMARY_ORGS = {
    1: ["JS1", "JS3"], 2: ["JS1"], 3: ["JS1"], 4: ["JS1"], 5: ["JS1"], 6: ["AI"], 7: ["PRI-Central Asia"],
    8: ["JS1"], 9: ["FH", "HRW"], 10: ["JS1", "JS4"], 11: ["JS1"], 12: ["JS3"], 13: ["JS4", "JS1"],
    14: ["JS1", "AI", "WCADP"], 15: ["ICJ"], 16: ["JS2", "JS1", "ICJ"],
    17: ["AI", "ICJ", "JS2", "JS1", "PRI-Central Asia"], 18: ["JS1", "JS2", "PRI-Central Asia"],
    19: ["PRI-Central Asia", "JS3"], 20: ["JS4"], 21: ["JS1", "JS4"], 22: ["JC"], 23: ["GIEACPC"], 24: ["ICJ"],
    25: ["ICJ", "AI"], 26: ["JS2", "ICJ", "AI"], 27: ["JS3", "JS1", "PRI-Central Asia"], 28: ["AI"], 29: ["JS3"],
    30: ["JS3"], 31: ["JS4"], 32: ["Forum 18", "AI"], 33: ["JS1", "Forum 18", "BF", "EAJCW"],
    34: ["FH", "BF", "JC", "JS1", "HRW"], 35: ["FH"], 36: ["JS1", "HRW", "FH"], 37: ["HRW", "JS1"],
    38: ["HRW", "JS1", "FH"], 39: ["JS4", "JS1"], 40: ["JS1"], 41: ["JS3"], 42: ["JS1", "JS3"], 43: ["JS3"],
    44: ["JS3"], 45: ["JS1", "Earthjustice"], 46: ["BF"], 47: ["Forum 18"], 48: ["JS1"], 49: ["JS1"],
    50: ["AI", "ICJ", "JS1"], 51: ["AI", "BF"], 52: ["AI"], 53: ["AI"],
}


def test_every_summary_paragraph_attributed_exactly(summary):
    assert {p: summary[p].orgs for p in summary} == SUMMARY_ORGS


def statements(chunk):
    return [(s.orgs, s.kind, s.text[:40]) for s in chunk.statements]


def test_statements_of_paragraph_17(summary):
    assert statements(summary[17]) == [
        (["AI"], "observation", "AI also noted beatings by law enforcemen"),
        (["AI"], "observation", "AI noted that the law did not require th"),
        (["ICJ"], "observation", "ICJ also noted that, in “exceptional cir"),
        (["JS2"], "recommendation", "JS2 urged Kazakhstan to recognize in law"),
        (["ICJ", "JS1"], "observation", "ICJ and JS1 noted that from 1 August 200"),
        (["ICJ", "JS1"], "observation", "They noted, however, that there is no me"),  # continues
        (["PRI-Central Asia"], "recommendation", "PRICentral Asia recommended that Kazakhs"),
    ]


def test_statements_with_continuations_and_kinds(summary):
    assert statements(summary[9]) == [
        (["FH", "HRW"], "recommendation", "Freedom House (FH) and Human Rights Watc"),
        (["FH"], "recommendation", "FH also proposed that an invitation be e"),
    ]
    assert statements(summary[37])[:4] == [
        (["HRW"], "observation", "HRW reported that the President signed a"),
        (["HRW"], "observation", "The new law extends the potential scope "),
        (["HRW"], "observation", "The law also prohibits the media from ce"),
        (["HRW"], "observation", "The wording of these bans appears to tar"),
    ]
    assert statements(summary[3]) == [
        (["JS1"], "concern", "JS1 expressed concern that public bodies"),
        (["JS1"], "observation", "It noted the dominance of the executive "),
    ]
    assert statements(summary[6]) == [(["AI"], "welcome", "Amnesty International (AI) noted positiv")]
    assert statements(summary[53])[0] == (["AI"], "welcome", "AI welcomed Kazakhstan’s ratification of")
    # a speaker after an introductory clause; a speaker behind a parenthetical
    assert statements(summary[36])[3] == (["HRW"], "observation", "While welcoming the President’s signing ")
    assert statements(summary[33])[3] == (["EAJCW"], "recommendation", "European Association of Jehovah’s Christ")
    assert statements(summary[26])[5] == (["JS2"], "recommendation", "Further, JS2 recommended that Kazakhstan")
    assert statements(summary[23])[0] == (["GIEACPC"], "observation", "According to Global Initiative to End Al")


def test_hrw_statements_are_exactly_these(summary):
    hrw = [(p, s.text[:30]) for p in summary for s in summary[p].statements if "HRW" in s.orgs]
    assert hrw == [
        (9, "Freedom House (FH) and Human R"),
        (34, "HRW noted that, on February 11"),
        (34, "HRW noted NGOs’ concern that t"),
        (36, "While welcoming the President’"),
        (36, "HRW recommended that Kazakhsta"),
        (37, "HRW reported that the Presiden"),
        (37, "The new law extends the potent"),
        (37, "The law also prohibits the med"),
        (37, "The wording of these bans appe"),
        (38, "HRW noted that public assembli"),
        (38, "HRW recommended that Kazakhsta"),
        (38, "HRW described this article as "),
    ]


def test_ai_recommendations_in_the_summary(summary):
    recs = [p for p in summary for s in summary[p].statements if "AI" in s.orgs and s.kind == "recommendation"]
    assert recs == [25, 26, 32, 50]


def test_objects_are_not_speakers(parsed, summary):
    ids = {o.id for o in parsed[SUMMARY].organisations}
    assert ids == {
        "AI", "BF", "EAJCW", "Earthjustice", "FH", "Forum 18", "GIEACPC", "HRW", "ICJ", "JC",
        "JS1", "JS2", "JS3", "JS4", "PRI-Central Asia", "WCADP",
    }
    names = {o.id: o.name for o in parsed[SUMMARY].organisations}
    assert names["WCADP"] == "World Coalition against the Death Penalty"
    assert names["EAJCW"] == "European Association of Jehovah's Christian Witnesses"  # the shipped registry spells it right
    assert {o.id: o.type for o in parsed[SUMMARY].organisations}["JS2"] == "joint-submission"


def test_submission_chunks(submission):
    kinds = [c.kind for c in submission]
    assert kinds.count("summary") == 4 and kinds[:4] == ["summary"] * 4
    recs = [c for c in submission if c.kind == "recommendation"]
    assert len(recs) == 15
    assert all(c.text.startswith("To ") for c in recs)
    assert recs[0].section == [
        "Recommendations for action by the State under review",
        "Ratification of human rights standards and cooperation with the UN",
    ]
    assert recs[-1].section[-1] == "Freedom of religion"
    assert recs[-1].text.endswith("other human rights violations.")  # the appendix heading is not glued on
    assert [c.section[-1] for c in recs].count("Torture or other ill-treatment") == 6
    assert all(c.orgs == ["AI"] for c in submission)
    assert all(s.orgs == ["AI"] for c in submission for s in c.statements)
    assert all(s.kind == "recommendation" for c in recs for s in c.statements)


def test_submission_sections_and_page_break_rejoined(submission):
    def starting(prefix):
        (chunk,) = [c for c in submission if c.text.startswith(prefix)]
        return chunk

    joined = [c for c in submission if "once an individual detained in connection with a criminal case has been brought" in c.text]
    assert len(joined) == 1
    rejoined = [c for c in submission if "independent observers are therefore not able to access the courtroom and monitor" in c.text]
    assert len(rejoined) == 1
    assert rejoined[0].section == [
        "C. Promotion and protection of human rights on the ground",
        "Human rights violations in the context of national security and the fight against terrorism",
    ]
    assert starting("A law introducing judicial review of").section == [
        "B. Normative and institutional framework of the State", "Legal developments",
    ]
    assert starting("In May 2009, the UN Special Rapporte").section[-1] == "Lack of effective and independent investigations"
    for chunk in submission:  # footnote blocks and link annotations never leak into text
        assert "http://" not in chunk.text and "Criminal Procedural Code of Kazakhstan on the procedure" not in chunk.text


def test_submission_footnote_texts_kept(submission):
    notes = {f.number: (c.id, f.text) for c in submission for f in c.footnotes}
    assert sorted(notes) == list(range(1, 11))
    assert notes[3][1] == (
        "Article 134 of the Criminal Procedural Code of Kazakhstan on the procedure for detaining a person "
        "suspected of having committed a crime"
    )
    assert notes[9][1].endswith("fall into the remit of the NSS.")  # a note continued after a blank line
    assert submission[0].text.endswith("under the Universal Periodic Review:")


def test_submission_statement_kinds(submission):
    kinds = {s.text[:40]: s.kind for c in submission for s in c.statements}
    assert kinds["Amnesty International is also concerned "] == "concern"
    assert kinds["Among the positive developments welcomed"] == "welcome"
    assert kinds["Although this was a positive development"] == "observation"
    assert kinds["In section D, Amnesty International make"] == "observation"


def test_knowledge_registry_resolves_damaged_forms():
    knowledge = Knowledge.load()
    assert knowledge.registry.resolve("amnesty international").id == "AI"
    for name in ("NSS", "UNHCR", "CAT", "OP-CAT", "HIV"):
        assert name in knowledge.acronyms
