"""The theme taxonomy: tagging real UPR paragraphs, headings, extension by a corpus folder, lookup.

Paragraphs are cut straight out of the bundled corpus texts here (not through uprsearch's
parser), so these tests pin the tagging rule on the real wording whatever the parser does.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from uprsearch.errors import UprError
from uprsearch.matching import _lead_keys
from uprsearch.themes import Taxonomy, load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
SUMMARY_FILE = ROOT / "corpus" / "A_HRC_WG.6_7_KAZ_3-summary-of-stakeholders-information.txt"
AMNESTY_FILE = ROOT / "corpus" / "kaz-2009-amnesty-international-upr-submission.txt"
SAMPLES = ROOT.parent / "shared" / "upr-samples"

# UPR Info's issue list, in the order the taxonomy reports themes.
LABELS = [
    "Asylum-seekers – refugees", "CP rights – general", "Civil society", "Corruption", "Counter-terrorism",
    "Death penalty", "Detention", "Development", "Disabilities", "ESC rights – general", "Elections",
    "Enforced disappearances", "Environment", "Extrajudicial executions",
    "Freedom of association and peaceful assembly", "Freedom of movement", "Freedom of opinion and expression",
    "Freedom of religion and belief", "Freedom of the press", "HIV – Aids", "Human rights defenders",
    "Human rights education and training", "Human rights violations by state agents", "Impunity",
    "Indigenous peoples", "Internally displaced persons", "International humanitarian law",
    "International instruments", "Justice", "Labour", "Migrants", "Minorities", "NHRI", "National plan of action",
    "Poverty", "Public security", "Racial discrimination", "Right to education", "Right to food", "Right to health",
    "Right to housing", "Right to land", "Right to water", "Rights of the Child",
    "Sexual Orientation and Gender Identity", "Special procedures", "Technical assistance and cooperation",
    "Torture and other CID treatment", "Trafficking", "Treaty bodies", "UPR process", "Women's rights",
]

_ROMAN = re.compile(r"[IVX]+\.\s+\S")
_LETTER = re.compile(r"[A-H]\.\s+\S")
_NUMBERED = re.compile(r"(\d{1,2})\.(?:\s+(.*))?$")


def summary_paragraphs() -> dict[int, tuple[list[str], str]]:
    """The summary's numbered paragraphs: number -> (headings above it, text)."""
    paragraphs: dict[int, tuple[list[str], list[str]]] = {}
    headings: list[str] = []
    current: list[str] | None = None
    expected, after_heading = 1, False
    for raw in SUMMARY_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        numbered = _NUMBERED.match(line)
        if numbered and int(numbered.group(1)) == expected:  # the next paragraph, number alone or inline
            current = [numbered.group(2) or ""]
            paragraphs[expected] = (list(headings), current)
            expected, after_heading = expected + 1, False
        elif _ROMAN.match(line) or _LETTER.match(line) or (numbered and line[len(numbered.group(1)) + 2 :][:1].isupper()):
            level = 0 if _ROMAN.match(line) else 1 if _LETTER.match(line) else 2
            headings = headings[:level] + [line]
            current, after_heading = None, True
        elif after_heading and line[:1].islower():  # a heading that wraps
            headings[-1] += " " + line
        elif current is not None:
            current.append(line)
    return {n: (path, " ".join(" ".join(lines).split())) for n, (path, lines) in paragraphs.items()}


def amnesty(start: str) -> str:
    """The Amnesty submission's text from `start` to the end of its paragraph or recommendation."""
    text = AMNESTY_FILE.read_text(encoding="utf-8")
    begin = text.index(start)
    lines = []
    for line in text[begin:].splitlines():
        if lines and (not line.strip() or line.lstrip().startswith("To ")):
            break
        lines.append(line)
    return " ".join(" ".join(lines).split())


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


@pytest.fixture(scope="module")
def summary() -> dict[int, tuple[list[str], str]]:
    return summary_paragraphs()


def tag(taxonomy: Taxonomy, summary: dict[int, tuple[list[str], str]], n: int) -> list[str]:
    section, text = summary[n]
    return taxonomy.tag(text, section)


