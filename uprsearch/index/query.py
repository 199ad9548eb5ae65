"""The query language: Whoosh's query syntax, checked, with field values resolved and words expanded.

Whoosh silently drops what it cannot parse: check_syntax() says what is wrong first. Field values
(`org:HRW`) go through the library's resolver to index values; words and phrases of the text
match their abbreviations both ways (NSS <-> "National Security Service"); `word~` is expanded
over the stems and the words. A ParsedQuery knows what it matched, to highlight it and to narrow
a chunk's statements. suggest() corrects a query that found nothing from the index's vocabulary.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Iterator

from uprsearch.errors import QueryError, UprError
from uprsearch.filters import INDEXED_NAMES
from uprsearch.index.analysis import analyze, stem_spans
from uprsearch.index.expansions import build_expansions
from uprsearch.index.meta import IndexInfo


_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
TEXT_FIELDS = ("text", "footnote")  # the analysed fields a query may name (footnote: the chunk's footnotes' texts)

# Limits that keep one query from running away (see the README's "Limits"): Whoosh nests
# parentheses and the binary operators ANDNOT/ANDMAYBE one level per use and recurses through
# them; the edit distance of word~N is that of Lucene's fuzzy queries; the Levenshtein automata
# behind word~ and the "did you mean" suggestion grow with the word's length.
MAX_WORDS = 1024  # words and phrases in a query (Lucene's default clause limit)
MAX_LENGTH = 20_000  # characters in a query: Whoosh's tagger re-matches every position of a word,
MAX_WORD_LENGTH = 200  # so parsing time grows with a word's length squared (30,000 characters: 10 s)
MAX_NESTING = 50  # parentheses inside parentheses
MAX_CHAINED = 100  # uses of ANDNOT and ANDMAYBE
MAX_FUZZY_DISTANCE = 2  # word~2 at most
MAX_FUZZY_LENGTH = 40  # characters of a word~ word, and of a word the suggestion corrects
MAX_SUGGESTED = 10  # unknown words the suggestion tries to correct
MAX_EXPANDED = 20  # word~ and wild*card words in a query: each is matched against the whole vocabulary
_FUZZY = re.compile(r"^(?P<word>[^\s~\"]+)~(?P<dist>\d*)(?:/(?P<prefix>\d*))?$")


def _shown(text: str, size: int = 80) -> str:
    """The query as an error line quotes it: repr'd (controls escaped), long ones cut."""
    return repr(text) if len(text) <= size else repr(text[:size]) + f" … ({len(text):,} characters)"


