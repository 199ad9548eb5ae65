"""Scoring: Whoosh's BM25F with each segment's field lengths read once, and one word's postings
scored a block at a time.

Replaces: whoosh.scoring.BM25F and BM25FScorer (subclassed: the same figures, the per-document
field length from a list) and, for a bare posting list, stepping Whoosh's matcher posting by
posting (score_blocks, block_scores). Relies on BM25F._field_B; on the segment reader's
_perdoc (W3PerDocReader: _doccount, _cached_reader) and its length column (_fixedlen, _dbfile,
_basepos, _count, _defaultbytes) with whoosh3._lenfield; on W3LeafMatcher's block state (_data,
_ids, _weights, _i, _byteids, _read_data, _read_ids, _read_weights, _next_block).

Why: Whoosh asks the codec for each document's field length, and steps a matcher one posting at a
time through several method calls; here the lengths are read once per segment and a block's
postings are scored in one comprehension, with the very figures scoring.bm25 gives (tests compare
every ranking with Whoosh's own searcher). The measured gains are in bench/README.md.

Fallback: where the lengths cannot be read this way, field_lengths() gives None and the scorer
asks Whoosh per document; a matcher that is not a bare W3LeafMatcher is stepped through as
Whoosh's own (score_blocks and block_scores return False or None and the caller does that).
"""
from __future__ import annotations

from functools import lru_cache
from math import log

STATEMENT_PREFIX = "s_"  # schema.STATEMENT_PREFIX: a statement document's fields


def documents_of_kind(reader, fieldname: str) -> int:
    """How many documents of the index (deleted ones too, as Whoosh's doc_count_all) are of the
    kind a field belongs to: statements (each has one s_doc value) or chunks (the rest); cached
    on the reader."""
    cache = reader.__dict__.setdefault("_upr_kinds", {})
    if not cache:
        statements = sum(reader.doc_frequency("s_doc", t) for t in reader.lexicon("s_doc")) if "s_doc" in reader.schema else 0
        cache[True], cache[False] = statements, reader.doc_count_all() - statements
    return cache[fieldname.startswith(STATEMENT_PREFIX)]


@lru_cache(maxsize=1)
def weighting():
    from whoosh import scoring

    class BM25F(scoring.BM25F):
        """scoring.BM25F, the same figures: the per-document field length comes from a list."""

        def idf(self, searcher, fieldname, text):
            # Whoosh's figure over the documents of the field's kind (chunks or statements), not
            # over every document of the index: a chunk scores as in an index without statements
            parent = searcher.get_parent()
            n = parent.doc_frequency(fieldname, text)
            return log(documents_of_kind(parent.reader(), fieldname) / (n + 1)) + 1

        def scorer(self, searcher, fieldname, text, qf=1):
            if not searcher.schema[fieldname].scorable:
                return scoring.WeightScorer.for_(searcher, fieldname, text)
            B = self._field_B.get(fieldname, self.B)
            return _BM25FScorer(searcher, fieldname, text, B, self.K1, qf=qf)

    class _BM25FScorer(scoring.BM25FScorer):
        def setup(self, searcher, fieldname, text):
            parent = searcher.get_parent()
            if parent.schema[fieldname].scorable:  # the average over the documents of its kind (see idf)
                self.avgfl = parent.field_length(fieldname) / (documents_of_kind(parent.reader(), fieldname) or 1) or 1
            super().setup(searcher, fieldname, text)
            self.lengths = lengths = field_lengths(searcher.reader(), fieldname)
            self.length_bytes = field_length_bytes(searcher.reader(), fieldname)
            if lengths is not None:
                self.dfl = lengths.__getitem__

        def score(self, matcher):
            return scoring.bm25(self.idf, matcher.weight(), self.dfl(matcher.id()), self.avgfl, self.B, self.K1)

    return BM25F()