# -- the helper itself: the paragraphs are the real ones ------------------------------------
def test_summary_is_cut_into_its_53_paragraphs_with_their_headings(summary):
    assert sorted(summary) == list(range(1, 54))
    assert summary[14][1].startswith("JS1 noted that in December 2003, a moratorium on capital punishment")
    assert summary[14][1].endswith("including for terrorism and in times of war.28")
    assert summary[10][1].startswith("JS1 indicated that despite the formal efforts")
    assert summary[48][0][-1] == "9. Migrants, refugees and asylum-seekers"
    assert summary[32][0][-1].endswith("and right to participate in public and political life")
    assert summary[53][0] == ["III. ACHIEVEMENTS, BEST PRACTICES, CHALLENGES AND CONSTRAINTS"]


# -- every paragraph of the Kazakhstan summary, read and judged ------------------------------
# Where UPR Info's hand coding of recommendations (../shared/upr-corpus/keys) shows an earlier
# expectation wrong, the comment gives the key's figure: rows with the words / rows of them given
# the issue, in the sessions the taxonomy is fitted on (bench/themes.py --split fit).
EXPECTED = {
    # ratify ICCPR-OP 2 (death penalty: 245/255), the CRPD; the Rome Statute is Justice (258/276)
    1: ["death-penalty", "disabilities", "international-instruments", "justice"],
    2: ["international-instruments", "justice"],  # courts do not apply the treaties ratified; courts: Justice (256/336)
    3: [],  # separation of powers: no UPR Info issue fits
    4: ["nhri"],
    5: ["child-rights"],  # the Committee on Protection of the Child's Rights
    6: ["detention"],
    7: ["hr-education", "international-instruments"],  # training on "international human rights obligations"
    8: ["treaty-bodies"],
    9: ["expression", "religion", "special-procedures"],  # an invited mandate is its topic (SR on religion: 12/13)
    10: ["womens-rights"],
    11: ["child-rights"],  # "children of migrants, refugees, oralmans": a list of groups of children
    12: ["hiv-aids"],
    13: ["sogi"],
    14: ["death-penalty"],  # "death row", "imprisonment for life" are death-penalty vocabulary, not detention
    15: ["international-instruments", "torture"],  # the definition of torture against the CAT's (27/29 both)
    16: ["detention", "torture"],
    17: ["detention", "state-agents"],  # "beatings by law enforcement officers"; asylum-seekers named in a list
    18: ["detention", "torture"],  # a national preventive mechanism under OP-CAT is Torture (43/44)
    19: ["detention", "hiv-aids", "health", "torture"],
    20: ["sogi"],
    21: ["child-rights", "womens-rights"],  # girls (316/331) and domestic violence are filed under children too
    22: ["trafficking"],
    23: ["child-rights", "torture"],  # corporal punishment of children: Torture too (130 of 166 are)
    24: ["justice"],  # corruption is one item of a list of what hampers the judiciary
    25: ["justice"],  # "including of terrorism suspects" is not about counter-terrorism
    26: ["impunity", "justice", "torture"],  # investigations lacking independence; courts; torture
    27: ["justice", "child-rights"],  # juvenile justice
    28: ["corruption", "impunity", "justice"],
    29: ["hiv-aids", "health"],
    30: ["hiv-aids"],
    31: ["sogi"],
    32: ["religion"],
    33: ["religion"],
    34: ["religion"],
    35: ["press"],
    36: ["expression", "press"],  # journalists in penitentiary institutions: one mention, not detention
    37: ["expression", "press"],
    38: ["association-assembly", "international-instruments"],  # "international human rights obligations", article 10
    39: ["civil-society", "association-assembly"],
    40: ["disabilities"],
    41: ["health"],  # migrants are one of the groups barred from care
    42: ["health"],
    43: ["hiv-aids", "health"],  # "poor hygiene" is not poverty; corruption blamed in passing
    44: ["health"],
    45: ["environment", "justice"],  # access to justice on environmental issues
    46: ["religion", "education"],
    47: ["religion", "minorities"],  # faith communities under "Minorities and indigenous peoples" (issue 12)
    48: ["labour", "migrants", "torture"],  # "migrants were quite often subjected to torture" (issue 12; torture: 714/759)
    49: ["asylum-refugees", "migrants"],  # asylum-seekers treated as illegal migrants
    50: ["asylum-refugees", "international-instruments"],  # returns against the 1951 Refugee Convention and the CAT
    51: ["counter-terrorism", "religion", "minorities"],  # "religious minorities" are Minorities (54/55)
    52: ["counter-terrorism", "detention", "justice", "torture"],
    # OP-CAT ratified, an NPM for places of deprivation of liberty (Torture: 287/307); ICCPR-OP 1 signed (CP rights)
    53: ["cp-rights", "detention", "international-instruments", "torture"],
}


