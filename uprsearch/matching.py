"""Many regular expressions found in a text fast: each is tried only where its first letters are.

The theme taxonomy and the action categories match hundreds of case-insensitive patterns against
every chunk. Rather than run each over the text, every pattern is filed under the few lowercase
letters a match of it must start with (read off the pattern's parse tree), one Aho-Corasick
automaton finds the word starts where any of those letters occur, and only the patterns filed there
are tried. A pattern therefore never matches from inside a word: "fair trial" is not found in
"unfair trial".
"""
from __future__ import annotations

import re
from typing import Any

import ahocorasick

from uprsearch.errors import UprError

_WORD = re.compile(r"\w+")
# Where a pattern with no lead is tried: the start of each word and each punctuation mark.
_START = re.compile(r"\b\w|[^\w\s]")
# A pattern is filed under the first letters of its matches: 16 of them filter best (the automaton
# compares them, in C, before any pattern runs); fewer when its alternatives make too many.
_LEAD_LENGTHS = (16, 8, 3)


class PatternSet:
    """Compiled patterns, indexed by their leading letters; find() gives every match at a word
    start, each with its pattern's payload (its position in the list, unless payloads are given:
    what the caller needs to know of a pattern, handed back without a lookup per match)."""

    def __init__(self, regexes: list[re.Pattern[str]], payloads: list[Any] | None = None):
        self.regexes = regexes
        self.payloads = list(range(len(regexes))) if payloads is None else payloads
        filed: dict[str, list[int]] = {}  # lead -> the patterns filed under it
        # Patterns with no lead (no fixed first letters, or a punctuation mark first): tried at every
        # word start and punctuation mark. None of the shipped ones.
        self.slow: list[int] = []
        for pid, regex in enumerate(regexes):
            leads = _lead_keys(regex.pattern, _LEAD_LENGTHS)
            if leads is None or not all(_WORD.match(lead) for lead in leads):
                self.slow.append(pid)
                continue
            for lead in leads:
                filed.setdefault(lead, []).append(pid)
        # The word starts where leads begin are found by an Aho-Corasick automaton (in C, each
        # character read once) over the lowercased text with a space in front, in which every
        # character that is not a word character, nor one that a lead holds, is a space: each lead
        # is looked for after each of those separators, so every hit is at a word start.
        self.separators = " " + "".join(sorted({char for lead in filed for char in lead if not _WORD.match(char)} - {" "}))
        self._other_separator = re.compile("[^\\w" + re.escape(self.separators) + "]")
        self._ascii_spaces = str.maketrans(
            {char: " " for char in map(chr, range(128)) if not _WORD.match(char) and char not in self.separators}
        )
        # Where a lead is found so is every lead it starts with: each pattern is filed there under
        # the shortest of its leads only, and so tried once at a word start.
        self.automaton: Any = None
        if filed:
            self.automaton = ahocorasick.Automaton()
            for lead, pids in filed.items():
                shorter = {pid for n in range(1, len(lead)) for pid in filed.get(lead[:n], ())}
                tries = tuple((pid, self.payloads[pid], regexes[pid].match) for pid in pids if pid not in shorter)
                if tries:
                    for separator in self.separators:
                        self.automaton.add_word(separator + lead, (len(lead), tries))
            self.automaton.make_automaton()

    def find(self, text: str) -> list[tuple[Any, int, int]]:
        """(payload, start, end) of every match, as matches() gives them."""
        return [(payload, start, end) for start, _, payload, end in self.matches(text)]

    def matches(self, text: str) -> list[tuple[int, int, Any, int]]:
        """(start, a number ordering the matches at one start, payload, end) of every match starting
        at a word start (or punctuation mark), in order of start (and of pattern, at one start)."""
        low = text.lower()
        if len(low) != len(text) or self.slow:
            return [(start, n, payload, end) for n, (payload, start, end) in enumerate(self._find_slowly(text, low))]
        return self._matches(text, low, 0, len(low))

    def _find_slowly(self, text: str, low: str) -> list[tuple[Any, int, int]]:
        """find() where some patterns have no lead, or lowercasing moved positions (a few exotic
        letters do): the patterns concerned tried at every word start and punctuation mark."""
        found: list[tuple[Any, int, int]] = []
        if len(low) != len(text):
            self._try(range(len(self.regexes)), text, _starts(text), found)
        else:
            found = [(payload, start, end) for start, _, payload, end in self._matches(text, low, 0, len(low))]
            self._try(self.slow, text, _starts(text), found)
        found.sort(key=_start)
        return found

    def first(self, text: str, start: int = 0, end: int | None = None) -> tuple[Any, int, int] | None:
        """The first match that starts in text[start:end], or None."""
        end = len(text) if end is None else end
        low = text.lower()
        if len(low) != len(text) or self.slow:  # the rare slow case: all matches
            return next(((p, s, e) for p, s, e in self.find(text) if start <= s < end), None)
        matches = self._matches(text, low, start, end)
        if not matches:
            return None
        pos, _, payload, match_end = matches[0]
        return payload, pos, match_end

    def _matches(self, text: str, low: str, start: int, end: int) -> list[tuple[int, int, Any, int]]:
        """(start, pattern, payload, end) of the matches of the patterns filed under leads in
        low[start:end] (a lead ends by end, as the word it starts), sorted."""
        if self.automaton is None:
            return []
        if low.isascii():
            scanned = (" " + low).translate(self._ascii_spaces)
        else:
            scanned = self._other_separator.sub(" ", " " + low)
        found: list[tuple[int, int, Any, int]] = []
        add = found.append
        for lead_end, (length, tries) in self.automaton.iter(scanned, start, end + 1):
            pos = lead_end - length  # of the separator before the word: the word's in text
            for pid, payload, match in tries:
                m = match(text, pos)
                if m:
                    add((pos, pid, payload, m.end()))
        found.sort()
        return found

    def _try(self, pids: Any, text: str, starts: list[int], found: list[tuple[Any, int, int]]) -> None:
        """The slow path: try patterns at every word start and punctuation mark."""
        for pid in pids:
            regex = self.regexes[pid]
            for pos in starts:
                m = regex.match(text, pos)
                if m:
                    found.append((self.payloads[pid], pos, m.end()))


