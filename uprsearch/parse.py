"""Parse a document's text into chunks: paragraphs with their section path, footnotes taken out.

Three layouts share the helpers here:
- OHCHR summaries: numbered paragraphs under numbered headings (I./A./1.), footnote
  references glued to words, optional endnotes;
- single-author submissions and NGO reports: blank-line paragraphs, unnumbered headings,
  page-break footnote blocks, a recommendations list;
- anything else: plain paragraphs.
Attribution (who said what) is the tagger's job; this module only cleans and cuts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from uprsearch.models import (
    PARAGRAPH,
    PLAIN,
    RECOMMENDATION,
    STAKEHOLDER_SUMMARY,
    SUBMISSION,
    SUMMARY,
    Chunk,
    Document,
    Footnote,
    ParsedDocument,
)
from uprsearch import endnotes, furniture, metadata
from uprsearch.models import Organisation
from uprsearch.orgs import Registry
from uprsearch.reader import SourceText

ROMAN = r"(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)"
ROMAN_HEADING = re.compile(rf"^({ROMAN})\.\s+(\S.*)$")
LETTER_HEADING = re.compile(r"^([A-H])\.\s+(\S.*)$")
NUMBER_START = re.compile(r"^(\d{1,3})\.(?:\s+(.*))?$")
SENTENCE_END = re.compile(r"[.;:!?…”\"’)\]]\s*$")
URL_LINE = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$")


# ---------------------------------------------------------------------------
# Footnote references
# ---------------------------------------------------------------------------

# A footnote reference is a number glued to the end of a word or punctuation ("Review:1",
# "allegation”.2", "JS230" = JS2 + note 30, "OP 2.2" = OP 2 + note 2), or standing after
# punctuation and a space ("OP-CAT, 43 and"). Documents number notes in order, so a number
# counts as a reference only when it is the next note expected (or a few ahead, where the
# extraction lost one): that is what tells "JS230" from "JS2" and "11.1 per cent" from a note.
# The number opens the pattern and a look-behind checks the character before it: the regex
# engine then skips ahead to the next digit (led by the character class it tried every letter).
_GLUED = re.compile(
    r"(?P<num>\d(?<=[A-Za-z\u00C0-\u024F)\].,;:!?”’\"'»\u2019]\d)\d{0,2})(?=$|[\s.,;:)”’\"A-Z])"
)
_SPACED = re.compile(r"(?P<pre>[.,;:”’\"])(?P<gap> )(?P<num>\d{1,3})(?=\s|$|[A-Z][a-zA-Z])")
NOTE_MARK = "\ue000"  # where a reference stood, until the chunk text is final
_MAX_SKIP = 3
_SPACE_BEFORE_PUNCT = re.compile("[ \t]+(" + "\ue000" + "*)([.,;:])")
_SPACE_BEFORE_MARK_OR_PUNCT = re.compile(" [\ue000.,;:]")  # where the above can match, but found much faster
_NUMBERED_NAME = re.compile(r"(?<![A-Za-z])JS\)?$")


@dataclass
class FootnoteTracker:
    """Removes footnote reference numbers from text in document order, remembering them."""

    expected: int = 1
    enabled: bool = True

    def strip(self, text: str, mark: bool = False) -> tuple[str, list[int]]:
        """Text without its footnote references and the numbers removed; with mark, NOTE_MARK stands where each was."""
        if not self.enabled:
            return text, []
        # Each pattern's matches are found once: no match spans the end of a reference (a digit
        # before, none after), so those ending after it are the ones a search from there finds.
        glued = list(_GLUED.finditer(text))
        spaced = list(_SPACED.finditer(text))
        found: list[int] = []
        out: list[str] = []
        pos = 0
        while glued or spaced:
            match = self._next_reference(text, pos, glued, spaced)
            if match is None:
                break
            start, end, number = match
            out.append(text[pos:start])
            if mark:
                out.append(NOTE_MARK)
            nxt = text[end : end + 1]
            prev = text[start - 1 : start] if start else ""
            # "set up.76PRICentral" -> "set up. PRICentral": keep words apart where the note sat between them
            if nxt and not nxt.isspace() and nxt not in ".,;:)”’\"" and prev and not prev.isspace():
                out.append(" ")
            found.append(number)
            self.expected = number + 1
            pos = end
            glued = [m for m in glued if m.end() > pos]
            spaced = [m for m in spaced if m.end() > pos]
        if not found:
            return text, found
        out.append(text[pos:])
        cleaned = "".join(out)
        if "\t" in cleaned or _SPACE_BEFORE_MARK_OR_PUNCT.search(cleaned):  # else nothing to close up
            cleaned = _SPACE_BEFORE_PUNCT.sub(r"\1\2", cleaned)
        return cleaned, found

    def _next_reference(
        self, text: str, pos: int, glued: list[re.Match[str]], spaced: list[re.Match[str]]
    ) -> tuple[int, int, int] | None:
        """The first reference at or after pos, from the matches of _GLUED and _SPACED there."""
        best: tuple[int, int, int] | None = None
        expected = self.expected
        for pattern, matches in ((_GLUED, glued), (_SPACED, spaced)):
            for m in matches:
                if best is not None and m.start() >= best[0]:
                    break  # any hit here starts after the one found: it cannot come first
                digits = m.group("num")
                # try the shortest suffix that is the expected note: "JS230" -> "30"
                hit = None
                for offset in range(len(digits) - 1, -1, -1):
                    if digits[offset] == "0":
                        continue
                    value = int(digits[offset:])
                    if expected <= value <= expected + _MAX_SKIP:
                        hit = (m.start("num") + offset, m.end("num"), value)
                        break
                if hit is None:
                    continue
                if pattern is _SPACED:
                    hit = (m.start("gap"), hit[1], hit[2])
                # "JS3" is joint submission 3, never "JS" + note 3 (the name is at most "JS)" before the number)
                if pattern is _GLUED and hit[0] == m.start("num") and _NUMBERED_NAME.search(text, max(0, hit[0] - 4), hit[0]):
                    continue
                if best is None or hit[0] < best[0]:
                    best = hit
                break
        return best


# ---------------------------------------------------------------------------
# Shared line handling
# ---------------------------------------------------------------------------


_LOWER_START = re.compile(r"^[a-z]")
_SPACES = re.compile(r" {2,}")
_HEADING_STOP = re.compile(r"[.;]\s*$")
_HEADING_END = re.compile(r"[.;:,\d”’\"]$")
_PARAGRAPH_END = re.compile(r"[.;:”’\"\d]$")
_HEADING_NOTE = re.compile(r"(?<=[A-Za-z”’\"])\d{1,3}$")


def _join_lines(lines: list[str]) -> str:
    """Join wrapped lines into prose; a word hyphenated across a line break keeps its hyphen
    ("ill-\ntreatment" -> "ill-treatment", "de-\ntention" -> "de-tention")."""
    parts: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if parts and not (parts[-1].endswith(("-", "–")) and _LOWER_START.match(line)):
            parts.append(" ")
        parts.append(line)
    return normalise_spaces("".join(parts))


_CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|[\x00-\x08\x0b-\x1f\x7f]")  # escape sequences, control characters
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # one class: the regex engine skips along it quickly


def normalise_spaces(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\t", " ")
    # isprintable() is False for every control character and quicker than a search for them
    if "\x1b" in text or (not text.isprintable() and _CONTROL_CHARACTER.search(text)):
        text = _CONTROL.sub("", text)  # terminal escapes in a document are damage, never content
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


def _is_heading_text(text: str) -> bool:
    return bool(text) and len(text) <= 160 and not _HEADING_STOP.search(text)


# ---------------------------------------------------------------------------
# OHCHR summaries
# ---------------------------------------------------------------------------


@dataclass
class _Heading:
    level: int
    text: str


@dataclass
class _SummaryState:
    section: list[_Heading] = field(default_factory=list)
    next_para: int = 1
    current: list[str] | None = None
    current_para: int | None = None
    current_section: list[str] = field(default_factory=list)
    paragraphs: list[tuple[int, list[str], list[str]]] = field(default_factory=list)
    heading_open: bool = False  # the last thing read was a heading that may wrap


def _heading_level(line: str) -> tuple[int, str] | None:
    m = ROMAN_HEADING.match(line)
    if m:
        return 1, line
    m = LETTER_HEADING.match(line)
    if m and _is_heading_text(m.group(2)):
        return 2, line
    return None


def parse_summary_lines(lines: list[str], tracker: FootnoteTracker) -> list[tuple[int, list[str], str]]:
    """Numbered paragraphs of a summary: (number, section path, raw text)."""
    state = _SummaryState()

    def close_paragraph() -> None:
        if state.current is not None and state.current_para is not None:
            state.paragraphs.append((state.current_para, state.current_section, state.current))
        state.current, state.current_para = None, None

    def push_heading(level: int, text: str) -> None:
        close_paragraph()
        state.section = [h for h in state.section if h.level < level] + [_Heading(level, text)]
        state.heading_open = True

    def append_inline(line: str) -> None:
        # later summaries run the next paragraph on inline: "…Treaty.20 4. IPLSA recommended…"
        while f"{state.next_para}." in line:
            inline = _inline_paragraph(state.next_para).search(line)
            if not inline:
                break
            state.current.append(line[: inline.start()])
            close_paragraph()
            state.current_para = state.next_para
            state.next_para += 1
            state.current_section = [h.text for h in state.section]
            state.current = []
            line = line[inline.end() :]
        state.current.append(line)

    stripped = [ln.strip() for ln in lines]
    for i, line in enumerate(stripped):
        if not line:
            continue
        # headings open with a capital (I., A.), paragraphs with their number: most lines do neither
        heading = _heading_level(line) if line[0].isupper() else None
        number = NUMBER_START.match(line) if line[0].isdigit() else None
        if number and int(number.group(1)) == state.next_para and not (
            heading is None and _looks_like_numbered_heading(stripped, i, state.next_para)
        ):
            close_paragraph()
            state.current_para = state.next_para
            state.next_para += 1
            state.current_section = [h.text for h in state.section]
            state.current = []
            state.heading_open = False
            append_inline(number.group(2) or "")
            continue
        if heading:
            push_heading(*heading)
            continue
        if number and int(number.group(1)) < state.next_para + 50 and _is_heading_text(number.group(2) or ""):
            level = 3
            push_heading(level, line)
            continue
        if state.heading_open and state.section and state.current is None and _continues_heading(state.section[-1].text, line):
            state.section[-1].text += " " + line
            continue
        if state.current is not None and _is_unnumbered_heading(stripped, i, state):
            push_heading(4, line)
            continue
        if state.current is None and state.section and state.section[-1].level >= 3 and _is_unnumbered_heading(stripped, i, state, after_heading=True):
            push_heading(4, line)  # "1. Cross cutting issues" / "Equality and non-discrimination24" / "19. …"
            continue
        if state.current is not None:
            append_inline(line)
        # text outside any paragraph (e.g. "N/A" under an empty heading) is not a chunk
    close_paragraph()
    return [(n, section, _join_lines(body)) for n, section, body in state.paragraphs]


@lru_cache(maxsize=1024)
def _inline_paragraph(number: int) -> re.Pattern[str]:
    """Where paragraph `number` starts inside a line."""
    return re.compile(rf"(?<=[.;:”’)\d])\s+{number}\.\s+(?=[A-Z“\"])")


def _looks_like_numbered_heading(lines: list[str], i: int, number: int) -> bool:
    """'2. Right to life' is a heading, not paragraph 2, when the next line opens paragraph 2."""
    rest = NUMBER_START.match(lines[i]).group(2) or ""
    if not rest or not _is_heading_text(rest) or len(rest) > 120:
        return False
    for nxt in lines[i + 1 : i + 4]:
        if not nxt:
            continue
        m = NUMBER_START.match(nxt)
        return bool(m and int(m.group(1)) == number)
    return False


def _is_unnumbered_heading(lines: list[str], i: int, state: _SummaryState, after_heading: bool = False) -> bool:
    """'Equality and non-discrimination' on a line of its own, between two numbered paragraphs."""
    line = lines[i]
    if not line[:1].isupper():
        return False
    if line[-1:].isdigit():  # every \d is a digit to isdigit(): without one last, nothing to remove
        line = _GLUED_HEADING_NOTE.sub("", line)  # (never the first character: a letter or bracket stands before)
    if len(line) > 100 or _HEADING_END.search(line):
        return False
    # the nearest non-empty lines around, found by index: slicing lines made this quadratic
    previous = ""
    for j in range(i - 1, -1, -1):
        if lines[j]:
            previous = lines[j]
            break
    if not after_heading and not _PARAGRAPH_END.search(previous):
        return False
    following = ""
    for j in range(i + 1, len(lines)):
        if lines[j]:
            following = lines[j]
            break
    m = NUMBER_START.match(following)
    return bool(m and int(m.group(1)) in (state.next_para, 1, 2, 3, 4, 5, 6, 7, 8, 9))


_GLUED_HEADING_NOTE = re.compile(r"(?<=[a-z)])\d{1,3}$")


def _continues_heading(heading: str, line: str) -> bool:
    return bool(re.search(r"(,|\band|\bor|\bof|\bthe)$", heading)) or line[:1].islower()


# ---------------------------------------------------------------------------
# Submissions and other prose documents
# ---------------------------------------------------------------------------

FOOTNOTE_SEPARATOR = re.compile(r"^[ \t]{20,}$")
FOOTNOTE_LINE = re.compile(r"^(\d{1,3})\s+(\S.*)$")
RECOMMENDATIONS_HEADING = re.compile(
    r"^(?:(?:suggested\s+|key\s+|our\s+)?recommendations?\b|we (?:call on|urge|recommend)\b)", re.I
)
RECOMMENDATION_ITEM = re.compile(r"^(?:[•\-–\u2022\uf0b7*]\s*|\d{1,2}[.)]\s+|[a-z][.)]\s+)?To\s+[a-z]")
# "Ratify the CRPD…", "Establish a federal database…": an item of a list of recommendations
IMPERATIVE_ITEM = re.compile(r"^(?:Ratify|Establish|Ensure|Adopt|Amend|Repeal|Abolish|End|Stop|Release|Investigate|Provide|Include|Evaluate|Guarantee|Take|Create|Strengthen|Implement|Enact|Allow|Grant|Close|Prohibit|Ban|Train|Review|Revise|Withdraw|Publish|Declassify|Prosecute|Hold|Bring|Increase|Reduce|Protect|Respect|Support|Develop|Introduce|Remove|Lift|Extend|Consider|Cooperate|Invite|Accept|Fund|Set up|Make|Promote|Monitor|Decriminali[sz]e|Recogni[sz]e|Transfer|Reform|Revoke|Rescind|Reinstate|Halt|Cease|Refrain|Condemn|Immediately|Urgently|Fully)\b[^:]*[^:\s]$")
BULLET = re.compile(r"^[•\-–\u2022\uf0b7*]\s+")
LEAD_IN = re.compile(r":\s*$")


def _remove_footnote_blocks(lines: list[str]) -> tuple[list[str], dict[int, str]]:
    """Drop page-bottom footnote blocks, keeping their texts; re-join a paragraph they cut."""
    notes: dict[int, str] = {}
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not FOOTNOTE_SEPARATOR.match(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        i += 1
        current: int | None = None
        while i < len(lines):
            line = lines[i]
            # a page's first line starts with a single space: the block is over
            if re.match(r"^ \S", line) and not FOOTNOTE_LINE.match(line.strip()):
                break
            stripped = line.strip()
            m = FOOTNOTE_LINE.match(stripped)
            if m and (current is None or int(m.group(1)) == current + 1):
                current = int(m.group(1))
                notes[current] = m.group(2).strip()
            elif stripped and not URL_LINE.match(stripped) and current is not None:
                notes[current] = (notes[current] + " " + stripped).strip()
            i += 1
        # a paragraph cut mid-sentence by the block continues on the next page
        while out and not out[-1].strip():
            out.pop()
        last = re.sub(r"(?<=\S)\d{1,3}\s*$", "", out[-1].rstrip()) if out else ""  # ignore a glued note number
        if out and not SENTENCE_END.search(last) and i < len(lines):
            out.append(lines[i].strip())
            i += 1
        else:
            out.append("")
    return [ln for ln in out if not URL_LINE.match(ln)], {n: normalise_spaces(t) for n, t in notes.items()}


HARD_HEADING = re.compile(
    r"^\s?(?:appendix|annex|executive summary)\b|^\s?[A-H]\.\s{2,}\S"
    r"|^\s?(?:\[Heading\d\]\s*)?(?:suggested\s+|key\s+|our\s+)?recommendations?(?:\s+(?:for|to)\b[^.:;]{0,80})?\s*:?\s*$",
    re.I,
)


def _blocks(lines: list[str]) -> list[list[str]]:
    """Blank-line separated blocks; a section heading that lost its blank line still opens one."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if HARD_HEADING.match(line) and current:
            blocks.append(current)
            current = [line.rstrip()]
        elif line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _one_paragraph_per_line(lines: list[str], blocks: list[list[str]]) -> bool:
    """Some extractions put each paragraph on one long line with no blank lines between."""
    non_empty = [ln for ln in lines if ln.strip()]
    if not non_empty or len(blocks) * 5 > len(non_empty):
        return False
    long_lines = sum(1 for ln in non_empty if len(ln) > 200)
    return long_lines * 5 >= len(non_empty) or len(blocks) == 1


