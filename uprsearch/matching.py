"""Many regular expressions found in a text fast: each is tried only where its first letters are.

The theme taxonomy and the action categories match hundreds of case-insensitive patterns against
every chunk. Rather than run each over the text, every pattern is filed under the few lowercase
letters a match of it must start with (read off the pattern's parse tree), one regex finds the word
starts where any of those letters occur, and only the patterns filed there are tried. A pattern
therefore never matches from inside a word: "fair trial" is not found in "unfair trial".
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from uprsearch.errors import UprError

_WORD = re.compile(r"\w+")
# Where a pattern with no lead is tried: the start of each word and each punctuation mark.
_START = re.compile(r"\b\w|[^\w\s]")
# A pattern is filed under the first letters of its matches: 16 of them filter best (the scanner
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
        # A lead (lowercase letters a match may start with) -> the ids of the patterns to try where
        # the text starts with it: those filed under it or under a shorter lead it starts with (the
        # scanner gives the longest lead there). A set: a pattern filed under both runs once.
        self.leads: dict[str, tuple[int, ...]] = {
            lead: tuple(sorted({pid for n in range(1, len(lead) + 1) for pid in filed.get(lead[:n], ())}))
            for lead in filed
        }
        # The same, with each pattern's bound match method beside its payload (looked up once, not
        # per try).
        self._tries: dict[str, tuple[tuple[Any, Any], ...]] = {
            lead: tuple((self.payloads[pid], regexes[pid].match) for pid in pids) for lead, pids in self.leads.items()
        }
        # Finds the word starts of a lowercased text where a lead begins, and matches the longest lead
        # there: one regex for all leads, sharing their prefixes, so each word is read once, in C. It
        # matches the character before the word (a text is scanned with a space in front), and looks
        # ahead for the lead: the regex engine then skips from one such character to the next without
        # trying the regex inside words, and a lead of several words ("right to h") does not hide one
        # that starts within it ("to"). Text that is all ASCII (most) is scanned with ASCII word
        # classes: the same words, found faster.
        self.scanner: re.Pattern[str] | None = None
        self.ascii_scanner: re.Pattern[str] | None = None
        if self.leads:
            source = r"\W(?=(" + _longest_of(self.leads) + "))"
            self.scanner, self.ascii_scanner = re.compile(source), re.compile(source, re.ASCII)

    def find(self, text: str) -> list[tuple[Any, int, int]]:
        """(payload, start, end) of every match starting at a word start (or punctuation mark), in
        order of start."""
        found: list[tuple[Any, int, int]] = []
        low = text.lower()
        if len(low) != len(text):  # lowercasing moved positions (a few exotic letters do): go slow
            self._try(range(len(self.regexes)), text, _starts(text), found)
            found.sort(key=lambda m: m[1])
            return found
        scanner = self.ascii_scanner if low.isascii() else self.scanner
        if scanner is not None:
            tries, add = self._tries, found.append
            for lead in scanner.finditer(" " + low):  # the space before the first word
                pos = lead.start()  # of the character before the word: the word's in text
                for payload, match in tries[lead[1]]:
                    m = match(text, pos)
                    if m:
                        add((payload, pos, m.end()))
        if self.slow:
            self._try(self.slow, text, _starts(text), found)
            found.sort(key=lambda m: m[1])
        return found

    def first(self, text: str, start: int = 0, end: int | None = None) -> tuple[Any, int, int] | None:
        """The first match that starts in text[start:end], or None."""
        end = len(text) if end is None else end
        low = text.lower()
        scanner = self.ascii_scanner if low.isascii() else self.scanner
        if len(low) != len(text) or scanner is None or self.slow:  # the rare slow case: all matches
            return next(((p, s, e) for p, s, e in self.find(text) if start <= s < end), None)
        # the lead must end by end, as the word it starts: the scanned text has a space in front
        for lead in scanner.finditer(" " + low, start, end + 1):
            pos = lead.start()
            for payload, match in self._tries[lead[1]]:
                m = match(text, pos)
                if m:
                    return payload, pos, m.end()
        return None

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


def _starts(text: str) -> list[int]:
    """Where the slow path tries patterns: word starts and punctuation marks."""
    return [m.start() for m in _START.finditer(text)]



# -- the index: which letters can a match start with? ---------------------------------------
def _longest_of(leads: Iterable[str]) -> str:
    """A regex matching the longest of leads that a text starts with: a trie of them, as nested
    groups, so each letter of the text is compared once ("ngo(?:s)?" for "ngo" and "ngos")."""
    root: dict[str, dict[str, Any]] = {}
    for lead in leads:
        node = root
        for char in lead:
            node = node.setdefault(char, {})
        node[""] = {}  # a lead ends here
    return _trie_source(root)


def _trie_source(node: dict[str, dict[str, Any]]) -> str:
    """The regex for the leads below node ("" where one ends)."""
    ends_here = "" in node
    branches = [re.escape(char) + _trie_source(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    group = branches[0] if len(branches) == 1 and not ends_here else "(?:" + "|".join(branches) + ")"
    return group + "?" if ends_here else group  # greedy: a longer lead where there is one


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
