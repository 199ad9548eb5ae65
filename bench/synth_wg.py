"""Synthetic Working Group reports and addenda for the benchmark corpus (bench/synth.py).

A report is laid out as cycles 2-4 print it: the cover (symbol, the State under review on a line
of its own), an introduction whose paragraph 1 names the session, the presentation by the State
under review and the interactive dialogue (one paragraph per delegation, "France welcomed …"),
then "Conclusions and/or recommendations": a paragraph that says the State will examine them,
and the recommendations numbered "115.1 …", each with its States in brackets. Half the reports
get an addendum that supports some recommendations and notes the others by number, so that the
index pairs them as it pairs real ones. Sentences come from real reports (the bundled A/HRC/14/10
and ../shared/upr-corpus/wg-reports/ where present): the delegations' statements and the
recommendations' texts, recombined with other States and countries. Seeded like the summaries.
"""
from __future__ import annotations

import random
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "corpus" / "A_HRC_14_10-wg-report-kazakhstan-S07-2010.pdf"]
SHARED_REPORTS = ROOT.parent / "shared" / "upr-corpus" / "wg-reports"
MORE_SOURCES = ["A_HRC_28_15-wg-report-slovenia-S20-2014.txt", "A_HRC_28_10-wg-report-kazakhstan-S20-2014.txt",
                "A_HRC_21_9-wg-report-united-kingdom-S13-2012.txt"]
SOURCE_STATES = ("Kazakhstan", "Slovenia", "United Kingdom of Great Britain and Northern Ireland", "United Kingdom")
REVIEWERS = [
    "France", "Germany", "Brazil", "Chile", "Mexico", "Norway", "Spain", "Italy", "Japan", "Canada", "Australia",
    "Belgium", "Netherlands", "Portugal", "Ireland", "Austria", "Sweden", "Finland", "Denmark", "Switzerland",
    "Argentina", "Uruguay", "Costa Rica", "Ecuador", "India", "China", "Indonesia", "Malaysia", "Thailand", "Egypt",
    "Morocco", "Algeria", "Tunisia", "Senegal", "Ghana", "Nigeria", "South Africa", "Botswana", "Namibia",
    "Republic of Korea", "Czech Republic", "Slovakia", "Poland", "Hungary", "Estonia", "Latvia", "Lithuania",
    "Holy See", "State of Palestine", "Bolivarian Republic of Venezuela", "Iran (Islamic Republic of)", "Türkiye",
]
_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
             "nineteenth", "twentieth", "twenty-first", "twenty-second", "twenty-third", "twenty-fourth",
             "twenty-fifth", "twenty-sixth", "twenty-seventh", "twenty-eighth", "twenty-ninth", "thirtieth",
             "thirty-first", "thirty-second", "thirty-third", "thirty-fourth", "thirty-fifth", "thirty-sixth",
             "thirty-seventh", "thirty-eighth", "thirty-ninth", "fortieth", "forty-first", "forty-second",
             "forty-third", "forty-fourth", "forty-fifth", "forty-sixth", "forty-seventh", "forty-eighth",
             "forty-ninth", "fiftieth"]


@dataclass
class WgPool:
    said: list[str] = field(default_factory=list)  # a delegation's predicates: "welcomed the adoption of …"
    presented: list[str] = field(default_factory=list)  # the State under review's sentences
    recommendations: list[str] = field(default_factory=list)  # texts without their States


def harvest() -> WgPool:
    """Sentences of real reports, their States and country replaced by {state} and {country}."""
    from uprsearch.models import RECOMMENDATION
    from uprsearch.pipeline import parse_paths

    paths = [p for p in SOURCES if p.is_file()] + [SHARED_REPORTS / n for n in MORE_SOURCES if (SHARED_REPORTS / n).is_file()]
    pool = WgPool()
    for doc in parse_paths(paths).documents:
        country = doc.document.country
        for chunk in doc.chunks:
            if chunk.kind == RECOMMENDATION:
                text = _placeholders(chunk.text, country)
                if 30 <= len(text) <= 400 and "(" not in text and not re.search(r"\d", text):
                    pool.recommendations.append(text)
                continue
            for statement in chunk.statements:
                text = _placeholders(statement.text, country)
                if not 40 <= len(text) <= 400 or re.search(r"\d|\(|\)", text):
                    continue
                if statement.orgs == [country]:
                    if text.startswith("The delegation "):
                        pool.presented.append(text)
                elif len(statement.orgs) == 1 and text.startswith(statement.orgs[0] + " "):
                    rest = text[len(statement.orgs[0]) + 1 :]
                    if rest[:1].islower() and not any(s in rest for s in SOURCE_STATES):
                        pool.said.append(rest)
    if len(pool.said) < 50 or len(pool.recommendations) < 50 or len(pool.presented) < 5:
        raise SystemExit(f"bench: too few Working Group sentences ({len(pool.said)}, {len(pool.recommendations)}, {len(pool.presented)})")
    return pool


