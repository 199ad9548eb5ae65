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

from uprsearch.errors import IndexMissing, QueryError, UprError
from uprsearch.filters import FACET_FIELDS, INDEX_FIELD
from uprsearch.index.docvalues import DocValues
from uprsearch.index.fingerprints import knowledge_fingerprint
from uprsearch.index.generations import live_generation
from uprsearch.index.faults import READ_ERRORS, damaged, foreign_version
from uprsearch.index.meta import IndexInfo, Meta, SchemaMismatch, meta_schema_version, read_meta
from uprsearch.index.query import ParsedQuery, QueryLanguage
from uprsearch.index.schema import CHUNK_ONLY, SCHEMA_VERSION, STATEMENT_FIELD, chunk_from_stored
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

        parts = [terms[0] if len(terms) == 1 else Q.Or(terms) for terms in _filter_terms(filters, statements)]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Q.And(parts)

    def _filter_docnums(self, filters: dict[str, list[str]], extras=(), statements: bool = False) -> "_Allowed | None":
        """The chunks (statements, with `statements`) the filters and the `extras` queries allow, as
        a set of document numbers: what Whoosh makes of filter_query's And/Or query, but read term
        by term. An --org filter can
        restrict the documents to hundreds of `doc` values, and Whoosh's union of that many
        matchers stepped through every posting (bench/README.md, "--org")."""
        searcher = self.searcher
        allowed: set[int] | None = None
        for terms in _filter_terms(filters, statements):
            docnums: set[int] = set()
            for term in terms:
                docnums.update(searcher.docs_for_query(term))
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

        if statements:
            return self._search_statements(query, filters or {}, sort=sort, limit=limit, facets=facets, load=load)
        # every chunk (Every would find the statement documents too); a query with a NOT is kept
        # to chunks (NOT finds every document without the word)
        every = _any_term("kind", CHUNK_KINDS)
        kept = None
        if query is None:
            q = every
        else:
            q = query.query
            if any(isinstance(node, Q.Not) for node in _nodes(q)):
                kept = every
        flt = self._filter_docnums(filters or {}, [c for c in (extra, kept) if c is not None])
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
            total, shown, matched, scores = self._ranked(q, flt, limit, facets)
        hits: list[Hit] = []
        ids: list[str] | None = None
        if load == "chunks":
            for docnum in shown:
                score = scores.get(docnum)
                score = round(float(score), 4) if score is not None and query is not None else None
                hits.append(self._hit(searcher.stored_fields(docnum), score, query))
        elif load == "ids":
            known = self.docvalues.ids
            ids = [known[d] if known[d] is not None else searcher.stored_fields(d)["id"] for d in shown]
        facet_counts = None
        if facets:
            facet_counts = {name: _by_count(self.docvalues.counts(name, matched)) for name in FACET_FIELDS}
        return Results(hits, total, facet_counts, ids)

    def _ranked(self, q, flt, limit: int | None, keep: bool) -> tuple[int, list[int], list[int], dict[int, float]]:
        """Relevance order: (total, the best `limit` document numbers, every match if `keep`, their scores)."""
        total, top, matched = collect(self.searcher, q, flt, limit, keep=keep)
        return total, [docnum for _, docnum in top], matched, {docnum: 0 - negative for negative, docnum in top}

    def _search_statements(self, query: "ParsedQuery | None", filters: dict[str, list[str]], *, sort: str,
                           limit: int | None, facets: bool, load: str) -> Results:
        """search(statements=True): the query and the statement's own filters (schema.STATEMENT_FIELD)
        on the statement documents, the other filters on their chunks (schema.CHUNK_ONLY)."""
        from whoosh import query as Q

        searcher = self.searcher
        view = StatementView(self.docvalues.ids)
        every = _any_term("s_kind", STATEMENT_KINDS)
        q = every if query is None else statement_query(query.query)
        own = {name: values for name, values in filters.items() if INDEX_FIELD.get(name, name) not in CHUNK_ONLY}
        theirs = {name: values for name, values in filters.items() if name not in own}
        kept = [every] if query is not None and any(isinstance(node, Q.Not) for node in _nodes(q)) else []
        flt = self._filter_docnums(own, kept, statements=True)
        chunks = self._filter_docnums(theirs)
        if chunks is not None:  # the statements of the chunks those filters select
            allowed = view.statements_of(chunks)
            flt = _Allowed(allowed if flt is None else allowed & flt)
        if sort == "document" or query is None:  # its chunk's place, then its own
            total, _, matched, scores = self._ranked(q, flt, None, True)
            places = searcher.reader().column_reader("pos")
            matched = sorted(matched, key=lambda d: (places[view.chunk(d)], d))
            shown = matched if limit is None else matched[:limit]
        else:
            total, shown, matched, scores = self._ranked(q, flt, limit, facets)
        hits: list[Hit] = []
        ids: list[str] | None = None
        if load == "chunks":
            parents: dict[int, Hit] = {}
            for docnum in shown:
                parent = view.chunk(docnum)
                if parent not in parents:
                    parents[parent] = self._hit(searcher.stored_fields(parent), None, None)
                chunk = parents[parent]
                score = scores.get(docnum)
                score = round(float(score), 4) if score is not None and query is not None else None
                hits.append(Hit(chunk.chunk, chunk.pos, score, [], docnum - parent))
        elif load == "ids":
            ids = [statement_id(view.ids[view.chunk(d)], d - view.chunk(d)) for d in shown]
        facet_counts = None
        if facets:
            facet_counts = {}
            chunks_of = [view.chunk(d) for d in matched]  # a statement's other facets are its chunk's
            for name in FACET_FIELDS:
                own_values = STATEMENT_FIELD.get(name) in self.docvalues.fields
                counts = self.docvalues.counts(STATEMENT_FIELD[name], matched) if own_values else \
                    self.docvalues.counts(name, chunks_of)
                facet_counts[name] = _by_count(counts)
        return Results(hits, total, facet_counts, ids)

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