@pytest.mark.parametrize("n", sorted(EXPECTED))
def test_summary_paragraph_themes(taxonomy, summary, n):
    assert tag(taxonomy, summary, n) == EXPECTED[n]


# -- the cases the rule is about, one by one -------------------------------------------------
def test_strong_words_alone_tag_a_paragraph(taxonomy, summary):
    assert "death-penalty" in tag(taxonomy, summary, 14)
    assert "child-rights" in tag(taxonomy, summary, 23)  # corporal punishment of children
    assert all("religion" in tag(taxonomy, summary, n) for n in (32, 33, 34))
    assert "asylum-refugees" in tag(taxonomy, summary, 50)  # refoulement
    assert "hiv-aids" in tag(taxonomy, summary, 12) and "hiv-aids" in tag(taxonomy, summary, 43)
    assert all("sogi" in tag(taxonomy, summary, n) for n in (13, 20, 31))
    assert "torture" in tag(taxonomy, summary, 15) and "torture" in tag(taxonomy, summary, 16)


def test_refugees_named_in_a_list_of_children_is_about_children(taxonomy, summary):
    # Paragraph 11 is about the problems of children; migrants, refugees, oralmans and the poor
    # are the groups of children it lists, each named once.
    assert tag(taxonomy, summary, 11) == ["child-rights"]


def test_migrants_paragraph_is_labour_migrants_and_torture(taxonomy, summary):
    # Paragraph 48: labour exploitation of migrants, who "were quite often subjected to torture and
    # degrading treatment": UPR Info files what names torture under it (714 of 759 recommendations).
    section, text = summary[48]
    assert taxonomy.tag(text, section) == ["labour", "migrants", "torture"]
    assert taxonomy.evidence(text, section)["torture"] == ["torture", "degrading treatment"]


def test_equal_rights_law_for_women_and_men(taxonomy, summary):
    # Paragraph 10 is about women's position (representation, salaries, stigma): women's rights,
    # of which the law "On Equal Rights and Possibilities for Women and Men" is one mention.
    assert "womens-rights" in tag(taxonomy, summary, 10)
    # The recommendation alone is about adopting a gender-equality law: still women's rights.
    law = "JS1 recommended that the Law “On Equal Rights and Possibilities for Women and Men” be adopted."
    assert law in summary[10][1].replace(".16", ".")
    assert taxonomy.tag(law, []) == ["womens-rights"]


def test_risk_of_torture_in_a_refoulement_paragraph_is_not_torture(taxonomy, summary):
    section, text = summary[50]
    assert "risk of torture" in text and "Convention against Torture" in text
    assert "torture" not in taxonomy.tag(text, section)
    assert "migrants" not in taxonomy.tag(text, section)  # "migration police" names an institution


def test_a_mandate_invited_is_its_topic_a_treaty_body_cited_is_not(taxonomy, summary):
    # Paragraph 9: inviting the Special Rapporteurs on religion and on expression (issue 12).
    section, text = summary[9]
    assert taxonomy.evidence(text, section) == {
        "expression": ["Special Rapporteur on freedom of expression"],
        "religion": ["Special Rapporteur on freedom of religion or belief"],
        "special-procedures": ["heading: 2. Cooperation with special procedures"],
    }
    # "supported the recommendations of the Committee on the Rights of the Child": nothing is done
    # to the Committee in the sentence, so its name is a passing mention
    assert "child-rights" not in tag(taxonomy, summary, 12)
    assert "child-rights" not in tag(taxonomy, summary, 42)