def _split_items(block: list[str]) -> list[list[str]]:
    """A block of recommendations whose items start with 'To …' without blank lines between."""
    items: list[list[str]] = []
    for line in block:
        if RECOMMENDATION_ITEM.match(line.strip()) or not items:
            items.append([line])
        else:
            items[-1].append(line)
    return items


def parse_prose(lines: list[str], tracker: FootnoteTracker) -> tuple[list[tuple[str, list[str], str, int]], dict[int, str]]:
    """Chunks of a prose document: (kind, section path, text, ordinal) and the footnote texts."""
    body, notes = _remove_footnote_blocks(lines)
    section: list[_Heading] = []
    in_recommendations = False
    in_summary = False
    in_appendix = False  # an appendix is a list of references: no sub-headings in it
    chunks: list[tuple[str, list[str], str, int]] = []

    def push(level: int, text: str) -> None:
        nonlocal section
        section = [h for h in section if h.level < level] + [_Heading(level, text)]

    blocks = _blocks(body)
    if _one_paragraph_per_line(body, blocks):
        blocks = [[ln] for block in blocks for ln in block]
    else:
        blocks = [part for block in blocks for part in _split_long_block(block)]
    for block in blocks:
        block = [re.sub(r"^\[Heading\d\]\s*", "", ln) for ln in block]  # a converter's heading markers
        first = normalise_spaces(block[0])
        top = re.match(r"^([A-H]|[IVX]{1,4}|\d{1,2})\.\s+(\S.*)$", first)
        if top and len(block) == 1 and _is_heading_text(first):
            push(1, first)
            in_recommendations = bool(RECOMMENDATIONS_HEADING.match(top.group(2)))
            in_summary = False
            continue
        if len(block) == 1 and not in_appendix and _is_heading_text(first) and not LEAD_IN.search(first) and not RECOMMENDATION_ITEM.match(first) and len(first) < 110 and not BULLET.match(first):
            if re.match(r"^executive summary$", first, re.I):
                push(1, first)
                in_summary, in_recommendations = True, False
            elif RECOMMENDATIONS_HEADING.match(first) or re.match(r"^appendix\b", first, re.I):
                push(1, first)
                in_recommendations = bool(RECOMMENDATIONS_HEADING.match(first))
                in_appendix = not in_recommendations
                in_summary = False
            else:
                push(2, first)
            continue
        # a heading line glued on top of its first paragraph ("Legal developments\nA law …")
        second = normalise_spaces(block[1]) if len(block) > 1 else ""
        if (
            second
            and not in_appendix
            and _is_heading_text(first)
            and len(first) < 95
            and len(first) <= len(second) - 10
            and first[:1].isupper()
            and second[:1].isupper()
            and not RECOMMENDATION_ITEM.match(first)
            and not BULLET.match(first)
        ):
            if RECOMMENDATIONS_HEADING.match(first):
                push(1, first)
                in_recommendations, in_summary = True, False
            else:
                push(2, first)
            block = block[1:]
        items = _split_items(block) if in_recommendations else [block]
        for item in items:
            text = _join_lines(item)
            text = BULLET.sub("", text)
            if not text:
                continue
            core = re.sub(r"^\d{1,3}[.)]\s+", "", text)  # "3. Abolish the death penalty."
            if in_recommendations and (RECOMMENDATION_ITEM.match(core) or IMPERATIVE_ITEM.match(core)):
                kind = RECOMMENDATION
            elif in_summary:
                kind = SUMMARY
            else:
                kind = PARAGRAPH
            chunks.append((kind, [h.text for h in section], text, len(chunks) + 1))
    return chunks, notes


