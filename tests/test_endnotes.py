"""Endnotes, page furniture and first-page metadata on small synthetic texts of the later-cycle layout."""
from __future__ import annotations

from uprsearch import endnotes, furniture, metadata
from uprsearch.models import Document

LIST_NOTE = """1 The stakeholders listed below have contributed information for this summary; the full texts of all
original submissions are available at: www.ohchr.org.
Civil society
Individual submissions:
HRW Human Rights Watch, Geneva (Switzerland);
KHPG Kharkiv Human Rights Protection Group, Kharkiv (Ukraine);
A.F.I.

Artistic Freedom Initiative, Brooklyn, New York (United States of

America);
Joint submissions:
JS6 Joint submission 6 submitted by: CIVICUS: World Alliance
for Citizen Participation, Johannesburg (South Africa); Centre
for Civil Liberties; DeJuRe Foundation;
National human rights institution:
Ombudsperson of Ukraine Ukrainian Parliament Commissioner for Human Rights*, Kyiv
(Ukraine).
Regional intergovernmental organization(s):
CoE The Council of Europe, Strasbourg (France).
2 Ombudsperson, p. 8-9.
3 JS6, p.7; KHPG, p. 3. See also HRW, p. 2.
4 A.F.I., para. 7. 5 Kharkiv Human Rights Protection Group (KHPG), p. 1-6.
6 For relevant recommendations, see A/HRC/22/7/Add.1, paras. 97.1 and 97.2.
"""


def test_notes_are_numbered_in_order_inline_or_by_line():
    notes = endnotes.split_notes(LIST_NOTE.split("\n"))
    assert sorted(notes) == [1, 2, 3, 4, 5, 6]
    assert endnotes.one_line(notes[4]) == "A.F.I., para. 7."
    assert endnotes.one_line(notes[6]).startswith("For relevant recommendations")


def test_page_and_paragraph_numbers_inside_a_note_are_not_notes():
    lines = ["1 JS2, p. 2 and 3; HRW, p. 4.", "2 AI, para. 32. 3 JS4, paras. 4 and 13. 4 CS, p. 5."]
    notes = endnotes.split_notes(lines)
    assert notes == {1: "JS2, p. 2 and 3; HRW, p. 4.", 2: "AI, para. 32.", 3: "JS4, paras. 4 and 13.", 4: "CS, p. 5."}


def test_stakeholder_list_groups_names_and_members():
    read = endnotes.read_endnotes(LIST_NOTE.split("\n"))
    assert read.list_note == 1
    orgs = {o.id: o for o in read.organisations()}
    assert (orgs["HRW"].name, orgs["HRW"].type) == ("Human Rights Watch", "ngo")
    assert orgs["A.F.I."].name == "Artistic Freedom Initiative"
    assert orgs["JS6"].type == "joint-submission"
    assert orgs["JS6"].members == ["CIVICUS: World Alliance for Citizen Participation", "Centre for Civil Liberties", "DeJuRe Foundation"]
    assert (orgs["Ombudsperson"].name, orgs["Ombudsperson"].type) == ("Ukrainian Parliament Commissioner for Human Rights", "nhri")
    assert "Ombudsperson of Ukraine" in orgs["Ombudsperson"].aliases
    assert (orgs["CoE"].name, orgs["CoE"].type) == ("Council of Europe", "intergovernmental")


def test_citations_primary_before_see_also_and_by_full_name():
    read = endnotes.read_endnotes(LIST_NOTE.split("\n"))
    index = endnotes.CitationIndex(read.organisations())
    assert index.cited(read.texts[2]) == ["Ombudsperson"]
    assert index.cited(read.texts[3]) == ["JS6", "KHPG"]
    assert index.cited(read.texts[5]) == ["KHPG"]
    assert index.cited(read.texts[6]) == []
    assert index.cited(read.texts[1]) == []
    assert index.cited("See also HRW, p. 2.") == ["HRW"]


