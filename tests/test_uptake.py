"""Uptake on the Kazakhstan review, the bundled corpus: stakeholders' recommendations (the summary and
Amnesty's submission) against the recommendations States made in A/HRC/14/10."""
from __future__ import annotations

from pathlib import Path

import pytest

from uprsearch import uptake
from uprsearch.models import WG_REPORT
from uprsearch.pipeline import Knowledge, parse_paths

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def rows():
    knowledge = Knowledge.load([ROOT / "corpus"])
    documents = parse_paths([ROOT / "corpus"], knowledge).documents
    (report,) = [d for d in documents if d.document.type == WG_REPORT]
    review = {d.id for d in uptake.stakeholder_documents([d.document for d in documents], report.document)}
    assert review == {"kaz-2010-summary", "kaz-2009-ai"}
    stakeholders = [c for d in documents if d.document.id in review for c in d.chunks]
    matcher = uptake.Matcher(report.chunks, knowledge.acronyms, knowledge.taxonomy)
    return {row.source: row for row in uptake.uptake(stakeholders, matcher)}


def _top(row, n=3):
    return [c.chunk.number for c in row.candidates[:n]]


def test_abolition_and_the_second_optional_protocol(rows):
    wcadp = rows["kaz-2010-summary:14.6"]  # "WCADP urged Kazakhstan to abolish the death penalty …"
    assert wcadp.orgs == ["WCADP"] and set(_top(wcadp, 2)) == {"97.16", "97.18"}  # France, Spain
    amnesty = rows["kaz-2009-ai:22.1"]  # "… in particular the Second Optional Protocol …"
    assert _top(amnesty)[:2] == ["95.41", "97.17"]  # the Philippines, Belgium
    js1 = rows["kaz-2010-summary:1.1"]  # "the ratification of ICCPR–OP 2"
    # the Philippines: "consider the ratification of the Second Optional Protocol", then Slovenia: "consider ratifying …"
    assert _top(js1)[:2] == ["95.41", "97.3"]
    assert all(row.taken_up for row in (wcadp, amnesty, js1))


def test_a_record_per_recommendation(rows):
    record = rows["kaz-2009-ai:27.1"].to_record()  # statements obtained under torture
    assert record["orgs"] == ["AI"] and record["taken_up"] and record["supported"]
    best = record["matches"][0]
    assert (best["number"], best["states"], best["response"]) == ("95.61", ["Czechia"], "supported")
    assert best["response_source"] == "A/HRC/14/10, para. 95" and 0 < best["score"] <= 2


def test_states_never_speak_as_stakeholders(rows):
    assert not any(source.startswith("a-hrc-14-10") for source in rows)
    assert {org for row in rows.values() for org in row.orgs} >= {"AI", "HRW", "JS1", "WCADP"}


def test_no_uptake_where_no_state_asked(rows):
    assert not rows["kaz-2009-ai:28.1"].taken_up  # registration of detainees from the moment of apprehension
