"""`said`: everything an organisation said, as a part of the Library (library.py) kept apart for
length; it answers with the Library's name resolving, index and records (self.identities,
self.resolve_filters, self.index, self.hit_record ...)."""
from __future__ import annotations

from typing import Any

from uprsearch.filters import FILTER_FIELDS
from uprsearch.index import Hit
from uprsearch.models import SUBMISSION, attributions, statement_id
from uprsearch.outcome import Filters, Identity, Outcome
from uprsearch.statements import STATEMENT_READERS, count_facets, said_kind, statement_fields, statement_spans


class Said:
    """The Library's `said` (class Library(Said, Registries))."""

    def said(
        self,
        org_name: str,
        words: list[str] | tuple[str, ...],
        filters: Filters,
        *,
        paragraphs: bool = False,
        sort: str = "document",
        limit: int | None = None,
        facets: bool = False,
    ) -> Outcome:
        """The statements attributed to an organisation, in document order (or whole paragraphs).
        A name several organisations go by (each document's own JS1) gives them all, and a notice
        that says which (--doc narrows to one)."""
        identities = self.identities(org_name)
        query = self.parse_query(words)
        resolved = self.resolve_filters(filters)
        docs = self._documents_of(identities)
        if docs is not None:
            resolved["doc"] = [d for d in resolved.get("doc", self.documents) if d in docs]
            identities = [i for i in identities if i.docs & set(resolved["doc"])] or identities
        org_ids = list(dict.fromkeys(i.org.id for i in identities))
        kinds = set(resolved.pop("kind", []))
        # filters a statement answers with values of its own (--theme): its chunk must match
        # (the index's filter), and then the statement itself
        own = {name: set(values) for name, values in resolved.items() if name in STATEMENT_READERS and name != "org"}
        authored = [d.id for d in self.documents.values() if d.type == SUBMISSION and d.author in org_ids]
        speaks = self.index.filter_query({"org": org_ids})
        if authored:
            from_docs = self.index.filter_query({"doc": authored})
            speaks = self.index.either(speaks, from_docs)
        results = self.index.search(query, resolved, extra=speaks, sort=sort if query else "document", limit=None)
        records: list[dict[str, Any]] = []
        answers: list[dict[str, set[str]]] = []  # each record's values of the filter fields, for the facets
        paragraph_hits: list[tuple[Hit, list[tuple[int, int]]]] = []  # and where the org's sentences are
        spoke: dict[int, Identity] = {}  # the organisations the name stands for that have statements here
        for hit in results.hits:
            chunk = hit.chunk
            document = self.documents.get(chunk.doc)
            chosen = []
            for n, (statement, ids) in enumerate(attributions(chunk, document), 1):
                speaker = next((i for i in identities if i.org.id in ids and i.speaks_in(chunk.doc)), None)
                if speaker is None:
                    continue
                kind = said_kind(statement, chunk)
                if kinds and kind not in kinds and chunk.kind not in kinds:
                    continue
                values = statement_fields(chunk, statement, ids, kind)
                if any(not wanted & values[name] for name, wanted in own.items()):
                    continue
                if query is not None and not query.matches(statement.text, values):
                    continue
                chosen.append((statement, kind, values, speaker.org.id, n))
                spoke.setdefault(id(speaker), speaker)
            if not chosen:
                continue
            if paragraphs:
                spans = statement_spans(chunk.text, [c[0] for c in chosen])
                if query is None:
                    hit.highlights = spans
                paragraph_hits.append((hit, spans))
                answers.append({f.name: set(f.values(chunk, None)) for f in FILTER_FIELDS})
                continue
            for statement, kind, values, org, n in chosen:
                record = {
                    "id": chunk.id,
                    "doc": chunk.doc,
                    "para": chunk.para,
                    "org": org,
                    "kind": kind,
                    "text": statement.text,
                    "section": chunk.section,
                    "highlights": [list(s) for s in query.highlights(statement.text)] if query else [],
                    "response": chunk.response,  # a State recommendation's, for the text view
                    "country": chunk.country,
                    **self.reference(chunk),
                    # for a table (export_rows): the statement's id and themes
                    "statement": statement_id(chunk.id, n),
                    "themes": list(statement.themes),
                }
                records.append(record)
                answers.append(values)
        if paragraphs:
            # said_spans: the organisation's sentences, for the text view to mark beside the matches
            records = [{**self.hit_record(h), "said_spans": [list(s) for s in spans]} for h, spans in paragraph_hits]
        total = len(records)
        facet_counts = count_facets(answers) if facets else None
        if limit is not None:
            records = records[:limit]
        suggestion = self.index.suggest(query.text) if query is not None and not total else None
        notices = []
        if len(spoke) > 1:
            notices.append(f"uprsearch: {org_name!r} names {len(spoke)} organisations: "
                           f"{'; '.join(i.label() for i in spoke.values())}; all are listed (--doc chooses one)")
        return Outcome(records, total, facet_counts, suggestion, self.documents, notices)
