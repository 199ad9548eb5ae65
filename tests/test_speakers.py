"""Who speaks, which organisation a name is, and what kind a statement is (issue 10).

Each test tags a small document built the way the parser hands one over — paragraphs, their
footnotes where they stood, the stakeholder list — through tag.tag_document, modelled on the
layouts of real summaries and compilations (the invented speakers and missed citations found on
documents kept apart from the repository).
"""
from __future__ import annotations

import re

import pytest

from uprsearch.models import COMPILATION, NATIONAL_REPORT, Chunk, Document, Footnote, Organisation, ParsedDocument, Statement
from uprsearch.orgs import alias_key
from uprsearch.pipeline import Knowledge
from uprsearch.tag import tag_document

KNOWLEDGE = Knowledge.load()
_MARK = re.compile(r"\[(\d+)\]")


def tagged(paragraphs: list[str], notes: dict[int, str] | None = None, listed: list[Organisation] = (),
           doc_type: str = "stakeholder-summary", doc_id: str = "doc", country: str = "", iso3: str = "",
           states=None) -> ParsedDocument:
    """Tag paragraphs whose "[n]" marks stand where footnote n is referenced."""
    notes = notes or {}
    chunks = []
    for n, raw in enumerate(paragraphs, 1):
        text, footnotes, pos = "", [], 0
        for m in _MARK.finditer(raw):
            text += raw[pos : m.start()]
            footnote = Footnote(int(m.group(1)), notes.get(int(m.group(1)), ""))
            footnote.offset = len(text)
            footnotes.append(footnote)
            pos = m.end()
        text += raw[pos:]
        chunks.append(Chunk(f"{doc_id}:{n}", doc_id, n, n, "paragraph", [], text, footnotes))
    document = Document(doc_id, type=doc_type, country=country, iso3=iso3)
    parsed = ParsedDocument(document, chunks, organisations=[Organisation(o.id, o.name, list(o.aliases), o.type, list(o.members)) for o in listed])
    tag_document(parsed, KNOWLEDGE.registry.copy(), KNOWLEDGE.acronyms, KNOWLEDGE.taxonomy, states=states)
    return parsed


class States:
    """Two States by their names, as uprsearch.states.States resolves them."""

    def __init__(self):
        self.states = {}
        for state in (Organisation("Slovenia", "Republic of Slovenia", ["SVN"], "state"),
                      Organisation("Venezuela", "Bolivarian Republic of Venezuela", ["VEN", "Venezuela (Bolivarian Republic of)"], "state")):
            for name in (state.id, state.name, *state.aliases):
                self.states[alias_key(name)] = state

    def resolve(self, name, fuzzy=True):
        return self.states.get(alias_key(name))


def statements(parsed: ParsedDocument) -> list[tuple[list[str], str]]:
    return [(s.orgs, s.kind) for c in parsed.chunks for s in c.statements]


def org_ids(parsed: ParsedDocument) -> set[str]:
    return {o.id for o in parsed.organisations}


FRANCE = [
    Organisation("OIP-SF", "Observatoire international des prisons – Section française", ["International Prisons Watch – French Section"]),
    Organisation("CGLPL", "Contrôleur général des lieux de privation de liberté", [], "nhri"),
    Organisation("Femmes solidaires", "Femmes solidaires"),
    Organisation("CoE-CPT", "European Committee for the Prevention of Torture", [], "intergovernmental"),
    Organisation("AI", "Amnesty International"),
    *[Organisation(f"JS{n}", f"Joint submission {n}", [], "joint-submission") for n in (1, 3, 5, 7, 15, 62)],
]


# -- nothing else becomes an organisation ------------------------------------------------------

def test_an_introductory_participle_is_not_a_speaker():
    parsed = tagged(["Having noted the violence against women, the authors of joint submission 1 recommended that "
                     "France adopt a law.[2]"], {2: "JS1, p. 3."}, FRANCE)
    assert statements(parsed) == [(["JS1"], "recommendation")]
    assert "Having" not in org_ids(parsed)


def test_a_year_in_brackets_is_not_an_abbreviation():
    parsed = tagged(["In relation to the Access to Information Act (2022), JS7 stated that access was denied.[4]"],
                    {4: "JS7, para. 3."}, FRANCE)
    assert statements(parsed) == [(["JS7"], "observation")]
    assert "2022" not in org_ids(parsed)


def test_a_states_qualifier_in_brackets_is_no_abbreviation():
    parsed = tagged(["Venezuela (Bolivarian Republic of) stated that sanctions harmed the population."], doc_type="document")
    assert statements(parsed) == [([], "observation")]
    assert org_ids(parsed) == set()


