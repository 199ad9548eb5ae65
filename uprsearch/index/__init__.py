"""The search index: the only package that imports Whoosh.

    location.py      where the index lives
    generations.py   the index folder: generations, CURRENT, the writers' lock
    schema.py        what a chunk becomes in the index: the Whoosh schema, field values, stored record
    analysis.py      the text field's analysis (and its one-pass forms)
    meta.py          meta.json and what a query reads of it
    fingerprints.py  what tells an update that a file, a catalogue entry or a data file changed
    update.py        bringing an index up to date: plan, parse and write, commit
    workers.py       parsing and writing the planned files, here or in worker processes
    writer.py        a new generation being written
    docvalues.py     per-document values for facets and ids
    expansions.py    abbreviations both ways
    query.py         the query language: syntax, field values, expansions, highlights, suggestions
    searcher.py      Index: the live generation, answering queries
    open_or_build.py opening the index, building it on first use
"""
from uprsearch.index.location import index_location
from uprsearch.index.analysis import analyze
from uprsearch.index.query import ParsedQuery, edit_distance, highlight_spans
from uprsearch.index.searcher import Hit, Index, Results
from uprsearch.index.update import UpdateReport, update
from uprsearch.index.open_or_build import open_index

# Temporary: the names of the old uprsearch/index.py that tests and bench still use.
from uprsearch.errors import IndexMissing, IndexOutdated  # noqa: E402,F401
from uprsearch.filters import FACET_FIELDS  # noqa: E402,F401
from uprsearch.index.analysis import analyse_text as _analyse_text, analyzer, stem_spans as _stem_spans  # noqa: E402,F401
from uprsearch.index.whoosh_internals.build_writer import build_writer_class as _build_writer_class  # noqa: E402,F401
from uprsearch.index.docvalues import DOCVALUES, compute_docvalues as _compute_docvalues  # noqa: E402,F401
from uprsearch.index.generations import META, POINTER, Lock as _Lock, live_generation as _live_generation  # noqa: E402,F401
from uprsearch.index.meta import READMETA, IndexInfo as _ReadMeta, Meta  # noqa: E402,F401
from uprsearch.index.whoosh_internals.lean_import import import_whoosh as _import_whoosh  # noqa: E402,F401
from uprsearch.index.whoosh_internals.posting_buffer import PostingBuffer as _PostingBuffer  # noqa: E402,F401
from uprsearch.index.schema import SCHEMA_VERSION, DOC_STRIDE, chunk_from_stored, document_fields as _document_fields, schema as _schema  # noqa: E402,F401
from uprsearch.index.workers import prepare_document as _prepare_document  # noqa: E402,F401
from uprsearch.index.writer import BUILD_LIMIT_MB, GenerationWriter as _GenerationWriter  # noqa: E402,F401