def check_syntax(text: str) -> None:
    def fail(message: str, at: int) -> None:
        raise QueryError(f"bad query: {message} at character {at + 1} of {_shown(text)}")

    if not text.strip():
        raise QueryError("the query is empty; give words to search for, or no QUERY to list by filters")
    if len(text) > MAX_LENGTH:
        raise QueryError(f"the query has {len(text):,} characters; at most {MAX_LENGTH:,}")
    undecodable = re.search(r"[\ud800-\udfff]", text)
    if undecodable:  # bytes that were not UTF-8 in the argument: no indexed word holds them
        fail("bytes that are not UTF-8 text; give the query in UTF-8", undecodable.start())
    depth_stack: list[int] = []
    in_quote: int | None = None
    for i, ch in enumerate(text):
        if ch == '"':
            in_quote = i if in_quote is None else None
        elif in_quote is None and ch == "(":
            depth_stack.append(i)
            if len(depth_stack) > MAX_NESTING:
                fail(f"parentheses nested more than {MAX_NESTING} deep", i)
        elif in_quote is None and ch == ")":
            if not depth_stack:
                fail("')' without a matching '('", i)
            depth_stack.pop()
    if in_quote is not None:
        fail("a phrase opened with '\"' is not closed", in_quote)
    if depth_stack:
        fail("'(' is not closed", depth_stack[-1])
    tokens = [(m.group(), m.start()) for m in re.finditer(r'"[^"]*"|[()]|[^\s()"]+', text)]
    words = [t for t, _ in tokens if t not in _OPERATORS and t not in "()"]
    for word, at in tokens:
        if len(word) > MAX_WORD_LENGTH and not word.startswith('"'):
            fail(f"a word of {len(word):,} characters; words are at most {MAX_WORD_LENGTH}", at)
    if len(words) > MAX_WORDS:
        raise QueryError(f"the query has {len(words)} words; at most {MAX_WORDS}")
    chained = [at for t, at in tokens if t in ("ANDNOT", "ANDMAYBE")]
    if len(chained) > MAX_CHAINED:
        fail(f"more than {MAX_CHAINED} ANDNOT/ANDMAYBE", chained[MAX_CHAINED])
    expanded = [at for t, at in tokens if not t.startswith('"') and re.search(r"[~*?]", t)]
    if len(expanded) > MAX_EXPANDED:
        fail(f"more than {MAX_EXPANDED} words with ~, * or ?", expanded[MAX_EXPANDED])
    previous: str | None = None
    for idx, (tok, at) in enumerate(tokens):
        _check_fuzzy(tok, at, fail)
        nxt = tokens[idx + 1][0] if idx + 1 < len(tokens) else None
        if tok in _OPERATORS:
            if tok != "NOT" and (previous is None or previous in _OPERATORS or previous == "("):
                fail(f"{tok} has nothing on its left", at)
            if nxt is None or nxt in _OPERATORS - {"NOT"} or nxt == ")":
                fail(f"{tok} has nothing on its right", at)
        m = re.match(r"^(\w+):(.*)$", tok)
        if m and not tok.startswith('"'):
            name, value = m.groups()
            if name not in INDEXED_NAMES and name not in TEXT_FIELDS:
                raise QueryError(
                    f"bad query: unknown field {name + ':'!r} at character {at + 1} of {_shown(text)}; "
                    f"fields are {', '.join(f + ':' for f in (*INDEXED_NAMES, 'footnote'))}"
                )
            if not value and (nxt is None or nxt in _OPERATORS or nxt == ")"):
                fail(f"{name}: needs a value", at)
        previous = tok


def _check_fuzzy(token: str, at: int, fail: Callable[[str, int], None]) -> None:
    """word~N/P within the limits: distance at most MAX_FUZZY_DISTANCE (Whoosh reads one digit, so
    that word~1000 would be word~1 and a word 000), a prefix shorter than the word, a short word."""
    m = _FUZZY.match(token.split(":", 1)[-1])
    if not m:
        return
    word, dist, prefix = m.group("word"), m.group("dist"), m.group("prefix")
    if dist and int(dist) > MAX_FUZZY_DISTANCE:
        fail(f"{token!r} asks for {int(dist)} edits; word~ allows at most {MAX_FUZZY_DISTANCE}", at)
    if prefix is not None and (not prefix or int(prefix) >= len(word)):
        fail(f"{token!r}: the prefix after '/' must be a number of characters shorter than the word", at)
    if len(word) > MAX_FUZZY_LENGTH:
        fail(f"word~ works on words of up to {MAX_FUZZY_LENGTH} characters", at)


def _check_fuzzy_term(q) -> None:
    """check_syntax checks the word~N/P it can see; Whoosh also reads one glued inside a token
    ("a~2/40b"): the same limits, on the FuzzyTerm Whoosh made."""
    shown = f"{q.text}~{q.maxdist}" + (f"/{q.prefixlength}" if q.prefixlength else "")
    if q.maxdist > MAX_FUZZY_DISTANCE:
        raise QueryError(f"bad query: {_shown(shown)} asks for {q.maxdist} edits; word~ allows at most {MAX_FUZZY_DISTANCE}")
    if q.prefixlength >= len(q.text):
        raise QueryError(f"bad query: {_shown(shown)}: the prefix after '/' must be a number of characters shorter than the word")
    if len(q.text) > MAX_FUZZY_LENGTH:
        raise QueryError(f"bad query: word~ works on words of up to {MAX_FUZZY_LENGTH} characters")


def _raise_query_errors(q, text: str) -> None:
    for node in _walk(q):
        message = getattr(node, "error", None)
        if message:
            at = getattr(node, "startchar", None)
            where = f" at character {at + 1}" if isinstance(at, int) else ""
            raise QueryError(f"bad query: {message}{where} of {_shown(text)}")


def _walk(q) -> Iterator:
    yield q
    if not q.is_leaf():
        for child in q.children():
            yield from _walk(child)


