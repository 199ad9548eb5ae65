"""The build writer: Whoosh's SegmentWriter with a faster road for postings.

Replaces: whoosh.writing.SegmentWriter (subclassed as BuildWriter: add_document, _flush_segment,
_close_segment, plus commit_with and finish_part for worker processes' segments), its posting pool
(posting_buffer.PostingBuffer) and W3PostingsWriter.add_posting (_add_postings_in_blocks); patches
whoosh.codec.whoosh3.dumps and W3PostingsWriter._mini_ids and _mini_weights, process-wide, once
the class is made. Relies on SegmentWriter's
_check_state, _check_fields, _added, _merge_segments, _finalize_segment, _close_segment,
_commit_toc, _finish and its `_lk` argument, on W3FieldWriter._postwriter and on
W3PostingsWriter's block state (_blocklimit, _ids, _weights, _values, _maxweight, _minlength,
_maxlength, _write_block), on whoosh3._lenfield, and on W3PerDocReader._cached_reader and
NumericColumn.Reader's _dbfile, _basepos, _count (a length column read at once).

Why: Whoosh sends every posting as a tuple through a sorting pool that pickles each one to a run
file and back, asks the file system whether a length column exists for every posting of a
keyword field, and runs the analyzer twice over each text (once for the stems, once for the
spelling words). Here the text is tokenised once (exactly as the analyzer does:
analysis.analyse_text), postings are grouped by term as they arrive (a term's postings come in
document order), only the vocabulary is sorted, a full buffer is spilled as one pickle per
term, and the spelling words are counted rather than posted once per document. The posting blocks
are pickled with the highest protocol (protocol 2 turns each position value into a function call
when a block is read) and not compressed. The files written are Whoosh's own, read by Whoosh's
reader; tests check that the index is the one Whoosh's own writer writes. The measured gains are
in bench/README.md.

Fallback: a schema with term vectors, or a field whose postings this writer does not make itself,
goes through Whoosh's own field.index and add_document; a field writer other than W3FieldWriter
gets its postings one by one through its add(). Whoosh's own writer (`ix.writer()`) writes the
same index, more slowly: writer.GenerationWriter needs only a writer with add_document, commit and
cancel (a test builds with it).
"""
from __future__ import annotations

import shutil
import uuid
from functools import lru_cache
from operator import itemgetter, sub
from pathlib import Path
from typing import Any

from uprsearch.index.analysis import TERMS, analyse_text, analyzer
from uprsearch.index.docvalues import DocValuesBuilder
from uprsearch.index.whoosh_internals.posting_buffer import PostingBuffer

# Posting blocks are written as plain pickles, not zlib'd (Whoosh's default level is 3): a query
# reads every block of its terms. (Whoosh records each block's level in the block, so either kind
# reads back.)
POSTING_COMPRESSION = 0

_WEIGHTS = [float(n) for n in range(64)]  # a posting's weight, its count of positions (field boost 1)
_SINGLE_POSITION: dict[int, bytes] = {}  # position -> Positions-encoded value of that one position
_KEYWORD_TERMS: dict[tuple, list] = {}  # (field, values) -> postings of a keyword field


# How the build writer indexes a field (see _field_plan)
_STORED_ONLY, _FAST_TEXT, _KEYWORDS, _GENERIC = range(4)


def _field_plan(field) -> int:
    """_FAST_TEXT: analyse_text makes the field's postings (our analyzer, positions, no
    vectors); _KEYWORDS: unscored keywords, whose postings repeat from chunk to chunk and are
    cached; _STORED_ONLY: no postings and no spelling words; _GENERIC: Whoosh's field.index."""
    from whoosh.fields import TEXT

    spelling = field.separate_spelling()
    if not field.indexed and not spelling:
        return _STORED_ONLY
    if (isinstance(field, TEXT) and not field.vector and type(field.format).__name__ == "Positions"
            and field.analyzer == analyzer()):
        return _FAST_TEXT
    if not spelling and not field.scorable:
        return _KEYWORDS
    return _GENERIC


def _field_facts(name: str, field) -> tuple:
    """(field, _field_plan, spelling field name or None, stored, column type or None): what
    add_values asks of a field, asked once per writer rather than once per document."""
    spelling = field.spelling_fieldname(name) if field.separate_spelling() else None
    return (field, _field_plan(field), spelling, field.stored, field.column_type)