def test_passing_mentions_stay_out(taxonomy, summary):
    assert "asylum-refugees" not in tag(taxonomy, summary, 17)  # "or to asylum-seekers or foreign nationals"
    assert "corruption" not in tag(taxonomy, summary, 24)  # "executive influence, corruption, and ..."
    assert "corruption" in tag(taxonomy, summary, 28)  # "corruption in law enforcement and the judiciary"
    assert "counter-terrorism" not in tag(taxonomy, summary, 25)
    assert "poverty" not in tag(taxonomy, summary, 43)
    assert "detention" not in tag(taxonomy, summary, 14)


def test_a_list_of_related_words_counts_once(taxonomy):
    # Weak words joined by "," / "or" are one hit; a chunk of more than short_chunk_words (40) words
    # needs two separate ones.
    filler = (
        " The report was published in the capital after long consultations with several ministries,"
        " and its authors thanked the many people who had read the drafts and sent them their comments"
        " over the months of the writing."
    )
    assert "detention" not in taxonomy.tag("Believers must be free from the threat of detention, custody or prison." + filler, [])
    assert "detention" in taxonomy.tag("They were held in detention." + filler + " Their detention was long.", [])


def test_weak_words_count_only_at_word_starts(taxonomy):
    # "fair trial" (strong) is not found inside "unfair trial": only the weak "trial" is, which gives
    # a one-sentence text the theme as its only clue
    assert taxonomy.evidence("The report described an unfair trial.", []) == {"justice": ["trial"]}
    assert taxonomy.evidence("The right to a fair trial was denied.", []) == {"justice": ["fair trial"]}


# -- headings ------------------------------------------------------------------------------
def test_amnesty_chunks_under_thematic_headings(taxonomy):
    religion = amnesty("To ensure respect for the human rights of religious believers")
    assert "religion" in taxonomy.tag(religion, ["Recommendations for action by the State under review", "Freedom of religion"])
    asylum = amnesty("To ensure that all persons seeking international protection")
    assert "asylum-refugees" in taxonomy.tag(asylum, ["Recommendations for action by the State under review", "Refugees and asylum-seekers"])
    nss = amnesty("To grant Public Monitoring Commissions immediate access")
    heading = "Human rights violations in the context of national security and the fight against terrorism"
    assert taxonomy.tag(nss, ["Recommendations for action by the State under review", heading]) == [
        "counter-terrorism",
        "detention",  # a one-line recommendation: one weak hit ("detained") is enough
    ]


def test_a_thematic_heading_alone_tags_the_chunk(taxonomy):
    # Real sentences of the Amnesty sections, which say nothing of the theme themselves.
    pending = "A decision as to whether to review the draft law was pending at the time of writing."
    officers = "Officers of the Uzbekistani and Chinese security services are believed to be operating relatively freely on Kazakhstan territory."
    whole = " ".join(AMNESTY_FILE.read_text(encoding="utf-8").split())
    assert pending in whole and officers in whole
    assert taxonomy.tag(pending, []) == []
    assert taxonomy.tag(pending, ["C. Promotion and protection of human rights on the ground", "Freedom of religion"]) == ["religion"]
    assert taxonomy.tag(officers, []) == []
    assert taxonomy.tag(officers, ["C. Promotion and protection of human rights on the ground", "Refugees and asylum-seekers"]) == [
        "asylum-refugees"
    ]
    assert taxonomy.tag(pending, ["II. PROMOTION", "B. Implementation", "10. Human rights and counter-terrorism"]) == [
        "counter-terrorism"
    ]
    assert taxonomy.tag(pending, ["II. X", "A. Cooperation with human rights mechanisms", "1. Cooperation with treaty bodies"]) == [
        "treaty-bodies"
    ]