class QueryLanguage:
    """Whoosh's query syntax over one index: its vocabulary (through `searcher()`, the index's
    Whoosh searcher) and its expansions (from `info`)."""

    def __init__(self, searcher: Callable[[], Any], info: IndexInfo):
        self.searcher = searcher
        self.info = info
        self._parser = None  # one per process
        self._expansions: dict[tuple[str, ...], list[tuple[str, ...]]] | None = None

    def parse(self, text: str, resolve: Callable[[str, str], list[str]]) -> ParsedQuery:
        """Parse Whoosh query syntax; field values go through `resolve(field, value) -> values`."""
        from whoosh import qparser

        check_syntax(text)
        parser = self._parser
        if parser is None:
            parser = self._parser = qparser.QueryParser("text", self.searcher().schema)
            parser.add_plugin(qparser.FuzzyTermPlugin())
        try:
            q = parser.parse(text)
        except Exception as exc:  # whoosh raises bare exceptions on some malformed input
            raise QueryError(f"cannot parse the query {_shown(text)} ({exc}); see `uprsearch search --help`") from exc
        _raise_query_errors(q, text)
        q = self._rewrite(q, resolve)
        from whoosh.query import NullQuery

        if isinstance(q, type(NullQuery)):
            raise QueryError(
                f"the query {_shown(text)} has no searchable words (very common words such as 'the' are not indexed)"
            )
        return ParsedQuery(text, q, self)

    def _rewrite(self, q, resolve):
        from whoosh import query as Q

        if isinstance(q, Q.Term) and q.fieldname in INDEXED_NAMES:
            values = resolve(q.fieldname, q.text)
            terms = [Q.Term(q.fieldname, v) for v in values]
            if not terms:
                return Q.NullQuery
            return terms[0] if len(terms) == 1 else Q.Or(terms)
        if isinstance(q, (Q.Term, Q.Phrase)) and q.fieldname == "text":
            return self._expand(q)
        if isinstance(q, Q.FuzzyTerm):
            _check_fuzzy_term(q)
            if q.fieldname != "text":
                raise QueryError(f"{q.fieldname}: takes a whole value, not word~ ({q.text!r})")
            return self._fuzzy(q)
        if isinstance(q, Q.Phrase) and q.fieldname in INDEXED_NAMES:
            return self._rewrite(Q.Term(q.fieldname, " ".join(q.words)), resolve)
        if isinstance(q, Q.PatternQuery) and q.fieldname in INDEXED_NAMES:
            raise QueryError(f"{q.fieldname}: takes a whole value, not a pattern ({q.text!r})")
        if q.is_leaf():
            return q
        q = q.apply(lambda sub: self._rewrite(sub, resolve))
        if isinstance(q, Q.And):
            # Whoosh chains `a NOT b NOT c ...` as one level of matcher per NOT and recurses down
            # the chain: 1,000 of them overflow the stack. NOT (b OR c ...) is the same, and flat.
            nots = [c for c in q.subqueries if isinstance(c, Q.Not)]
            if len(nots) > 1:
                rest = [c for c in q.subqueries if not isinstance(c, Q.Not)]
                q = Q.And(rest + [Q.Not(Q.Or([n.query for n in nots]))], boost=q.boost)
        return _balanced(q)

    def _fuzzy(self, q):
        """word~: the index terms within the edit distance, of the stems or of the words.

        Whoosh's FuzzyTerm looks in the spelling field when the field has one, whose words are
        unstemmed, and then finds none of them among the stemmed terms; so expand it here."""
        from whoosh import query as Q

        reader = self.searcher().reader()
        maxdist, prefix = q.maxdist, q.text[: q.prefixlength]
        stems: set[str] = set()
        for leaf, _ in reader.leaf_readers():
            for word in leaf.terms_within("text", q.text, maxdist, prefix=q.prefixlength):
                stems.update(analyze(word)[:1])
        for btext in reader.lexicon("text"):
            term = btext.decode("utf-8") if isinstance(btext, bytes) else btext
            if term.startswith(prefix) and abs(len(term) - len(q.text)) <= maxdist and edit_distance(term, q.text) <= maxdist:
                stems.add(term)
        terms = [Q.Term("text", s, boost=q.boost) for s in sorted(stems) if reader.doc_frequency("text", s)]
        if not terms:  # nothing near it: a query that finds nothing (exit 1), not an empty query
            return Q.Term("text", q.text)
        return terms[0] if len(terms) == 1 else Q.Or(terms)

    def _expand(self, q):
        """Abbreviations both ways: NSS <-> "National Security Service", HRW <-> "Human Rights Watch"."""
        from whoosh import query as Q

        words = (q.text,) if isinstance(q, Q.Term) else tuple(q.words)
        forms = self.expansions().get(words)
        if not forms:
            return q
        alternatives = [q] + [
            Q.Term("text", f[0]) if len(f) == 1 else Q.Phrase("text", list(f)) for f in forms if f != words
        ]
        return Q.Or(alternatives)

    def expansions(self) -> dict[tuple[str, ...], list[tuple[str, ...]]]:
        if self._expansions is None:
            if self.info.expansions:
                self._expansions = {
                    tuple(k.split(" ")): [tuple(f) for f in v] for k, v in self.info.expansions.items()
                }
            else:
                self._expansions = build_expansions(self.info.acronyms, self.info.organisations)
        return self._expansions


    def suggest(self, text: str) -> str | None:
        """A corrected query string from the index's own vocabulary, or None.

        Each word of the query that is not in the index is replaced by the nearest word that is:
        the smallest edit distance first, then the most frequent. (Whoosh's correct_query ranks by
        frequency alone, so "wter" would become "other".)
        """
        from whoosh import query as Q

        try:
            q = self.parse(text, lambda f, v: [v])
        except UprError:
            return None
        reader = self.searcher().reader()
        replacements: list[tuple[int, int, str]] = []
        tried = 0
        for leaf in q.query.leaves():
            if not isinstance(leaf, Q.Term) or leaf.fieldname != "text":
                continue
            if reader.doc_frequency("text", leaf.text) > 0:
                continue
            start, end = getattr(leaf, "startchar", None), getattr(leaf, "endchar", None)
            if start is None or end is None:
                continue
            word = text[start:end]
            if len(word) > MAX_FUZZY_LENGTH or tried == MAX_SUGGESTED:
                continue
            tried += 1
            best = self._nearest(word.lower())
            if best and best != word.lower():
                replacements.append((start, end, best))
        if not replacements:
            return None
        out, last = [], 0
        for start, end, best in sorted(replacements):
            out.append(text[last:start])
            out.append(best)
            last = end
        out.append(text[last:])
        return "".join(out)

    def _nearest(self, word: str) -> str | None:
        reader = self.searcher().reader()
        spell = self.searcher().schema["text"].spelling_fieldname("text")
        for maxdist in (1, 2):
            candidates = {
                c for leaf, _ in reader.leaf_readers() for c in leaf.terms_within("text", word, maxdist) if c != word
            }
            if candidates:
                def rank(c):
                    return (edit_distance(word, c), -reader.frequency(spell, c), c)

                return min(candidates, key=rank)
        return None


