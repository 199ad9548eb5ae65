"""Endnotes of OHCHR summaries: the notes' texts, the stakeholder list, and who each note cites.

Later-cycle summaries end with "Notes": note 1 (or the first note that is one) lists the
stakeholders whose submissions were summarised (read by uprsearch.stakeholder_list); the other
notes cite those stakeholders ("JS4, p.7; JS15, p.11; and LIGA, p. 3."). This module finds where
the notes begin, turns them into numbered texts, finds the list among them and each note's
citations. It reads text only; the parser decides what to do with the result.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from uprsearch.models import Organisation
from uprsearch.stakeholder_list import Stakeholder, parse_stakeholders
from uprsearch.text import one_line

__all__ = [
    "NOTES_HEADING", "STAKEHOLDER_LIST", "Citation", "CitationIndex", "Endnotes", "Stakeholder", "normalise_layout",
    "notes_start", "one_line", "parse_stakeholders", "read_endnotes", "split_notes",
]

NOTES_HEADING = re.compile(r"^\s*(?:End)?[Nn]otes\s*$")
# a note starts with its number, at a line start or after the previous note's last word
# (The first digit opens the pattern, the look-behind checks the character before it: led by the
# look-behind, the regex engine would try it at every character.)
_NOTE_NUMBER = re.compile(r"(\d(?<![\w.,/\-–(]\d)\d{0,2})(?=[ \t\n]+[^\s,;.)\-–])")
_NOT_BEFORE_NOTE = re.compile(
    r"(?:\b(?:p|pp|para|paras|page|pages|section|sections|No|Nos|Nr|Nº|art|arts|article|articles|and|to|or|rec|"
    r"recommendation|recommendations|chapter|annex|resolution|resolutions)\.?|[,–\-(/])\s*$",
    re.I,
)
_NOT_AFTER_NOTE = re.compile(r"\s*(?:and|or|to|of|per|et|p\.|pp\.)\b")
_MAX_NOTE_SKIP = 2

_SEE_ALSO = re.compile(r"\bsee also\b", re.I)
STAKEHOLDER_LIST = re.compile(r"stakeholders listed below|Individual submissions|Civil society", re.I)


class CitationIndex:
    """Finds the organisations a note cites, by any name the stakeholder list gives them."""

    _JS = re.compile(r"(?<![\w/])JS\s?(\d{1,3})(?![\w/])")

    def __init__(self, organisations: list[Organisation]):
        self._ids: dict[str, str] = {}
        for org in organisations:
            for alias in [org.id, org.name, *org.aliases]:
                if alias and len(alias) >= 2:
                    self._ids.setdefault(alias.lower(), org.id)
        self._known = set(self._ids.values())
        # where several names start at one place, the longest is the one cited
        self._names = sorted(self._ids, key=len, reverse=True)
        # the names by their first character, so that a place is tried against the few that can start there
        self._by_first: dict[str, list[str]] = {}
        for name in self._names:
            self._by_first.setdefault(name[0], []).append(name)
        self._ascii = all(name.isascii() for name in self._names)
        self._starts = _name_starts("".join(sorted(self._by_first))) if self._ascii else None
        self._matcher: re.Pattern[str] | None = None  # beyond ASCII (Unicode case folding): one regex, made when needed

    def __bool__(self) -> bool:
        return bool(self._names)

    def cited(self, text: str) -> list[str]:
        """Organisation ids a note cites as its source (before any 'See also'); else those it only mentions."""
        if not text or not self._names or STAKEHOLDER_LIST.search(text[:300]):
            return []
        parts = _SEE_ALSO.split(text, maxsplit=1)
        primary = self._find(parts[0])
        if primary or len(parts) == 1:
            return primary
        return self._find(parts[1])

    def _find(self, text: str) -> list[str]:
        found = self._named(text)
        for m in self._JS.finditer(text):
            org = f"JS{int(m.group(1))}"
            if org in self._known:
                found.append((m.start(), org))
        return list(dict.fromkeys(org for _, org in sorted(found)))

    def _named(self, text: str) -> list[tuple[int, str]]:
        """(place, id) of each name cited, read left to right, case aside, not inside a word, a path
        or a hyphenation."""
        if self._starts is None or not text.isascii():
            return [(m.start(), org) for m in self._regex().finditer(text) if (org := self._ids.get(m.group(0).lower()))]
        # ASCII text and names: a case-insensitive match is the lowered text spelling the name
        lowered = text.lower()
        found: list[tuple[int, str]] = []
        pos = 0
        while (start := self._starts.search(lowered, pos)) is not None:
            at = start.start()
            pos = at + 1
            for name in self._by_first[lowered[at]]:
                end = at + len(name)
                if lowered.startswith(name, at) and (end == len(lowered) or not _continues_name(lowered[end])):
                    found.append((at, self._ids[name]))
                    pos = end
                    break
        return found

    def _regex(self) -> re.Pattern[str]:
        if self._matcher is None:
            self._matcher = re.compile(
                r"(?<![\w/\-])(?:" + "|".join(re.escape(a) for a in self._names) + r")(?![\w/\-])", re.I
            )
        return self._matcher


@functools.lru_cache(maxsize=256)
def _name_starts(first_characters: str) -> re.Pattern[str]:
    """Where a name of a lowered ASCII text may start: one of its first characters, not inside a word."""
    return re.compile(r"(?<![\w/\-])[" + "".join(re.escape(c) for c in first_characters) + "]")


def _continues_name(character: str) -> bool:
    return character.isalnum() or character in "_/-"


@dataclass
class Citation:
    """Who a note cites: the listed stakeholders it gives as its source, and those it adds after "See also"."""

    cites: list[str] = field(default_factory=list)
    see_also: list[str] = field(default_factory=list)


@dataclass
class Endnotes:
    texts: dict[int, str] = field(default_factory=dict)  # number -> text, one line
    stakeholders: list[Stakeholder] = field(default_factory=list)
    list_note: int | None = None  # the note that holds the stakeholder list
    _index: CitationIndex | None = field(default=None, repr=False, compare=False)

    def organisations(self) -> list[Organisation]:
        return [s.organisation() for s in self.stakeholders]

    def citation(self, number: int) -> Citation:
        """The listed stakeholders note `number` cites, "See also" apart (none for the list itself)."""
        text = self.texts.get(number, "")
        if not text or number == self.list_note or not self.stakeholders:
            return Citation()
        if self._index is None:
            self._index = CitationIndex(self.organisations())
        parts = _SEE_ALSO.split(text, maxsplit=1)
        cites = self._index._find(parts[0]) if parts[0].strip() else []
        see_also = [org for org in self._index._find(parts[1]) if org not in cites] if len(parts) > 1 else []
        return Citation(cites, see_also)


# A note's number at a line start: alone (pdftotext -layout puts the text below it) or before its text.
_NOTE_LINE = re.compile(r"^\s*(\d{1,3})(?:\s*$|\s+(?=[^\s.\d]))")
_NOTE_CHAIN_SKIP = 3  # a few note numbers may be lost or run inline; the chain goes on past them


def notes_start(lines: list[str], after: int = 0) -> int | None:
    """Where the endnotes begin: the line of note 1 that opens the longest run of note numbers
    (1, 2, 3 …, each at a line start, in order) after line `after` (the last paragraph's start).

    A line reading "Notes" is no proof: extraction may print it before the last paragraph ends.
    """
    numbers: list[tuple[int, int]] = []  # (line, number)
    for i in range(after + 1, len(lines)):
        line = lines[i]
        if line[:1].isdigit() or line[:1] in " \t":
            m = _NOTE_LINE.match(line)
            if m:
                numbers.append((i, int(m.group(1))))
    best: tuple[int, int] | None = None  # (run length, line of note 1)
    for k, (line, number) in enumerate(numbers):
        if number != 1:
            continue
        expected, length = 2, 1
        for _, value in numbers[k + 1 :]:
            if expected <= value <= expected + _NOTE_CHAIN_SKIP:
                length += 1
                expected = value + 1
        if best is None or length >= best[0]:
            best = (length, line)
    if best is not None:
        return best[1]
    for i in range(after + 1, len(lines)):
        if NOTES_HEADING.match(lines[i]):
            return i + 1
    return None


def normalise_layout(lines: list[str]) -> list[str]:
    """Note numbers alone on their line (pdftotext -layout) joined to the text below them, and
    the "Notes" heading dropped: every note then opens its line with its number."""
    out: list[str] = []
    pending = ""
    for line in lines:
        if not line.strip():
            continue
        if NOTES_HEADING.match(line):
            continue
        if re.fullmatch(r"\s*\d{1,3}\s*", line):
            if pending:
                out.append(pending)
            pending = line.strip()
            continue
        if pending:
            out.append(f"{pending} {line.strip()}")
            pending = ""
            continue
        out.append(line)
    if pending:
        out.append(pending)
    return out


def split_notes(lines: list[str]) -> dict[int, str]:
    """Numbered notes from the endnote lines, in order; the texts keep their line breaks."""
    text = "\n".join(ln.rstrip() for ln in lines if ln.strip())
    starts: list[tuple[int, int, int]] = []  # (number, start of number, start of text)
    expected: int | None = None
    for m in _NOTE_NUMBER.finditer(text):
        value = int(m.group(1))
        if expected is None:
            if value > 3 or not _at_line_start(text, m.start()):
                continue
        elif not (expected <= value <= expected + _MAX_NOTE_SKIP):
            continue
        if text[m.end() :].lstrip()[:1].isdigit() and not (value == expected and _at_line_start(text, m.start())):
            continue  # "16 2017/2018 BUDGET…" opens note 16 only at a line start, in turn
        before = text[max(0, m.start() - 20) : m.start()]
        if starts and not _at_line_start(text, m.start()):
            if value != expected or _NOT_BEFORE_NOTE.search(before) or _NOT_AFTER_NOTE.match(text, m.end()):
                continue  # inline, only the note due opens (a note skipped is found at a line start)
            # inline, a note follows the previous one's final full stop (or, exactly in turn, its last number)
            ends_note = re.search(r"[.;)]\s+$", before)
            after_number = re.search(r"\d\s+$", before) and value == expected and text[m.end():].lstrip()[:1].isupper()
            if not (ends_note or after_number):
                continue
        starts.append((value, m.start(), m.end()))
        expected = value + 1
    notes: dict[int, str] = {}
    for k, (value, _, text_start) in enumerate(starts):
        end = starts[k + 1][1] if k + 1 < len(starts) else len(text)
        notes[value] = text[text_start:end].strip()
    return notes


def _at_line_start(text: str, pos: int) -> bool:
    """Nothing but indentation before pos on its line."""
    line_start = text.rfind("\n", 0, pos) + 1
    return not text[line_start:pos].strip()


# ---------------------------------------------------------------------------
# The whole notes section
# ---------------------------------------------------------------------------

_CITED_FORM = re.compile(r"(?:^|[;:]\s*|\band\s+|\.\s+|See also\s+)([A-Z][\w.\-&()’' ]{0,50}?),\s*(?:p|pp|para|paras|page|pages|section)\b")


def read_endnotes(lines: list[str]) -> Endnotes:
    """Parse the notes section: texts, the stakeholder list and a matcher for citations."""
    raw = split_notes(lines)
    notes = Endnotes(texts={n: one_line(t) for n, t in raw.items()})
    cited_forms: set[str] = set()
    for text in notes.texts.values():
        for m in _CITED_FORM.finditer(text):
            cited_forms.add(m.group(1).strip())
    for number in sorted(raw):
        if number > 5:
            break
        if STAKEHOLDER_LIST.search(raw[number][:400]):
            notes.list_note = number
            notes.stakeholders = parse_stakeholders(raw[number], cited_forms)
            break
    return notes
