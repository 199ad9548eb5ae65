"""Statement-level attribution against the sentence keys in tests/keys/ (read off the documents).

Every key sentence must come out exactly as keyed — its speakers and its kind — except the few
listed below, each with the reason the parse does not give it yet; a sentence that starts coming
out right must be taken off the list. bench/attribution.py prints the same comparison as figures.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "bench"))

import attribution  # noqa: E402  (bench/attribution.py: the key reader and the scoring)
from uprsearch.models import STATEMENT_KINDS  # noqa: E402

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason=f"shared documents folder {SHARED} is absent (present in CI)")

KEYS = sorted((ROOT / "tests" / "keys").glob("attribution-*.toml"))

# Sentences the tagger does not get right yet, by key, ¶ and start, and why: the parse around
# them loses what the attribution needs.
KNOWN = {
    "attribution-A_HRC_WG.6_32_AFG_3.toml": {
        # footnote 8 is left glued after a full stop ("justice.8 AIHRC’s inquiry"): not split, and
        # the sentence before it makes the pair a recommendation
        (8, "AIHRC’s inquiry in 2017 on citizens' access"),
        # "must be seriously become a priority": the call is not grammatical enough to read
        (9, "The implementation of the 2030 agenda,"),
    },
    "attribution-A_HRC_WG.6_34_SVN_3.toml": {
        # footnote 114 glued to "2017-2021" is left in the text ("2017-2021114 CoE-Commissioner
        # invited"): no clause boundary before the speaker, so its verb is not read (the note
        # gives the speaker; the kind is missed)
        (62, "Welcoming the adoption of the National"),
    },
    "attribution-A_HRC_WG.6_50_USA_3.toml": {
        # footnotes 113, 157 and 231 are not recognised ("participation;113cease", "poverty 157 and",
        # "sites;231and"), so their stakeholders (JAI, PC(USA), TNNHRC) are missing
        (40, "USA was recommended to cease arresting"),
        (54, "USA was recommended to reduce the high"),
        (84, "USA was recommended to establish free,"),
        # footnote 267 is left in the text ("health care 267 IFDAA"): the sentence is not split
        (94, "IFDAA underscored that recent rescission"),
    },
}
INVENTED: dict[str, list[str]] = {}


@pytest.fixture(scope="module")
def scores():
    return attribution.run(KEYS, [SHARED])


def test_the_keys_are_large_and_well_formed():
    sentences = [attribution.load_key(path) for path in KEYS]
    assert len(KEYS) >= 2 and sum(len(k.sentences) for k in sentences) >= 350
    for key in sentences:
        assert len({s.para for s in key.sentences}) >= 30
        kinds = {s.kind for s in key.sentences}
        assert {"recommendation", "concern", "observation"} <= kinds <= set(STATEMENT_KINDS)
        starts = [(s.para, s.start) for s in key.sentences]
        assert len(starts) == len(set(starts)), key.path.name


@pytest.mark.parametrize("key", [k.name for k in KEYS])
def test_every_key_sentence_exactly(scores, key):
    wrong = {(para, start) for _, para, start, _ in scores[key].errors}
    assert wrong == KNOWN.get(key, set())


@pytest.mark.parametrize("key", [k.name for k in KEYS])
def test_no_invented_speaker(scores, key):
    assert scores[key].invented == INVENTED.get(key, [])