def test_a_part_of_a_listed_abbreviation_names_it():
    parsed = tagged(["The CPT recalled that detainees were held in overcrowded cells.[5]"], {5: "CoE-CPT, para. 12."}, FRANCE)
    assert statements(parsed) == [(["CoE-CPT"], "observation")]
    assert not {"The", "The CPT", "CPT"} & org_ids(parsed)


def test_a_listed_name_holding_a_state_code_is_one_organisation():
    listed = [Organisation("PC(USA)", "Presbyterian Church (USA)"), Organisation("HRDP (US)", "Human Rights Defense Project")]
    parsed = tagged(["PC(USA) stated that racial discrimination remained pervasive.[1] HRDP (US) reported that children "
                     "were separated from their families.[2] USA was recommended to end the practice.[3]"],
                    {1: "PC(USA), para. 4.", 2: "HRDP (US), p. 1.", 3: "PC(USA), para. 11."}, listed,
                    country="United States of America", iso3="USA")
    assert statements(parsed) == [(["PC(USA)"], "observation"), (["HRDP (US)"], "observation"), (["PC(USA)"], "recommendation")]
    assert org_ids(parsed) == {"PC(USA)", "HRDP (US)"}


def test_the_authors_of_joint_submissions():
    parsed = tagged(["AI noted that prisons were overcrowded.[1] The authors of joint submissions 3 and 5 noted that "
                     "remand was overused.[2] The authors of joint submission 3 also denounced the use of solitary "
                     "confinement.[3]"], {1: "AI, p. 2.", 2: "JS3, p. 4 and JS5, p. 2.", 3: "JS3, p. 5. See also AI, p. 3."},
                    FRANCE)
    assert statements(parsed) == [(["AI"], "observation"), (["JS3", "JS5"], "observation"), (["JS3"], "concern")]


def test_a_stakeholder_named_in_translation_is_the_listed_one():
    parsed = tagged([
        "International Prisons Watch denounced the conditions of detention in overseas territories.[1]",
        "The Inspector General of Places of Deprivation of Liberty recalled that the prison population was at a "
        "record level.[2] The Inspector General of Places of Deprivation of Liberty recommended a binding mechanism "
        "of prison regulation.",
    ], {1: "OIP-SF, p. 2.", 2: "CGLPL, para. 4."}, FRANCE)
    assert statements(parsed) == [(["OIP-SF"], "concern"), (["CGLPL"], "observation"), (["CGLPL"], "recommendation")]
    cglpl = next(o for o in parsed.organisations if o.id == "CGLPL")
    assert "The Inspector General of Places of Deprivation of Liberty" in cglpl.aliases


def test_a_speaker_nobody_lists_is_reported_not_invented():
    parsed = tagged(["AI noted that the law was vague.[1] IPLSA recommended that the law be repealed."], {1: "AI, p. 2."}, FRANCE)
    assert statements(parsed) == [(["AI"], "observation"), ([], "recommendation")]
    assert "IPLSA" not in org_ids(parsed)
    assert any("'IPLSA'" in note for note in parsed.warnings)


def test_a_name_the_note_cites_is_a_stakeholder_even_when_the_list_lacks_it():
    parsed = tagged(["IAAGB and LIL reported on the situation of missing girls.[1]"], {1: "IAAGB, p. 6; LIL, p. 1."},
                    [Organisation("IAAGB", "Integrated Approach Against Gender-Based Violence")])
    assert statements(parsed) == [(["IAAGB", "LIL"], "observation")]
    assert next(o for o in parsed.organisations if o.id == "LIL").doc == "doc"


# -- citations ---------------------------------------------------------------------------------

def test_a_speakerless_sentence_takes_its_own_notes_never_the_see_also_ones():
    parsed = tagged(["Several stakeholders noted that detention conditions were poor.[1] Overcrowding persisted.[2]"],
                    {1: "J62, para. 9; CGPL, p. 2; FS, p. 4. See also AI, p. 3.", 2: "See also AI, p. 5."}, FRANCE)
    assert statements(parsed) == [(["JS62", "CGLPL", "Femmes solidaires"], "observation"),
                                  (["JS62", "CGLPL", "Femmes solidaires"], "observation")]
    assert parsed.warnings == []  # every spelling was clearly one listed stakeholder


def test_a_note_naming_a_subset_of_the_speakers_narrows_them():
    parsed = tagged(["AI and JS1 noted that the law was vague.[1] They added that it was applied arbitrarily.[2] "
                     "Detention was prolonged.[3]"], {1: "AI, p. 2; JS1, p. 4.", 2: "JS1, p. 5.", 3: "AI, p. 3 and JS7, p. 2."},
                    FRANCE)
    assert statements(parsed) == [(["AI", "JS1"], "observation"), (["JS1"], "observation"), (["AI", "JS7"], "observation")]