def pattern_list(entry: dict[str, Any], key: str, source: Any, where: str) -> list[str]:
    """entry[key] of a data file: a list of regexes (or one), each checked now so that a bad one is
    reported with the file and the place it stands in."""
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise UprError(f"{source}: {where}: `{key}` must be a list of regular expressions")
    for pattern in value:
        try:
            re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise UprError(f"{source}: {where}: {key} {pattern!r} is not a valid regular expression ({exc})") from exc
    return list(value)


def _start(match: tuple[Any, int, int]) -> int:
    return match[1]


def _starts(text: str) -> list[int]:
    """Where the slow path tries patterns: word starts and punctuation marks."""
    return [m.start() for m in _START.finditer(text)]



# -- the index: which letters can a match start with? ---------------------------------------
def _lead_keys(pattern: str, lengths: tuple[int, ...] = (8, 3)) -> frozenset[str] | None:
    """Lowercase strings one of which every match of the pattern starts with, read off the
    pattern's parse tree, as long as the first of lengths that gives few enough (fewer letters
    where the pattern may stop); None when the start cannot be pinned down (the pattern is then
    tried everywhere: slower, same result)."""
    try:  # re's parser is internal, but has been stable for years; without it nothing is indexed
        from re import _constants as c
        from re import _parser as parser
    except ImportError:  # pragma: no cover - other Pythons
        return None
    try:
        tree = parser.parse(pattern, re.IGNORECASE)
    except re.error:
        return None
    for length in lengths:  # long prefixes filter best; short ones are found more often
        try:
            keys = _lead(list(tree.data), length, c)
        except RecursionError:  # pragma: no cover - absurdly nested patterns
            keys = None
        if keys and "" not in keys and len(keys) <= 256:
            return frozenset(keys)
    return None


def _lead(seq: list[Any], k: int, c: Any) -> set[str] | None:
    """Possible first k letters (fewer where the pattern may stop) of what seq matches."""
    if k == 0 or not seq:
        return {""}
    op, av = seq[0]
    rest = seq[1:]
    if op is c.AT or op is c.ASSERT or op is c.ASSERT_NOT:  # zero-width: look past it
        return _lead(rest, k, c)
    if op is c.LITERAL or op is c.IN:
        if op is c.LITERAL:
            firsts = {chr(av).lower()}
        elif len(av) <= 4 and all(o is c.LITERAL for o, _ in av):  # a small set like [’'] or [sz]
            firsts = {chr(a).lower() for _, a in av}
        else:
            return None
        tail = _lead(rest, k - 1, c) or {""}
        return {f + t for f in firsts for t in tail}
    if op is c.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            lead = _lead(list(alternative.data) + rest, k, c)
            if lead is None:
                return None
            out |= lead
        return out
    if op is c.SUBPATTERN:
        return _lead(list(av[3].data) + rest, k, c)
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _lead(list(av.data) + rest, k, c)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        low, high, item = av
        if high == 1:  # x? is the branch (x|): exact
            with_item = _lead(list(item.data) + rest, k, c)
            without = _lead(rest, k, c) if low == 0 else set()
            if with_item is None or without is None:
                return None
            return with_item | without
        once = _lead(list(item.data), k, c)
        if once is None or any(len(s) < k for s in once):  # too short to tell what follows
            return None
        if low == 0:
            skipped = _lead(rest, k, c)
            return None if skipped is None else once | skipped
        return once
    return None