_GROUP = 16


def _balanced(q):
    """An AND or OR of many clauses as a tree of groups of at most 16. Whoosh pairs a compound's
    matchers by weight (a Huffman tree), which for many clauses of equal weight (words that are
    not in the index) is a chain one level per clause, and recursing down it overflows the stack
    from about 300 clauses. Grouping keeps the tree shallow; AND and OR do not care how."""
    from whoosh import query as Q

    if type(q) not in (Q.And, Q.Or) or len(q.subqueries) <= _GROUP:
        return q
    parts = list(q.subqueries)
    while len(parts) > _GROUP:
        parts = [type(q)(parts[i : i + _GROUP]) for i in range(0, len(parts), _GROUP)]
    return type(q)(parts, boost=q.boost)


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count one)."""
    prev2: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]


# --------------------------------------------------------------------------------------------
# A parsed query: what it matches, for highlighting and for narrowing statements


class ParsedQuery:
    def __init__(self, text: str, query, language: QueryLanguage):
        self.text = text
        self.query = query
        self._language = language
        self._terms: set[str] | None = None
        self._phrases: list[tuple[str, ...]] | None = None
        self._expanded: dict[int, set[str]] = {}

    def _collect(self) -> None:
        from whoosh import query as Q

        terms: set[str] = set()
        phrases: list[tuple[str, ...]] = []

        def visit(q) -> None:
            if isinstance(q, Q.Not):
                return  # what a query excludes is never highlighted
            if isinstance(q, (Q.AndNot,)):
                visit(q.a)
                return
            if isinstance(q, Q.Term):
                if q.fieldname == "text":
                    terms.add(q.text)
                return
            if isinstance(q, Q.Phrase):
                if q.fieldname == "text":
                    phrases.append(tuple(q.words))
                return
            if isinstance(q, Q.MultiTerm):
                if q.fieldname == "text":
                    terms.update(self._expand_multi(q))
                return
            if not q.is_leaf():
                for child in q.children():
                    visit(child)

        visit(self.query)
        self._terms, self._phrases = terms, phrases

    def _expand_multi(self, q) -> set[str]:
        key = id(q)
        if key not in self._expanded:
            reader = self._language.searcher().reader()
            found = set()
            for fieldname, btext in q.existing_terms(reader, expand=True):
                if fieldname == "text":
                    found.add(btext.decode("utf-8") if isinstance(btext, bytes) else btext)
            self._expanded[key] = found
        return self._expanded[key]

    def has_words(self) -> bool:
        """Whether the query searches the text at all (org:AI alone only selects)."""
        if self._terms is None:
            self._collect()
        return bool(self._terms or self._phrases)

    def highlights(self, text: str) -> list[tuple[int, int]]:
        """Character spans in `text` of every word the query matched (all stemmed variants), and
        of every occurrence of its phrases; nothing the query excludes."""
        if self._terms is None:
            self._collect()
        return highlight_spans(text, self._terms or set(), self._phrases or [])

    def matches(self, text: str, fields: dict[str, set[str]]) -> bool:
        """Whether a piece of text (a statement) with these field values satisfies the query."""
        tokens = analyze(text)
        return self._eval(self.query, set(tokens), tokens, fields)

    def _eval(self, q, stems: set[str], tokens: list[str], fields: dict[str, set[str]]) -> bool:
        from whoosh import query as Q

        if isinstance(q, Q.Not):
            return not self._eval(q.query, stems, tokens, fields)
        if isinstance(q, Q.AndNot):
            return self._eval(q.a, stems, tokens, fields) and not self._eval(q.b, stems, tokens, fields)
        if isinstance(q, Q.AndMaybe):
            return self._eval(q.a, stems, tokens, fields)
        if isinstance(q, Q.Require):
            return self._eval(q.a, stems, tokens, fields) and self._eval(q.b, stems, tokens, fields)
        if isinstance(q, Q.And):
            return all(self._eval(c, stems, tokens, fields) for c in q.children())
        if isinstance(q, (Q.Or, Q.DisjunctionMax)):
            return any(self._eval(c, stems, tokens, fields) for c in q.children())
        if isinstance(q, Q.Term):
            if q.fieldname == "text":
                return q.text in stems
            return q.text in fields.get(q.fieldname, set())
        if isinstance(q, Q.Phrase):
            return q.fieldname == "text" and _contains_run(tokens, tuple(q.words))
        if isinstance(q, Q.MultiTerm):
            return q.fieldname == "text" and bool(self._expand_multi(q) & stems)
        if isinstance(q, Q.Every):
            return True
        if isinstance(q, type(Q.NullQuery)):
            return False
        if not q.is_leaf():  # other wrappers (boosts, constant scores)
            return all(self._eval(c, stems, tokens, fields) for c in q.children())
        return True


def _contains_run(tokens: list[str], words: tuple[str, ...]) -> bool:
    n = len(words)
    return any(tuple(tokens[i : i + n]) == words for i in range(len(tokens) - n + 1))


def highlight_spans(text: str, terms: set[str], phrases: list[tuple[str, ...]]) -> list[tuple[int, int]]:
    """Spans of tokens whose stem is in `terms`, and of runs of tokens equal to a phrase."""
    if not terms and not phrases:
        return []
    tokens = stem_spans(text)
    spans = [(s, e) for stem, s, e in tokens if stem in terms]
    stems = [t[0] for t in tokens]
    for phrase in phrases:
        n = len(phrase)
        if not n:
            continue
        for i in range(len(tokens) - n + 1):
            if tuple(stems[i : i + n]) == phrase:
                spans.append((tokens[i][1], tokens[i + n - 1][2]))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged
