"""What the commands do, as a library: search, said, show, similar and the registries.

A Library answers from an open Index (uprsearch.index.open_index opens one, building it on first
use). Requests come in as plain values (words, filter values as a user typed them); results go
out as records (dicts with the fields SPEC.md names, listings.COLUMNS) for render.py to print in
any format. Whoosh stays behind uprsearch.index.

Parts kept in their own modules for length: the values taken and given (outcome.py: Filters,
Outcome, Identity, imported here for the callers), `said` (said.py), the registries
(registries.py), and a chunk's statements and facet counts (statements.py).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import fields, is_dataclass
from functools import cached_property
from typing import Any

from uprsearch.errors import QueryError
from uprsearch.index import Hit, Index, ParsedQuery
from uprsearch.listings import COLUMNS
from uprsearch.models import (
    CHUNK_KINDS,
    NOTED,
    PARTIALLY_SUPPORTED,
    RESPONSES,
    STATEMENT_KINDS,
    SUPPORTED,
    WG_REPORT,
    Chunk,
    Document,
    Organisation,
    attributions,
    statement_id,
)
from uprsearch.orgs import Registry, alias_key
from uprsearch.outcome import Filters, Identity, Outcome
from uprsearch.registries import Registries, org_type
from uprsearch.said import Said
from uprsearch.statements import facets_of, said_kind, statement_spans, statements_of

__all__ = ["Filters", "Identity", "Library", "Outcome", "facets_of", "org_type"]


# ------------------------------------------------------------------------------------------------
# The library


class Library(Said, Registries):
    def __init__(self, index: Index):
        self.index = index
        self.documents = {d.id: d for d in index.documents}

    @cached_property
    def registry(self) -> Registry:
        """The index's organisations by every name they go by: built on the first lookup (a
        search with no org filter never needs it)."""
        registry = Registry()
        for org in self.index.info.organisations:
            if not org.doc:  # (a document's own organisations: own_organisations)
                registry.add(org)
        return registry

    @cached_property
    def own_organisations(self) -> dict[str, list[Identity]]:
        """The documents' own organisations (Organisation.doc), by every spelling (alias_key): the
        same id and name in several documents is one organisation (of them all); a joint
        submission never is (each document's JS1 has its own members)."""
        merged: dict[tuple[str, str, str], tuple[Organisation, set[str]]] = {}
        for org in self.index.info.organisations:
            if org.doc:
                key = (org.doc if org.type == "joint-submission" else "", org.id, alias_key(org.name))
                merged.setdefault(key, (org, set()))[1].add(org.doc)
        by_name: dict[str, list[Identity]] = {}
        for org, docs in merged.values():
            identity = Identity(org, frozenset(docs))
            for spelling in dict.fromkeys(alias_key(s) for s in (org.id, org.name, *org.aliases) if s):
                by_name.setdefault(spelling, []).append(identity)
        return by_name

    def identities(self, name: str) -> list[Identity]:
        """Every organisation a name stands for: the registry's (in the documents where no
        document's own organisation of the same id shadows it) and the documents' own ones."""
        found: list[Identity] = []
        known = self.registry.resolve(name)
        if known is not None:
            shadowed = {d for ids in self.own_organisations.values() for i in ids if i.org.id == known.id for d in i.docs}
            found.append(Identity(known, frozenset(set(self.documents) - shadowed) if shadowed else None))
        found.extend(self.own_organisations.get(alias_key(name), []))
        if not found:
            self.resolve_org(name)  # raises the error, with close matches
        return found

    # -- resolving names -------------------------------------------------------------------------

    def resolve(self, fieldname: str, value: str) -> list[str]:
        """Index values a user's filter or `field:value` means. Unknown names are errors that
        list close matches."""
        value = value.strip()
        if not value:
            raise QueryError(f"--{fieldname} needs a value")
        if fieldname == "org":
            return list(dict.fromkeys(i.org.id for i in self.identities(value)))
        if fieldname == "theme":
            return [self._resolve_theme(value)]
        if fieldname == "section":
            return self._resolve_section(value)
        if fieldname == "action":
            if value in ("1", "2", "3", "4", "5"):
                return [value]
            raise QueryError(f"--action takes an action category, 1 to 5 (1 minimal ... 5 specific action), not {value!r}")
        if fieldname == "kind":
            kinds = list(dict.fromkeys(CHUNK_KINDS + STATEMENT_KINDS))
            if value.lower() in kinds:
                return [value.lower()]
            raise QueryError(f"unknown kind {value!r}; kinds are {', '.join(kinds)}")
        if fieldname == "response":
            key = re.sub(r"[\s_]+", "-", value.lower())
            key = _RESPONSE_WORDS.get(key, key)
            if key in RESPONSES:
                return [key]
            raise QueryError(f"unknown response {value!r}; responses are {', '.join(RESPONSES)}")
        if fieldname == "by_type":
            return self._organisations_of_type(value)
        if fieldname == "doc":
            if value in self.documents:
                return [value]
            by_key = {d.lower(): d for d in self.documents}
            if value.lower() in by_key:
                return [by_key[value.lower()]]
            for doc in self.documents.values():
                if doc.symbol and doc.symbol.lower() == value.lower():
                    return [doc.id]
            raise QueryError(_unknown("document", value, list(self.documents), "uprsearch docs"))
        known = self.index.values(fieldname)
        lowered = {v.lower(): v for v in known}
        if value.lower() in lowered:
            return [lowered[value.lower()]]
        have = ", ".join(sorted(known)) or "none"
        raise QueryError(f"no documents of {fieldname} {value!r} in the index (it has: {have}; `uprsearch docs` lists them)")

    def resolve_org(self, name: str) -> str:
        org = self.registry.resolve(name)
        if org is not None:
            return org.id
        names: dict[str, str] = {}
        for o in [*self.registry, *(i.org for ids in self.own_organisations.values() for i in ids)]:
            for alias in [o.id, o.name, *o.aliases]:
                if alias:
                    names.setdefault(alias_key(alias), alias)
        close = difflib.get_close_matches(alias_key(name), list(names), n=4, cutoff=0.6)
        hint = f"; did you mean {_or([names[c] for c in close])}?" if close else ""
        raise QueryError(f"unknown organisation {name!r}{hint} (`uprsearch orgs` lists them)")

    def _organisations_of_type(self, name: str) -> list[str]:
        """The organisations of a type ("state", "ngo", "joint-submission" …) the index knows."""
        key = org_type(name)
        own = (identity.org for identities in self.own_organisations.values() for identity in identities)
        found = sorted({org.id for org in [*self.registry, *own] if org.type == key})
        if not found:
            raise QueryError(f"no organisation of type {key!r} in the index (`uprsearch orgs` lists them)")
        return found

    def _resolve_theme(self, name: str) -> str:
        key = name.strip().lower()
        themes = self.index.info.themes
        for theme in themes:
            if key in (theme["slug"].lower(), theme["label"].lower()):
                return theme["slug"]
        choices = [t["slug"] for t in themes] + [t["label"] for t in themes]
        raise QueryError(_unknown("theme", name, choices, "uprsearch themes"))

    def _resolve_section(self, text: str) -> list[str]:
        key = text.lower()
        headings = self.index.values("section")
        # A whole heading (as --facets lists it) means that heading; anything else is a substring.
        found = [h for h in headings if key == h.lower()] or [h for h in headings if key in h.lower()]
        if found:
            return found
        raise QueryError(_unknown("section", text, headings, "uprsearch search --facets", phrase="no heading contains"))

    def resolve_filters(self, filters: Filters) -> dict[str, list[str]]:
        resolved: dict[str, list[str]] = {}
        for name, values in filters.items():
            out: list[str] = []
            for value in values:
                out.extend(v for v in self.resolve(name, value) if v not in out)
            if out:
                resolved[name] = out
        if filters.org:  # an organisation speaks only in the documents where its name is its own
            chosen = [i for value in filters.org for i in self.identities(value)]
            docs = self._documents_of(chosen)
            if docs is not None and ("doc" in resolved or not docs.issuperset(self.documents)) and self._others_of(chosen):
                resolved["doc"] = [d for d in resolved.get("doc", self.documents) if d in docs]
        return resolved

    def _others_of(self, chosen: list[Identity]) -> bool:
        """Whether an organisation of the same id as one chosen is not chosen (another document's
        own "JS1", or the registry's where a document's own one was asked for): only then does
        the org filter need the documents the chosen ones speak in (each document's JS1 asked for:
        the org term alone says it, without a term per document)."""
        ids = {i.org.id for i in chosen}
        picked = {id(i) for i in chosen}
        if any(i.org.id in ids and id(i) not in picked for idents in self.own_organisations.values() for i in idents):
            return True
        if any(not i.org.doc for i in chosen):  # the registry's is chosen
            return False
        return any((org := self.registry.resolve(x)) is not None and org.id == x for x in ids)

    def _documents_of(self, identities: list[Identity]) -> set[str] | None:
        """The documents some identity speaks in; None for all."""
        if any(i.docs is None for i in identities):
            return None
        return {d for i in identities for d in i.docs}

    def parse_query(self, words: list[str] | tuple[str, ...]) -> ParsedQuery | None:
        """The words as one query (None for no words), field values resolved."""
        text = " ".join(words).strip()
        if not text:
            return None
        return self.index.parse_query(text, self.resolve)

    # -- commands -------------------------------------------------------------------------------

    def search(
        self,
        words: list[str] | tuple[str, ...],
        filters: Filters,
        *,
        sort: str = "relevance",
        limit: int | None = 10,
        facets: bool = False,
        fields: str = "all",
        statements: bool = False,
    ) -> Outcome:
        """Ranked hits as records. fields="all" gives every field (with highlights); "id" only
        each hit's id (for --format ids: no chunk is read); "none" no records, only the total and
        facets (for --count). With `statements`, the hits are statements (listings.COLUMNS
        ["statements"]): the query and the filters an organisation, kind or theme answer are
        each statement's own (a paragraph's other speakers are not its statement's), the others
        its chunk's; facets count statements."""
        query = self.parse_query(words)
        if query is not None and not query.has_words():
            sort = "document"  # field conditions only: every hit scores alike
        load = {"all": "chunks", "id": "ids", "none": "none"}[fields]
        results = self.index.search(
            query, self.resolve_filters(filters), sort=sort, limit=limit, facets=facets, load=load,
            statements=statements,
        )
        suggestion = None
        if results.total == 0 and query is not None:
            suggestion = self.index.suggest(query.text)
        if load == "ids":
            records = [{"id": hit_id} for hit_id in results.ids or []]
        elif statements:
            records = [self.statement_record(h, query) for h in results.hits]
        else:
            records = [self.hit_record(h) for h in results.hits]
            speakers = self._speakers_asked(filters)
            if speakers:  # said_spans: the sentences of the organisations asked for, for the text view to mark
                for record, hit in zip(records, results.hits):
                    said = [st for st, ids in attributions(hit.chunk, self.documents.get(hit.chunk.doc)) if ids & speakers]
                    record["said_spans"] = [list(span) for span in statement_spans(hit.chunk.text, said)]
        return Outcome(records, results.total, results.facets, suggestion, self.documents)

    def _speakers_asked(self, filters: Filters) -> set[str]:
        """The organisations --org and --by-type ask for (their ids)."""
        return {org for name in ("org", "by_type") for value in getattr(filters, name) for org in self.resolve(name, value)}

    def show(self, ids: list[str] | tuple[str, ...], context: int = 0, *, limit: int | None = None,
             facets: bool = False) -> Outcome:
        """The chunks the ids name (chunk or statement ids, symbols and paragraphs, whole documents:
        uprsearch.locate), each with `context` chunks either side."""
        from uprsearch.locate import references

        hits: list[Hit] = []
        seen: set[str] = set()
        for ref in references(ids, self.documents, lambda chunk_id: self.index.get(chunk_id) is not None):
            found = [self.index.get(ref.chunk)] if ref.chunk else self.index.search(
                None, {"doc": [ref.doc]}, sort="document", limit=None).hits
            if found == [None]:
                raise QueryError(self._unknown_id(ref.chunk))
            around = [h for hit in found for h in (self.index.around(hit, context) if context > 0 else [hit])]
            for h in around:
                if h.chunk.id not in seen:
                    seen.add(h.chunk.id)
                    hits.append(h)
        records = [self.hit_record(h) for h in hits]
        for record, h in zip(records, hits):  # who said which sentence, for the text view
            record.setdefault("statements", statements_of(h.chunk, self.documents.get(h.chunk.doc)))
        facet_counts = facets_of([h.chunk for h in hits]) if facets else None
        return Outcome(records[:limit] if limit else records, len(records), facet_counts, None, self.documents)

    def similar(self, chunk_id: str, filters: Filters, *, limit: int | None = 10, facets: bool = False) -> Outcome:
        """The chunks most like this one, best first: those that score at least SIMILAR_SHARE of
        the best and share at least SIMILAR_WORDS of its key words (more-like-this alone returns
        every chunk that shares one word with it)."""
        hit = self.index.get(chunk_id)
        if hit is None:
            raise QueryError(self._unknown_id(chunk_id))
        resolved = self.resolve_filters(filters)
        top = SIMILAR_FIRST
        while True:  # the hits come best first: ask for more only while the last still passes the cut
            hits = self.index.similar(hit, resolved, limit=top).hits
            if len(hits) < top or hits[-1].score < hits[0].score * SIMILAR_SHARE:
                break
            top *= 4
        best = hits[0].score if hits else 0.0
        hits = [h for h in hits if h.score >= best * SIMILAR_SHARE and _shared_words(h) >= SIMILAR_WORDS]
        facet_counts = facets_of([h.chunk for h in hits]) if facets else None
        total = len(hits)
        if limit is not None:
            hits = hits[:limit]
        return Outcome([self.hit_record(h) for h in hits], total, facet_counts, None, self.documents)

    def uptake(self, org_name: str | None = None, docs: list[str] | tuple[str, ...] = (), *, top: int = 3,
               summary: bool = False) -> Outcome:
        """For each recommendation stakeholders made (ORG's only, if given) in a review whose Working
        Group report is indexed, the State recommendations of the report that ask for the same
        thing, ranked (uprsearch.uptake); with `summary`, per organisation the share taken up and
        supported instead. `docs` (any document of a review, id or symbol) keeps those reviews."""
        from uprsearch import uptake as matching

        orgs = {identity.org.id for identity in self.identities(org_name)} if org_name else None
        reports = [d for d in self.documents.values() if d.type == WG_REPORT]
        if docs:
            reviews = {matching.review_of(self.documents[d]) for value in docs for d in self.resolve("doc", value)}
            reports = [r for r in reports if matching.review_of(r) in reviews]
        if not reports:
            which = "of that review " if docs else ""
            raise QueryError(f"no Working Group report {which}in the index: uptake compares stakeholders' recommendations "
                             "with those States made in a review's report (index it: `uprsearch index REPORT.pdf`)")
        by_review: dict[tuple, Document] = {}
        for report in reports:  # one report a review (a text and a PDF of the same report are one)
            by_review.setdefault(matching.review_of(report), report)
        taxonomy = self._taxonomy()
        rows: list = []
        for report in by_review.values():
            stakeholders = [d.id for d in matching.stakeholder_documents(self.documents.values(), report)]
            if not stakeholders:
                continue
            matcher = matching.Matcher(self._chunks_of([report.id]), self.index.info.acronyms, taxonomy)
            rows += matching.uptake(self._chunks_of(stakeholders), matcher, orgs, top, report.symbol or report.id)
        if summary:
            records = matching.summarise(rows, orgs)
        else:
            records = [row.to_record(top) for row in rows]
        return Outcome(records, len(records), None, None, self.documents)

    def _chunks_of(self, doc_ids: list[str]) -> list[Chunk]:
        return [hit.chunk for hit in self.index.search(None, {"doc": doc_ids}, sort="document", limit=None).hits]

    def _taxonomy(self):
        """The theme patterns the index was tagged with (the shipped data files and its folders')."""
        from pathlib import Path

        from uprsearch.themes import load_taxonomy

        return load_taxonomy(sorted({Path(source).parent for source in self.index.info.sources}))

    # -- records --------------------------------------------------------------------------------

    def hit_record(self, hit: Hit) -> dict[str, Any]:
        """A hit as a record of listings.COLUMNS["hits"]: the chunk's fields (lists copied, its
        footnotes as dicts), its document's symbol, country and cycle where the chunk has none,
        the score and the matched spans."""
        chunk = hit.chunk
        values = vars(chunk)
        out: dict[str, Any] = {}
        for name in _HIT_CHUNK_COLUMNS:
            value = values[name]
            if type(value) is list:
                value = [_fields(v) for v in value] if value and is_dataclass(value[0]) else list(value)
            out[name] = value
        doc = self.documents.get(chunk.doc)
        if doc is not None:
            out["symbol"] = out["symbol"] or doc.symbol
            out["country"] = out["country"] or doc.country
            out["cycle"] = out["cycle"] if out["cycle"] is not None else doc.cycle
        out["statements"] = statements_of(chunk, self.documents.get(chunk.doc))
        out.update(self.reference(chunk))
        out["score"] = hit.score
        out["highlights"] = [list(span) for span in hit.highlights]
        return out

    def statement_record(self, hit: Hit, query: ParsedQuery | None = None) -> dict[str, Any]:
        """A statement hit as a record of listings.COLUMNS["statements"]: the statement's id, text,
        speakers ({id, name, type}), kind and themes, then the paragraph it stands in (the chunk's
        id, kind and metadata as hit_record gives them), its score and the matched spans of its text."""
        chunk = hit.chunk
        statement, orgs = attributions(chunk, self.documents.get(chunk.doc))[hit.statement - 1]
        paragraph = self.hit_record(Hit(chunk, hit.pos, hit.score, []))
        record = {
            "id": statement_id(chunk.id, hit.statement),
            "text": statement.text,
            "speakers": [self.speaker(org, chunk.doc) for org in sorted(orgs)],
            "kind": said_kind(statement, chunk),
            "themes": list(statement.themes),
            "chunk": chunk.id,
            "chunk_kind": chunk.kind,
        }
        for name in COLUMNS["statements"]:
            if name not in record and name in paragraph:
                record[name] = paragraph[name]
        document = self.documents.get(chunk.doc)
        record["doc_type"] = document.type if document is not None else ""
        record["highlights"] = [list(s) for s in query.highlights(statement.text)] if query is not None else []
        return {name: record.get(name) for name in COLUMNS["statements"]}

    def speaker(self, org_id: str, doc: str) -> dict[str, str]:
        """An organisation speaking in a document: {id, name, type} (the document's own one of
        that id, else the registry's; a name the index does not know: its id, no type)."""
        cache = self.__dict__.setdefault("_speakers", {})
        key = (org_id, doc)
        if key not in cache:
            cache[key] = self._speaker(org_id, doc)
        return dict(cache[key])

    def _speaker(self, org_id: str, doc: str) -> dict[str, str]:
        for identities in self.own_organisations.values():
            for identity in identities:
                if identity.org.id == org_id and identity.speaks_in(doc):
                    return {"id": org_id, "name": identity.org.name or org_id, "type": identity.org.type}
        known = self.registry.resolve(org_id)
        if known is not None:
            return {"id": org_id, "name": known.name or org_id, "type": known.type}
        return {"id": org_id, "name": org_id, "type": ""}

    def reference(self, chunk: Chunk) -> dict[str, str]:
        """A chunk's citation and url (uprsearch.cite), its document's author named as the index names it."""
        from uprsearch import cite

        document = self.documents.get(chunk.doc)
        return cite.reference(chunk, document, self.author_name(document))

    def bibtex(self, records: list[dict[str, Any]]) -> str:
        """A BibTeX entry for each document the records are in, in their order."""
        from uprsearch import cite

        docs = [self.documents[d] for d in dict.fromkeys(r.get("doc", "") for r in records) if d in self.documents]
        return "\n".join(cite.bibtex(document, self.author_name(document)) for document in docs)

    def author_name(self, document: Document | None) -> str:
        """The name of a document's author (its `author` is an organisation id or a name)."""
        if document is None or not document.author:
            return ""
        org = self.registry.resolve(document.author)
        return (org.name or org.id) if org is not None else document.author

    def _unknown_id(self, chunk_id: str) -> str:
        ids = self.index.values("id")
        close = difflib.get_close_matches(chunk_id, ids, n=3, cutoff=0.6)
        hint = f"; did you mean {_or(close)}?" if close else ""
        return f"no chunk {chunk_id!r} in the index{hint} (ids look like {ids[0] if ids else 'doc:12'}; `uprsearch search --format ids` lists them)"


# `similar`'s relevance cut-off (bench/README.md has the counts it gives on the bundled corpus): a
# chunk is like another where it scores at least this share of the best one's score...
SIMILAR_SHARE = 0.4
# ...and has at least this many different words of the other's key terms
SIMILAR_WORDS = 3
SIMILAR_FIRST = 100  # hits asked of the index at first (more only where all of them pass the cut)


def _shared_words(hit: Hit) -> int:
    """How many different words of the source's key terms a similar hit has (its highlights)."""
    text = hit.chunk.text
    return len({text[start:end].lower() for start, end in hit.highlights})


# Words for a response as documents and users write them
_RESPONSE_WORDS = {"accepted": SUPPORTED, "rejected": NOTED, "not-supported": NOTED, "partial": PARTIALLY_SUPPORTED,
                   "partially": PARTIALLY_SUPPORTED, "partially-accepted": PARTIALLY_SUPPORTED}

_HIT_CHUNK_COLUMNS = tuple(c for c in COLUMNS["hits"] if c not in ("statements", "score", "highlights", "citation", "url"))  # the chunk's own


def _fields(record: Any) -> dict[str, Any]:
    """A record (a footnote) as a dict of its fields (dataclasses.asdict without the deep copy)."""
    return {f.name: getattr(record, f.name) for f in fields(record)}



def _or(items: list[str]) -> str:
    quoted = [repr(i) for i in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _unknown(what: str, value: str, choices: list[str], command: str, phrase: str | None = None) -> str:
    phrase = phrase or f"unknown {what}"
    lowered = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(value.lower(), list(lowered), n=4, cutoff=0.5)
    hint = f"; did you mean {_or([lowered[c] for c in close])}?" if close else ""
    return f"{phrase} {value!r}{hint} (`{command}` lists them)"

