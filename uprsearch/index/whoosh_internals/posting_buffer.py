"""The build writer's posting pool: postings grouped by field and term, spilled to sorted run files.

Replaces: the pool of whoosh.writing.SegmentWriter (whoosh.externalsort's SortingPool of posting
tuples), as BuildWriter.pool: its add() takes Whoosh's (fieldname, term, docnum, weight, value)
tuples where Whoosh's own code adds postings (a segment merge), and iter_terms() gives what
build_writer._flush_segment writes. Relies on the layout of Whoosh's spelling postings (weight,
whoosh.system.pack_uint of the count).

Why: Whoosh's pool pickles every posting to a run file and sorts them all; here a term's postings
arrive in document order and are kept together, only the vocabulary is sorted, and a spill is
one pickle per term (the measured gains of the build writer are in bench/README.md).

Fallback: none needed within the build writer; Whoosh's own writer (`ix.writer()`) keeps its pool.
"""
from __future__ import annotations

import uuid
from collections import Counter
from pathlib import Path
from typing import Iterable


class PostingBuffer:
    """Postings grouped by field and term: {field: {term bytes: [docnum, weight, value, ...]}};
    spilled to a run file (one pickle per term, terms sorted) when the estimate passes the limit;
    spelling words counted per field. iter_terms() merges the runs and memory in term order."""

    def __init__(self, tempdir: Path, limit_mb: int):
        self.tempdir = tempdir
        self.limit = limit_mb * 1024 * 1024
        self.size = 0
        self.fields: dict[str, dict[bytes, list]] = {}
        self.spelling: dict[str, Counter[str]] = {}
        self.runs: list[Path] = []
        self.fieldnames: set[str] = set()

    def terms(self, fieldname: str) -> dict[bytes, list]:
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
            self.fieldnames.add(fieldname)
        return terms

    def add(self, item) -> None:  # Whoosh's pool interface (segment merges use it)
        fieldname, tbytes, docnum, weight, vbytes = item
        terms = self.terms(fieldname)
        plist = terms.get(tbytes)
        if plist is None:
            terms[tbytes] = [docnum, weight, vbytes or b""]
        else:
            plist += (docnum, weight, vbytes or b"")
        self.grew(48 + len(vbytes or b""))

    def count_spelling(self, fieldname: str, words: Iterable[str]) -> None:
        """Count each (unstemmed) word once more for the field's spelling dictionary."""
        counts = self.spelling.get(fieldname)
        if counts is None:
            counts = self.spelling[fieldname] = Counter()
            self.fieldnames.add(fieldname)
        counts.update(words)  # counted in C

    def grew(self, nbytes: int) -> None:
        self.size += nbytes
        if self.size > self.limit:
            self.spill()

    def spill(self) -> None:
        import pickle

        self.tempdir.mkdir(parents=True, exist_ok=True)
        path = self.tempdir / f"run-{len(self.runs)}-{uuid.uuid4().hex[:8]}.pickle"
        with open(path, "wb") as fh:
            dump, protocol = pickle.dump, pickle.HIGHEST_PROTOCOL
            for fieldname in sorted(self.fields):
                terms = self.fields[fieldname]
                for tbytes in sorted(terms):
                    # each record stands alone; pickle, not marshal: marshal.load from a file
                    # reads each value with a call of its own, three times slower to read back
                    dump((fieldname, tbytes, terms[tbytes]), fh, protocol)
        self.runs.append(path)
        self.fields = {}
        self.size = 0

    def _read_run(self, path: Path, seq: int):
        import pickle

        with open(path, "rb") as fh:
            load = pickle.load
            while True:
                try:
                    fieldname, tbytes, plist = load(fh)
                except EOFError:
                    return
                yield (fieldname, tbytes), seq, plist

    def _memory(self, seq: int):
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for tbytes in sorted(terms):
                yield (fieldname, tbytes), seq, terms[tbytes]

    def _spelling(self):
        from whoosh.system import pack_uint

        for fieldname in sorted(self.spelling):
            counts = self.spelling[fieldname]
            for word in sorted(counts):  # code point order is UTF-8 byte order
                n = counts[word]
                yield (fieldname, word.encode("utf-8")), -1, [0, n, pack_uint(n)]

    def iter_terms(self):
        """(fieldname, term bytes, [docnum, weight, value, ...]) in field and term order."""
        import heapq

        sources = [self._spelling()] + [self._read_run(p, i) for i, p in enumerate(self.runs)]
        sources.append(self._memory(len(self.runs)))
        merged = heapq.merge(*sources, key=lambda item: (item[0], item[1]))
        current, plist, parts = None, None, 0
        for key, _, postings in merged:
            if key != current:
                if current is not None:
                    yield current[0], current[1], _in_doc_order(plist) if parts > 1 else plist
                current, plist, parts = key, postings, 1
            else:
                plist = plist + postings
                parts += 1
        if current is not None:
            yield current[0], current[1], _in_doc_order(plist) if parts > 1 else plist

    def cleanup(self) -> None:
        for path in self.runs:
            try:
                path.unlink()
            except OSError:
                pass
        self.runs = []
        self.fields = {}
        self.spelling = {}


def _in_doc_order(plist: list) -> list:
    docnums = plist[0::3]
    if docnums == sorted(docnums):  # in C: a sorted list is one run for sorted()
        return plist
    triples = sorted(zip(plist[0::3], plist[1::3], plist[2::3]), key=lambda t: t[0])
    return [x for t in triples for x in t]
