"""What a chunk becomes in the index: the Whoosh schema, each chunk's field values and its stored record.

Fields: `id`; `text` (analysed, stored, with a spelling dictionary); `footnote`, the texts of its
footnotes (analysed as the text, not stored); one keyword field per filter
with a field of its own (filters.INDEXED_NAMES: each value one whole term, unscored); `pos`, the
chunk's place in the corpus (sorted and stored, never searched); `chunk`, the rest of the Chunk as
a stored record.

Each statement of a chunk is a document of the same index too, written right after its chunk
(statement_fields, every statement of models.attributions in order): its words in `s_text`, its
own speakers, kinds and themes in `s_org`, `s_kind`, `s_theme` and its chunk's document in
`s_doc` (STATEMENT_FIELD); nothing stored, no place. Its chunk is the nearest document before it
with an id, its number the distance to it (searcher.StatementView); its chunk's other filter
values (section, country, cycle, response, action) are its chunk's. A statement document has no
field of a chunk's and a chunk none of a statement's, so a query on one kind of field finds only
that kind of document (and the scoring counts each kind apart: whoosh_internals.scoring). One
index rather than a second one beside it: the same writer, workers, generations and deletions
serve both (bench/README.md has the build cost).
SCHEMA_VERSION changes with any of them: an index of another version is rebuilt on first use.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable

from uprsearch.filters import FILTER_FIELDS, INDEXED_NAMES
from uprsearch.index.analysis import analyzer
from uprsearch.models import RECOMMENDATION, Chunk, Document, attributions

SCHEMA_VERSION = 8

DOC_STRIDE = 1_000_000  # pos = document order * DOC_STRIDE + chunk order within the document

STATEMENT_PREFIX = "s_"
# a chunk's field -> the statement documents' field of the same values: the statement's own (its
# words, speakers, kinds, themes) and its document; a statement answers the other filter fields
# (CHUNK_ONLY) with its chunk's
STATEMENT_FIELD = {name: STATEMENT_PREFIX + name for name in ("text", "org", "kind", "theme", "doc")}
CHUNK_ONLY = tuple(name for name in INDEXED_NAMES if name not in STATEMENT_FIELD)


def schema():
    """The Whoosh schema of a generation."""
    from whoosh import fields
    from whoosh.analysis import IDTokenizer

    def keyword():
        # Values are indexed from a list, one term each; a query value is one term, spaces and all.
        return fields.KEYWORD(analyzer=IDTokenizer(), scorable=False)

    # a chunk's place in the corpus: results are sorted by it, never searched for it, so it has
    # no terms (a NUMERIC field's 16 terms per document were a fifth of the postings written)
    pos = fields.NUMERIC(numtype=int, bits=64, sortable=True, stored=True)
    pos.indexed = False
    return fields.Schema(
        id=fields.ID(unique=True, stored=True),
        text=fields.TEXT(analyzer=analyzer(), stored=True, spelling=True, multitoken_query="phrase"),
        # the texts of the chunk's footnotes (`footnote:` in a query), not stored (the chunk has them)
        footnote=fields.TEXT(analyzer=analyzer(), multitoken_query="phrase"),
        pos=pos,
        chunk=fields.STORED(),
        **{name: keyword() for name in INDEXED_NAMES},
        # statement documents (statement_fields)
        s_text=fields.TEXT(analyzer=analyzer(), multitoken_query="phrase"),
        **{field: keyword() for name, field in STATEMENT_FIELD.items() if name != "text"},
    )


def chunk_from_stored(stored: dict[str, Any]) -> Chunk:
    """The Chunk a document's stored fields hold (see chunk_record)."""
    values = dict(stored["chunk"])
    values["text"] = stored["text"]
    for name, record_type in _record_shape().record_types.items():
        values[name] = [record_type(*fields) for fields in values[name]]
    return Chunk(**values)


