"""The shipped States registry (data/states.toml): every UN Member State and observer, resolved from
any name Working Group reports and UPR Info give it; lists of States in brackets."""
from __future__ import annotations

import tomllib
from importlib.resources import files

import pytest

from uprsearch.states import STATE, load_states


@pytest.fixture(scope="module")
def states():
    return load_states()


def _raw() -> list[dict]:
    return tomllib.loads((files("uprsearch.data") / "states.toml").read_text(encoding="utf-8"))["state"]


def test_every_member_and_observer_once_with_its_code():
    entries = _raw()
    assert len(entries) == 195
    assert sum(1 for e in entries if e.get("observer")) == 2
    assert len({e["id"] for e in entries}) == 195
    codes = [e["iso3"] for e in entries]
    assert len(set(codes)) == 195 and all(len(c) == 3 and c.isupper() for c in codes)
    assert all(e["name"] for e in entries)


@pytest.mark.parametrize(
    "name, state_id",
    [
        ("United Kingdom of Great Britain and Northern Ireland", "United Kingdom"),
        ("the United Kingdom", "United Kingdom"),
        ("Bolivarian Republic of Venezuela", "Venezuela"),
        ("Venezuela (Bolivarian Republic of)", "Venezuela"),
        ("Kingdom of the Netherlands", "Netherlands"),
        ("the Netherlands", "Netherlands"),
        ("Türkiye", "Türkiye"),
        ("Turkey", "Türkiye"),
        ("Holy See", "Holy See"),
        ("State of Palestine", "State of Palestine"),
        ("Palestine", "State of Palestine"),
        ("Islamic Republic of Iran", "Iran"),
        ("Iran (Islamic Republic of)", "Iran"),
        ("the Sudan", "Sudan"),
        ("Czech Republic", "Czechia"),
        ("The former Yugoslav Republic of Macedonia", "North Macedonia"),
        ("Macedonia FYR", "North Macedonia"),  # UPR Info's spelling
        ("St Kitts & Nevis", "Saint Kitts and Nevis"),
        ("Lao PDR", "Lao People's Democratic Republic"),
        ("Cote d'Ivoire", "Côte d'Ivoire"),
        ("Côte d’Ivoire", "Côte d'Ivoire"),
        ("Un ited Kingdom", "United Kingdom"),  # a word a PDF split
        ("GBR", "United Kingdom"),
        ("Phillipines", "Philippines"),  # a near spelling of a long name
    ],
)
def test_resolved_from_any_alias(states, name, state_id):
    assert states.resolve(name).id == state_id


def test_codes_only_in_capitals_and_no_guessing_of_short_words(states):
    assert states.resolve("CAN").id == "Canada"
    assert states.resolve("can") is None and states.resolve("are") is None and states.resolve("and") is None
    assert states.resolve("Lybia") is None  # too short to guess
    assert states.resolve("ICRMW") is None


def test_states_are_organisations_of_type_state_with_their_code_as_alias(states):
    (france,) = states.organisations(["France"])
    assert (france.id, france.name, france.type) == ("France", "French Republic", STATE)
    assert "FRA" in france.aliases


@pytest.mark.parametrize(
    "text, ids",
    [
        ("Belgium, Sweden and United States of America", ["Belgium", "Sweden", "United States of America"]),
        ("Republic of Korea, Mexico and Brazil", ["Republic of Korea", "Mexico", "Brazil"]),
        ("Denmark; Norway", ["Denmark", "Norway"]),
        ("Jordan and the Holy See", ["Jordan", "Holy See"]),
        ("Trinidad and Tobago", ["Trinidad and Tobago"]),
        ("Senegal, Sierra Leone, Venezuela (Bolivarian Republic of), Peru, Uruguay",
         ["Senegal", "Sierra Leone", "Venezuela", "Peru", "Uruguay"]),
        ("Bosnia and Herzegovina, and Chile", ["Bosnia and Herzegovina", "Chile"]),
    ],
)
def test_lists_of_states(states, text, ids):
    assert states.names_in(text) == ids


@pytest.mark.parametrize("text", ["ICRMW", "OP-CAT", "No. 174", "Chile and the Committee", "ombudsperson"])
def test_a_list_with_anything_but_states_is_none(states, text):
    assert states.names_in(text) is None


def test_a_corpus_states_toml_adds_aliases(tmp_path):
    (tmp_path / "states.toml").write_text('[[state]]\nid = "Kosovo"\nname = "Kosovo"\naliases = ["Kosova"]\n', encoding="utf-8")
    extended = load_states([tmp_path])
    assert extended.resolve("Kosova").id == "Kosovo"
    assert load_states().resolve("Kosova") is None  # the shipped registry is left as it was
