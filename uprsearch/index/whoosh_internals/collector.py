"""Collecting a query's matches: every match scored in one pass, the best N kept.

Replaces: whoosh.searching.Searcher.search with its TopCollector (the same hits, scores and order:
higher score first, then lower document number), and for two ANDed words and for phrases
Whoosh's IntersectionMatcher and SpanNear2 matchers. Relies on Searcher._filter_to_comb (the
filter's set of document numbers), on W3LeafMatcher's block state (_data, _ids, _weights,
_values, _i, _byteids, _read_data, _read_weights, _read_values, _next_block) and on the layout of
whoosh.formats.Positions values (whoosh.system._INT_SIZE, a pickled list of position deltas).

Why: Whoosh's collector calls into the matcher tree for every posting, and its phrase matcher
skips each word's posting list to every candidate, reading dense words' blocks (and their
positions) again and again; here each posting list is read once, a block at a time, and a
document's score is summed in the order Whoosh's matchers sum it (tests compare every ranking and
facet count with Whoosh's own searcher). The measured gains are in bench/README.md.

Fallback: a query of another shape, or a posting list that is not a bare W3LeafMatcher, is
scored by stepping Whoosh's own matcher (q.matcher()), as Whoosh's collector does.
"""
from __future__ import annotations

from uprsearch.index.whoosh_internals.scoring import block_scores, score_blocks


def collect(searcher, q, flt, limit: int | None, keep: bool = False) -> tuple[int, list[tuple[float, int]], list[int]]:
    """Score every match of q (within the filter) in one pass: (total, the best `limit` as
    (-score, docnum) in rank order, every matched docnum if `keep`). The order is Whoosh's:
    higher score first, then lower document number."""
    import heapq

    allow = searcher._filter_to_comb(flt) if flt is not None else None
    items: list[tuple[float, int]] = []
    append = items.append
    fast_ids: list[int] = []  # one word's postings scored by score_blocks
    fast_scores: list[float] = []
    context = searcher.context()
    for subsearcher, offset in searcher.leaf_searchers():
        if _score_word_pair(q, subsearcher, context, offset, allow, items):
            continue
        if _score_phrases(q, subsearcher, context, offset, allow, items):
            continue
        matcher = q.matcher(subsearcher, context)
        if score_blocks(matcher, offset, allow, fast_ids, fast_scores):
            continue
        active, ident, score, advance = matcher.is_active, matcher.id, matcher.score, matcher.next
        if allow is None:
            while active():
                append((0 - score(), offset + ident()))
                advance()
        else:
            while active():
                docnum = offset + ident()
                if docnum in allow:
                    append((0 - score(), docnum))
                advance()
    if fast_ids and not items and limit is not None and len(fast_ids) > limit:
        # the best `limit` without a tuple per match: every score above the limit-th best is
        # in, and ties at it go by document number, as (-score, docnum) order would
        from itertools import compress

        kth = heapq.nlargest(limit, fast_scores)[-1]
        at_least = map(kth.__le__, fast_scores)
        top = sorted((0 - s, d) for s, d in compress(zip(fast_scores, fast_ids), at_least))[:limit]
        return len(fast_ids), top, list(fast_ids) if keep else []
    if fast_ids:
        items.extend(zip([0 - s for s in fast_scores], fast_ids))
    total = len(items)
    matched = [docnum for _, docnum in items] if keep else []
    if limit is None:
        items.sort()
        top = items
    else:
        top = heapq.nsmallest(limit, items)
    return total, top, matched


def _score_word_pair(q, subsearcher, context, offset: int, allow, items: list) -> bool:
    """Two words ANDed (`freedom expression`): both posting lists scored a block at a time as in
    score_blocks, intersected through a dict; a document's score is the sum of the two, as
    Whoosh's IntersectionMatcher adds them (a sum of two is the same in either order). False if q
    is not two plain words or a posting list is not bare (the caller uses Whoosh's matcher)."""
    from whoosh import query as Q

    if type(q) is not Q.And or len(q.subqueries) != 2 or q.boost != 1.0:
        return False
    if not all(type(t) is Q.Term and t.boost == 1.0 for t in q.subqueries):
        return False
    lists = []
    for term in q.subqueries:
        matcher = term.matcher(subsearcher, context)
        if not matcher.is_active():
            return True  # a word this segment lacks: no document of it matches
        scored = block_scores(matcher)
        if scored is None:
            return False
        lists.append(scored)
    (ids_a, scores_a), (ids_b, scores_b) = sorted(lists, key=lambda pair: len(pair[0]))
    first = dict(zip(ids_a, scores_a))
    get = first.get
    found = [(0 - (s + score_b), offset + d) for d, score_b in zip(ids_b, scores_b) if (s := get(d)) is not None]
    if allow is not None:
        found = [item for item in found if item[1] in allow]
    items.extend(found)
    return True