def _other_postings(name: str, field, plan: int, value) -> tuple[list[tuple[bytes, float, bytes]], int, list[str] | None]:
    """([(term bytes, weight, value bytes)], length, spelling words or None) of a field that is not
    _FAST_TEXT (or a value that is not a string), as Whoosh's writer makes them."""
    if plan == _KEYWORDS and isinstance(value, list):
        key = (name, tuple(value))
        terms = _KEYWORD_TERMS.get(key)
        if terms is None:
            if len(_KEYWORD_TERMS) > 50_000:
                _KEYWORD_TERMS.clear()
            terms = _KEYWORD_TERMS[key] = [(tbytes, weight, vbytes or b"") for tbytes, _, weight, vbytes in field.index(value)]
        return terms, 0, None
    terms, length = [], 0
    if field.indexed:
        scorable = field.scorable
        for tbytes, freq, weight, vbytes in field.index(value):
            if scorable:
                length += freq
            terms.append((tbytes, weight, vbytes or b""))
    words = list(field.spellable_words(value)) if field.separate_spelling() else None
    return terms, length, words


def _add_postings_in_blocks(pw, plist: list, lengths: list[int] | None) -> None:
    """What W3PostingsWriter.add_posting does for each posting of a term, a block at a time:
    blocks of `_blocklimit` postings, the block's largest weight and its shortest and longest
    document (lengths of 0 not counted), values only where not empty."""
    limit = pw._blocklimit
    docnums, weights, values = plist[0::3], plist[1::3], plist[2::3]
    n = len(docnums)
    i = 0
    while i < n:
        if len(pw._ids) >= limit:
            pw._write_block()
        j = min(n, i + limit - len(pw._ids))
        ids, ws = docnums[i:j], weights[i:j]
        pw._ids.extend(ids)
        pw._weights.extend(ws)
        top = max(ws)
        if top > pw._maxweight:
            pw._maxweight = top
        pw._values.extend(filter(None, values[i:j]))
        if lengths is not None:
            lens = itemgetter(*ids)(lengths) if len(ids) > 1 else (lengths[ids[0]],)
            low = min(filter(None, lens), default=None)
            if low is not None:
                high = max(lens)
                if pw._minlength is None or low < pw._minlength:
                    pw._minlength = low
                if high > pw._maxlength:
                    pw._maxlength = high
        i = j