PROSE_NUMBER = re.compile(r"^(\d{1,3})\.\s+(?=[A-Z“\"(])")


def number_prose_paragraphs(texts: list[str]) -> list[int | None]:
    """Printed paragraph numbers of a submission that numbers its paragraphs ("1. …", "2. …").

    Numbers count only where they run in sequence from 1, so a list item "3. To ratify …" in an
    unnumbered report, or a year, is not taken for a paragraph number."""
    numbers: list[int | None] = []
    expected = 1
    for text in texts:
        m = PROSE_NUMBER.match(text)
        if m and int(m.group(1)) == expected:
            numbers.append(expected)
            expected += 1
        else:
            numbers.append(None)
    return numbers if expected > 2 else [None] * len(texts)


def _mark_paragraph_breaks(lines: list[str]) -> list[str]:
    """Blank lines where a PDF's paragraphs and headings must have ended: see _split_long_block."""
    out: list[str] = []
    for part in _split_long_block([ln for ln in lines if ln.strip()], minimum=0):
        out.extend(part)
        out.append("")
    return out


def _split_long_block(block: list[str], minimum: int = 25) -> list[list[str]]:
    """Cut a block with no blank lines (PDF text layers have none) into paragraphs.

    A paragraph's last line ends a sentence and stops short of the line width; the next line
    opens with a capital, a number or a bullet. Blocks of ordinary length are left alone."""
    if len(block) < max(minimum, 1):
        return [block]
    widths = sorted(len(ln.rstrip()) for ln in block)
    full = widths[int(len(widths) * 0.75)]
    parts: list[list[str]] = [[]]
    for i, line in enumerate(block):
        parts[-1].append(line)
        nxt = block[i + 1].strip() if i + 1 < len(block) else ""
        if not nxt:
            continue
        short = len(line.rstrip()) < full * 0.85
        ends = re.search(r"[.:;!?”\"’)]\s*\d{0,3}$", line.rstrip())
        starts = re.match(r"^(?:[A-Z“\"(]|\d{1,3}[.)]\s|[•\-–\u2022\uf0b7*]\s)", nxt)
        numbered = re.match(r"^(?:\d{1,3}[.)]|[•\u2022\uf0b7])\s+\S", nxt)  # a numbered paragraph or item opens
        heading = not ends and line.strip()[:1].isupper() and len(line.strip()) < 120 and (numbered or (short and nxt[:1].isupper()))
        if (ends and (numbered or (starts and short))) or heading:
            parts.append([])
    return [p for p in parts if p]


# ---------------------------------------------------------------------------
# Layout detection and the entry point
# ---------------------------------------------------------------------------


NUMBERED_TYPES = ("un-compilation", "national-report")  # laid out like summaries: numbered paragraphs, endnotes


def detect_type(text: str, document: Document) -> str:
    if document.type and document.type != PLAIN:
        return document.type
    head = text[:6000]
    if re.search(r"summary of (?:the )?stakeholders?[’']?\s*(?:information|submissions)", head, re.I):
        return STAKEHOLDER_SUMMARY
    numbered = re.findall(r"(?m)^\s*(\d{1,3})\.\s+[A-Z]", text)
    if len(numbered) >= 10 and re.search(r"\b(?:JS\d+|[A-Z]{2,})\s+(?:noted|recommended|urged|stated|reported)\b", text):
        return STAKEHOLDER_SUMMARY
    if re.search(r"(?im)^\s*(?:executive summary|recommendations for action|suggested recommendations)\b", text):
        return SUBMISSION
    return PLAIN


def parse_document(source: SourceText, document: Document, registry: Registry, acronyms: dict[str, str]) -> ParsedDocument:
    """Cut one document into chunks. Statements, organisations and themes are added by the tagger."""
    text = source.text.replace("\f", "\n")
    metadata.apply(document, metadata.recognise(text))
    if not document.title:
        document.title = _first_line_title(text)
    document.type = detect_type(text, document)
    if source.pages and len(source.pages) > 1:
        lines = furniture.remove_page_furniture([p.replace("\f", "\n") for p in source.pages])
    else:
        lines = text.split("\n")
    lines = furniture.remove_furniture(lines, document.symbol)
    tracker = FootnoteTracker()
    chunks: list[Chunk] = []
    notes: list[str] = []
    organisations: list[Organisation] = []
    if document.type in (STAKEHOLDER_SUMMARY, *NUMBERED_TYPES):
        body, note_lines = endnotes.split_notes_region(lines)
        notes_read = endnotes.read_endnotes(note_lines) if note_lines else endnotes.Endnotes()
        organisations = notes_read.organisations()
        for number, section, raw in parse_summary_lines(body, tracker):
            marked, refs = tracker.strip(raw, mark=True)
            clean, offsets = _take_marks(normalise_spaces(marked))
            footnotes = []
            for ref, offset in zip(refs, offsets):
                footnote = Footnote(ref, notes_read.texts.get(ref, ""))
                footnote.offset = offset  # where in the text it stood; read by the tagger, not serialised
                footnotes.append(footnote)
            chunks.append(
                Chunk(
                    id=f"{document.id}:{number}", doc=document.id, n=number, para=number, kind=PARAGRAPH,
                    section=[_clean_heading(h) for h in section], text=clean,
                    footnotes=footnotes,
                )
            )
        if note_lines and not notes_read.texts:
            notes.append("a notes section was found but no numbered notes in it")
        if not chunks:
            notes.append("no numbered paragraphs found; read as plain paragraphs")
            document.type = PLAIN
    if document.type not in (STAKEHOLDER_SUMMARY, *NUMBERED_TYPES):
        if not document.author:
            author = metadata.recognise_author("\n".join(lines))
            if author:
                document.author = f"{author.name} ({author.abbr})" if author.abbr else author.name
                if document.type == PLAIN:
                    document.type = SUBMISSION
        if source.pages is not None and not any(not ln.strip() for ln in lines[1:-1]):
            lines = _mark_paragraph_breaks(lines)  # a PDF text layer has no blank lines between paragraphs
        prose, note_texts = parse_prose(lines, tracker)
        printed = number_prose_paragraphs([raw for _, _, raw, _ in prose])
        # ids use printed numbers only when every chunk has one; otherwise ordinals, so ids never clash
        numbered_ids = all(p is not None for p in printed)
        for (kind, section, raw, n), para in zip(prose, printed):
            if para is not None:
                raw = PROSE_NUMBER.sub("", raw, count=1)
                n = para if numbered_ids else n
            clean, refs = tracker.strip(raw)
            chunks.append(
                Chunk(
                    id=f"{document.id}:{n}", doc=document.id, n=n, para=para, kind=kind,
                    section=[_clean_heading(h) for h in section], text=normalise_spaces(clean),
                    footnotes=[Footnote(r, note_texts.get(r, "")) for r in refs],
                )
            )
        if document.type == PLAIN and chunks:
            notes.append("no UPR structure recognised; read as a document of plain paragraphs")
    for chunk in chunks:
        chunk.symbol, chunk.country, chunk.cycle = document.symbol, document.country, document.cycle
    return ParsedDocument(document, chunks, organisations=organisations, notes=notes)


