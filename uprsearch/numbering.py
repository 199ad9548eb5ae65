"""Which numbers in a document's text are its paragraph numbers.

UN documents number their paragraphs 1, 2, 3 … through the whole text. After extraction a number
may stand at a line start ("12. JS1 noted…"), alone on its line with the text below ("12."), inline
after the previous paragraph's last sentence ("…Treaty.20 13. IPLSA…"), after a heading on the
same line ("1. Constitutional framework 4. JS7 stated…"), or without its full stop ("58 Just
Atonement Inc. (JAI) commended…"); numbered headings ("2. Civil and political rights"), list
items and the odd displaced footnote number look the same. So every place a paragraph may start
is a candidate, and the numbering is the run of candidates through the document with increasing
numbers that explains the most of them: a number the text does not show, or shows out of order,
costs more than any candidate gains, so the run resynchronises after a miss instead of stopping.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# How much a candidate of each kind counts for: a number at a line start with its full stop is
# the usual case; inline and dotless numbers count only where the run needs them.
LINE, BARE, INLINE, AFTER_HEADING, NO_DOT = "line", "bare", "inline", "after-heading", "no-dot"
_WEIGHT = {LINE: 1.0, BARE: 1.0, INLINE: 0.9, AFTER_HEADING: 0.85, NO_DOT: 0.6}
_HEADING_LIKE = 0.5  # taken off a candidate whose line reads as a heading ("2. Right to life")
_GAP = 1.0  # each number the run skips
_JUMP = 0.5  # each skip, however long
_WINDOW = 400  # how far back in numbers a run may resume

# "12. Text", "12.", "4 12. Text" (a displaced footnote number before it); never "1.5 million".
_LINE_START = re.compile(r"^(?:(?P<stray>\d{1,3})\s+)?(?P<num>\d{1,3})\.(?:\s+(?P<rest>\S.*)|\s*$)")
_NO_DOT_START = re.compile(r"^(?P<num>\d{1,3})\s+(?=[A-Z“\"‘(])(?P<rest>(?:[A-Z][\w.’'\-]*|[“\"‘(]).*)")
# After the end of a sentence (or a footnote number glued to it), a number, its stop and a capital.
_INLINE = re.compile(r"(?<=[.;:!?”’\")\]\d])\s+(?P<num>\d{1,3})\.(?=\s+[A-Z“\"‘(\d])")  # ("Ch. 99. 79. According": no match eats the next one's space)
# After a heading (no full stop before it on the line), a number, its stop and a capital.
_AFTER_WORD = re.compile(r"(?<=[A-Za-z\u00C0-\u024F])\s+(?P<num>\d{1,3})\.(?=\s+[A-Z“\"‘(])")
_NUMBER_STOP = re.compile(r"\d\.\s")
_HEADING_START = re.compile(r"^(?:[IVX]{1,5}\.|[A-H]\.|\d{1,2}\.)\s+\S")
_SENTENCE_END = re.compile(r"[.;:!?][”’\"')\]]?\s*\d{0,3}\s*$")


@dataclass
class Candidate:
    number: int
    line: int  # index of the line it stands on
    start: int  # where the number starts in the line
    text_start: int  # where the paragraph's text starts in the line (len(line) for a bare number)
    kind: str
    heading_like: bool = False

    @property
    def weight(self) -> float:
        return _WEIGHT[self.kind] - (_HEADING_LIKE if self.heading_like else 0.0)

    @property
    def position(self) -> tuple[int, int]:
        return self.line, self.start


def candidates(lines: list[str], no_dot: bool = True) -> list[Candidate]:
    """Every place in `lines` (already stripped) where a numbered paragraph may start, in order."""
    found: list[Candidate] = []
    width = line_width(lines)
    for i, line in enumerate(lines):
        if not line:
            continue
        first = line[0]
        if first.isdigit():
            m = _LINE_START.match(line)
            if m:
                rest = m.group("rest") or ""
                number = int(m.group("num"))
                if m.group("stray") and int(m.group("stray")) > 300:
                    m = None  # "2012 3. …" is not a stray note number
                if m:
                    kind = LINE if rest else BARE
                    heading = bool(rest) and _reads_as_heading(rest, lines, i, width)
                    found.append(Candidate(number, i, m.start("num"), m.start("rest") if rest else len(line), kind, heading))
            elif no_dot:
                m = _NO_DOT_START.match(line)
                if m and not _reads_as_heading(m.group("rest"), lines, i, width):
                    found.append(Candidate(int(m.group("num")), i, 0, m.start("rest"), NO_DOT))
        if not _NUMBER_STOP.search(line, 1):  # most lines have no "12. " past their start
            continue
        for m in _INLINE.finditer(line):
            found.append(Candidate(int(m.group("num")), i, m.start("num"), _text_start(line, m.end()), INLINE))
        if _HEADING_START.match(line) or (first.isupper() and len(line) < 200):
            for m in _AFTER_WORD.finditer(line):
                before = line[: m.start()]
                if len(before) <= 160 and not re.search(r"[.;:]\s", before[3:]):
                    found.append(Candidate(int(m.group("num")), i, m.start("num"), _text_start(line, m.end()), AFTER_HEADING))
    return found


def _text_start(line: str, at: int) -> int:
    return len(line) - len(line[at:].lstrip())


def line_width(lines: list[str]) -> int:
    """How long a full line of the text is (most lines of prose are about that long)."""
    lengths = sorted(len(line) for line in lines if len(line) > 20)
    return lengths[int(len(lengths) * 0.8)] if lengths else 80


def _reads_as_heading(rest: str, lines: list[str], i: int, width: int) -> bool:
    """'2. Civil and political rights': short of a full line, no full stop, no prose running on below."""
    text = rest.rstrip()
    if len(text) > 110 or _SENTENCE_END.search(text) or text[:1].islower():
        return False
    if re.search(r"[.;]\s+[A-Z]", text):
        return False
    following = next((ln for ln in lines[i + 1 : i + 3] if ln), "")
    if following[:1].islower():
        return False  # prose wraps onto a line that opens in lower case
    return len(text) + 4 < width * 0.75


@dataclass
class Numbering:
    chosen: list[Candidate]  # the paragraph starts, in document order
    out_of_order: list[int]  # numbers found away from their place (kept where they stand)
    skipped: list[tuple[int, int, int]]  # (first, last, kept-in) numbers the run did not find


def choose(found: list[Candidate]) -> Numbering:
    """The run of candidates with increasing numbers that explains the most of the text."""
    if not found:
        return Numbering([], [], [])
    found = sorted(found, key=lambda c: c.position)
    # best[n] = (score, index): the best run so far that ends on a candidate numbered n
    best: dict[int, tuple[float, int]] = {}
    highest = float("-inf")  # the best score of any run so far: a bound on what resuming one gains
    back: list[int] = [-1] * len(found)
    score: list[float] = [0.0] * len(found)
    for i, cand in enumerate(found):
        n, weight = cand.number, cand.weight
        top = weight - (n - 1) * _GAP - (_JUMP if n > 1 else 0.0)
        prev = -1
        for m in range(n - 1, max(0, n - _WINDOW) - 1, -1):
            gap = n - m - 1
            if highest + weight - gap * _GAP - (_JUMP if gap else 0.0) <= top:
                break  # no run resumed from further back can do better
            entry = best.get(m)
            if entry is None:
                continue
            value = entry[0] + weight - gap * _GAP - (_JUMP if gap else 0.0)
            if value > top:
                top, prev = value, entry[1]
        score[i], back[i] = top, prev
        if n not in best or top > best[n][0]:
            best[n] = (top, i)
        highest = max(highest, top)
    end = max(range(len(found)), key=lambda k: (score[k], -k))
    chain: list[int] = []
    while end >= 0:
        chain.append(end)
        end = back[end]
    chain.reverse()
    chosen = [found[k] for k in chain]
    chosen, out_of_order = _place_strays(found, chosen)
    return Numbering(chosen, out_of_order, _skipped(chosen))


def _place_strays(found: list[Candidate], chosen: list[Candidate]) -> tuple[list[Candidate], list[int]]:
    """Numbers the run skipped that stand, each exactly once, as a clear paragraph start elsewhere
    (an extraction that put a page's paragraphs out of order) are paragraphs where they stand."""
    numbers = {c.number for c in chosen}
    if not chosen:
        return chosen, []
    missing = set(range(1, max(numbers) + 1)) - numbers
    if not missing:
        return chosen, []
    taken = {c.position for c in chosen}
    by_number: dict[int, list[Candidate]] = {}
    for cand in found:
        if cand.number in missing and cand.kind in (LINE, BARE) and not cand.heading_like and cand.position not in taken:
            by_number.setdefault(cand.number, []).append(cand)
    strays = [cands[0] for n, cands in by_number.items() if len(cands) == 1]
    if not strays:
        return chosen, []
    merged = sorted(chosen + strays, key=lambda c: c.position)
    return merged, sorted(c.number for c in strays)


def _skipped(chosen: list[Candidate]) -> list[tuple[int, int, int]]:
    gaps = []
    seen = sorted(c.number for c in chosen)
    for a, b in zip(seen, seen[1:]):
        if b > a + 1:
            gaps.append((a + 1, b - 1, a))
    if seen and seen[0] > 1:
        gaps.insert(0, (1, seen[0] - 1, 0))
    return gaps