def block_scores(matcher) -> tuple[list[int], list[float]] | None:
    """A bare posting list's document numbers and BM25F scores (as score_blocks computes them),
    or None if the matcher is not one."""
    scorer = getattr(matcher, "scorer", None)
    if type(matcher).__name__ != "W3LeafMatcher" or getattr(scorer, "lengths", None) is None:
        return None
    if not all(hasattr(matcher, a) for a in ("_read_ids", "_read_weights", "_next_block")):
        return None
    lengths, idf, avgfl, B, K1 = scorer.lengths, scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    k1_plus_1, one_minus_b = K1 + 1, 1 - B
    ids: list[int] = []
    scores: list[float] = []
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        if matcher._weights is None:
            matcher._read_weights()
        block_ids = matcher._ids[matcher._i:]
        ids.extend(block_ids)
        scores.extend(idf * ((tf * k1_plus_1) / (tf + K1 * (one_minus_b + B * lengths[d] / avgfl)))
                      for d, tf in zip(block_ids, matcher._weights[matcher._i:]))
        matcher._next_block()
    return ids, scores


def score_blocks(matcher, offset: int, allow, ids_out: list, scores_out: list) -> bool:
    """One word's postings scored a block at a time: for a bare posting list (no deletions, no
    boost) scored by weighting()'s BM25F, append every posting's (within `allow`) document number
    to ids_out and score to scores_out, with the very figures scoring.bm25 gives, and return True;
    else False (the caller steps through the matcher).

    bm25() is idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl))); the last term
    depends only on the length, which Whoosh keeps as one byte, so it is computed once for each of
    the 256 bytes (the same operations on the same numbers: the same doubles)."""
    scorer = getattr(matcher, "scorer", None)
    if type(matcher).__name__ != "W3LeafMatcher" or getattr(scorer, "lengths", None) is None:
        return False
    if getattr(scorer, "length_bytes", None) is None:
        return False
    if not all(hasattr(matcher, a) for a in ("_read_ids", "_read_weights", "_next_block")):
        return False
    from whoosh.util.numeric import byte_to_length

    idf, avgfl, B, K1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    k1_plus_1 = K1 + 1
    by_byte = [None] + [K1 * ((1 - B) + B * byte_to_length(b) / avgfl) for b in range(1, 256)]
    length_bytes = scorer.length_bytes
    add_ids, add_scores = ids_out.extend, scores_out.extend
    from itertools import accumulate

    while matcher.is_active():
        if matcher._ids is None:
            if matcher._data is None:
                matcher._read_data()
            raw = matcher._data[0]
            # _read_ids' delta_decode is a running sum: itertools.accumulate, in C
            matcher._ids = raw if matcher._byteids else tuple(accumulate(raw))
        if matcher._weights is None:
            matcher._read_weights()
        ids = matcher._ids[matcher._i:]
        tfs = matcher._weights[matcher._i:]
        if allow is not None:
            kept = [k for k, d in enumerate(ids) if offset + d in allow]
            ids, tfs = [ids[k] for k in kept], [tfs[k] for k in kept]
        add_scores([idf * ((tf * k1_plus_1) / (tf + by_byte[length_bytes[d]])) for d, tf in zip(ids, tfs)])
        add_ids([offset + d for d in ids] if offset else ids)
        matcher._next_block()
    return True


def field_lengths(reader, fieldname: str) -> list | None:
    """Every document's length in a field, for one segment reader, as Whoosh's
    doc_field_length(docnum, fieldname, 1) gives it; cached on the reader. None if this Whoosh
    keeps its lengths differently (the scorer then asks Whoosh per document)."""
    cache = reader.__dict__.setdefault("_upr_lengths", {})
    if fieldname in cache:
        return cache[fieldname]
    lengths = None
    try:
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
        from whoosh.util.numeric import byte_to_length

        perdoc = reader._perdoc
        count = perdoc._doccount
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is not None and column._fixedlen == 1:
            raw = column._dbfile.get(column._basepos, min(column._count, count))
            table = [None] + [byte_to_length(b) for b in range(1, 256)]
            default = table[column._defaultbytes[0]] if column._defaultbytes else None
            lengths = [table[b] for b in raw] + [default] * (count + 1 - len(raw))
            pad = column._defaultbytes[:1] if column._defaultbytes else b"\x00"
            cache[(fieldname, "bytes")] = bytes(raw) + pad * (count + 1 - len(raw))
    except (AttributeError, ImportError, TypeError, IndexError):
        lengths = None
    cache[fieldname] = lengths
    return lengths


def field_length_bytes(reader, fieldname: str) -> bytes | None:
    """The length bytes field_lengths decoded (byte_to_length of each), cached on the reader."""
    if field_lengths(reader, fieldname) is None:
        return None
    return reader.__dict__["_upr_lengths"].get((fieldname, "bytes"))