def test_a_heading_that_names_several_themes_decides_none(taxonomy):
    neutral = "A decision as to whether to review the draft law was pending at the time of writing."
    for heading in (
        "9. Migrants, refugees and asylum-seekers",
        "8. Minorities and indigenous peoples",
        "5. Freedom of religion or belief, expression, association and peaceful assembly, and right to participate in public and political life",
        # a chapter of newer summaries: torture is named last, the chapter is broader
        "Right to life, liberty and security of person, and freedom from torture",
        "C. Implementation of international human rights obligations, taking into account applicable international humanitarian law",
        "2. Civil and political rights",
    ):
        assert taxonomy.tag(neutral, ["II. PROMOTION AND PROTECTION OF HUMAN RIGHTS ON THE GROUND", heading]) == [], heading


# -- extension by a corpus folder, errors --------------------------------------------------
def test_extra_dir_adds_a_theme_and_extends_one(tmp_path):
    (tmp_path / "themes.toml").write_text(
        """
[[theme]]
slug = "statelessness"
label = "Statelessness"
patterns = ['\\bstatelessness\\b', 'stateless persons']
heading_patterns = ['stateless']

[[theme]]
slug = "torture"
patterns = ['\\bwaterboard\\w*']
""",
        encoding="utf-8",
    )
    shipped, extended = load_taxonomy(), load_taxonomy([tmp_path])
    assert [t.slug for t in extended.themes][:-1] == [t.slug for t in shipped.themes]
    assert extended.themes[-1].slug == "statelessness" and extended.resolve("Statelessness").label == "Statelessness"
    sentence = "JS5 raised concerns about the identification of stateless persons in Ukraine."  # UKR summary
    assert "statelessness" in extended.tag(sentence, [])
    assert extended.tag("Executive rights were reviewed.", ["Stateless persons"]) == ["statelessness"]
    assert shipped.tag("Detainees described waterboarding in the facility.", []) == ["detention"]
    assert extended.tag("Detainees described waterboarding in the facility.", []) == ["detention", "torture"]
    assert extended.resolve("torture").label == "Torture and other CID treatment"  # label kept


def test_extra_dir_patterns_that_the_index_cannot_read_still_work(tmp_path):
    (tmp_path / "themes.toml").write_text(
        "[[theme]]\nslug = 'gerunds'\nlabel = 'Gerunds'\npatterns = ['\\w+ifying\\b']\n", encoding="utf-8"
    )
    assert _lead_keys(r"\w+ifying\b") is None
    assert load_taxonomy([tmp_path]).tag("Justifying this is hard.", []) == ["gerunds"]


@pytest.mark.parametrize(
    "toml, message",
    [
        ("[[theme]]\nslug = 'x'\nlabel = 'X'\npatterns = ['(unclosed']\n", "not a valid regular expression"),
        ("[[theme]]\nslug = 'new-one'\npatterns = ['a']\n", "has no label"),
        ("[[theme]]\nslug = 'Bad Slug'\nlabel = 'B'\n", "no valid slug"),
        ("[[theme]]\nslug = 'x'\nlabel = 'X'\nweak = 'a'\nmin_weak = 'two'\n", "whole number"),
        ("[[theme]\n", "cannot be read as TOML"),
    ],
)
def test_bad_extra_file_is_a_one_line_error(tmp_path, toml, message):
    (tmp_path / "themes.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(UprError, match=message) as caught:
        load_taxonomy([tmp_path])
    assert str(tmp_path) in str(caught.value) and "\n" not in str(caught.value)


# -- the shipped list, lookup ----------------------------------------------------------------
def test_shipped_taxonomy_is_upr_infos_list(taxonomy):
    assert [t.label for t in taxonomy.themes] == LABELS
    slugs = [t.slug for t in taxonomy.themes]
    assert len(set(slugs)) == len(slugs)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in slugs)
    assert all(t.patterns for t in taxonomy.themes)  # every theme can be found by its own words
    for slug in ("death-penalty", "torture", "asylum-refugees", "religion", "womens-rights", "child-rights",
                 "detention", "justice", "counter-terrorism", "hrds", "hiv-aids", "sogi", "international-instruments"):
        assert slug in slugs