def _score_phrases(q, subsearcher, context, offset: int, allow, items: list) -> bool:
    """A phrase, or a phrase OR one other phrase or word (an abbreviation's expansion:
    `"human rights defenders"` is that phrase OR HRD), each posting list read once a block at a
    time. Whoosh's SpanNear2 skips each word's list to every candidate, reading dense words'
    blocks (and their positions) again and again. Scores as Whoosh's: a phrase scores the sum of
    its words' BM25F in its intersection tree's order; a document matching both sides of the OR
    scores their sum. False if q has another shape (the caller uses Whoosh's matcher)."""
    from whoosh import query as Q

    if type(q) is Q.Phrase:
        parts = [q]
    elif type(q) is Q.Or and len(q.subqueries) == 2 and q.boost == 1.0 and not q.scale and not q.minmatch:
        parts = list(q.subqueries)
        if not any(type(p) is Q.Phrase for p in parts):
            return False
    else:
        return False
    scored = []
    for part in parts:
        if type(part) is Q.Phrase:
            got = _phrase_scores(part, subsearcher, context)
        elif type(part) is Q.Term and part.boost == 1.0:
            matcher = part.matcher(subsearcher, context)
            got = block_scores(matcher) if matcher.is_active() else ([], [])
        else:
            got = None
        if got is None:
            return False
        scored.append(got)
    if len(scored) == 1:
        found = [(0 - s, offset + d) for d, s in zip(*scored[0])]
    else:
        total = dict(zip(*scored[0]))
        for d, s in zip(*scored[1]):
            before = total.get(d)
            total[d] = s if before is None else before + s
        found = [(0 - s, offset + d) for d, s in total.items()]
    if allow is not None:
        found = [item for item in found if item[1] in allow]
    items.extend(found)
    return True


def _phrase_scores(phrase, subsearcher, context) -> tuple[list[int], list[float]] | None:
    """The documents where a phrase's words stand one after another (Whoosh's Phrase with slop 1:
    positions p, p+1, p+2...) and their scores; None if the phrase or a posting list is not plain."""
    from whoosh import query as Q

    if phrase.slop != 1 or phrase.boost != 1.0 or len(phrase.words) < 2 or phrase.fieldname not in subsearcher.schema:
        return None
    field = subsearcher.schema[phrase.fieldname]
    if not field.format or not field.format.supports("positions"):
        return None
    from itertools import accumulate

    reader = subsearcher.reader()
    lists = []
    for word in phrase.words:
        try:
            btext = field.to_bytes(word)
        except ValueError:
            return [], []
        if (phrase.fieldname, btext) not in reader:
            return [], []  # as Whoosh: a word the segment lacks matches nothing
        matcher = Q.Term(phrase.fieldname, btext).matcher(subsearcher, context)
        scorer = getattr(matcher, "scorer", None)
        if type(matcher).__name__ != "W3LeafMatcher" or getattr(scorer, "lengths", None) is None:
            return None
        ids: list[int] = []
        weights: list[float] = []
        values: list = []
        while matcher.is_active():
            if matcher._data is None:
                matcher._read_data()
            if matcher._ids is None:  # as _read_ids, the running sum by itertools.accumulate
                raw = matcher._data[0]
                matcher._ids = raw if matcher._byteids else tuple(accumulate(raw))
            matcher._read_weights()
            matcher._read_values()
            i = matcher._i
            ids.extend(matcher._ids[i:])
            weights.extend(matcher._weights[i:])
            values.extend(matcher._values[i:])
            matcher._next_block()
        lists.append((ids, weights, values, scorer, _positions_decoder(matcher.format)))
    smallest = min(lists, key=lambda entry: len(entry[0]))[0]
    candidates = set(smallest).intersection(*(entry[0] for entry in lists if entry[0] is not smallest))
    if not candidates:
        return [], []
    from bisect import bisect_left
    from itertools import repeat

    docs = sorted(candidates)
    columns = []  # per word: (weights, position values) of the candidates, in docs order
    for ids, ws, vs, _, _ in lists:
        at = list(map(bisect_left, repeat(ids), docs))
        columns.append(([ws[k] for k in at], [vs[k] for k in at]))
    scorers = [entry[3] for entry in lists]
    decoders = [entry[4] for entry in lists]
    n = len(lists)
    out_ids: list[int] = []
    out_scores: list[float] = []
    for j, d in enumerate(docs):
        # starts of the phrase so far: positions p of word 0 with p+i holding word i
        starts = decoders[0](columns[0][1][j])
        for i in range(1, n):
            held = set(decoders[i](columns[i][1][j]))
            starts = [p for p in starts if p + i in held]
            if not starts:
                break
        if not starts:
            continue
        word_scores = []
        for i, scorer in enumerate(scorers):
            tf = columns[i][0][j]
            k1, b = scorer.K1, scorer.B
            word_scores.append(scorer.idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * scorer.lengths[d] / scorer.avgfl))))
        out_ids.append(d)
        out_scores.append(_tree_sum(word_scores))
    return out_ids, out_scores


def _positions_decoder(fmt):
    """fmt.decode_positions (as a tuple); for Whoosh's Positions format the same steps without the
    per-call attribute lookups, with the running sum in C and each value decoded once per process
    (a phrase decodes thousands of these)."""
    from whoosh import formats

    if type(fmt) is not formats.Positions:
        return fmt.decoder("positions")
    import pickle
    from itertools import accumulate

    from whoosh.system import _INT_SIZE

    loads = pickle.loads
    known = _DECODED_POSITIONS

    def decode(value: bytes) -> tuple[int, ...]:
        positions = known.get(value)
        if positions is None:
            raw = value if value.endswith(b".") else value + b"."
            positions = tuple(accumulate(loads(raw[_INT_SIZE:])))
            if len(known) < 200_000:
                known[value] = positions
        return positions

    return decode


# Position values already decoded, for the life of the process. Most words stand once in a
# paragraph, so a few hundred values (one per position) are most of what a phrase decodes.
_DECODED_POSITIONS: dict[bytes, tuple[int, ...]] = {}


def _tree_sum(values: list[float]) -> float:
    """Sum in the order of Whoosh's make_binary_tree of IntersectionMatchers (a + (b + c)...)."""
    n = len(values)
    if n == 2:
        return values[0] + values[1]
    if n == 3:
        return values[0] + (values[1] + values[2])
    if n == 1:
        return values[0]
    half = len(values) // 2
    return _tree_sum(values[:half]) + _tree_sum(values[half:])
