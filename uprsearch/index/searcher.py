"""Index: a read-only view of the live generation, answering queries.

One Whoosh searcher is kept for the process. Queries are scored in one pass (collect, BM25F) and
facets counted from the per-document values; hits come back with their chunks and highlights.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from uprsearch.errors import IndexMissing, UprError
from uprsearch.filters import FACET_FIELDS, INDEX_FIELD
from uprsearch.index.docvalues import DocValues
from uprsearch.index.fingerprints import knowledge_fingerprint
from uprsearch.index.generations import live_generation
from uprsearch.index.faults import READ_ERRORS, damaged, foreign_version
from uprsearch.index.meta import IndexInfo, Meta, SchemaMismatch, meta_schema_version, read_meta
from uprsearch.index.query import ParsedQuery, QueryLanguage
from uprsearch.index.schema import SCHEMA_VERSION, STATEMENT_FIELD, chunk_from_stored
from uprsearch.index.whoosh_internals.collector import collect
from uprsearch.index.whoosh_internals.file_views import install_file_views
from uprsearch.index.whoosh_internals.lean_import import import_whoosh
from uprsearch.index.whoosh_internals.scoring import weighting
from uprsearch.models import CHUNK_KINDS, STATEMENT_KINDS, Chunk, Document, statement_id


@dataclass
class Hit:
    chunk: Chunk
    pos: int
    score: float | None = None
    highlights: list[tuple[int, int]] = field(default_factory=list)  # in the chunk's text (a statement hit: none)
    statement: int = 0  # a statement hit (search(statements=True)): its number in the chunk (models.statement_id)


@dataclass
class Results:
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]] | None = None
    ids: list[str] | None = None  # with load="ids": the hits' chunk ids, in order


class Index:
    """A read-only view of the live generation, with one Whoosh searcher kept for the process."""

    def __init__(self, location: Path, generation: Path, meta: Meta | None, info: IndexInfo | None = None):
        import_whoosh()
        install_file_views()
        from whoosh import index as whoosh_index

        self.location = location
        self.generation = generation
        self._meta = meta
        self.info = info if info is not None else IndexInfo.from_meta(self.meta)
        try:
            self._ix = whoosh_index.open_dir(str(generation))
        except (whoosh_index.IndexError, *READ_ERRORS) as exc:  # a permission error is not this
            raise damaged(location, f"{generation.name} cannot be read: {type(exc).__name__}") from None
        self._searcher = None
        self._docvalues: DocValues | None = None
        self.language = QueryLanguage(lambda: self.searcher, self.info)

    @classmethod
    def open(cls, location: Path) -> "Index":
        for attempt in range(3):
            gen = live_generation(location)
            if gen is None:
                raise IndexMissing(f"no index at {location}; build it with `uprsearch index`")
            try:
                info = IndexInfo.load(gen) if meta_schema_version(gen) == SCHEMA_VERSION else None
                if info is None:  # a generation written before readmeta.pickle, or another schema
                    return cls(location, gen, read_meta(gen))
                if info.schema_version != SCHEMA_VERSION:
                    raise SchemaMismatch(info.schema_version)
                return cls(location, gen, None, info)
            except SchemaMismatch as exc:
                raise foreign_version(location, exc.args[0]) from None
            except FileNotFoundError:
                time.sleep(0.05)  # replaced while we opened it; read the pointer again
            except (ValueError, KeyError, TypeError) as exc:
                raise damaged(location, f"{gen.name}/meta.json cannot be read: {type(exc).__name__}") from exc
        raise UprError(f"the index at {location} keeps changing; try again")

    # -- helpers ----------------------------------------------------------------------------

    @property
    def meta(self) -> Meta:
        """All of meta.json (read on first use: queries need only self.info)."""
        if self._meta is None:
            self._meta = read_meta(self.generation)
        return self._meta

    def is_stale(self) -> bool:
        """Whether the data files (or, in a checkout, the code) changed since the index was built."""
        # knowledge_dirs(sources that exist), with os.path on the strings: one stat per source,
        # no Path objects (1,326 sources at 100k paragraphs: ~15 ms of a cold query)
        exists, dirname = os.path.exists, os.path.dirname
        dirs = sorted({Path(dirname(s)) for s in self.info.sources if exists(s)})
        return knowledge_fingerprint(dirs, self.location) != self.info.knowledge

    @property
    def searcher(self):
        if self._searcher is None:
            try:  # opening the segments reads their directories: where a truncated one shows
                self._searcher = self._ix.searcher(weighting=weighting())
            except READ_ERRORS as exc:
                raise damaged(self.location, f"{self.generation.name} cannot be read: {type(exc).__name__}") from None
        return self._searcher

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self._ix.close()

    @property
    def documents(self) -> list[Document]:
        return list(self.info.documents)

    def document(self, doc_id: str) -> Document | None:
        for document in self.info.documents:
            if document.id == doc_id:
                return document
        return None

    def values(self, fieldname: str) -> list[str]:
        """Every value a keyword field has in the index."""
        return [t.decode("utf-8") if isinstance(t, bytes) else t for t in self.searcher.reader().lexicon(fieldname)]

    def chunk_count(self) -> int:
        from uprsearch.index.whoosh_internals.scoring import documents_of_kind

        return documents_of_kind(self.searcher.reader(), "text") - (self.searcher.doc_count_all() - self.searcher.doc_count())

    # -- queries ----------------------------------------------------------------------------

    def parse_query(self, text: str, resolve: Callable[[str, str], list[str]]) -> ParsedQuery:
        """Parse Whoosh query syntax; field values go through `resolve(field, value) -> values`."""
        return self.language.parse(text, resolve)

    def suggest(self, text: str) -> str | None:
        """A corrected query string from the index's own vocabulary, or None (see QueryLanguage.suggest)."""
        return self.language.suggest(text)

    def filter_query(self, filters: dict[str, list[str]], statements: bool = False):
        """Resolved filter values: the same filter twice means either value; filters combine with AND.
        Each selects on its index field (filters.INDEX_FIELD: `by_type` on `org`); a statement
        document's (schema.STATEMENT_FIELD) with `statements`."""
        from whoosh import query as Q

        parts = []
        for name, values in filters.items():
            if not values:
                continue
            fieldname = INDEX_FIELD.get(name, name)
            if statements:
                fieldname = STATEMENT_FIELD[fieldname]
            terms = [Q.Term(fieldname, v) for v in values]
            parts.append(terms[0] if len(terms) == 1 else Q.Or(terms))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Q.And(parts)

    def _filter_docnums(self, filters: dict[str, list[str]], extras=(), statements: bool = False) -> "_Allowed | None":
        """The chunks (statements, with `statements`) the filters and the `extras` queries allow, as
        a set of document numbers: what
        Whoosh makes of filter_query's And/Or query, but read term by term. An --org filter can
        restrict the documents to hundreds of `doc` values, and Whoosh's union of that many
        matchers stepped through every posting (bench/README.md, "--org")."""
        from whoosh import query as Q

        searcher = self.searcher
        allowed: set[int] | None = None
        for name, values in filters.items():
            if not values:
                continue
            fieldname = INDEX_FIELD.get(name, name)
            if statements:
                fieldname = STATEMENT_FIELD[fieldname]
            docnums: set[int] = set()
            for value in values:
                docnums.update(searcher.docs_for_query(Q.Term(fieldname, value)))
            allowed = docnums if allowed is None else allowed & docnums
        for extra in extras:
            docnums = set(searcher.docs_for_query(extra))
            allowed = docnums if allowed is None else allowed & docnums
        return None if allowed is None else _Allowed(allowed)

    @staticmethod
    def either(*queries):
        from whoosh import query as Q

        return Q.Or([q for q in queries if q is not None])

    def search(
        self,
        query: "ParsedQuery | None",
        filters: dict[str, list[str]] | None = None,
        *,
        extra=None,
        sort: str = "relevance",
        limit: int | None = 10,
        facets: bool = False,
        load: str = "chunks",
        statements: bool = False,
    ) -> Results:
        """Run a query (None: every chunk) with filters; hits in relevance or document order.

        load: "chunks" gives hits with their chunks and highlights; "ids" only the chunk ids of
        the hits (Results.ids, read from the generation's per-document values, no stored fields);
        "none" only the total (and facets). With `statements`, the query and filters select
        statements (their own words, speakers, kinds and themes, their chunk's other values;
        `extra` too must be a statement query): hits are statements (Hit.statement, the chunk
        they stand in), ids statement ids, facets count statements."""
        from whoosh import query as Q

        # every document of the kind asked for (Every would find the other kind too); a query
        # with a NOT is kept to that kind (NOT finds every document without the word)
        every = _any_term("s_kind", STATEMENT_KINDS) if statements else _any_term("kind", CHUNK_KINDS)
        kept = None
        if query is None:
            q = every
        else:
            q = statement_query(query.query) if statements else query.query
            if any(isinstance(node, Q.Not) for node in _nodes(q)):
                kept = every
        flt = self._filter_docnums(filters or {}, [c for c in (extra, kept) if c is not None], statements)
        by_document = sort == "document" or query is None
        searcher = self.searcher
        scores: dict[int, float] = {}
        if by_document:
            results = searcher.search(q, filter=flt, limit=None, sortedby="pos", scored=query is not None)
            matched = [docnum for _, docnum in results.top_n]
            total = len(matched)
            shown = matched if limit is None else matched[:limit]
            if query is not None and shown and load == "chunks":
                # sortedby scores are the sort keys; compute the real relevance for the hits shown
                scores = self._scores(q, flt, shown)
        else:
            total, top, matched = collect(searcher, q, flt, limit, keep=facets)
            shown = [docnum for _, docnum in top]
            scores = {docnum: 0 - negative for negative, docnum in top}
        hits: list[Hit] = []
        ids: list[str] | None = None
        if statements and load == "chunks":
            chunks: dict[str, Hit] = {}
            for docnum in shown:
                score = scores.get(docnum)
                chunk_id, n = searcher.stored_fields(docnum)["statement"]
                if chunk_id not in chunks:
                    chunks[chunk_id] = self.get(chunk_id)
                chunk = chunks[chunk_id]
                hits.append(Hit(chunk.chunk, chunk.pos, round(float(score), 4) if score is not None and query is not None
                                else None, [], n))
        elif statements and load == "ids":
            ids = [statement_id(*searcher.stored_fields(d)["statement"]) for d in shown]
        elif load == "chunks":
            for docnum in shown:
                score = scores.get(docnum)
                score = round(float(score), 4) if score is not None and query is not None else None
                hits.append(self._hit(searcher.stored_fields(docnum), score, query))
        elif load == "ids":
            known = self.docvalues.ids
            ids = [known[d] if known[d] is not None else searcher.stored_fields(d)["id"] for d in shown]
        facet_counts = None
        if facets:
            facet_counts = {}
            for name in FACET_FIELDS:
                counts = self.docvalues.counts(STATEMENT_FIELD[name] if statements else name, matched)
                facet_counts[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))))
        return Results(hits, total, facet_counts, ids)


    def statement_filter(self, filters: dict[str, list[str]]):
        """filter_query over statement documents (for `extra`)."""
        return self.filter_query(filters, statements=True)

    def _scores(self, q, flt, docnums: list[int]) -> dict[int, float]:
        _, scored, _ = collect(self.searcher, q, flt, None)
        wanted = set(docnums)
        return {docnum: 0 - negative for negative, docnum in scored if docnum in wanted}

    @property
    def docvalues(self) -> "DocValues":
        if self._docvalues is None:
            self._docvalues = DocValues.load(self.generation, self.searcher.reader())
        return self._docvalues

    def _hit(self, stored: dict[str, Any], score: float | None, query: "ParsedQuery | None") -> Hit:
        chunk = chunk_from_stored(stored)
        spans = query.highlights(chunk.text) if query is not None else []
        return Hit(chunk, stored["pos"], score, spans)

    def get(self, chunk_id: str) -> Hit | None:
        stored = self.searcher.document(id=chunk_id)
        return self._hit(stored, None, None) if stored else None

    def around(self, hit: Hit, n: int) -> list[Hit]:
        """The chunk and up to n chunks either side of it in its document, in document order."""
        from whoosh import query as Q

        searcher = self.searcher
        results = searcher.search(Q.Term("doc", hit.chunk.doc), limit=None, sortedby="pos", scored=False)
        places = searcher.reader().column_reader("pos")  # "pos" is sorted and stored, not searched
        near = [d for d in results.docs() if abs(places[d] - hit.pos) <= n]
        return [self._hit(searcher.stored_fields(d), None, None) for d in near]

    def similar(self, hit: Hit, filters: dict[str, list[str]] | None = None, limit: int | None = 10) -> Results:
        """More-like-this on the chunk's text; the chunk itself is left out."""
        from whoosh import query as Q

        searcher = self.searcher
        docnum = searcher.document_number(id=hit.chunk.id)
        flt = self.filter_query(filters or {})
        top = limit if limit is not None else max(searcher.doc_count_all(), 1)
        results = searcher.more_like(docnum, "text", text=hit.chunk.text, top=top, numterms=12, filter=flt)
        hits = [self._hit(h.fields(), round(float(h.score), 4), None) for h in results]
        terms = [w for w, _ in searcher.key_terms([docnum], "text", numterms=12)]
        if hits:
            keys = ParsedQuery(" ".join(terms), Q.Or([Q.Term("text", t) for t in terms]), self.language)
            for h in hits:
                h.highlights = keys.highlights(h.chunk.text)
        return Results(hits, len(results))


def _nodes(q):
    yield q
    if not q.is_leaf():
        for child in q.children():
            yield from _nodes(child)


def _any_term(fieldname: str, values) -> Any:
    """Every document with one of these values in a field that each of its kind has (a chunk's
    kind, a statement's): every chunk, or every statement."""
    from whoosh import query as Q

    return Q.Or([Q.Term(fieldname, v) for v in values])


def statement_query(q) -> Any:
    """A chunk query made a statement query: each field its statement documents' (`text` ->
    `s_text`, `org` -> `s_org` ...; schema.STATEMENT_FIELD)."""
    fieldname = getattr(q, "fieldname", None)
    if q.is_leaf():
        if fieldname in STATEMENT_FIELD:
            q = q.copy()
            q.fieldname = STATEMENT_FIELD[fieldname]
        return q
    return q.apply(statement_query)


class _Allowed(set):
    """Document numbers a filter allows. Never false: Whoosh reads an empty filter as none at all
    (`allow if allow else None`), where an empty one must match nothing."""

    def __bool__(self) -> bool:
        return True