def test_shipped_patterns_are_all_on_the_fast_path(taxonomy):
    assert taxonomy._compile().patterns.slow == []


def test_index_finds_what_trying_every_word_start_finds(taxonomy, summary):
    matcher = taxonomy._compile().patterns
    for _, text in summary.values():
        found = matcher.find(text)
        brute: list[tuple[int, int, int]] = []
        matcher._try(range(len(matcher.regexes)), text, [m.start() for m in re.finditer(r"\b\w", text)], brute)
        assert sorted(found) == sorted(brute)


def test_lead_keys_read_off_the_pattern():
    assert _lead_keys(r"(?:refugee )?status determination") == {"refugee ", "status d"}
    assert _lead_keys(r"\bNGOs?\b") == {"ngo", "ngos"}
    assert _lead_keys(r"women(?:[’']s)? rights") == {"women ri", "women’s ", "women's "}
    assert _lead_keys(r"(?<!religious )\bminorit(?:y|ies)\b") == {"minority", "minoriti"}
    assert _lead_keys(r"(?-i:\bAIDS\b)") == {"aids"}
    assert _lead_keys(r"\w+ing") is None and _lead_keys(r"(?:\w+ ){0,3}detention") is None


def test_text_whose_lowercase_changes_length_is_still_tagged(taxonomy):
    text = "İstanbul hosted talks; the death penalty was abolished in 2004."
    assert len(text.lower()) != len(text)
    assert taxonomy.tag(text, []) == ["death-penalty"]


@pytest.mark.parametrize(
    "name, slug",
    [
        ("death-penalty", "death-penalty"),
        ("Death penalty", "death-penalty"),
        ("DEATH PENALTY", "death-penalty"),
        ("Asylum-seekers - refugees", "asylum-refugees"),
        ("asylum-seekers – refugees", "asylum-refugees"),
        ("Asylum seekers refugees", "asylum-refugees"),
        ("HIV-AIDS", "hiv-aids"),
        ("hiv – aids", "hiv-aids"),
        ("Women's rights", "womens-rights"),
        ("women’s rights", "womens-rights"),
        ("womens rights", "womens-rights"),
        ("CP rights - general", "cp-rights"),
        ("Torture and other CID treatment", "torture"),
        ("freedom of religion", "religion"),  # the one label it starts
        ("child", "child-rights"),
        ("  sogi ", "sogi"),
    ],
)
def test_resolve(taxonomy, name, slug):
    assert taxonomy.resolve(name).slug == slug


@pytest.mark.parametrize("name", ["", "   ", "freedom of", "right to", "no such theme"])
def test_resolve_unknown_or_ambiguous(taxonomy, name):
    assert taxonomy.resolve(name) is None


def test_no_two_themes_share_a_lookup_name(taxonomy):
    for theme in taxonomy.themes:
        assert taxonomy.resolve(theme.slug) is theme
        assert taxonomy.resolve(theme.label) is theme


# -- other real texts: the rule holds beyond the seed pair ----------------------------------
@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared/upr-samples is not beside the checkout")
def test_other_summaries(taxonomy):
    usa = " ".join((SAMPLES / "A_HRC_WG.6_50_USA_3-stakeholder-summary.txt").read_text(encoding="utf-8").split())
    guantanamo = usa[usa.index("AI reported that 15 men") : usa.index("JS15 recommended the USA to end military")]
    assert taxonomy.tag(guantanamo, ["Human rights and counter-terrorism"]) == ["counter-terrorism", "detention"]
    ukr = " ".join((SAMPLES / "A_HRC_WG.6_28_UKR_3-stakeholder-summary.txt").read_text(encoding="utf-8").split())
    juvenile = ukr[ukr.index("JS17 noted that there were reported cases of violence") :].split(".")[0]
    assert taxonomy.tag(juvenile, []) == ["detention", "child-rights"]
