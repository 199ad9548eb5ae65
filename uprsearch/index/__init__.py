"""The search index: the only package that imports Whoosh.

Its face is what the library, the CLI, the tests and the benchmarks use: open_index (open the
index, building it on first use), Index (the live generation, answering queries) with its Hit,
Results and ParsedQuery, update (bring an index up to date with its files), index_location, and
the text analysis the highlighter shares. Its rooms, each with one job:

    location.py       where the index lives
    generations.py    the index folder: generations, CURRENT, the writers' lock
    faults.py         the one-line errors for a damaged index, or one another schema wrote
    health.py         what an index folder holds: damage, leftovers of interrupted builds, --repair, --status
    schema.py         what a chunk becomes in the index: the schema, field values, stored record
    analysis.py       the text field's analysis (and its one-pass forms)
    meta.py           meta.json, and what a query reads of it
    fingerprints.py   what tells an update that a file, a catalogue entry or a data file changed
    indexer.py        bringing an index up to date (update): plan, parse and write, commit
    workers.py        parsing and writing the planned files, here or in worker processes
    writer.py         a new generation being written
    docvalues.py      per-document values, for facets and ids
    expansions.py     abbreviations both ways
    query.py          the query language: syntax, field values, expansions, suggestions, highlights
    searcher.py       Index
    open_or_build.py  opening the index, building it on first use
    whoosh_internals/ what reaches into Whoosh's private internals for speed (whoosh-reloaded 2.7.5 only)
"""
from __future__ import annotations

from typing import Any

from uprsearch.index.analysis import analyze
from uprsearch.index.health import IndexStatus, status as index_status
from uprsearch.index.location import index_location
from uprsearch.index.open_or_build import index_targets, open_index
from uprsearch.index.query import ParsedQuery, edit_distance, highlight_spans
from uprsearch.index.searcher import Hit, Index, Results

__all__ = [
    "Hit", "Index", "IndexStatus", "ParsedQuery", "Results", "UpdateReport", "analyze", "edit_distance",
    "highlight_spans", "index_location", "index_status", "index_targets", "open_index", "update",
]


def __getattr__(name: str) -> Any:
    """update and UpdateReport, imported when first asked for: a query never loads the build side."""
    if name in ("update", "UpdateReport"):
        from uprsearch.index import indexer

        return getattr(indexer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