def test_notes_cite_by_initials_and_by_a_part_of_the_listed_form():
    listed = [Organisation("EU-FRA", "European Union Agency for Fundamental Rights", [], "intergovernmental"),
              Organisation("Ombudsman/HRORS", "Human Rights Ombudsman of the Republic of Slovenia", [], "nhri")]
    parsed = tagged(["Several stakeholders noted delays.[1] Detention was prolonged.[2]"],
                    {1: "EUAFR, p. 6.", 2: "Ombudsman, para. 3."}, listed)
    assert statements(parsed) == [(["EU-FRA"], "observation"), (["Ombudsman/HRORS"], "observation")]
    assert parsed.warnings == []


def test_a_citation_the_list_does_not_have_is_reported():
    parsed = tagged(["Several stakeholders noted arbitrary arrests.[1] Detention was prolonged.[2]"],
                    {1: "AI, p. 2 (Annual report. Main results (2014), p. 8); XQZW, p. 3; JS, p. 1, Section V.",
                     2: "XQZW, p. 4."}, FRANCE)
    assert statements(parsed) == [(["AI"], "observation"), (["AI"], "observation")]
    assert parsed.warnings == [
        "notes 1, 2 cite 'XQZW', which the stakeholder list does not have: not counted",
        "note 1 cites 'JS', which could be JS1, JS3, JS5, JS7, JS15, JS62: not counted",
    ]


def test_the_speaker_the_sentence_names_wins_over_a_misnumbered_note():
    parsed = tagged(["The authors of joint submission 15 stated that asylum seekers were detained.[1]"], {1: "JS5, p. 3."}, FRANCE)
    assert statements(parsed) == [(["JS15"], "observation")]


# -- statement kinds in every voice ----------------------------------------------------------

@pytest.mark.parametrize("sentence, kind", [
    ("Recommendations were made to France to close the centres.[1]", "recommendation"),
    ("It was recommended that France close the centres.[1]", "recommendation"),
    ("France was urged to close the centres.[1]", "recommendation"),
    ("AI noted that the centres were overcrowded, recommending that France close them.[1]", "recommendation"),
    ("AI stated that additional resources should be allocated to legal aid.[1]", "recommendation"),
    ("AI noted that the law must be amended to prohibit racial profiling.[1]", "recommendation"),
    ("AI stressed the need to establish an independent oversight body.[1]", "recommendation"),
    ("AI took positive note of the adoption of the law.[1]", "welcome"),
    ("AI appreciated the adoption of the law.[1]", "welcome"),
    ("AI noted with satisfaction the adoption of the law.[1]", "welcome"),
    ("AI was concerned about the use of force.[1]", "concern"),
    ("AI noted with concern that the use of force had increased.[1]", "concern"),
    ("AI noted with regret the lack of data.[1]", "concern"),
    ("AI was alarmed by the number of deaths in custody.[1]", "concern"),
    ("AI deplored the use of force.[1]", "concern"),
    ("AI regretted the lack of progress.[1]", "concern"),
    ("AI denounced the use of force.[1]", "concern"),
    ("AI noted that the law was adopted, raising concerns about its vagueness.[1]", "concern"),
    ("Concerns were raised about the use of force.[1]", "concern"),
    ("AI welcomed the law but expressed concern about its application.[1]", "concern"),
    ("While welcoming the law, AI stated that it did not address torture.[1]", "observation"),
    ("AI noted that organisations must be granted approval of their teaching materials by the Ministry.[1]", "observation"),
    ("AI noted that the recommendations regarding the need to adopt a law had been implemented.[1]", "observation"),
])
def test_kinds(sentence, kind):
    (statement,) = [s for c in tagged([sentence], {1: "AI, p. 2."}, FRANCE).chunks for s in c.statements]
    assert (statement.orgs, statement.kind) == (["AI"], kind)


# -- identity across documents ----------------------------------------------------------------

def test_joint_submissions_and_a_documents_own_abbreviations_belong_to_it():
    listed = [Organisation("JS1", "Joint submission 1", [], "joint-submission", ["Centre for Civil Liberties"]),
              Organisation("HRW", "Human Rights Watch"), Organisation("HRC", "Human Rights Campaign")]
    first = tagged(["JS1 and HRW noted arrests.[1] HRC reported attacks.[2]"], {1: "JS1, p. 2; HRW, p. 3.", 2: "HRC, p. 1."},
                   listed, doc_id="a-hrc-wg-6-28-ukr-3")
    orgs = {o.id: o for o in first.parsed_organisations} if hasattr(first, "parsed_organisations") else {o.id: o for o in first.organisations}
    assert (orgs["JS1"].doc, orgs["JS1"].members) == ("a-hrc-wg-6-28-ukr-3", ["Centre for Civil Liberties"])
    assert orgs["HRC"].doc == "a-hrc-wg-6-28-ukr-3" and orgs["HRC"].name == "Human Rights Campaign"
    assert orgs["HRW"].doc == ""  # the registry's Human Rights Watch, in every document
    first.rename("a-hrc-wg-6-28-ukr-3-2")
    assert orgs["JS1"].doc == "a-hrc-wg-6-28-ukr-3-2"