def chunk_record(chunk: Chunk) -> dict[str, Any]:
    """What is stored of a chunk beside its text, for chunk_from_stored: every field of Chunk, a
    list of records (footnotes, statements) as tuples of their fields, lists copied; Whoosh
    pickles it with the other stored fields (a JSON string before: encoding and decoding it cost
    more than the pickling). A test checks the round trip on every chunk of the bundled corpus
    and the samples."""
    shape = _record_shape()
    record = dict(zip(shape.names, shape.values(chunk)))
    for name in shape.lists:
        record[name] = list(record[name])
    for name, as_tuple in shape.records.items():
        record[name] = list(map(as_tuple, record[name]))
    return record


@dataclass(frozen=True)
class _RecordShape:
    """How a Chunk is stored: its fields but its text (a field of the index of its own)."""

    names: tuple[str, ...]
    values: Callable[[Chunk], tuple]  # the chunk's values of those fields
    lists: tuple[str, ...]  # fields holding a list of plain values
    records: dict[str, Callable[[Any], tuple]]  # fields holding a list of records: a record -> its values
    record_types: dict[str, type]


@lru_cache(maxsize=1)
def _record_shape() -> _RecordShape:
    import typing
    from operator import attrgetter

    def is_list(hint) -> bool:
        return typing.get_origin(hint) is list

    def as_tuple(record_type: type) -> Callable[[Any], tuple]:
        hints = typing.get_type_hints(record_type)
        names = [f.name for f in dataclasses.fields(record_type)]
        values = attrgetter(*names) if len(names) > 1 else (lambda record: (getattr(record, names[0]),))
        lists = [i for i, name in enumerate(names) if is_list(hints[name])]
        if not lists:
            return values

        def copied(record) -> tuple:
            out = list(values(record))
            for i in lists:
                out[i] = list(out[i])
            return tuple(out)

        return copied

    hints = typing.get_type_hints(Chunk)
    names = tuple(f.name for f in dataclasses.fields(Chunk) if f.name != "text")
    record_types = {}
    for name in names:
        args = typing.get_args(hints[name])
        if is_list(hints[name]) and args and dataclasses.is_dataclass(args[0]):
            record_types[name] = args[0]
    return _RecordShape(
        names,
        attrgetter(*names),
        tuple(n for n in names if is_list(hints[n]) and n not in record_types),
        {name: as_tuple(t) for name, t in record_types.items()},
        record_types,
    )


def document_fields(chunk: Chunk, document: Document, pos: int) -> dict[str, Any]:
    """A chunk's field values for the index: its id and text, each filter field's values (see
    filters.FILTER_FIELDS), its place and its stored record."""
    values: dict[str, Any] = {"id": chunk.id, "text": chunk.text}
    notes = " \n".join(note.text for note in chunk.footnotes if note.text)
    if notes:
        values["footnote"] = notes
    for name, read in _FILTER_READERS:
        values[name] = distinct(read(chunk, document))
    values["pos"] = pos
    values["chunk"] = chunk_record(chunk)
    return values


def statement_fields(chunk: Chunk, document: Document, attributed: list | None = None) -> list[dict[str, Any]]:
    """The index documents of a chunk's statements, in order (models.attributions, or `attributed`
    if the caller has it: a chunk the parser did not split is one): each statement's words, its own
    speakers (a submission's author too), kinds (its own, "recommendation" for an item of a
    recommendations list, its chunk's) and themes, and its chunk's document."""
    doc = [chunk.doc]
    out = []
    for statement, orgs in attributions(chunk, document) if attributed is None else attributed:
        kinds = [RECOMMENDATION if chunk.kind == RECOMMENDATION else statement.kind, statement.kind, chunk.kind]
        out.append({"s_text": statement.text, "s_org": sorted(orgs), "s_kind": distinct(kinds),
                    "s_theme": distinct(statement.themes), "s_doc": doc})
    return out


_FILTER_READERS = tuple((spec.name, spec.values) for spec in FILTER_FIELDS if not spec.selects)


def distinct(values: Iterable[str]) -> list[str]:
    """The values in order, each once, empty ones left out."""
    unique = dict.fromkeys(values)
    unique.pop("", None)
    return list(unique)
