"""The theme taxonomy (UPR Info's issue list) and tagging chunks with it.

A chunk gets a theme only when it is about it. Each theme has strong patterns (one match is
enough: "death penalty", "refoulement") and weak ones (words that also turn up in passing:
"women", "detention", "refugees"), of which a chunk needs two separate hits; a section heading
that names the theme alone settles it. The data and its format are in data/themes.toml.

Tagging runs on every chunk of the corpus, so it is built for speed: rather than run ~600
case-insensitive regexes over each text, each pattern is filed under the few letters a match of
it must start with, one regex finds the word starts where any of those letters occur, and only
the patterns filed there are tried.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Iterable

from uprsearch.errors import UprError
from uprsearch.models import Theme

THEMES_FILE = "themes.toml"
DEFAULT_MIN_WEAK = 2
DEFAULT_SHORT_CHUNK_WORDS = 25

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# What may stand between two weak hits for them to count as one list ("detention, custody or prison",
# "torture and other degrading treatment", "Jews, Catholics and Buddhists").
_LIST_SEPARATOR = re.compile(
    r"[\s,;/]*(?:(?:and/or|and|or|nor|as well as|including)\b[\s,;/]*)?(?:(?:the|other|of)\s+)*",
    re.IGNORECASE,
)
# The numbering in front of a heading: "II.", "B.", "2.", "3.1", "(a)".
_HEADING_NUMBER = re.compile(r"^\s*(?:\(?(?:[IVXLC]+|[A-Za-z]|\d+(?:\.\d+)*)[.)])+\s+")
# Where a pattern is tried: the start of each word (and of each punctuation mark, for the rare
# pattern that starts with one). A pattern thus never matches from inside a word: "fair trial"
# is not found in "unfair trial".
_WORD = re.compile(r"\w+")
_START = re.compile(r"\b\w|[^\w\s]")
# A pattern is filed under the first letters of its matches: 16 of them filter best (the scanner
# compares them, in C, before any pattern runs); fewer when its alternatives make too many.
_LEAD_LENGTHS = (16, 8, 3)

STRONG, WEAK, IGNORE = "strong", "weak", "ignore"


@dataclass
class ThemeRule:
    """How one theme is recognised: Theme.patterns are its strong patterns, the rest is here."""

    slug: str
    weak: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    min_weak: int = DEFAULT_MIN_WEAK
    use_default_ignore: bool = True


@dataclass
class _Pattern:
    theme: int  # index into the taxonomy's themes; -1 for a [defaults] ignore pattern
    kind: str  # STRONG, WEAK or IGNORE
    regex: re.Pattern[str]


@dataclass
class _Matcher:
    """All text patterns of a taxonomy, compiled once and indexed by their leading letters."""

    patterns: list[_Pattern]
    # A lead (lowercase letters a match may start with) -> the ids of the patterns to try where the
    # text starts with it: those filed under it or under a shorter lead it starts with.
    leads: dict[str, tuple[int, ...]]
    # Patterns with no lead (no fixed first letters, or a punctuation mark first): tried at every
    # word start and punctuation mark. None of the shipped ones.
    slow: list[int]
    headings: list[re.Pattern[str] | None]  # per theme
    min_weak: list[int]
    use_default_ignore: list[bool]
    regexes: list[re.Pattern[str]] = field(default_factory=list)
    # Finds the next word start of a lowercased text where a lead begins, and matches the longest
    # lead there: one regex for all leads, sharing their prefixes, so each word is read once, in C.
    # Text that is all ASCII (most) is scanned with ASCII word classes: the same words, found faster.
    scanner: re.Pattern[str] | None = None
    ascii_scanner: re.Pattern[str] | None = None

    def __post_init__(self) -> None:
        self.regexes = [p.regex for p in self.patterns]
        if self.leads:
            source = r"\b(?:" + _longest_of(self.leads) + ")"
            self.scanner, self.ascii_scanner = re.compile(source), re.compile(source, re.ASCII)

    def find(self, text: str, count_to: int | None = None) -> tuple[list[tuple[int, int, int]], int]:
        """(pattern id, start, end) of every match starting at a word start (or punctuation
        mark), and the number of words (no more than count_to, if given: enough to tell a short
        chunk, and cheaper than counting them all)."""
        found: list[tuple[int, int, int]] = []
        low = text.lower()
        words = _count_words(low, count_to)
        if len(low) != len(text):  # lowercasing moved positions (a few exotic letters do): go slow
            self._try(range(len(self.regexes)), text, _starts(text), found)
            return found, words
        scanner = self.ascii_scanner if low.isascii() else self.scanner
        if scanner is not None:
            regexes, leads, search = self.regexes, self.leads, scanner.search
            lead = search(low)
            while lead:
                pos = lead.start()
                for pid in leads[lead[0]]:
                    m = regexes[pid].match(text, pos)
                    if m:
                        found.append((pid, pos, m.end()))
                lead = search(low, pos + 1)  # not past the lead: leads overlap ("right to h", "to")
        if self.slow:
            self._try(self.slow, text, _starts(text), found)
        return found, words

    def _try(self, pids: Any, text: str, starts: list[int], found: list[tuple[int, int, int]]) -> None:
        """The slow path: try patterns at every word start and punctuation mark."""
        for pid in pids:
            regex = self.regexes[pid]
            for pos in starts:
                m = regex.match(text, pos)
                if m:
                    found.append((pid, pos, m.end()))


@dataclass
class Taxonomy:
    themes: list[Theme] = field(default_factory=list)
    rules: dict[str, ThemeRule] = field(default_factory=dict)
    ignore: list[str] = field(default_factory=list)  # text hidden from every theme that uses the defaults
    short_chunk_words: int = DEFAULT_SHORT_CHUNK_WORDS
    _matcher: _Matcher | None = field(default=None, init=False, repr=False, compare=False)
    _heading_cache: dict[tuple[str, ...], frozenset[int]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    # -- looking themes up -------------------------------------------------------------------
    def resolve(self, name: str) -> Theme | None:
        """A theme by slug or label, ignoring case, spaces, hyphens/dashes and apostrophes
        ("HIV - AIDS", "hiv-aids", "womens rights"); else the one theme whose slug or label
        starts with it ("freedom of religion", "child"); None if unknown or ambiguous."""
        key = _name_key(name)
        if not key:
            return None
        for theme in self.themes:
            if key in (_name_key(theme.slug), _name_key(theme.label)):
                return theme
        candidates = [
            t for t in self.themes if _name_key(t.slug).startswith(key) or _name_key(t.label).startswith(key)
        ]
        return candidates[0] if len(candidates) == 1 else None

    # -- tagging -----------------------------------------------------------------------------
    def tag(self, text: str, section: list[str]) -> list[str]:
        """Slugs of the themes a chunk is about, in taxonomy order."""
        return [slug for slug, _ in self._evaluate(text, section, explain=False)]

    def explain(self, text: str, section: list[str]) -> dict[str, str]:
        """Why each theme was given: the strong match, the heading, or the weak hits counted."""
        return dict(self._evaluate(text, section, explain=True))

    def _evaluate(self, text: str, section: list[str], explain: bool) -> list[tuple[str, str]]:
        matcher = self._compile()
        decisive = self._headings(section)
        # Share the matches out by theme; a theme's ignore spans void its strong and weak hits alike.
        default_ignored: list[tuple[int, int]] = []
        hits: dict[int, list[tuple[int, int, str]]] = {}
        ignored: dict[int, list[tuple[int, int]]] = {}
        matches, words = matcher.find(text, count_to=self.short_chunk_words + 1)
        for pid, start, end in matches:
            pattern = matcher.patterns[pid]
            if pattern.theme < 0:
                default_ignored.append((start, end))
            elif pattern.kind == IGNORE:
                ignored.setdefault(pattern.theme, []).append((start, end))
            else:
                hits.setdefault(pattern.theme, []).append((start, end, pattern.kind))
        short = words <= self.short_chunk_words
        found: list[tuple[str, str]] = []
        themes = self.themes
        # only themes with a hit or a decisive heading can be given; taxonomy order, as before
        for index in sorted(decisive.union(hits)) if decisive else sorted(hits):
            theme = themes[index]
            if index in decisive:
                found.append((theme.slug, "heading"))
                continue
            theme_hits = hits.get(index)
            if not theme_hits:
                continue
            spans = ignored.get(index, [])
            if matcher.use_default_ignore[index]:
                spans = spans + default_ignored
            min_weak = matcher.min_weak[index]
            needed = max(1, min_weak - 1) if short else min_weak
            reason = _score(text, sorted(theme_hits), spans, needed, explain)
            if reason is not None:
                found.append((theme.slug, reason))
        return found

    def _headings(self, section: list[str]) -> frozenset[int]:
        """Themes the section path settles: those of headings that match one theme only. A heading
        that names several ("Minorities and indigenous peoples") is a chapter of a report's
        template rather than a statement of topic, so there the text decides. Cached: many
        chunks share a path."""
        key = tuple(section)
        cached = self._heading_cache.get(key)
        if cached is not None:
            return cached
        decisive: set[int] = set()
        headings = self._compile().headings
        for heading in section:
            bare = _HEADING_NUMBER.sub("", heading).strip()
            matched = [i for i, regex in enumerate(headings) if regex is not None and regex.search(bare)]
            if len(matched) == 1:
                decisive.add(matched[0])
        result = frozenset(decisive)
        if len(self._heading_cache) > 10_000:  # bound memory on huge corpora
            self._heading_cache.clear()
        self._heading_cache[key] = result
        return result

    def _compile(self) -> _Matcher:
        if self._matcher is None:
            patterns: list[_Pattern] = []
            headings: list[re.Pattern[str] | None] = []
            min_weak: list[int] = []
            use_default: list[bool] = []
            for source in self.ignore:
                patterns.append(_Pattern(-1, IGNORE, re.compile(source, re.IGNORECASE)))
            for index, theme in enumerate(self.themes):
                rule = self.rules.get(theme.slug) or ThemeRule(theme.slug)
                for kind, sources in ((STRONG, theme.patterns), (WEAK, rule.weak), (IGNORE, rule.ignore)):
                    for source in sources:
                        patterns.append(_Pattern(index, kind, re.compile(source, re.IGNORECASE)))
                headings.append(
                    re.compile("|".join(f"(?:{h})" for h in rule.headings), re.IGNORECASE) if rule.headings else None
                )
                min_weak.append(rule.min_weak)
                use_default.append(rule.use_default_ignore)
            filed: dict[str, list[int]] = {}  # lead -> the patterns filed under it
            slow: list[int] = []
            for pid, pattern in enumerate(patterns):
                leads = _lead_keys(pattern.regex.pattern, _LEAD_LENGTHS)
                if leads is None or not all(_WORD.match(lead) for lead in leads):
                    slow.append(pid)
                    continue
                for lead in leads:
                    filed.setdefault(lead, []).append(pid)
            # The scanner gives the longest lead at a word start; the shorter leads it starts with
            # are there too ("ngos", "ngo"). A set: a pattern filed under both runs once.
            to_try = {
                lead: tuple(sorted({pid for n in range(1, len(lead) + 1) for pid in filed.get(lead[:n], ())}))
                for lead in filed
            }
            self._matcher = _Matcher(patterns, to_try, slow, headings, min_weak, use_default)
        return self._matcher


def _starts(text: str) -> list[int]:
    """Where the slow path tries patterns: word starts and punctuation marks."""
    return [m.start() for m in _START.finditer(text)]


def _count_words(text: str, count_to: int | None) -> int:
    """The number of words in text, or count_to if it has that many or more."""
    if count_to is not None:
        count_to = max(count_to, 0)
        if _at_least_words(count_to).match(text):
            return count_to
    return len(_WORD.findall(text))


@lru_cache(maxsize=8)
def _at_least_words(count: int) -> re.Pattern[str]:
    """Matches the start of a text of at least count words (possessive: no word is split in two)."""
    return re.compile(r"(?:\W*+\w++){%d}" % count)


def _score(
    text: str, hits: list[tuple[int, int, str]], ignored: list[tuple[int, int]], needed: int, explain: bool
) -> str | None:
    """The reason a theme applies, or None. Hits inside ignored text do not count; weak hits
    that follow each other with only list punctuation between them are one: a list of related
    words is one mention."""
    count, last_end = 0, -1
    words: list[str] = []
    for start, end, kind in hits:
        if ignored and any(start < i_end and i_start < end for i_start, i_end in ignored):
            continue
        if kind == STRONG:
            return f"strong: {text[start:end]!r}" if explain else ""
        if start < last_end:  # overlaps the previous hit: the same words
            continue
        if last_end < 0 or not _LIST_SEPARATOR.fullmatch(text, last_end, start):
            count += 1
            words.append(text[start:end])
        last_end = end
    if count >= needed:
        return f"weak: {count} ({', '.join(repr(w) for w in words)})" if explain else ""
    return None


def _name_key(name: str) -> str:
    """Case-, space-, dash- and apostrophe-insensitive form of a theme name."""
    return re.sub(r"[\s\-‐–—_'’]+", "", name.strip().lower())


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


# -- loading ---------------------------------------------------------------------------------
def load_taxonomy(extra_dirs: list[Path] = ()) -> Taxonomy:
    """The shipped taxonomy, extended by a themes.toml in any of extra_dirs (e.g. the corpus folder):
    new slugs add themes, known slugs gain the patterns listed."""
    from uprsearch.reader import read_toml  # only to build: a query reads the themes from the index

    sources: list[Any] = [files("uprsearch.data") / THEMES_FILE]
    sources += [Path(d) / THEMES_FILE for d in extra_dirs if (Path(d) / THEMES_FILE).is_file()]
    taxonomy = Taxonomy()
    for source in sources:
        _merge(taxonomy, read_toml(source), source)
    return taxonomy


def _merge(taxonomy: Taxonomy, data: dict[str, Any], source: Any) -> None:
    defaults = data.get("defaults", {})
    taxonomy.ignore += _patterns(defaults, "ignore", source, "[defaults]")
    if "short_chunk_words" in defaults:
        taxonomy.short_chunk_words = _int(defaults["short_chunk_words"], source, "[defaults] short_chunk_words")
    by_slug = {t.slug: t for t in taxonomy.themes}
    for entry in data.get("theme", []):
        slug = entry.get("slug")
        if not isinstance(slug, str) or not _SLUG.fullmatch(slug):
            raise UprError(f"{source}: a [[theme]] has no valid slug ({slug!r}); use lowercase words joined by '-'")
        where = f"theme {slug!r}"
        theme = by_slug.get(slug)
        if theme is None:
            label = entry.get("label")
            if not isinstance(label, str) or not label.strip():
                raise UprError(f"{source}: {where} is new and has no label; give it one")
            theme = Theme(slug, label.strip(), [])
            taxonomy.themes.append(theme)
            by_slug[slug] = theme
        elif isinstance(entry.get("label"), str) and entry["label"].strip():
            theme.label = entry["label"].strip()
        rule = taxonomy.rules.setdefault(slug, ThemeRule(slug))
        theme.patterns += _patterns(entry, "patterns", source, where)
        rule.weak += _patterns(entry, "weak", source, where)
        rule.headings += _patterns(entry, "heading_patterns", source, where)
        rule.ignore += _patterns(entry, "ignore", source, where)
        if "min_weak" in entry:
            rule.min_weak = max(1, _int(entry["min_weak"], source, f"{where} min_weak"))
        if "use_default_ignore" in entry:
            rule.use_default_ignore = bool(entry["use_default_ignore"])
    taxonomy._matcher = None
    taxonomy._heading_cache.clear()


def _patterns(entry: dict[str, Any], key: str, source: Any, where: str) -> list[str]:
    """A list of regexes, each checked now so a bad one is reported with where it is."""
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise UprError(f"{source}: {where}: `{key}` must be a list of strings")
    for pattern in value:
        try:
            re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise UprError(f"{source}: {where}: {key} {pattern!r} is not a valid regular expression ({exc})") from exc
    return list(value)


def _int(value: Any, source: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise UprError(f"{source}: {where} must be a whole number")
    return value
