"""Per-document values beside Whoosh's files: each document's id and facet values, by document number.

The equivalent of Lucene's DocValues (tantivy's fast fields): facet counts and `--format ids`
read these arrays instead of Whoosh's stored fields or per-query facet caches. They are written
into each generation as docvalues.pickle when it is committed: by the build writer on its way
for a new generation, else read from the new index's postings; a generation is never changed
after its commit, so the document numbers stay valid for its life. Per field: the values in
order of first appearance, and each document's value codes (ascending) as offsets into one array.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Iterable

from uprsearch.filters import FACET_FIELDS
from uprsearch.index.generations import write_pickle
from uprsearch.index.schema import STATEMENT_FIELD

DOCVALUES = "docvalues.pickle"
DOCVALUES_VERSION = 1
# a statement's own facet values too (its other facets are its chunk's)
DOCVALUE_FIELDS = FACET_FIELDS + tuple(STATEMENT_FIELD[name] for name in FACET_FIELDS if name in ("org", "theme"))


def write_docvalues(ix, gen: Path, docvalues: dict[str, Any] | None = None) -> None:
    """After a commit: the generation's per-document values in `gen`/docvalues.pickle;
    `docvalues`, where the build writer made them on its way (a new generation), as they are,
    else read from the index."""
    if docvalues is not None:
        write_pickle(gen / DOCVALUES, docvalues)
    else:
        with ix.reader() as reader:
            write_pickle(gen / DOCVALUES, compute_docvalues(reader))


def compute_docvalues(reader) -> dict[str, Any]:
    """From the index's own postings: what each document number holds in the id and facet fields.
    (Deleted documents keep their old values; no query ever matches them.)"""
    from array import array

    count = reader.doc_count_all()
    ids: list[str | None] = [None] * count
    per_doc: dict[str, list[list[int]]] = {name: [[] for _ in range(count)] for name in DOCVALUE_FIELDS}
    tables: dict[str, dict[str, int]] = {name: {} for name in DOCVALUE_FIELDS}
    for leaf, offset in reader.leaf_readers():
        if "id" in leaf.indexed_field_names():
            for btext, info in leaf.iter_field("id"):
                text = btext.decode("utf-8") if isinstance(btext, bytes) else btext
                if info.doc_frequency() == 1 and info.min_id() is not None:
                    ids[offset + info.min_id()] = text
                else:
                    for docnum in leaf.postings("id", btext).all_ids():
                        ids[offset + docnum] = text
        for name in DOCVALUE_FIELDS:
            if name not in leaf.indexed_field_names():
                continue
            table, docs = tables[name], per_doc[name]
            for btext in leaf.lexicon(name):
                text = btext.decode("utf-8") if isinstance(btext, bytes) else btext
                code = table.setdefault(text, len(table))
                for docnum in leaf.postings(name, btext).all_ids():
                    docs[offset + docnum].append(code)
    fields = {}
    for name in DOCVALUE_FIELDS:
        offsets, codes = array("I", [0]), array("I")
        for values in per_doc[name]:
            codes.extend(sorted(values))
            offsets.append(len(codes))
        fields[name] = (list(tables[name]), offsets, codes)
    return {"version": DOCVALUES_VERSION, "count": count, "ids": ids, "fields": fields}


class DocValues:
    """A generation's per-document values, loaded once per process (computed if the generation
    predates the sidecar)."""

    def __init__(self, data: dict[str, Any]):
        self.count = data["count"]
        self.ids: list[str | None] = data["ids"]
        self.fields = data["fields"]
        self._rows: dict[str, list[tuple[int, ...]]] = {}

    @classmethod
    def load(cls, gen: Path, reader) -> "DocValues":
        import pickle

        try:
            with open(gen / DOCVALUES, "rb") as fh:
                data = pickle.load(fh)
            if data.get("version") == DOCVALUES_VERSION and data.get("count") == reader.doc_count_all():
                return cls(data)
        except (OSError, EOFError, ValueError, TypeError, AttributeError, KeyError, pickle.UnpicklingError):
            pass
        return cls(compute_docvalues(reader))

    def rows(self, name: str) -> list[tuple[int, ...]]:
        """Each document's value codes of a field, as tuples (built on first use)."""
        rows = self._rows.get(name)
        if rows is None:
            _, offsets, codes = self.fields[name]
            codes = codes.tolist()
            starts = offsets.tolist()
            rows = [tuple(codes[a:b]) for a, b in zip(starts, starts[1:])]
            self._rows[name] = rows
        return rows

    def counts(self, name: str, docnums: Iterable[int]) -> dict[str, int]:
        """How many of these documents have each value of a field."""
        from itertools import chain

        rows = self.rows(name)
        values = self.fields[name][0]
        counted = Counter(chain.from_iterable(map(rows.__getitem__, docnums)))
        return {values[code]: n for code, n in counted.items()}


