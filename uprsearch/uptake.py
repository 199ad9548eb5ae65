"""Uptake: which recommendations States made in a review ask for what a stakeholder recommended.

For each recommendation an organisation made (a statement of kind recommendation, in its own
submission or as a summary reports it), the recommendations of the Working Group report of the
same review are ranked by how close they are in meaning, each with its score, its States and
the response. Closeness is the weighted overlap of content words (TF-IDF cosine over word stems,
with treaty acronyms spelt out from data/acronyms.toml: "ICCPR-OP 2" is the "Second Optional
Protocol to the International Covenant on Civil and Political Rights, aiming at the abolition of
the death penalty") plus the agreement of their themes (data/themes.toml), which is how "ratify
the Second Optional Protocol" meets "abolish the death penalty". bench/uptake.py measures it on
a hand key, beside word overlap alone and beside a small embedding model (WordLlama), which did
not do better there and so is not used.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Iterable

from uprsearch.models import PARTIALLY_SUPPORTED, RECOMMENDATION, SUPPORTED, WG_DOCUMENT_TYPES, Chunk, Document, Statement

# Below this score a State recommendation is not taken to ask for the same thing (chosen on the
# hand key: bench/README.md gives the share found and the false uptakes at each threshold).
TAKEN_UP_AT = 0.4
THEME_WEIGHT = 0.35

_TOKEN = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    """a about above all also an and any are as at be been by can consider continue could do does
    due each effective efforts ensure especially every for from further has have in including into
    is it its may measures more necessary new no not of on or other particular per recommended
    recommends should so some state such take than that the their them there these this those to
    towards under urged was were which while who will with within would kazakhstan
    slovenia government authorities country recommend recommendation recommendations inter alia""".split()
)
_OPENING = re.compile(
    r"^(?:[A-Z][\w’'.()\- ]{0,80}?\s+(?:also\s+|further\s+)?(?:recommended|urged|called\s+(?:up)?on|encouraged|requested|"
    r"appealed\s+to|proposed|suggested)\s+(?:that\s+)?(?:the\s+Government\s+of\s+|the\s+authorities\s+of\s+)?(?:\w+\s+)?(?:to\s+)?)",
)


def stem(word: str) -> str:
    """A word cut to a stem shared by its forms ("ratify", "ratification" -> "ratif"; "abolition",
    "abolish" -> "aboli")."""
    for suffix in ("ations", "ation", "itions", "ition", "ings", "ing", "ions", "ion", "ies", "ied", "ish", "ed", "es", "s", "y", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_words(text: str, acronyms: dict[str, str]) -> list[str]:
    """The stems of a recommendation's content words, with its treaty acronyms spelt out."""
    text = _OPENING.sub("", text).replace("–", "-").replace("‑", "-")
    extra = [long for short, long in acronyms.items() if short in text]
    words = _TOKEN.findall(" ".join([text, *extra]).lower())
    return [stem(w) for w in words if w not in _STOP and len(w) > 1]


@dataclass
class Candidate:
    chunk: Chunk
    score: float


@dataclass
class Uptake:
    """One stakeholder recommendation and the State recommendations that ask for the same thing."""

    orgs: list[str]
    source: str  # the statement's id: "<chunk id>.<n>"
    text: str
    candidates: list[Candidate] = field(default_factory=list)
    chunk: Chunk | None = None  # the stakeholder's chunk
    review: str = ""  # the symbol of the review's Working Group report

    @property
    def taken_up(self) -> bool:
        """Whether a State recommendation asks for the same thing (the best scores the threshold)."""
        return bool(self.candidates) and self.candidates[0].score >= TAKEN_UP_AT

    @property
    def supported(self) -> bool:
        """Taken up, and the State under review supported (in part or in whole) one of the State
        recommendations that ask for it."""
        return any(c.score >= TAKEN_UP_AT and c.chunk.response in (SUPPORTED, PARTIALLY_SUPPORTED) for c in self.candidates)

    def to_record(self, top: int = 3) -> dict:
        return {
            "id": self.source,
            "doc": self.chunk.doc if self.chunk else "",
            "para": self.chunk.para if self.chunk else None,
            "orgs": self.orgs,
            "text": self.text,
            "review": self.review,
            "taken_up": self.taken_up,
            "supported": self.supported,
            "matches": [
                {
                    "id": c.chunk.id, "number": c.chunk.number, "states": list(c.chunk.orgs), "response": c.chunk.response,
                    "response_source": c.chunk.response_source, "score": round(c.score, 3),
                    "same": c.score >= TAKEN_UP_AT, "text": c.chunk.text,
                }
                for c in self.candidates[:top]
            ],
        }