def _by_count(counts: dict[str, int]) -> dict[str, int]:
    """Facet counts, the most first (then by value)."""
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))))


class StatementView:
    """Statement documents and their chunks, by document number: a chunk's statements are the
    documents right after it, in order (schema.statement_fields), which have no id."""

    def __init__(self, ids: list[str | None]):
        self.ids = ids  # each document's chunk id (docvalues), None for a statement

    def chunk(self, docnum: int) -> int:
        """A statement document's chunk document (its number in the chunk: the difference)."""
        ids = self.ids
        while ids[docnum] is None:
            docnum -= 1
        return docnum

    def statements_of(self, chunks) -> set[int]:
        """The statement documents of these chunk documents."""
        ids, count = self.ids, len(self.ids)
        out: set[int] = set()
        for docnum in chunks:
            docnum += 1
            while docnum < count and ids[docnum] is None:
                out.add(docnum)
                docnum += 1
        return out


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
        if fieldname in CHUNK_ONLY or fieldname == "footnote":
            raise QueryError(f"{fieldname}: in a query selects paragraphs; with --statements give it as "
                             f"--{fieldname.replace('_', '-')}")
        if fieldname in STATEMENT_FIELD:
            q = q.copy()
            q.fieldname = STATEMENT_FIELD[fieldname]
        return q
    return q.apply(statement_query)


def _filter_terms(filters: dict[str, list[str]], statements: bool = False) -> list[list]:
    """Each filter's values as Terms on its index field (filters.INDEX_FIELD: `by_type` on `org`;
    a statement document's, schema.STATEMENT_FIELD, with `statements`); filters without values
    left out."""
    from whoosh import query as Q

    out = []
    for name, values in filters.items():
        if values:
            fieldname = INDEX_FIELD.get(name, name)
            fieldname = STATEMENT_FIELD[fieldname] if statements else fieldname
            out.append([Q.Term(fieldname, v) for v in values])
    return out


class _Allowed(set):
    """Document numbers a filter allows. Never false: Whoosh reads an empty filter as none at all
    (`allow if allow else None`), where an empty one must match nothing."""

    def __bool__(self) -> bool:
        return True
