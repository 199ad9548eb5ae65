"""The theme taxonomy (UPR Info's issue list) and tagging chunks and their statements with it.

A chunk gets a theme only when it is about it. Each theme has strong patterns (one match is
enough: "death penalty", "refoulement"), weak ones (words that also turn up in passing: "women",
"detention", "refugees"), of which a chunk needs two separate hits (one in a chunk as short as a
recommendation), and instruments: names of treaties, mechanisms and mandates that are the topic
when the sentence acts on them ("ratify OP-CAT", "invite the Special Rapporteur on torture") and a
passing mention otherwise ("as recommended by ..."), except in a list of treaties of many topics,
which is about ratification in general. A section heading that names the theme alone settles it;
a heading that names several counts as one weak hit for each. The data and its format are in
data/themes.toml.

A statement (sentence) gets the chunk's themes whose evidence stands in it, and the heading's, so a
paragraph's themes are its statements' and its heading's. Why a theme was given (the words, or the
heading) is kept as its evidence.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from uprsearch.errors import UprError
from uprsearch.matching import PatternSet, pattern_list
from uprsearch.models import Chunk, Statement, Theme

THEMES_FILE = "themes.toml"
DEFAULT_MIN_WEAK = 2
DEFAULT_SHORT_CHUNK_WORDS = 25
DEFAULT_INSTRUMENT_LIST_MAX = 3
DEFAULT_SHARED_HEADING_MAX = 2
DEFAULT_FALLBACK_WORDS = 80

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# What may stand between two weak hits for them to count as one list ("detention, custody or prison",
# "torture and other degrading treatment", "Jews, Catholics and Buddhists").
_LIST_SEPARATOR = re.compile(
    r"[\s,;/]*(?:(?:and/or|and|or|nor|as well as|including)\b[\s,;/]*)?(?:(?:the|other|of)\s+)*",
    re.IGNORECASE,
)
# The numbering in front of a heading: "II.", "B.", "2.", "3.1", "(a)".
_HEADING_NUMBER = re.compile(r"^\s*(?:\(?(?:[IVXLC]+|[A-Za-z]|\d+(?:\.\d+)*)[.)])+\s+")
# Where a sentence ends, for texts tagged without their statements (an instrument and the action on
# it must stand in one sentence).
# A footnote number may stand glued to the full stop ("regional treaties.138 ICJ recommended").
_SENTENCE_END = re.compile(r"(?<=[.!?])\d{0,3}[\"”’)]?\s+(?=[\"“‘(]?[A-Z])")

STRONG, WEAK, FALLBACK, IGNORE, INSTRUMENT = "strong", "weak", "fallback", "ignore", "instrument"
HEADING = "heading: "  # how a heading is shown among a theme's evidence
_NONE: list[tuple[int, int]] = []  # no spans (never changed)
_NO_HEADINGS: tuple[dict[int, str], dict[int, str]] = ({}, {})


@dataclass
class ThemeRule:
    """How one theme is recognised: Theme.patterns are its strong patterns, the rest is here."""

    slug: str
    weak: list[str] = field(default_factory=list)
    fallback: list[str] = field(default_factory=list)
    instruments: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    upr_info: list[str] = field(default_factory=list)  # UPR Info's names of the issue
    min_weak: int = DEFAULT_MIN_WEAK
    use_default_ignore: bool = True


@dataclass(slots=True)
class ThemeFinding:
    """A theme given to a chunk: why (matched words, or "heading: …") and where its words stand."""

    slug: str
    evidence: list[str]
    hits: list[tuple[int, int, str]]  # the counted matches in the text: start, end, kind
    by_heading: bool  # settled by a heading: every statement under it has the theme


@dataclass
class _Compiled:
    """All patterns of a taxonomy, compiled once; per pattern its kind and theme (-1: [defaults]).
    The instrument actions and the fallback words are looked for only where they can matter (an
    instrument named; a one-sentence text nothing else tags), so most texts are scanned for fewer."""

    patterns: PatternSet  # payloads: (kind, theme)
    headings: list[re.Pattern[str] | None]  # per theme
    needed: list[int]  # per theme: the weak hits it needs (min_weak)
    needed_short: list[int]  # the same in a short chunk: one fewer, at least one
    use_default_ignore: list[bool]
    actions: PatternSet
    fallback: PatternSet  # payloads: the theme


@dataclass
class Taxonomy:
    themes: list[Theme] = field(default_factory=list)
    rules: dict[str, ThemeRule] = field(default_factory=dict)
    ignore: list[str] = field(default_factory=list)  # text hidden from every theme that uses the defaults
    instrument_actions: list[str] = field(default_factory=list)  # what makes a named instrument the topic
    instrument_list_max: int = DEFAULT_INSTRUMENT_LIST_MAX
    shared_heading_max: int = DEFAULT_SHARED_HEADING_MAX
    short_chunk_words: int = DEFAULT_SHORT_CHUNK_WORDS
    fallback_words: int = DEFAULT_FALLBACK_WORDS
    _compiled: _Compiled | None = field(default=None, init=False, repr=False, compare=False)
    _heading_cache: dict[tuple[str, ...], tuple[dict[int, str], dict[int, str]]] = field(
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
        return [f.slug for f in self.findings(text, section)]

    def evidence(self, text: str, section: list[str]) -> dict[str, list[str]]:
        """Why each theme was given: the words that count for it, or "heading: …"."""
        return {f.slug: f.evidence for f in self.findings(text, section)}

    def tag_chunk(self, chunk: Chunk) -> None:
        """Set a chunk's themes and their evidence, and each of its statements' themes: those whose
        words stand in the statement, and the heading's."""
        text, statements = chunk.text, chunk.statements
        if len(statements) > 1:
            bounds = _statement_bounds(text, statements)
        else:  # one statement (or none): the whole text
            bounds = [(0, len(text))]
        findings = self.findings(text, chunk.section, bounds)
        themes: list[str] = []
        evidence: dict[str, list[str]] = {}
        for finding in findings:
            themes.append(finding.slug)
            evidence[finding.slug] = finding.evidence
        chunk.themes, chunk.theme_evidence = themes, evidence
        if len(statements) <= 1:
            for statement in statements:
                statement.themes = list(themes)
            return
        starts = [start for start, _ in bounds]
        starts[0] = 0  # text before the first statement is the first's
        per_statement: list[list[str]] = [[] for _ in bounds]
        for finding in findings:
            if finding.by_heading:
                for statement_themes in per_statement:
                    statement_themes.append(finding.slug)
                continue
            last = -1
            for start, _, _ in finding.hits:  # in text order
                n = bisect_right(starts, start) - 1
                if n != last:
                    per_statement[n].append(finding.slug)
                    last = n
        for statement, statement_themes in zip(statements, per_statement):
            statement.themes = statement_themes

    def findings(
        self, text: str, section: list[str], sentences: list[tuple[int, int]] | None = None
    ) -> list[ThemeFinding]:
        """The themes of a text under a section path, in taxonomy order. sentences: where the
        text's sentences stand, if known (else found here)."""
        compiled = self._compiled or self._compile()
        decisive, assisting = self._headings(section) if section else _NO_HEADINGS
        default_ignored: list[tuple[int, int]] = []
        hits: defaultdict[int, list[tuple[int, int, str]]] = defaultdict(list)
        ignored: dict[int, list[tuple[int, int]]] = {}
        instruments: list[tuple[int, int, int]] = []
        for start, _, (kind, owner), end in compiled.patterns.matches(text):
            if kind is WEAK or kind is STRONG:
                hits[owner].append((start, end, kind))
            elif kind is IGNORE:
                if owner < 0:
                    default_ignored.append((start, end))
                else:
                    ignored.setdefault(owner, []).append((start, end))
            else:  # INSTRUMENT
                instruments.append((start, end, owner))
                default_ignored.append((start, end))  # a name, not a mention of the other themes' words
        if instruments and compiled.actions.regexes:
            acted = self._acted_on(text, instruments, compiled.actions, sentences)
            for start, end, owner in acted:
                hits[owner].append((start, end, INSTRUMENT))
            for owner in {owner for _, _, owner in acted}:
                hits[owner].sort(key=_longest_first)  # the others come in text order from find
        found: list[ThemeFinding] = []
        if hits or decisive:
            needs = compiled.needed_short if _words_in(text) <= self.short_chunk_words else compiled.needed
            use_default = compiled.use_default_ignore
            themes = self.themes
            for index in sorted(hits.keys() | decisive.keys()) if decisive else sorted(hits):  # taxonomy order
                if index in decisive:
                    found.append(ThemeFinding(themes[index].slug, [HEADING + decisive[index]], [], True))
                    continue
                theme_hits = hits.get(index)
                if not theme_hits:
                    continue
                needed = needs[index]
                if len(theme_hits) < needed and index not in assisting and _all_weak(theme_hits):
                    continue  # too few words to count, and none that alone gives it
                spans = ignored.get(index, _NONE) if ignored else _NONE
                if default_ignored and use_default[index]:
                    spans = spans + default_ignored if spans else default_ignored
                if len(theme_hits) == 1:  # the common case: one word
                    (start, end, kind), = theme_hits
                    if spans and kind is not INSTRUMENT and _overlaps(start, end, spans):
                        continue
                    if needed == 1 or kind is not WEAK:
                        found.append(ThemeFinding(themes[index].slug, [text[start:end]], theme_hits, False))
                        continue
                counted, enough = _score(text, theme_hits, spans, needed)
                if enough:
                    found.append(ThemeFinding(themes[index].slug, _words(text, counted), counted, False))
                elif counted and needed > 1 and index in assisting and _score(text, theme_hits, spans, needed - 1)[1]:
                    # a heading that names this theme among others is one hit
                    evidence = _words(text, counted) + [HEADING + assisting[index]]
                    found.append(ThemeFinding(themes[index].slug, evidence, counted, False))
        if (
            not found and _words_in(text) <= self.fallback_words
            and len(sentences or _sentences(text)) == 1
        ):
            for owner, start, end in compiled.fallback.find(text):
                hits[owner].append((start, end, FALLBACK))
            found = self._fallback(text, hits, ignored, default_ignored)
        return found

    def _fallback(
        self,
        text: str,
        hits: dict[int, list[tuple[int, int, str]]],
        ignored: dict[int, list[tuple[int, int]]],
        default_ignored: list[tuple[int, int]],
    ) -> list[ThemeFinding]:
        """A text of one sentence (a recommendation) that no theme's evidence tags is about the
        themes whose weak or fallback words it has, one hit each: its one clue is better than none."""
        found: list[ThemeFinding] = []
        for index in sorted(hits):
            spans = self._ignored(index, ignored, default_ignored)
            counted = [
                hit for hit in hits[index]
                if hit[2] is not STRONG and not _overlaps(hit[0], hit[1], spans)
            ]  # weak and fallback hits (a strong or instrument hit would have given the theme)
            if counted:
                counted.sort()
                found.append(ThemeFinding(self.themes[index].slug, _words(text, counted), counted, False))
        return found

    def _ignored(
        self, index: int, ignored: dict[int, list[tuple[int, int]]], default_ignored: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """The spans of text a theme does not see."""
        spans = ignored.get(index, [])
        if self._compiled is not None and self._compiled.use_default_ignore[index]:
            spans = spans + default_ignored
        return spans

    def _acted_on(
        self,
        text: str,
        instruments: list[tuple[int, int, int]],
        actions: PatternSet,
        sentences: list[tuple[int, int]] | None,
    ) -> list[tuple[int, int, int]]:
        """The instrument names that a sentence acts on: the same sentence has an action ("ratify",
        "invite", "implement") and names no more than instrument_list_max of them. A name inside a
        longer one is the longer one's ("ICCPR" in "ICCPR-OP 2"); a name may be two themes' (ICRMW)."""
        instruments.sort(key=lambda m: (m[0], -m[1]))
        kept: list[tuple[int, int, int]] = []
        longest = (-1, -1)  # the span of the last name kept: an equal span is the same name, of another theme
        for match in instruments:
            if match[1] <= longest[1] and (match[0], match[1]) != longest:
                continue
            kept.append(match)
            longest = (match[0], match[1])
        if sentences is None:
            sentences = _sentences(text)
        starts = [s for s, _ in sentences]
        by_sentence: dict[int, list[tuple[int, int, int]]] = {}
        for match in kept:
            by_sentence.setdefault(bisect_right(starts, match[0]) - 1, []).append(match)
        out: list[tuple[int, int, int]] = []
        for n, named in by_sentence.items():
            if len({(start, end) for start, end, _ in named}) > self.instrument_list_max:
                continue
            start, end = sentences[n] if n >= 0 else (0, starts[0])
            if actions.first(text, start, max(end, named[-1][1])):
                out += named
        return out

    def _headings(self, section: list[str]) -> tuple[dict[int, str], dict[int, str]]:
        """What the section path says: themes of headings that name one theme only (which settles
        it), and themes of headings that name a few ("Minorities and indigenous peoples": a chapter
        of a report's template, where the text decides, the heading counting as one weak hit; a
        heading that names more than shared_heading_max counts for none). Theme -> the heading.
        Cached: many chunks share a path."""
        key = tuple(section)
        cached = self._heading_cache.get(key)
        if cached is not None:
            return cached
        decisive: dict[int, str] = {}
        assisting: dict[int, str] = {}
        headings = self._compile().headings
        for heading in section:
            bare = _HEADING_NUMBER.sub("", heading).strip()
            matched = [i for i, regex in enumerate(headings) if regex is not None and regex.search(bare)]
            if len(matched) == 1:
                decisive[matched[0]] = heading
            elif len(matched) <= self.shared_heading_max:
                for index in matched:
                    assisting.setdefault(index, heading)
        for index in decisive:
            assisting.pop(index, None)
        if len(self._heading_cache) > 10_000:  # bound memory on huge corpora
            self._heading_cache.clear()
        self._heading_cache[key] = (decisive, assisting)
        return decisive, assisting

    def _compile(self) -> _Compiled:
        if self._compiled is None:
            regexes: list[re.Pattern[str]] = []
            kinds: list[str] = []
            owners: list[int] = []

            def add(sources: list[str], kind: str, owner: int) -> None:
                for source in sources:
                    regexes.append(re.compile(source, re.IGNORECASE))
                    kinds.append(kind)
                    owners.append(owner)

            add(self.ignore, IGNORE, -1)
            fallback: list[re.Pattern[str]] = []
            fallback_owners: list[int] = []
            headings: list[re.Pattern[str] | None] = []
            min_weak: list[int] = []
            use_default: list[bool] = []
            for index, theme in enumerate(self.themes):
                rule = self.rules.get(theme.slug) or ThemeRule(theme.slug)
                add(theme.patterns, STRONG, index)
                add(rule.weak, WEAK, index)
                fallback += [re.compile(source, re.IGNORECASE) for source in rule.fallback]
                fallback_owners += [index] * len(rule.fallback)
                add(rule.ignore, IGNORE, index)
                add(rule.instruments, INSTRUMENT, index)
                headings.append(
                    re.compile("|".join(f"(?:{h})" for h in rule.headings), re.IGNORECASE) if rule.headings else None
                )
                min_weak.append(rule.min_weak)
                use_default.append(rule.use_default_ignore)
            self._compiled = _Compiled(
                PatternSet(regexes, list(zip(kinds, owners))), headings, min_weak, [max(1, n - 1) for n in min_weak],
                use_default,
                PatternSet([re.compile(source, re.IGNORECASE) for source in self.instrument_actions]),
                PatternSet(fallback, fallback_owners),
            )
        return self._compiled


def _statement_bounds(text: str, statements: list[Statement]) -> list[tuple[int, int]]:
    """Where each statement stands in the chunk's text (they are its sentences, in order; one
    not found there is given an empty place where the previous one ended)."""
    bounds: list[tuple[int, int]] = []
    pos = 0
    for statement in statements:
        start = text.find(statement.text, pos)
        if start < 0:
            bounds.append((pos, pos))
        else:
            pos = start + len(statement.text)
            bounds.append((start, pos))
    return bounds


def _sentences(text: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    return bounds


def _score(
    text: str, hits: list[tuple[int, int, str]], ignored: list[tuple[int, int]], needed: int
) -> tuple[list[tuple[int, int, str]], bool]:
    """The hits that count for a theme, and whether they give it. Hits inside ignored text do not
    count (an instrument's name is never ignored for its own theme); one strong hit or instrument
    acted on is enough; weak hits that follow each other with only list punctuation between them
    are one: a list of related words is one mention. A hit within words already counted ("trial" in
    "fair trial") is those words."""
    reach, strong = -1, False
    counted: list[tuple[int, int, str]] = []
    for hit in hits:  # in text order
        start, end, kind = hit
        if ignored and kind is not INSTRUMENT and _overlaps(start, end, ignored):
            continue
        if kind is not WEAK:
            strong = True
        if start < reach:  # overlaps words counted already: the same words
            continue
        reach = end
        counted.append(hit)
    if strong:
        return counted, True
    count, last_end = 0, -1
    for start, end, _ in counted:  # all weak
        if last_end < 0 or not _LIST_SEPARATOR.fullmatch(text, last_end, start):
            count += 1
            if count >= needed:
                return counted, True
        last_end = end
    return counted, False


def _all_weak(hits: list[tuple[int, int, str]]) -> bool:
    """Whether no hit alone may give the theme."""
    for hit in hits:
        if hit[2] is not WEAK:
            return False
    return True


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    for span_start, span_end in spans:
        if start < span_end and span_start < end:
            return True
    return False


def _longest_first(hit: tuple[int, int, str]) -> tuple[int, int]:
    return hit[0], -hit[1]


def _words_in(text: str) -> int:
    """How many words a text has: its spaces and one (chunk texts have their spaces normalised;
    counting them is many times cheaper than finding every word)."""
    return text.count(" ") + 1


def _words(text: str, hits: list[tuple[int, int, str]]) -> list[str]:
    """The matched words, each once, in text order."""
    words: list[str] = []
    for start, end, _ in hits:  # a few: a list beats a dict
        word = text[start:end]
        if word not in words:
            words.append(word)
    return words


def _name_key(name: str) -> str:
    """Case-, space-, dash- and apostrophe-insensitive form of a theme name."""
    return re.sub(r"[\s\-‐–—_'’]+", "", name.strip().lower())


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
    themes = data.get("theme", [])
    if not isinstance(defaults, dict):
        raise UprError(f"{source}: `defaults` must be a [defaults] table")
    if not isinstance(themes, list) or not all(isinstance(e, dict) for e in themes):
        raise UprError(f"{source}: `theme` must be a list of [[theme]] tables")
    taxonomy.ignore += pattern_list(defaults, "ignore", source, "[defaults]")
    taxonomy.instrument_actions += pattern_list(defaults, "instrument_actions", source, "[defaults]")
    if "short_chunk_words" in defaults:
        taxonomy.short_chunk_words = _int(defaults["short_chunk_words"], source, "[defaults] short_chunk_words")
    if "fallback_words" in defaults:
        taxonomy.fallback_words = _int(defaults["fallback_words"], source, "[defaults] fallback_words")
    if "shared_heading_max" in defaults:
        taxonomy.shared_heading_max = _int(defaults["shared_heading_max"], source, "[defaults] shared_heading_max")
    if "instrument_list_max" in defaults:
        taxonomy.instrument_list_max = max(1, _int(defaults["instrument_list_max"], source, "[defaults] instrument_list_max"))
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
        theme.patterns += pattern_list(entry, "patterns", source, where)
        rule.weak += pattern_list(entry, "weak", source, where)
        rule.fallback += pattern_list(entry, "fallback", source, where)
        rule.headings += pattern_list(entry, "heading_patterns", source, where)
        rule.ignore += pattern_list(entry, "ignore", source, where)
        rule.instruments += pattern_list(entry, "instruments", source, where)
        rule.upr_info += _names(entry, "upr_info", source, where)
        if "min_weak" in entry:
            rule.min_weak = max(1, _int(entry["min_weak"], source, f"{where} min_weak"))
        if "use_default_ignore" in entry:
            rule.use_default_ignore = bool(entry["use_default_ignore"])
    taxonomy._compiled = None
    taxonomy._heading_cache.clear()


def _names(entry: dict[str, Any], key: str, source: Any, where: str) -> list[str]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
        raise UprError(f"{source}: {where}: `{key}` must be a list of names")
    return [p.strip() for p in value]


def _int(value: Any, source: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise UprError(f"{source}: {where} must be a whole number")
    return value