class Matcher:
    """Ranks a review's State recommendations against a text."""

    def __init__(self, state_chunks: list[Chunk], acronyms: dict[str, str], taxonomy=None, theme_weight: float = THEME_WEIGHT):
        self.chunks = [c for c in state_chunks if c.kind == RECOMMENDATION]
        self.acronyms = acronyms
        self.taxonomy = taxonomy
        self.theme_weight = theme_weight
        words = [content_words(c.text, acronyms) for c in self.chunks]
        frequency: dict[str, int] = {}
        for doc in words:
            for word in set(doc):
                frequency[word] = frequency.get(word, 0) + 1
        n = max(len(words), 1)
        self.idf = {word: math.log(1 + n / f) for word, f in frequency.items()}
        self.default_idf = math.log(1 + n)
        self.vectors = [self._vector(doc) for doc in words]
        self.themes = [set(c.themes) or self._themes(c.text) for c in self.chunks]

    def _vector(self, words: list[str]) -> dict[str, float]:
        vector: dict[str, float] = {}
        for word in words:
            vector[word] = vector.get(word, 0.0) + self.idf.get(word, self.default_idf)
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {w: v / norm for w, v in vector.items()}

    def _themes(self, text: str) -> set[str]:
        return set(self.taxonomy.tag(text, [])) if self.taxonomy is not None else set()

    def rank(self, text: str, themes: Iterable[str] = ()) -> list[Candidate]:
        query = self._vector(content_words(text, self.acronyms))
        query_themes = set(themes) or self._themes(text)
        scores = []
        for vector, chunk_themes in zip(self.vectors, self.themes):
            words = sum(weight * vector.get(word, 0.0) for word, weight in query.items())
            union = query_themes | chunk_themes
            shared = len(query_themes & chunk_themes) / len(union) if union else 0.0
            scores.append(words + self.theme_weight * shared * (1.0 if words > 0.05 else 0.5))
        ranked = sorted(zip(scores, range(len(scores))), key=lambda x: -x[0])
        return [Candidate(self.chunks[i], score) for score, i in ranked]


def stakeholder_recommendations(chunks: list[Chunk], orgs: set[str] | None = None) -> list[tuple[Chunk, int, Statement]]:
    """The recommendations stakeholders made in these chunks (of stakeholder_documents: a Working
    Group report's words are States'): (chunk, statement number, statement), only those of `orgs`
    when given."""
    out = []
    for chunk in chunks:
        for n, statement in enumerate(chunk.statements, 1):
            if statement.kind != "recommendation" or not statement.orgs:
                continue
            if orgs is not None and not orgs & set(statement.orgs):
                continue
            out.append((chunk, n, statement))
    return out


def uptake(stakeholder_chunks: list[Chunk], matcher: Matcher, orgs: set[str] | None = None, top: int = 3,
           review: str = "") -> list[Uptake]:
    """For each stakeholder recommendation, the `top` closest State recommendations of the review."""
    rows = []
    for chunk, n, statement in stakeholder_recommendations(stakeholder_chunks, orgs):
        candidates = matcher.rank(statement.text)[:top]
        rows.append(Uptake(list(statement.orgs), f"{chunk.id}.{n}", statement.text, candidates, chunk, review))
    return rows


def review_of(document: Document) -> tuple[str, int | None]:
    """The review a document belongs to: its State (ISO code, else name) and cycle (else session)."""
    state = document.iso3 or document.country.lower()
    return state, document.cycle if document.cycle is not None else document.session


def stakeholder_documents(documents: Iterable[Document], report: Document) -> list[Document]:
    """The documents of a Working Group report's review that speak for stakeholders: the
    summary, the submissions (any document of the same State and cycle but a report or addendum)."""
    review = review_of(report)
    return [d for d in documents if d.type not in WG_DOCUMENT_TYPES and review_of(d) == review and review[0]]


def summarise(rows: list[Uptake], orgs: set[str] | None = None) -> list[dict]:
    """Per organisation: its recommendations, how many were taken up and supported, and the shares."""
    counts: dict[str, list[int]] = {}
    for row in rows:
        for org in row.orgs:
            if orgs is None or org in orgs:
                c = counts.setdefault(org, [0, 0, 0])
                c[0] += 1
                c[1] += row.taken_up
                c[2] += row.supported
    return [
        {"org": org, "recommendations": n, "taken_up": taken, "supported": supported,
         "taken_up_share": round(taken / n, 3), "supported_share": round(supported / n, 3)}
        for org, (n, taken, supported) in sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0].lower()))
    ]
