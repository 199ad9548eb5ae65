"""A chunk's statements as `said` sees them: each one's kind, the filter values it answers, where
it sits in its chunk's text, and facet counts over chunks or statements."""
from __future__ import annotations

from typing import Any

from uprsearch.filters import FILTER_FIELDS
from uprsearch.models import RECOMMENDATION, Chunk, Document, Statement, attributions, statement_id

FACETS = tuple(f for f in FILTER_FIELDS if f.facet)
STATEMENT_READERS = {f.name: f.statement for f in FILTER_FIELDS if f.statement is not None}


def facets_of(chunks: list[Chunk]) -> dict[str, dict[str, int]]:
    """Facet counts over the chunks (one per record, repeats counted), by each facet field."""
    return count_facets([{f.name: f.values(chunk, None) for f in FACETS} for chunk in chunks])


def count_facets(answers: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Facet counts over records, given each record's values of the facet fields (a chunk's, or
    a statement's in `said`: there the themes are the statement's)."""
    counts: dict[str, dict[str, int]] = {f.name: {} for f in FACETS}
    for values in answers:
        for name, tally in counts.items():
            for value in dict.fromkeys(values[name]):
                tally[value] = tally.get(value, 0) + 1
    return {name: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for name, c in counts.items()}



def said_kind(statement: Statement, chunk: Chunk) -> str:
    """The kind `said` gives a statement: an item of a recommendations list is a recommendation,
    whatever its verb. (tag.statement_kind is the kind the tagger reads from a sentence.)"""
    return RECOMMENDATION if chunk.kind == RECOMMENDATION else statement.kind


def statement_fields(chunk: Chunk, statement: Statement, orgs: set[str], kind: str) -> dict[str, set[str]]:
    """The field values a statement answers `org:`, `theme:`, `kind:`... with: its own where it has
    them (filters.FilterField.statement), its chunk's for the other filter fields; its organisations
    are those it is attributed to (a submission's author too) and its kinds also its chunk's."""
    values = {
        f.name: set(f.statement(statement) if f.statement is not None else f.values(chunk, None)) for f in FILTER_FIELDS
    }
    values["org"] = set(orgs)
    values["kind"] = {kind, statement.kind, chunk.kind}
    return values


def statement_spans(text: str, statements: list[Statement]) -> list[tuple[int, int]]:
    """Where each statement sits in its chunk's text (to highlight an organisation's sentences)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for statement in statements:
        at = text.find(statement.text, start)
        if at < 0:
            at = text.find(statement.text)
        if at >= 0:
            spans.append((at, at + len(statement.text)))
            start = at + len(statement.text)
    return sorted(spans)


def statements_of(chunk: Chunk, document: Document | None) -> list[dict[str, Any]]:
    """A chunk's statements as `said` sees them: id, text, organisations (a submission's author
    too), kind and themes."""
    out = []
    for n, (statement, ids) in enumerate(attributions(chunk, document), 1):
        orgs = [*statement.orgs, *sorted(ids - set(statement.orgs))]
        out.append({"id": statement_id(chunk.id, n), "text": statement.text, "orgs": orgs,
                    "kind": said_kind(statement, chunk), "themes": list(statement.themes)})
    return out