# -- UN compilations and national reports ----------------------------------------------------

def test_a_compilation_speaks_with_un_bodies_named_in_full():
    parsed = tagged([
        "The Committee on Economic, Social and Cultural Rights recommended that Slovenia ratify the Convention.[1] "
        "The same Committee was concerned about unemployment.[2]",
        "UNHCR noted that asylum seekers were detained.[3] It recommended alternatives to detention.[3] UNAMA and UNICEF "
        "reported attacks on schools.[7] The Mission and UNICEF recommended that schools be protected.[8]",
        "The Special Rapporteur on minority issues noted the adoption of the Act.[4] He recommended multi-year funding.[5]",
        "Slovenia was encouraged to ratify the Convention.[6]",
    ], {1: "E/C.12/SVN/CO/2, para. 9.", 2: "Ibid., para. 18.", 3: "UNHCR submission for the universal periodic review of Slovenia, p. 3.",
        7: "UNAMA/UNICEF report, p. 3.", 8: "Ibid., p. 9.", 4: "A/HRC/34/53/Add.2, para. 12.", 5: "Ibid., para. 70.", 6: "See CCPR/C/SVN/CO/3, para. 5; and CRC/C/SVN/CO/3-4, para. 7."},
        doc_type=COMPILATION, country="Slovenia", iso3="SVN")
    assert statements(parsed) == [
        (["CESCR"], "recommendation"), (["CESCR"], "concern"),
        (["UNHCR"], "observation"), (["UNHCR"], "recommendation"), (["UNAMA", "UNICEF"], "observation"),
        (["UNAMA", "UNICEF"], "recommendation"),
        (["Special Rapporteur on minority issues"], "observation"), (["Special Rapporteur on minority issues"], "recommendation"),
        (["CCPR", "CRC"], "recommendation"),
    ]
    orgs = {o.id: o for o in parsed.organisations}
    assert orgs["CESCR"].name == "Committee on Economic, Social and Cultural Rights" and orgs["CESCR"].type == "un"
    assert not {"Social", "Cultural Rights", "Slovenia"} & set(orgs)


def test_a_national_report_names_its_state_as_the_un_does():
    parsed = tagged(["The Government adopted a national action plan."], doc_type=NATIONAL_REPORT,
                    country="Republic of Slovenia", iso3="SVN", states=States())
    assert [s.orgs for c in parsed.chunks for s in c.statements] == [["Slovenia"]]
    assert parsed.document.author == "Slovenia"


def test_a_state_never_becomes_an_organisation():
    parsed = tagged(["Venezuela (VEN) noted that sanctions harmed the population.[1] Slovenia stated that it had "
                     "ratified the Convention."], {1: "AI, p. 2."}, FRANCE, states=States())
    assert statements(parsed) == [(["AI"], "observation"), (["AI"], "observation")]
    assert not {"VEN", "Venezuela", "Slovenia"} & org_ids(parsed) and parsed.warnings == []


def test_a_chunk_its_parser_attributed_keeps_its_statements():
    parsed = ParsedDocument(Document("wg", type="wg-report"), [
        Chunk("wg:95.1", "wg", 1, None, "recommendation", [], "Ratify the Convention (France) (Chile);",
              statements=[Statement("Ratify the Convention", ["France", "Chile"], "recommendation")]),
    ])
    tag_document(parsed, KNOWLEDGE.registry.copy(), KNOWLEDGE.acronyms, KNOWLEDGE.taxonomy)
    assert [(s.orgs, s.kind) for s in parsed.chunks[0].statements] == [(["France", "Chile"], "recommendation")]
    assert parsed.chunks[0].orgs == ["France", "Chile"]


def test_a_national_report_is_the_voice_of_the_state_under_review():
    parsed = tagged(["The Government adopted a national action plan. Slovenia recommends that States ratify the Convention."],
                    doc_type=NATIONAL_REPORT, country="Slovenia", iso3="SVN")
    assert [s.orgs for c in parsed.chunks for s in c.statements] == [["Slovenia"], ["Slovenia"]]
    (state,) = parsed.organisations
    assert (state.id, state.type, parsed.document.author) == ("Slovenia", "state", "Slovenia")
