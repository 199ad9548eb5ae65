"""The shipped data files organisations.toml and acronyms.toml: real entries, consistent, and
covering every stakeholder and non-speaker acronym of the bundled Kazakhstan corpus."""
from __future__ import annotations

import re
import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

from uprsearch.models import ORG_TYPES
from uprsearch.orgs import alias_key, load_acronyms, load_registry

ROOT = Path(__file__).resolve().parent.parent
SUMMARY_FILE = ROOT / "corpus" / "A_HRC_WG.6_7_KAZ_3-summary-of-stakeholders-information.txt"
AMNESTY_FILE = ROOT / "corpus" / "kaz-2009-amnesty-international-upr-submission.txt"


def _raw(name: str) -> dict:
    """The data file as written, before the registry merges anything."""
    return tomllib.loads((files("uprsearch.data") / name).read_text(encoding="utf-8"))


def _text(path: Path) -> str:
    return " ".join(path.read_text(encoding="utf-8").split())


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.fixture(scope="module")
def acronyms():
    return load_acronyms()


# -- concrete entries ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, org_id",
    [
        ("human rights watch", "HRW"),
        ("HRW", "HRW"),
        ("Amnesty International", "AI"),
        ("amnesty", "AI"),
        ("PRICentral Asia", "PRI-Central Asia"),  # the summary's lost hyphen
        ("PRI-Central Asia", "PRI-Central Asia"),
        ("Penal Reform International-Central Asia", "PRI-Central Asia"),
        ("Penal Reform International", "PRI"),  # the parent organisation is a different entry
        ("The Becket Fund", "BF"),
        ("Becket Fund", "BF"),
        ("The Becket Fund for Religious Liberty", "BF"),
        ("forum 18", "Forum 18"),
        ("EARTHJUSTICE", "Earthjustice"),
        ("European Association of Jehovah’s Christian Witnesses", "EAJCW"),  # curly apostrophe
        ("World Coalition against the Death Penalty", "WCADP"),
        ("Global Initiative to End All Corporal Punishment of Children", "GIEACPC"),
        ("Jubilee Campaign", "JC"),
        ("International Commission of Jurists", "ICJ"),
        ("Freedom House", "FH"),
        ("Article 19", "ARTICLE 19"),
        ("Reporters sans frontières", "RSF"),
        ("World Organization Against Torture", "OMCT"),
        ("ADF International", "ADFI"),  # the 2017 Ukraine summary's abbreviation; the 2025 USA one has none
        ("Front Line Defenders", "FLD"),
        ("ODIHR", "OSCE-ODIHR"),
        ("OSCE/ODIHR", "OSCE-ODIHR"),
        ("Council of Europe", "CoE"),
        ("UPR Info", "UPR Info"),
    ],
)
def test_names_resolve(registry, name, org_id):
    assert registry.resolve(name).id == org_id


def test_types(registry):
    assert registry.resolve("Council of Europe").type == "intergovernmental"
    assert registry.resolve("OSCE-ODIHR").type == "intergovernmental"
    assert registry.resolve("HRW").type == "ngo"


def test_joint_submissions_and_unknown_names_are_not_shipped(registry):
    assert registry.resolve("JS1") is None and registry.resolve("Joint Submission 1") is None
    assert registry.resolve("Human Rights Council") is None


# -- every stakeholder of the bundled corpus --------------------------------------------------
# "Name (ABBR)" definitions as the Kazakhstan summary prints them.
KAZ_DEFINITIONS = [
    ("Joint Submission", "JS"),  # JS1, JS2 ...: per document
    ("Amnesty International", "AI"),
    ("Penal Reform International-Central Asia", "PRI-Central Asia"),
    ("Freedom House", "FH"),
    ("Human Rights Watch", "HRW"),
    ("World Coalition against the Death Penalty", "WCADP"),
    ("International Commission of Jurists", "ICJ"),
    ("National Preventive Mechanism", "NPM"),  # not a speaker
    ("Jubilee Campaign", "JC"),
    ("Global Initiative to End All Corporal Punishment of Children", "GIEACPC"),
    ("The Becket Fund", "BF"),
    ("European Association of Jehovah’s Christian witnesses", "EAJCW"),
    ("needle and syringe programmes", "NSPs"),  # not a speaker
    ("antiretroviral therapy", "ART"),  # not a speaker
]


def test_every_definition_in_the_summary_is_an_organisation_or_an_acronym(registry, acronyms):
    text = _text(SUMMARY_FILE)
    shorts = {a.lower() for a in acronyms}
    for name, abbr in KAZ_DEFINITIONS:
        assert f"{name} ({abbr})" in text
        if abbr == "JS":
            continue
        if abbr.lower() in shorts or abbr.lower().rstrip("s") in shorts:
            assert registry.resolve(abbr) is None and registry.resolve(name) is None, abbr
        else:
            org = registry.resolve(abbr)
            assert org is not None and org.id == abbr, abbr
            assert registry.resolve(name) is org, name


@pytest.mark.parametrize(
    "spelling, org_id",
    [("Forum 18", "Forum 18"), ("Earthjustice", "Earthjustice"), ("PRICentral Asia", "PRI-Central Asia"), ("The Becket Fund", "BF")],
)
def test_speakers_the_summary_names_without_a_definition(registry, spelling, org_id):
    # No "Name (ABBR)" definition to learn from (or a damaged spelling): the shipped file must know them.
    assert re.search(rf"{re.escape(spelling)} (noted|stated|reported|also|recommended)", _text(SUMMARY_FILE))
    assert registry.resolve(spelling).id == org_id