def test_furniture_removed_wherever_it_falls():
    lines = [
        "2. HRW noted that the law",
        "* The present document was not edited before being sent to United Nations translation services.",
        "GE.17-15167(E)",
        "",
        "",
        "A/HRC/WG.6/28/UKR/3",
        "was not applied.12",
        "3",
        "",
        "A/HRC/WG.6/28/UKR/3",
        "3. JS1 stated that 3 cases were reported.",
        "A/HRC/WG.6/28/UKR/3 JS42 JS43",
    ]
    assert furniture.remove_furniture(lines) == [
        "2. HRW noted that the law", "", "", "was not applied.12", "", "3. JS1 stated that 3 cases were reported.", "JS42 JS43",
    ]


def test_text_without_furniture_is_untouched():
    lines = ["1. JS1 noted 3 cases.", "12", "A/HRC/22/7/Add.1 is cited once."]
    assert furniture.remove_furniture(lines) == lines


def test_repeated_page_edges_are_furniture_in_paged_sources():
    bodies = ["Torture is widespread.", "Detention is arbitrary.", "To end impunity."]
    pages = [f"Amnesty International  Index: EUR 57/00{n}/2009\n{body}\n{n}" for n, body in enumerate(bodies, 1)]
    assert furniture.remove_page_furniture(pages) == bodies


FIRST_PAGE = """United Nations A
/HRC/WG.6/28/UKR/3
General Assembly
Distr.: General
31 August 2017
Human Rights Council
Working Group on the Universal Periodic Review
Twenty-eighth session
Summary of Stakeholders’ submissions on Ukraine
*
"""


def test_metadata_from_a_first_page_with_a_broken_symbol():
    found = metadata.recognise(FIRST_PAGE)
    assert (found.type, found.symbol, found.country, found.iso3, found.session, found.year) == (
        "stakeholder-summary", "A/HRC/WG.6/28/UKR/3", "Ukraine", "UKR", 28, 2017,
    )
    document = Document(id="x")
    metadata.apply(document, found)
    assert document.cycle == 3
    assert document.title == "Summary of stakeholders' submissions on Ukraine (A/HRC/WG.6/28/UKR/3)"


def test_catalogue_values_win_over_the_text():
    document = Document(id="x", country="Kazakhstan", session=7, cycle=1, year=2010, type="stakeholder-summary")
    metadata.apply(document, metadata.recognise(FIRST_PAGE))
    assert (document.country, document.session, document.cycle, document.year) == ("Kazakhstan", 7, 1, 2010)
    assert document.symbol == "A/HRC/WG.6/28/UKR/3"  # empty in the entry: filled from the text


def test_cycles_and_session_words():
    assert [metadata.cycle_for_session(s) for s in (1, 12, 13, 26, 27, 40, 41, 50)] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert metadata.cycle_for_session(None) is None
    assert [metadata.session_from_words(w) for w in ("Seventh", "Twenty-eighth", "Fiftieth", "Forty-first")] == [7, 28, 50, 41]


def test_author_stated_in_the_text():
    author = metadata.recognise_author("Report\nThe Center for Victims of Torture (CVT) is an international NGO.")
    assert (author.name, author.abbr) == ("Center for Victims of Torture", "CVT")
    assert metadata.recognise_author("Nothing here says who wrote it.") is None


LAYOUT_NOTES = """Notes

        1
         The stakeholders listed below have contributed information for this summary; the full texts of all original
         submissions are available at: www.ohchr.org.
        Civil society
         Individual submissions:
                  AI                                   Amnesty International, London, United Kingdom;
                  Broken Chalk                         The Broken Chalk, Amsterdam (Netherlands);
                  GIEACPC                              Global Initiative to End All Corporal Punishment of
                                                       Children;
        FMDVEP Fundación Mundial Déjame Vivir en Paz, San José, Costa Rica;
                  SRI                                  Sexual Rights Initiative (Joint submission);
         Joint submissions:
                  JS1                                  Joint submission 1 submitted by: The Peace Institute
                                                       (Slovenia), the Institute on Statelessness and Inclusion
                                                       (Netherlands), and the European Network on Statelessness
                                                       (United Kingdom);
                  PTPR/JS2                             Joint submission 2 submitted by: Members of the
                                                       Partnership in Truth for Peace and Reconciliation (Slovenia).
         National human rights institution
                  Ombudsman/HRORS                      Human Rights Ombudsman of the Republic of Slovenia,
                                                       Ljubljana (Slovenia);
         Regional intergovernmental organization(s):
                  CoE                                  The Council of Europe, Strasbourg (France);
                                                       Attachments:
                                                       (CoE-ACFC) Advisory Committee on the Framework
                                                       Convention for the Protection of National Minorities,
                                                       Strasbourg, Fourth Opinion on Slovenia;
                                                       (CoE-CM: Resolution) Committee of Ministers,
                                                       Resolution CM/ResCMN(2018)12;
                  OSCE/ODIHR                           Office for Democratic Institutions and Human Rights,
                                                       Warsaw (Poland).
         2
            AI, p.2.
         3
            Broken Chalk, para. 4. See also CoE-ACFC, para. 14; Coe-CM: Resolution, para.2.
"""


def test_pdftotext_layout_notes_and_their_stakeholder_list():
    lines = endnotes.normalise_layout(LAYOUT_NOTES.split("\n"))
    read = endnotes.read_endnotes(lines)
    assert sorted(read.texts) == [1, 2, 3] and read.texts[2] == "AI, p.2."
    orgs = {o.id: o for o in read.organisations()}
    assert list(orgs) == [
        "AI", "Broken Chalk", "GIEACPC", "FMDVEP", "SRI", "JS1", "JS2", "Ombudsman/HRORS", "CoE", "OSCE/ODIHR",
        "CoE-ACFC", "CoE-CM",
    ]
    assert (orgs["Broken Chalk"].name, orgs["GIEACPC"].name) == ("Broken Chalk", "Global Initiative to End All Corporal Punishment of Children")
    assert orgs["FMDVEP"].name == "Fundación Mundial Déjame Vivir en Paz"
    assert (orgs["SRI"].name, orgs["SRI"].type) == ("Sexual Rights Initiative", "joint-submission")
    assert orgs["JS1"].members == ["The Peace Institute (Slovenia)", "the Institute on Statelessness and Inclusion (Netherlands)", "the European Network on Statelessness (United Kingdom)"]
    assert "PTPR/JS2" in orgs["JS2"].aliases and "PTPR" in orgs["JS2"].aliases
    assert (orgs["Ombudsman/HRORS"].type, orgs["CoE"].type, orgs["CoE-ACFC"].type) == ("nhri", "intergovernmental", "intergovernmental")
    assert orgs["CoE-ACFC"].name == "Advisory Committee on the Framework Convention for the Protection of National Minorities"
    assert "CoE-CM: Resolution" in orgs["CoE-CM"].aliases
    citation = read.citation(3)
    assert (citation.cites, citation.see_also) == (["Broken Chalk"], ["CoE-ACFC", "CoE-CM"])


def test_page_numbers_run_with_the_pages_note_numbers_do_not():
    pages = [
        "Body text of page one.\n1",
        "A/HRC/WG.6/99/XYZ/3\n2\nMore body text on page two.\n21\nAI, page 2.",
        "A/HRC/WG.6/99/XYZ/3\n3\nNotes go on here.\n22\nAI, p. 4.",
    ]
    lines = furniture.remove_furniture(furniture.remove_page_furniture(pages), "A/HRC/WG.6/99/XYZ/3")
    assert lines == ["Body text of page one.", "More body text on page two.", "21", "AI, page 2.", "Notes go on here.", "22", "AI, p. 4."]


def test_a_masthead_printed_after_the_first_pages_text_is_furniture():
    lines = [
        "7. The Ombudsman reported on a shortage of staff in health care, especially for",
        " * The present document is being issued without formal editing.",
        " United Nations A/HRC/WG.6/48/SVN/3",
        "General Assembly Distr.: General",
        "6 November 2024",
        "Original: English",
        "nursing staff.",
    ]
    assert furniture.remove_furniture(lines, "A/HRC/WG.6/48/SVN/3") == [lines[0], "nursing staff."]


def test_job_numbers_with_their_page_number_and_inside_a_sentence():
    lines = ["the law", "4 GE.23-02233", "was not applied. The GE.26-02004 State party", "GE.14-09727 (E) 010714 020714", "*1409727*"]
    assert furniture.remove_furniture(lines) == ["the law", "was not applied. The State party"]
    assert furniture.clean_inline("Madresautónomaspy GE.26-02004 reported") == "Madresautónomaspy reported"


def test_joint_submissions_listed_by_name():
    note = """The stakeholders listed below have contributed information for this summary.
Civil society
Individual submissions:
AI Amnesty International, London (United Kingdom);
MCC Mothers’ Coalition; Fathers for Justice (Joint Submission 4);
SRI Sexual Rights Initiative (Joint submission);
"""
    orgs = {s.abbr: s for s in endnotes.parse_stakeholders(note, set())}
    assert set(orgs) == {"AI", "JS4", "SRI"}
    assert (orgs["JS4"].type, orgs["JS4"].aliases, orgs["JS4"].members) == ("joint-submission", ["MCC"], ["Mothers’ Coalition", "Fathers for Justice"])
    assert orgs["SRI"].type == "joint-submission"


def test_a_list_written_inline_in_the_note():
    """Cycle-1 summaries (and bench/synth.py) run the list on in note 1, entries parted by '; '."""
    lines = [
        "1 The stakeholders listed below have contributed information for this summary; the full texts",
        "of all original submissions are available at: www.ohchr.org. Civil society: JS1 Joint",
        "Submission 1; JS2 Joint Submission 2; AI Amnesty International, London, United Kingdom; HRW",
        "Human Rights Watch; BCh Broken Chalk; PC(USA) Presbyterian Church (USA).",
        "2 HRW, p. 3; JS2, para. 4. See also AI, p. 2.",
    ]
    read = endnotes.read_endnotes(lines)
    orgs = {o.id: (o.name, o.type) for o in read.organisations()}
    assert orgs == {
        "JS1": ("Joint Submission 1", "joint-submission"),
        "JS2": ("Joint Submission 2", "joint-submission"),
        "AI": ("Amnesty International", "ngo"),
        "HRW": ("Human Rights Watch", "ngo"),
        "BCh": ("Broken Chalk", "ngo"),
        "PC(USA)": ("Presbyterian Church (USA)", "ngo"),
    }
    assert read.citation(2) == endnotes.Citation(["HRW", "JS2"], ["AI"])


FIRST_PAGES = {
    "stakeholder-summary": "A/HRC/WG.6/7/SVN/3\nSeventh session\n  SUMMARY PREPARED BY THE OFFICE OF THE HIGH COMMISSIONER FOR\n"
    "HUMAN RIGHTS, IN ACCORDANCE WITH PARAGRAPH 15 (C) OF THE\nANNEX TO HUMAN RIGHTS COUNCIL RESOLUTION 5/1\n\n  Slovenia*\n",
    "compilation": "Forty-eighth session\n  Slovenia\n  Compilation of information prepared by the Office of the\n"
    "United Nations High Commissioner for Human Rights\nI. Background\n A/HRC/WG.6/48/SVN/2\n",
    "national-report": "Forty-eighth session\n  National report submitted pursuant to Human Rights\nCouncil resolutions 5/1 "
    "and 16/21*\n  Slovenia\n United Nations A/HRC/WG.6/48/SVN/1\n",
    "wg-report": "Distr.: General 16 March 2011\nHuman Rights Council Seventeenth session\nReport of the Working Group on "
    "the UniversalPeriodic Review*\n\nGeorgia\n",
    "addendum": "A/HRC/28/15/Add.1\nReport of the Working Group on the Universal Periodic Review*\nSlovenia\nAddendum\n"
    "Views on conclusions and/or recommendations, voluntary commitments and replies presented by the State under review\n",
}


def test_each_document_type_recognised_in_its_cycles_title_forms():
    for doc_type, page in FIRST_PAGES.items():
        found = metadata.recognise(page)
        assert found.type == doc_type, (doc_type, found.type)
    assert metadata.recognise(FIRST_PAGES["stakeholder-summary"]).country == "Slovenia"
    assert metadata.recognise(FIRST_PAGES["compilation"]).country == "Slovenia"
    assert metadata.recognise(FIRST_PAGES["addendum"]).symbol == "A/HRC/28/15/Add.1"
