"""English analysis of the text field: words, lower case, stop words and lone letters out (but
"not"; a number of one digit is a word), Porter2 stems.

analyzer() is Whoosh's StemmingAnalyzer so configured (the index's text field uses it, and the
query parser with it). analyse_text() and stem_spans() give what it gives, in one pass over a
text without Whoosh's Token objects: the build writer's postings and the highlighter's spans.
They follow the analyzer's own steps (tokenizer pattern, lower case, stop list and minimum size,
positions renumbered from the first word kept, Porter2); tests compare them with the analyzer
on every chunk of the corpus and the samples, and on odd texts.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

# Whoosh's English stop words, less "not": "did not apply" is not "did apply".
_KEEP_WORDS = {"not"}

TOKEN_RX = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*")  # whoosh.analysis.tokenizers.default_pattern


@lru_cache(maxsize=1)
def analyzer():
    """English analysis: words, lower case, stop words out (not "not"), Porter2 stems."""
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.lang.porter2 import stem

    # minsize 1: a number of one digit is a word ("ICCPR-OP 2", "article 6"); a lone letter is
    # a stop word (stop_words), as the minimum size of 2 made it before
    return StemmingAnalyzer(stemfn=stem, stoplist=stop_words(), minsize=1, cachesize=100_000)


def analyze(text: str) -> list[str]:
    """The index terms of a text, in order (what analyzer() gives, without its Token objects)."""
    return [stem for stem, _, _ in stem_spans(text)]


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Whoosh's English stop words less "not", and every lone letter (a, b … z, _ and *: the
    single characters the minimum size of 2 dropped but the digits; a lone letter of another
    script is a word)."""
    from whoosh.analysis import STOP_WORDS

    return (frozenset(STOP_WORDS) - _KEEP_WORDS) | _LONE_LETTERS


_LONE_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz_*")


def analyse_text(text: str, terms: dict[str, bytes | None]) -> tuple[dict[bytes, list[int]], set[str]]:
    """{term bytes: positions} and the set of unstemmed words of a text, as analyzer() makes them:
    RegexTokenizer (default pattern), LowercaseFilter, StopFilter (minsize 1, renumbered from the
    first kept token) and Porter2 stems. `terms` caches each lower-case word's term (None for a
    word the stop filter drops), so a word seen before costs one lookup."""
    lowered = text.lower()
    if len(lowered) == len(text):
        # each character lowered to one (all but a few, such as "İ"): the same tokens, lowered
        tokens = TOKEN_RX.findall(lowered)
    else:
        tokens = [token.lower() for token in TOKEN_RX.findall(text)]
    positions: defaultdict[bytes, list[int]] = defaultdict(list)
    words: set[str] = set()
    pos = -1
    first = True
    for i, word in enumerate(tokens):
        term = terms.get(word, _UNSEEN)
        if term is _UNSEEN:
            term = terms[word] = _term_of(word)
        if term is None:
            continue
        if first:
            pos, first = i, False
        else:
            pos += 1
        words.add(word)
        positions[term].append(pos)
    return positions, words


_UNSEEN = object()


def _term_of(word: str) -> bytes | None:
    """A lower-case word's term bytes (its Porter2 stem), None if the stop filter drops it."""
    from whoosh.lang.porter2 import stem

    if word in stop_words():
        return None
    return stem(word).encode("utf-8")


TERMS: dict[str, bytes | None] = {}  # each word seen -> its term (see analyse_text), for the life of the process


def stem_spans(text: str) -> list[tuple[str, int, int]]:
    """(stem, start, end) of each token analyzer() keeps, as analyzer()(text, chars=True) gives
    them: its tokenizer pattern, lower case, its stop list and minimum size, Porter2 stems (the
    build's word -> term cache, TERMS), without a Token object and four generators per word
    (highlighting 10 hits took ~3 ms of a warm query)."""
    terms = TERMS
    out = []
    for m in TOKEN_RX.finditer(text):
        word = m.group().lower()
        term = terms.get(word, _UNSEEN)
        if term is _UNSEEN:
            term = terms[word] = _term_of(word)
        if term is not None:
            out.append((term.decode("utf-8"), m.start(), m.end()))
    return out