def _field_lengths(pdr, fieldname: str, doccount: int) -> list[int]:
    """Every document's length of a field, as pdr.doc_field_length gives it (0 for None): Whoosh's
    length column (one byte a document) read at once rather than a call a document, when it is
    the NumericColumn reader of whoosh3's LENGTHS_COLUMN."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
    from whoosh.columns import NumericColumn
    from whoosh.util.numeric import byte_to_length

    reader = pdr._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if type(reader) is NumericColumn.Reader and reader._typecode == "B" and reader._default == 0:
        table = [0] + [byte_to_length(b) for b in range(1, 256)]
        lengths = [table[b] for b in reader._dbfile.get(reader._basepos, reader._count)]
        return lengths + [0] * (doccount - len(lengths))
    return [pdr.doc_field_length(d, fieldname) or 0 for d in range(doccount)]


def _pickle_blocks_with_the_highest_protocol() -> None:
    """Whoosh's codec pickles each posting block with protocol 2, which has no opcode for bytes:
    every position value in a block becomes a call to _codecs.encode when the block is read.
    Blocks written with the highest protocol read back the same values; Whoosh's reader unpickles
    either (so indexes written before read as they did)."""
    import pickle

    from whoosh.codec import whoosh3

    def dumps(obj, protocol=None):
        return pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)

    whoosh3.dumps = dumps


def _minify_blocks_in_c() -> None:
    """W3PostingsWriter._mini_ids and _mini_weights with their per-posting loops in C (a generator
    of deltas, `all()` over a generator of comparisons, for each of a block's postings): the same
    tuples and values, so the same block bytes; process-wide, as for dumps."""
    from whoosh.codec.whoosh3 import W3PostingsWriter

    def _mini_ids(self):
        ids = self._ids
        if self._byteids:
            return tuple(ids)
        # whoosh.util.numlists.delta_encode: each id less the one before it, the first less 0
        return (ids[0], *map(sub, ids[1:], ids[:-1])) if ids else ()

    def _mini_weights(self):
        weights = self._weights
        n = len(weights)
        if weights.count(1.0) == n:
            return None
        if weights.count(weights[0]) == n:
            return weights[0]
        return tuple(weights)

    W3PostingsWriter._mini_ids = _mini_ids
    W3PostingsWriter._mini_weights = _mini_weights


@lru_cache(maxsize=1)
def build_writer_class():
    from whoosh.codec.whoosh3 import W3Codec, _lenfield
    from whoosh.writing import SegmentWriter

    _pickle_blocks_with_the_highest_protocol()
    _minify_blocks_in_c()

    class BuildWriter(SegmentWriter):
        def __init__(self, ix, limitmb: int, **kwargs):
            if "codec" not in kwargs:
                kwargs["codec"] = W3Codec(compression=POSTING_COMPRESSION)
            super().__init__(ix, limitmb=limitmb, **kwargs)
            self.pool = PostingBuffer(Path(self.storage.folder) / f".build-{uuid.uuid4().hex[:8]}", limitmb)
            self._terms = TERMS
            self._plans: dict[str, tuple] = {}  # field name -> _field_facts
            self._orders: dict[tuple, list[str]] = {}  # the field names of a document as given -> sorted
            # W3PerDocWriter.add_field does nothing for a value neither stored nor of a length (a
            # keyword field's, and a statement document has four): the call is skipped for it
            self._w3perdoc = type(self.perdocwriter).__name__ == "W3PerDocWriter"
            self._vectors = any(f.vector for _, f in self.schema.items())
            self._last_analysis: tuple = (None, None)  # (text, analyse_text's result) of the last text field

        @classmethod
        def for_part(cls, ix, limitmb: int) -> "BuildWriter":
            """A writer for a worker process: its own segment, and no lock (the parent holds it)."""
            return cls(ix, limitmb=limitmb, _lk=False)

        def add_document(self, **fields):
            if any(name.startswith("_") for name in fields):
                return super().add_document(**fields)
            self.add_values(fields)

        def add_values(self, fields: dict[str, Any]) -> None:
            """add_document(**fields), its text analysed in one pass (analyse_text) and its
            postings put straight into the buffer."""
            self._check_state()
            if self._vectors:
                return super().add_document(**fields)
            perdocwriter = self.perdocwriter
            schema = self.schema
            docnum = self.docnum
            pool = self.pool
            plans = self._plans
            shape = tuple(fields)
            fieldnames = self._orders.get(shape)  # the names in Whoosh's order, per set of names
            if fieldnames is None:
                fieldnames = sorted(fields)
                if not plans.keys() >= fields.keys():  # a field not seen before: is it in the schema?
                    self._check_fields(schema, fieldnames)
                self._orders[shape] = fieldnames
            w3perdoc = self._w3perdoc
            keyword_terms = _KEYWORD_TERMS
            last_text, last_analysis = self._last_analysis
            perdocwriter.start_doc(docnum)
            try:
                grown = 0
                for fieldname in fieldnames:
                    value = fields[fieldname]
                    if value is None:
                        continue
                    fplan = plans.get(fieldname)
                    if fplan is None:
                        fplan = plans[fieldname] = _field_facts(fieldname, schema[fieldname])
                    field, plan, spelling, stored, column = fplan
                    length = 0
                    if plan == _FAST_TEXT and isinstance(value, str):
                        if value is not last_text and value != last_text:
                            # a statement that is its whole chunk's text (a fifth of them) is analysed once
                            last_text, last_analysis = value, analyse_text(value, self._terms)
                        positions, words = last_analysis
                        terms = pool.terms(fieldname)
                        encode, boost = field.format.encode, field.format.field_boost
                        # a word's weight is its count: the same float object for each count
                        weights = _WEIGHTS if boost == 1.0 else [float(n) * boost for n in range(len(_WEIGHTS))]
                        single = _SINGLE_POSITION
                        for tbytes, plist in positions.items():
                            n = len(plist)
                            if n == 1:  # most words occur once in a paragraph: the value depends on the position only
                                vbytes = single.get(plist[0])
                                if vbytes is None:
                                    vbytes = single[plist[0]] = encode(plist)
                            else:
                                vbytes = encode(plist)
                            weight = weights[n] if n < len(weights) else float(n) * boost
                            postings = terms.get(tbytes)
                            if postings is None:
                                terms[tbytes] = [docnum, weight, vbytes]
                            else:
                                postings += (docnum, weight, vbytes)
                            grown += 56 + len(vbytes)
                        length = sum(map(len, positions.values()))
                        if spelling:
                            pool.count_spelling(spelling, words)
                    elif plan != _STORED_ONLY:
                        postings_in = None
                        if plan == _KEYWORDS and type(value) is list:  # _other_postings' cache, looked up here
                            postings_in = keyword_terms.get((fieldname, tuple(value)))
                            words = None
                        if postings_in is None:
                            postings_in, length, words = _other_postings(fieldname, field, plan, value)
                        if postings_in:
                            terms = pool.terms(fieldname)
                            for tbytes, weight, vbytes in postings_in:
                                postings = terms.get(tbytes)
                                if postings is None:
                                    terms[tbytes] = [docnum, weight, vbytes]
                                else:
                                    postings += (docnum, weight, vbytes)
                                grown += 56 + len(vbytes)
                        if words:
                            pool.count_spelling(field.spelling_fieldname(fieldname), words)
                    if stored or length or not w3perdoc:
                        perdocwriter.add_field(fieldname, field, value if stored else None, length)
                    if column:
                        perdocwriter.add_column_value(fieldname, column, field.to_column_value(value))
            except Exception:
                perdocwriter.cancel_doc()
                raise
            perdocwriter.finish_doc()
            self._last_analysis = (last_text, last_analysis)
            self._added = True
            self.docnum += 1
            pool.grew(grown)

        def _flush_segment(self):
            self.perdocwriter.close()
            pdr = self.per_document_reader() if self.codec.length_stats else None
            fw = self.fieldwriter
            bulk = type(fw).__name__ == "W3FieldWriter"  # whose posting writer _add_postings_in_blocks knows
            doccount = self.docnum
            # A new index of this one segment: the read path's per-document values (what
            # compute_docvalues reads back from the index) are made here on the way.
            values = DocValuesBuilder(doccount) if not self.segments and self.docbase == 0 else None
            lastfn = None
            lengths = None
            for fieldname, tbytes, plist in self.pool.iter_terms():
                if fieldname != lastfn:
                    if lastfn is not None:
                        fw.finish_field()
                    fw.start_field(fieldname, self.schema[fieldname])
                    lastfn = fieldname
                    lengths = None
                    if pdr is not None and pdr.has_column(_lenfield(fieldname)):
                        lengths = _field_lengths(pdr, fieldname, doccount)
                if values is not None:
                    values.add(fieldname, tbytes, plist)
                fw.start_term(tbytes)
                pw = getattr(fw, "_postwriter", None)
                if pw is not None and bulk:
                    _add_postings_in_blocks(pw, plist, lengths)
                else:
                    add = fw.add
                    for i in range(0, len(plist), 3):
                        d = plist[i]
                        add(d, plist[i + 1], plist[i + 2], lengths[d] if lengths is not None else 0)
                fw.finish_term()
            if lastfn is not None:
                fw.finish_field()
            fw.close()
            if pdr is not None:
                pdr.close()
            self.docvalues = values.data() if values is not None else None

        def _close_segment(self):
            super()._close_segment()
            shutil.rmtree(self.pool.tempdir, ignore_errors=True)

        def finish_part(self) -> tuple[Any, dict[str, Any] | None]:
            """In a worker: write this writer's segment and hand it over (with its per-document
            values), or (None, None) if it was given nothing; the parent's commit_with lists it."""
            if not self._added:
                self._close_segment()
                return None, None
            segment = self._finalize_segment()
            return segment, self.docvalues

        def commit_with(self, segments: list, optimize: bool = False) -> None:
            """commit(), with the workers' segments listed after this writer's own."""
            self._check_state()
            final = self._merge_segments(None, optimize, None)
            if self._added:
                final.append(self._finalize_segment())
            else:
                self._close_segment()
            self._commit_toc(final + list(segments))
            self._finish()

    return BuildWriter