class DocValuesBuilder:
    """compute_docvalues' result, from the postings as the build writer writes them (fields and
    terms in order, each term's documents ascending): per field, the values in lexicon order and
    each document's value codes ascending; the id of each document."""

    def __init__(self, count: int):
        from array import array

        self.count = count
        self.ids: list[str | None] = [None] * count
        self.tables: dict[str, dict[str, int]] = {name: {} for name in DOCVALUE_FIELDS}
        self.pairs = {name: (array("I"), array("I")) for name in DOCVALUE_FIELDS}  # (doc, code)

    def add(self, fieldname: str, tbytes: bytes, plist: list) -> None:
        if fieldname == "id":
            text = tbytes.decode("utf-8")
            for docnum in plist[0::3]:
                self.ids[docnum] = text
        elif fieldname in self.tables:
            table = self.tables[fieldname]
            code = table.setdefault(tbytes.decode("utf-8"), len(table))
            docs, codes = self.pairs[fieldname]
            docnums = plist[0::3]
            docs.extend(docnums)
            codes.extend([code] * len(docnums))

    def data(self) -> dict[str, Any]:
        from array import array

        fields = {}
        for name in DOCVALUE_FIELDS:
            docs, codes = self.pairs[name]
            per_doc = [0] * (self.count + 1)
            for d in docs:
                per_doc[d + 1] += 1
            offsets = array("I", [0] * (self.count + 1))
            total = 0
            for i in range(1, self.count + 1):
                total += per_doc[i]
                offsets[i] = total
            ordered = array("I", [0] * len(codes))
            fill = list(offsets[:-1])
            for d, c in zip(docs, codes):  # codes arrive ascending, so each document's stay sorted
                ordered[fill[d]] = c
                fill[d] += 1
            fields[name] = (list(self.tables[name]), offsets, ordered)
        return {"version": DOCVALUES_VERSION, "count": self.count, "ids": self.ids, "fields": fields}


def merge_docvalues(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """The per-document values of segments listed one after another, as compute_docvalues reads
    them from the whole index: ids in order, each field's values in order of first appearance
    (segment by segment), each document's value codes ascending."""
    from array import array

    if len(parts) == 1:
        return parts[0]
    ids: list[str | None] = []
    for part in parts:
        ids.extend(part["ids"])
    fields = {}
    for name in DOCVALUE_FIELDS:
        table: dict[str, int] = {}
        offsets, codes = array("I", [0]), array("I")
        for part in parts:
            values, part_offsets, part_codes = part["fields"][name]
            remap = [table.setdefault(v, len(table)) for v in values]
            base = len(codes)
            # (map over a bound method: the loop over every document runs in C)
            offsets.extend(map(base.__add__, part_offsets[1:]) if base else part_offsets[1:])
            if remap == list(range(len(remap))):  # codes unchanged (the first part, or the same values)
                codes.extend(part_codes)
                continue
            mapped = list(map(remap.__getitem__, part_codes))
            if remap != sorted(remap):  # a document's codes may be out of order now
                starts = part_offsets.tolist()
                for a, b in zip(starts, starts[1:]):
                    if b - a > 1:  # most documents (statements) have one value or none: nothing to sort
                        mapped[a:b] = sorted(mapped[a:b])
            codes.extend(mapped)
        fields[name] = (list(table), offsets, codes)
    return {"version": DOCVALUES_VERSION, "count": len(ids), "ids": ids, "fields": fields}