def _take_marks(marked: str) -> tuple[str, list[int]]:
    """Text without NOTE_MARKs and the offset in it where each mark stood."""
    if NOTE_MARK not in marked:
        return marked, []
    offsets: list[int] = []
    out: list[str] = []
    length = 0
    for piece in marked.split(NOTE_MARK)[:-1]:
        out.append(piece)
        length += len(piece)
        offsets.append(length)
    out.append(marked.rsplit(NOTE_MARK, 1)[1])
    text = "".join(out)
    if "  " in text or text != text.strip():  # a mark between two spaces: close the gap, offsets shift at most one
        stripped = normalise_spaces(text)
        shift = len(text) - len(text.lstrip())
        offsets = [max(0, min(len(stripped), o - shift)) for o in offsets]
        text = stripped
    return text, offsets


_GLUED_NOTE_IN_HEADING = re.compile(r"(?<=[a-z])\d{1,3}(?=\s)")


def _first_line_title(text: str) -> str:
    """A title for a document that states none: its first line of words, cut at a word near 100 characters."""
    for line in text.split("\n"):
        line = normalise_spaces(re.sub(r"^\[Heading\d\]\s*|\s*\|.*$|-{3,}.*$", "", line))
        if len(re.findall(r"[A-Za-z]{2,}", line)) >= 2:
            return line if len(line) <= 100 else line[:100].rsplit(" ", 1)[0] + "…"
    return ""


@lru_cache(maxsize=4096)  # each chunk repeats the headings of its section
def _clean_heading(heading: str) -> str:
    """A heading without footnote numbers or trailing punctuation."""
    heading = normalise_spaces(heading)
    heading = _HEADING_NOTE.sub("", heading)
    heading = _GLUED_NOTE_IN_HEADING.sub("", heading)  # "Scope of international obligations3 and cooperation"
    return heading.rstrip(" :")
