"""Numbered UN documents (summaries, compilations, national reports): paragraphs, headings, notes.

The paragraph numbering is chosen by uprsearch.numbering over the whole text; the endnotes begin
at the first note of the run of notes after the last paragraph (uprsearch.endnotes). Between two
paragraph starts stand the first paragraph's lines, then the headings that open the next one.
Every line of the body ends up in a paragraph or a heading: text that no number claims (a
paragraph printed without its number, text under a heading before the next number) is kept in
the paragraph before it, and each such place is reported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from uprsearch import endnotes, numbering
from uprsearch.text import DISPLACED_MARK, clean_heading, is_heading_text, join_lines

ROMAN = r"(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)"
ROMAN_HEADING = re.compile(rf"^(?:{ROMAN}\.|(?!I\s){ROMAN})\s+([A-Z].*)$")  # "III Implementation…" lost its stop
LETTER_HEADING = re.compile(r"^[A-HАВСЕН]\.\s+(\S.*)$")  # (a Cyrillic А, В, С… stands in for its Latin twin now and then)
NUMBER_HEADING = re.compile(r"^\d{1,2}\.\s+(\S.*)$")
_ENDS_SENTENCE = re.compile(r"[.;:!?…][”’\"')\]]?\s*\d{0,3}\s*$|[”’\")\]]\s*\d{0,3}\s*$")
_GLUED_NOTE = re.compile(r"(?<=[A-Za-z)\]”’\".;:,])\s?\d{1,3}$")
_CONNECTOR_END = re.compile(
    r"(?:,|[-–]|\b(?:and|or|of|the|a|an|to|in|on|for|with|against|by|from|into|towards|under|between|among|at|as"
    r"|its|their|following|including|within|without|through|after|before|concerning|regarding))$"
)
_SENTENCE_INSIDE = re.compile(r"[.;:!?]\s+[A-Z]")
_NOTES_LINE = re.compile(r"^(?:End)?[Nn]otes$")
_LETTERED_START = re.compile(rf"^(?:{ROMAN}|[A-HАВСЕН])\.?\s")
_HEADING_NUMBER = re.compile(rf"^(?:{ROMAN}|[A-H]|\d{{1,2}})\.\s+")
_EMPTY_SECTION = re.compile(r"^(?:N/?A|None|Not applicable)\.?$", re.I)  # what cycle-1 documents print under an empty heading
_REFERENCES_LINE = re.compile(r"^\d{1,3}(?:(?:\s*,\s*|\s+)\d{1,3})*$")
# A footnote number the extraction put at the start of the next line: "1 the Overseas Territories ."
_DISPLACED_NOTE = re.compile(r"^(\d{1,3})\s+(?=[a-z])")


@dataclass
class Heading:
    level: int
    text: str  # as printed, footnote references still in it; the parser cleans it in document order


@dataclass
class FrontText:
    """Text before paragraph 1 that is the document's own, not its cover: the introduction cycle-1
    and cycle-2 reports print unnumbered, the tables and lists of abbreviations before paragraph 1."""

    text: str  # joined lines, footnote references still in it


@dataclass
class Paragraph:
    number: int
    section: list[Heading]  # the headings it stands under, outermost first
    text: str  # joined lines, footnote references still in it
    # text and headings read before it, in order: a str is text no chunk keeps (a cover), FrontText
    # text before paragraph 1 that is kept
    before: list[str | Heading | FrontText] = field(default_factory=list)


@dataclass
class NumberedText:
    paragraphs: list[Paragraph] = field(default_factory=list)
    notes: endnotes.Endnotes = field(default_factory=endnotes.Endnotes)
    note_lines: list[str] = field(default_factory=list)  # the endnotes as they stand, for the list of stakeholders
    warnings: list[str] = field(default_factory=list)


def read_numbered(lines: list[str]) -> NumberedText:
    """The numbered paragraphs of a document's lines (furniture already removed), with their
    sections, and the endnotes after them."""
    result = NumberedText()
    stripped = [ln.strip() for ln in lines]
    found = numbering.candidates(stripped)
    # the body ends where the notes begin, after the last clear paragraph number (a number without
    # its full stop, like a note's, counts only inside the body)
    strong = numbering.choose([c for c in found if c.kind != numbering.NO_DOT])
    at: int | None = None
    if strong.chosen:
        at = endnotes.notes_start(stripped, after=max(c.line for c in strong.chosen))
    elif numbering.choose(found).chosen:  # every number lost its full stop: the notes begin at "Notes"
        at = next((i for i, ln in enumerate(stripped) if _NOTES_LINE.match(ln)), None)
    else:
        return result
    if at is not None:
        result.note_lines = endnotes.normalise_layout(lines[at:])
        result.notes = endnotes.read_endnotes(result.note_lines)
        stripped = stripped[:at]
    notes_lines = {i for i, ln in enumerate(stripped) if ln[:1] in "NE" and _NOTES_LINE.match(ln)}
    stripped = ["" if i in notes_lines else ln for i, ln in enumerate(stripped)]
    body = [c for c in found if c.line < len(stripped) and c.line not in notes_lines]
    # the run over the body's candidates; the same as before where the body adds no dotless number
    dotted = [c for c in found if c.kind != numbering.NO_DOT]
    same = strong.chosen and len(body) == len(dotted) and all(c.kind != numbering.NO_DOT for c in body)
    chosen = strong if same else numbering.choose(body)
    starts = chosen.chosen
    section: list[Heading] = []

    def push(level: int, text: str) -> Heading:
        nonlocal section
        heading = Heading(level, text)
        section = [h for h in section if h.level < level] + [heading]
        return heading

    # before paragraph 1: the cover (its footnote references keep the count in step), then the
    # headings that open paragraph 1 and the text of the document's own among them, in order
    before: list[str | Heading | FrontText] = []
    for item in _front(_fragments(stripped, (0, 0), starts[0].position)):
        before.append(push(item[0], item[2]) if isinstance(item, tuple) else item)
    for k, start in enumerate(starts):
        end = starts[k + 1].position if k + 1 < len(starts) else (len(stripped), 0)
        first = stripped[start.line][start.text_start:]
        if start.line == end[0]:
            first = stripped[start.line][start.text_start : end[1]]
        frags = [first] + _fragments(stripped, (start.line + 1, 0), end)
        own, headings, unplaced = _segment(frags)
        text = join_lines(_place_displaced_notes(own + unplaced))
        result.paragraphs.append(Paragraph(start.number, list(section), text, before))
        if unplaced:
            where = f" under “{clean_heading(headings[0][1])}”" if headings else f" (“{_shorten(unplaced[0])}”)"
            result.warnings.append(
                f"text{where} after ¶{start.number} is not numbered; it is kept in ¶{start.number}"
            )
        before = []
        for level, _, raw in headings:
            before.append(push(level, raw))
    for first, last_missing, kept in chosen.skipped:
        numbers = f"paragraph {first}" if first == last_missing else f"paragraphs {first}–{last_missing}"
        where = f"their text is kept in ¶{kept}" if kept else "no text before them is kept"
        if first == last_missing:
            where = where.replace("their", "its")
        result.warnings.append(f"{numbers} not found as numbered; {where}")
    if chosen.out_of_order:
        result.warnings.append(f"paragraphs {_spans(chosen.out_of_order)} stand out of order in the text; kept where they stand")
    return result


def _fragments(lines: list[str], start: tuple[int, int], end: tuple[int, int]) -> list[str]:
    """The non-empty pieces of lines from start (line, column) up to end (line, column)."""
    (i, col), (j, end_col) = start, end
    out: list[str] = []
    while i < j or (i == j and col < end_col):
        line = lines[i] if i < len(lines) else ""
        piece = line[col:end_col] if i == j else line[col:]
        piece = piece.strip()
        if piece:
            out.append(piece)
        i, col = i + 1, 0
    return out


def _heading_level(line: str) -> int | None:
    """1 for 'II. …', 2 for 'A. …', 3 for '2. Civil and political rights'; None for anything else."""
    m = ROMAN_HEADING.match(line)
    if m:
        return 1 if _heading_line(m.group(1)) else None
    m = LETTER_HEADING.match(line)
    if m:
        return 2 if _heading_line(m.group(1)) else None
    m = NUMBER_HEADING.match(line)
    if m:
        return 3 if _heading_line(m.group(1)) else None
    return None


def _heading_line(text: str) -> bool:
    """A line that may be (part of) a heading: short, no sentence inside or at its end."""
    text = _GLUED_NOTE.sub("", _HEADING_NUMBER.sub("", text.rstrip()))
    return is_heading_text(text) and len(text) <= 130 and not _SENTENCE_INSIDE.search(text) and not text.endswith(":")


def _unnumbered_heading(line: str) -> bool:
    """'Equality and non-discrimination', 'Right to life, liberty and security of the person3'."""
    return line[:1].isupper() and _heading_line(line) and len(_GLUED_NOTE.sub("", line)) <= 110 and not line.endswith(",")


def _continues_heading(heading: str, line: str) -> bool:
    if _REFERENCES_LINE.match(line):
        return True  # the heading's footnote numbers, put on a line of their own
    if line.startswith("(") and line.endswith(")") and len(line) <= 200:
        return True  # "(Recommendations 1, 5, 7–9)" under a national report's heading
    if _heading_level(line) is not None or not _heading_line(line):
        return False
    return line[:1].islower() or bool(_CONNECTOR_END.search(_GLUED_NOTE.sub("", heading)))


def _segment(frags: list[str]) -> tuple[list[str], list[tuple[int, str, str]], list[str]]:
    """The lines between two paragraph starts: the first paragraph's own lines, the headings after
    them (which open the next paragraph: level, text, and the text with its footnote numbers),
    and text after a heading that no paragraph number claims."""
    own: list[str] = [frags[0]] if frags and frags[0] else []
    headings: list[tuple[int, str, str]] = []
    unplaced: list[str] = []
    i = 1
    after_heading = False
    while i < len(frags):
        line = frags[i]
        previous = frags[i - 1]
        boundary = after_heading or not previous or _ENDS_SENTENCE.search(previous[-8:])
        # (a line inside a paragraph is only looked at as a heading if it opens like a lettered one)
        level = _heading_level(line) if boundary or _LETTERED_START.match(line) else None
        if level is None and boundary and _unnumbered_heading(line) and all(_heading_line(f) for f in frags[i + 1 :]):
            level = 4
        if level is not None and (boundary or level <= 2):
            text = raw = line
            i += 1
            while i < len(frags) and _continues_heading(text, frags[i]):
                if _REFERENCES_LINE.match(frags[i]):
                    raw += frags[i]  # glued back on, as the tracker knows references
                else:
                    text += " " + frags[i]
                    raw += " " + frags[i]
                i += 1
            if level == 4 and after_heading and headings and headings[-1][0] >= 4:
                level = headings[-1][0] + 1  # a heading right under another unnumbered one is nested in it
            headings.append((level, text, raw))
            after_heading = True
            continue
        if headings:
            if not _EMPTY_SECTION.match(line):
                # an unnumbered heading right above text no number claims is its caption ("Table 1"):
                # it goes with the text, not into the path of the next paragraph
                captions: list[str] = []
                while headings and headings[-1][0] >= 4 and after_heading:
                    captions.insert(0, headings.pop()[1])
                unplaced.extend(captions)
                unplaced.append(line)
        else:
            own.append(line)
        after_heading = False
        i += 1
    return own, headings, unplaced


# Where the document's own text begins before paragraph 1: its unnumbered introduction ("The present
# report is a compilation of…"), a list of abbreviations, or a numbered heading ("I. Background…").
_INTRODUCTION = re.compile(r"^The present (?:report|document|compilation|summary)\b(?! (?:was not edited|is being issued))")
_ABBREVIATIONS = re.compile(r"^(?:List of )?(?:abbreviations|acronyms)(?: and (?:abbreviations|acronyms))?:?$", re.I)
_CONTENTS_LINE = re.compile(r"(?:\.{4,}|…{2,})\s*\d{1,3}$")  # a table of contents: "I. Introduction ........ 4"
_TABLE_CELLS = 3  # more unnumbered "headings" in a row than a document stacks are the cells of a table


def _front(frags: list[str]) -> list[tuple[int, str, str] | str | FrontText]:
    """The lines before paragraph 1, in order: the cover (a str, read for its footnote references
    only), the numbered headings (level, text, raw) and the document's own text (FrontText: its
    introduction, tables and lists of abbreviations, a table's caption with it). Unnumbered headings
    right before paragraph 1 open it; before any text of its own they are the cover's title lines."""
    items: list[tuple[int, str, str] | str | FrontText] = []
    pending: list[tuple[int, str, str]] = []  # unnumbered headings: the next text's captions, or paragraph 1's
    cover: list[str] = []
    kept: list[str] = []
    body = abbreviations = False

    def flush_text() -> None:
        if cover:
            items.append(join_lines(cover))
            cover.clear()
        if kept:
            items.append(FrontText(join_lines(kept)))
            kept.clear()

    i = 0
    while i < len(frags):
        line = frags[i]
        level = _heading_level(line)
        if abbreviations and (level is None or level > 2):
            kept.append(line)  # "AGO Attorney General Office", "1. CEPOL European Police College"
            i += 1
            continue
        abbreviations = False
        if _ABBREVIATIONS.match(line):
            body = abbreviations = True
            kept.extend(h[1] for h in pending)
            pending = []
            kept.append(line)
            i += 1
            continue
        if level is None and _unnumbered_heading(line) and all(_heading_line(f) for f in frags[i + 1 :]):
            level = 4
        if level is not None:
            text = raw = line
            i += 1
            while i < len(frags) and _continues_heading(text, frags[i]):
                if _REFERENCES_LINE.match(frags[i]):
                    raw += frags[i]
                else:
                    text += " " + frags[i]
                    raw += " " + frags[i]
                i += 1
            if level <= 3:
                if len(pending) > _TABLE_CELLS or not body:  # a table's cells, or the cover's title lines
                    (kept if body else cover).extend(h[2] for h in pending)
                    pending = []
                body = True
                flush_text()
                # a heading above this one ("Information provided by stakeholders" over "A. Background…")
                items.extend((min(h[0], level - 1), h[1], h[2]) if level > 1 else h for h in pending)
                pending = []
                items.append((level, text, raw))
            else:
                if pending and pending[-1][0] >= 4:
                    level = pending[-1][0] + 1  # a heading right under another unnumbered one is nested in it
                pending.append((level, text, raw))
            continue
        if not body and _INTRODUCTION.match(line):
            body = True
            flush_text()
        target = kept if body else cover
        target.extend(h[2] for h in pending)  # a caption goes with its text; a cover's title lines with the cover
        pending = []
        if not (body and _CONTENTS_LINE.search(line)):
            target.append(line)
        i += 1
    if body and len(pending) > _TABLE_CELLS:
        kept.extend(h[2] for h in pending)  # a table's cells up to paragraph 1
        pending = []
    flush_text()
    items.extend(pending)
    return items


def _place_displaced_notes(frags: list[str]) -> list[str]:
    """'…and' / '1 the Overseas Territories .': a number opening a line before a word in lower case
    is marked, for the footnote tracker to take as a reference if it is the note expected there."""
    return [DISPLACED_MARK + frag if k and frag[:1].isdigit() and _DISPLACED_NOTE.match(frag) else frag for k, frag in enumerate(frags)]


def _shorten(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[:size].rsplit(" ", 1)[0] + "…"


def _spans(numbers: list[int]) -> str:
    runs: list[str] = []
    for n in numbers:
        if runs and runs[-1].split("–")[-1] == str(n - 1):
            runs[-1] = runs[-1].split("–")[0] + f"–{n}"
        else:
            runs.append(str(n))
    return ", ".join(runs)