# Acronyms that the corpus texts use and that must never be taken for a speaker.
CORPUS_ACRONYMS = ["ICCPR", "CRPD", "OP-CRPD", "CAT", "OP-CAT", "OPCAT", "NPM", "NSS", "IVS", "NSP", "ART", "UPR",
                   "HIV", "AIDS", "LGBT", "UNHCR", "CIS", "XUAR", "UN", "NGO"]


@pytest.mark.parametrize("short", CORPUS_ACRONYMS)
def test_corpus_acronyms_are_listed(acronyms, short):
    corpus = _text(SUMMARY_FILE) + " " + _text(AMNESTY_FILE)
    assert re.search(rf"(?<![\w-]){re.escape(short)}s?(?![\w-])", corpus), short
    assert short in acronyms


def test_acronyms_expand(acronyms):
    assert acronyms["NSS"] == "National Security Service"
    assert acronyms["NPM"] == "National Preventive Mechanism"
    assert acronyms["ICCPR"] == "International Covenant on Civil and Political Rights"
    assert acronyms["OP-CAT"] == acronyms["OPCAT"] == "Optional Protocol to the Convention against Torture"
    assert acronyms["UNHCR"] == "Office of the United Nations High Commissioner for Refugees"


# -- consistency of the files as written ------------------------------------------------------
def test_organisation_entries_are_complete_and_unique():
    entries = _raw("organisations.toml")["org"]
    assert 150 <= len(entries) <= 260  # stakeholders, regional bodies and the UN bodies of compilations
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert len({alias_key(i) for i in ids}) == len(ids), "ids that differ only in case or punctuation"
    for entry in entries:
        assert set(entry) <= {"id", "name", "aliases", "type", "symbols"}, entry["id"]
        assert entry["id"].strip() == entry["id"] and entry["name"].strip(), entry["id"]
        assert entry["type"] in ORG_TYPES, entry["id"]
        assert not re.fullmatch(r"JS\s*\d*", entry["id"]), "joint submissions are per document"
        assert "symbols" not in entry or (entry["type"] == "un" and all(s.endswith("/") for s in entry["symbols"]))


def test_un_bodies_for_compilations(registry):
    assert registry.resolve("Committee on Economic, Social and Cultural Rights").id == "CESCR"
    assert registry.resolve("the Human Rights Committee").id == "CCPR"
    assert registry.resolve("Independent Expert on the enjoyment of all human rights by older persons").id == "Independent Expert on older persons"
    assert {registry.resolve(n).type for n in ("UNHCR", "CAT", "Special Rapporteur on minority issues")} == {"un"}
    assert registry.author_of("E/C.12/SVN/CO/2").id == "CESCR" and registry.author_of("CAT/OP/UKR/3").id == "SPT"
    assert registry.author_of("A/HRC/34/53") is None


def test_no_alias_names_two_organisations():
    owner: dict[str, str] = {}
    for entry in _raw("organisations.toml")["org"]:
        for spelling in [entry["id"], entry["name"], *entry.get("aliases", [])]:
            key = alias_key(spelling)
            assert key, f"{entry['id']}: empty spelling"
            assert owner.setdefault(key, entry["id"]) == entry["id"], f"{spelling!r}: {owner[key]} and {entry['id']}"


def test_registry_keeps_every_entry_apart(registry):
    # The registry merges an entry into an earlier one that shares a spelling: none may.
    assert len(registry) == len(_raw("organisations.toml")["org"])


def test_acronym_entries_are_unique_and_not_organisations(registry):
    entries = _raw("acronyms.toml")["acronym"]
    assert 30 <= len(entries) <= 80
    shorts = [e["short"] for e in entries]
    assert len({s.lower() for s in shorts}) == len(shorts), "duplicate short forms"
    org_spellings = {
        alias_key(s): e["id"]
        for e in _raw("organisations.toml")["org"]
        for s in [e["id"], e["name"], *e.get("aliases", [])]
    }
    shared = {"CAT", "CRC", "CEDAW", "CRPD"}  # a treaty here, its committee (a UN body) there
    for entry in entries:
        assert set(entry) == {"short", "long"} and entry["long"].strip(), entry
        if entry["short"] in shared:
            assert registry.resolve(entry["short"]).type == "un" and entry["long"].startswith("Convention")
            continue
        assert alias_key(entry["short"]) not in org_spellings, f"{entry['short']} is also {org_spellings.get(alias_key(entry['short']))}"
        assert registry.resolve(entry["short"]) is None


def test_extra_dir_extends_both(tmp_path):
    (tmp_path / "organisations.toml").write_text(
        '[[org]]\nid = "KIBHR"\nname = "Kazakhstan International Bureau for Human Rights and the Rule of Law"\n'
        'aliases = []\ntype = "ngo"\n',
        encoding="utf-8",
    )
    (tmp_path / "acronyms.toml").write_text('[[acronym]]\nshort = "KNB"\nlong = "Committee for National Security"\n', encoding="utf-8")
    registry = load_registry([tmp_path])
    assert registry.resolve("Kazakhstan International Bureau for Human Rights and the Rule of Law").id == "KIBHR"
    assert registry.resolve("HRW").id == "HRW"
    assert load_acronyms([tmp_path])["KNB"] == "Committee for National Security"
    assert "NSS" in load_acronyms([tmp_path])