def _placeholders(text: str, country: str) -> str:
    for name in (country, *SOURCE_STATES):
        text = re.sub(rf"\b{re.escape(name)}(?:’s)?\b", "{country}", text)
    return text


@dataclass
class WgDoc:
    file: str
    chunks: int
    symbol: str
    kind: str  # "wg-report" or "addendum"


def _wrap(first: str, text: str) -> list[str]:
    return textwrap.wrap(f"{first}{text}", width=95, break_long_words=False, break_on_hyphens=False)


def _cover(symbol: str, hrc: int, year: int, rng: random.Random, country: str, addendum: bool) -> list[str]:
    lines = [
        f"United Nations {symbol}", "General Assembly", "Distr.: General",
        f"{rng.randint(1, 28)} {rng.choice(['March', 'June', 'September', 'December'])} {year}", "Original: English",
        "Human Rights Council", f"{_ORDINALS[hrc - 1].capitalize()} session", "Agenda item 6", "Universal periodic review",
        "Report of the Working Group on the Universal Periodic Review", country,
    ]
    if addendum:
        lines += ["Addendum", "Views on conclusions and/or recommendations, voluntary commitments and replies presented by "
                  "the State under review"]
    return lines


def write_report(folder: Path, index: int, pool: WgPool, size: int, country: str, session: int, year: int,
                 seed: int, with_addendum: bool) -> list[WgDoc]:
    """A report of about `size` chunks (its paragraphs and recommendations), and its addendum."""
    rng = random.Random(f"{seed}:wg:{index}")
    hrc = min(48, 7 + session)
    report_number = 10 + index % 40
    symbol = f"A/HRC/{hrc}/{report_number}"
    speakers = rng.sample(REVIEWERS, rng.randint(20, 45))
    n_recs = max(10, int(size * rng.uniform(0.5, 0.65)))
    n_dialogue = max(3, size - n_recs - 5)  # paragraphs 1-2, 2 of the presentation, the conclusions' lead
    lines = _cover(symbol, hrc, year, rng, country, False)
    lines.append("Introduction")
    lines += _wrap("1. ", f"The Working Group on the Universal Periodic Review, established in accordance with Human "
                   f"Rights Council resolution 5/1, held its {_ORDINALS[session - 1]} session in {year}. The review of "
                   f"{country} was held at the 5th meeting. At its 9th meeting, the Working Group adopted the report on {country}.")
    lines += _wrap("2. ", f"The Human Rights Council selected a group of rapporteurs to facilitate the review of {country}.")
    lines += ["I. Summary of the proceedings of the review process", "A. Presentation by the State under review"]
    number = 2
    for _ in range(2):
        number += 1
        lines += _wrap(f"{number}. ", " ".join(rng.sample(pool.presented, 2)).replace("{country}", country))
    lines.append("B. Interactive dialogue and responses by the State under review")
    for k in range(n_dialogue):
        number += 1
        state = speakers[k % len(speakers)]
        said = [rng.choice(pool.said) for _ in range(rng.randint(1, 3))]
        text = f"{state} {said[0]} " + " ".join(f"It {s}" for s in said[1:])
        lines += _wrap(f"{number}. ", text.strip().replace("{country}", country))
    lines.append("II. Conclusions and/or recommendations")
    number += 1
    lead = number
    lines += _wrap(f"{lead}. ", f"The recommendations listed below will be examined by {country}, which will provide "
                   f"responses in due time, but no later than the {_ORDINALS[hrc]} session of the Human Rights Council:")
    for k in range(1, n_recs + 1):
        states = rng.sample(speakers, rng.choices([1, 2, 3], [80, 15, 5])[0])
        text = rng.choice(pool.recommendations).replace("{country}", country)
        lines += _wrap(f"{lead}.{k} ", f"{text} ({', '.join(states)});")
    name = f"A_HRC_{hrc}_{report_number}_{index:05d}-wg-report.txt"
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs = [WgDoc(name, number + n_recs, symbol, "wg-report")]
    if with_addendum:
        numbers = [f"{lead}.{k}" for k in range(1, n_recs + 1)]
        noted = sorted(rng.sample(numbers, len(numbers) // 6), key=lambda n: int(n.split(".")[1]))
        supported = [n for n in numbers if n not in noted]
        lines = _cover(f"{symbol}/Add.1", hrc + 1, year + 1, rng, country, True)
        lines += _wrap("1. ", f"{country} examined the {n_recs} recommendations it received and provides the following responses.")
        lines += _wrap("2. ", f"{country} supports the following recommendations: {', '.join(supported)}.")
        lines += _wrap("3. ", f"{country} notes the following recommendations: {', '.join(noted)}.")
        add_name = f"A_HRC_{hrc}_{report_number}_{index:05d}_Add.1-addendum.txt"
        (folder / add_name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        docs.append(WgDoc(add_name, 3, f"{symbol}/Add.1", "addendum"))
    return docs
