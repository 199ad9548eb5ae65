"""Stakeholder submissions and other prose documents: blocks, headings, page footnotes, recommendations.

Single-author and joint NGO submissions and reports: paragraphs separated by blank lines (or cut
from a PDF's unbroken lines), unnumbered or numbered headings, footnotes at the bottom of pages,
and a list of recommendations. Anything else that is not a numbered UN document is read this way
too, as plain paragraphs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from uprsearch import metadata
from uprsearch.endnotes import Endnotes
from uprsearch.models import (
    PARAGRAPH, PLAIN, RECOMMENDATION, SUBMISSION, SUMMARY, Chunk, Document, Footnote, Organisation, ParsedDocument,
)
from uprsearch.orgs import Registry
from uprsearch.reader import SourceText
from uprsearch.text import (
    SENTENCE_END,
    URL_LINE,
    FootnoteTracker,
    clean_heading,
    is_heading_text,
    join_lines,
    normalise_spaces,
)


@dataclass
class _Heading:
    level: int
    text: str


FOOTNOTE_SEPARATOR = re.compile(r"^[ \t]{20,}$")
FOOTNOTE_LINE = re.compile(r"^(\d{1,3})\s+(\S.*)$")
RECOMMENDATIONS_HEADING = re.compile(
    r"^(?:(?:suggested\s+|key\s+|our\s+)?recommendations?\b|we (?:call on|urge|recommend)\b)", re.I
)
RECOMMENDATION_ITEM = re.compile(r"^(?:[•\-–\u2022\uf0b7*]\s*|\d{1,2}[.)]\s+|[a-z][.)]\s+)?To\s+[a-z]")
# "Ratify the CRPD…", "Establish a federal database…": an item of a list of recommendations
IMPERATIVE_ITEM = re.compile(r"^(?:Ratify|Establish|Ensure|Adopt|Amend|Repeal|Abolish|End|Stop|Release|Investigate|Provide|Include|Evaluate|Guarantee|Take|Create|Strengthen|Implement|Enact|Allow|Grant|Close|Prohibit|Ban|Train|Review|Revise|Withdraw|Publish|Declassify|Prosecute|Hold|Bring|Increase|Reduce|Protect|Respect|Support|Develop|Introduce|Remove|Lift|Extend|Consider|Cooperate|Invite|Accept|Fund|Set up|Make|Promote|Monitor|Decriminali[sz]e|Recogni[sz]e|Transfer|Reform|Revoke|Rescind|Reinstate|Halt|Cease|Refrain|Condemn|Immediately|Urgently|Fully)\b[^:]*[^:\s]$")
_HEADING_REFERENCE = re.compile(r"(?<=[A-Za-z)”’\"])(\d{1,3})$")  # "… for further reference11"
_LABELLED_RECOMMENDATION = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?Recommendations?\s*(?:\d{1,2}\s*)?:\s*\S")  # "Recommendation: That the UK …"
BULLET = re.compile(r"^[•\-–\u2022\uf0b7\uf0a7▪●◦*]\s*(?=\S)")
LEAD_IN = re.compile(r":\s*$")


def _remove_footnote_blocks(lines: list[str]) -> tuple[list[str], dict[int, str]]:
    """Drop page-bottom footnote blocks, keeping their texts; re-join a paragraph they cut."""
    notes: dict[int, str] = {}
    out: list[str] = []
    i = 0
    while i < len(lines):
        following = next((ln for ln in lines[i + 1 : i + 4] if ln.strip()), "")
        if not FOOTNOTE_SEPARATOR.match(lines[i]) or not FOOTNOTE_LINE.match(following.strip()):
            out.append(lines[i])
            i += 1
            continue
        i += 1
        current: int | None = None
        while i < len(lines):
            line = lines[i]
            # a page's first line starts with a single space, or a blank line follows the notes: the block is over
            if re.match(r"^ \S", line) and not FOOTNOTE_LINE.match(line.strip()):
                break
            if current is not None and not line.strip():
                after = [ln.strip() for ln in lines[i + 1 : i + 8] if ln.strip()][:4]
                notes_go_on = any((m := FOOTNOTE_LINE.match(a)) and int(m.group(1)) == current + 1 for a in after)
                if after and not URL_LINE.match(after[0]) and not notes_go_on:
                    break  # the text goes on after the notes (a PDF's page, without the leading space)
            stripped = line.strip()
            m = FOOTNOTE_LINE.match(stripped)
            if m and (current is None or int(m.group(1)) == current + 1):
                current = int(m.group(1))
                notes[current] = m.group(2).strip()
            elif stripped and current is not None and not (URL_LINE.match(stripped) and not lines[i - 1].strip()):
                # (a web address alone after a blank line is the page's stray link, not the note's)
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
        if top and len(block) == 1 and is_heading_text(first):
            push(1, first)
            in_recommendations = bool(RECOMMENDATIONS_HEADING.match(top.group(2)))
            in_summary = False
            continue
        if len(block) == 1 and not in_appendix and is_heading_text(first) and not LEAD_IN.search(first) and not RECOMMENDATION_ITEM.match(first) and len(first) < 110 and not BULLET.match(first):
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
            and is_heading_text(first)
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
            text = join_lines(item)
            bulleted = bool(BULLET.match(text))
            text = BULLET.sub("", text)
            if not text:
                continue
            core = re.sub(r"^\d{1,3}[.)]\s+", "", text)  # "3. Abolish the death penalty."
            if (in_recommendations and (bulleted or RECOMMENDATION_ITEM.match(core) or IMPERATIVE_ITEM.match(core))) or _LABELLED_RECOMMENDATION.match(core):
                kind = RECOMMENDATION
            elif in_summary:
                kind = SUMMARY
            else:
                kind = PARAGRAPH
            chunks.append((kind, [h.text for h in section], text, len(chunks) + 1))
    return chunks, notes


PROSE_NUMBER = re.compile(r"^(\d{1,3})\.\s+(?=[A-Z“\"(])")
DECIMAL_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(?=[A-Z“\"(‘])")


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
# A PDF's text layer: footnotes at each page's foot, paragraphs without blank lines between them


_NOTE_START = re.compile(r"^\s*(\d{1,3})(?:\s+|(?=[A-Z“\"]))(?=\S)")
_BULLET_ITEM = re.compile(r"^\s*[•\-–\u2022\uf0b7\uf0a7▪●◦]\s*\S")
_NUMBERED_LINE = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\.?\s+[A-Z“\"(‘]")
_SENTENCE_STOP = re.compile(r"[.;:!?][”’\"')\]]?\s*\d{0,3}\s*$")


def take_page_footnotes(pages: list[list[str]]) -> tuple[list[str], dict[int, str]]:
    """The lines of all pages without the footnotes at their feet, and those notes' texts.

    A page's notes are the run of lines at its foot that opens with the next note due (a number
    the page's text above cites, glued to a word: "…Government1 estimates") and goes on in order."""
    body: list[str] = []
    notes: dict[int, str] = {}
    due = 1
    for page in pages:
        start = _footnote_block(page, due)
        if start is None:
            body.extend(page)
            continue
        kept = page[:start]
        while kept and not kept[-1].strip():
            kept.pop()  # the rule (a line of spaces) above the notes
        body.extend(kept)
        current: int | None = None
        for line in page[start:]:
            stripped = line.strip()
            m = _NOTE_START.match(stripped)
            if m and (current is None or current < int(m.group(1)) <= current + 2):
                current = int(m.group(1))
                notes[current] = stripped[m.end() :].strip()
            elif stripped and current is not None:
                notes[current] = f"{notes[current]} {stripped}".strip()
        due = (current or due - 1) + 1
    return body, {n: normalise_spaces(t) for n, t in notes.items()}


def _footnote_block(page: list[str], due: int) -> int | None:
    """Where the footnotes at the foot of a page begin, if there are any."""
    above = ""
    for i, line in enumerate(page):
        stripped = line.strip()
        m = _NOTE_START.match(stripped)
        if m and due <= int(m.group(1)) <= due + 2 and i > 0:
            number = int(m.group(1))
            cited = re.search(rf"(?<=[A-Za-z.,;:)”’\"]){number}(?!\d)", above)
            rest = [ln.strip() for ln in page[i:] if ln.strip()]
            if cited and len(rest) <= max(12, len([ln for ln in page if ln.strip()]) * 0.6) and _in_sequence(rest, number):
                return i
        above += " " + stripped
    return None


def _in_sequence(lines: list[str], first: int) -> bool:
    """Every line of a footnote block that opens with a number opens the next note."""
    expected = first
    for line in lines:
        m = _NOTE_START.match(line)
        if m:
            if not expected <= int(m.group(1)) <= expected + 1:
                return False
            expected = int(m.group(1)) + 1
    return True


def mark_breaks(lines: list[str]) -> list[str]:
    """Blank lines where a PDF's paragraphs, headings and list items begin and end: at a numbered
    paragraph or a bullet, around a line that reads as a heading, after a short line that ends a
    sentence. Blank lines already there stay, unless the text runs on in lower case after them (a
    paragraph cut by a page's end and its footnotes)."""
    from uprsearch.numbering import line_width

    width = line_width([ln.strip() for ln in lines])
    out: list[str] = []
    previous, previous_heading, gap = "", False, False
    due = 1  # the next paragraph number: where it opens a line, a paragraph starts whatever came before
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            gap = gap or raw != "\f"  # a page break alone is no paragraph break
            continue
        following = next((ln.strip() for ln in lines[i + 1 : i + 3] if ln.strip()), "")
        numbered = _NUMBERED_LINE.match(line)
        if numbered and numbered.group(1) == str(due):
            due += 1
        next_numbered = _NUMBERED_LINE.match(following) or _BULLET_ITEM.match(following)
        opens = line[:1].isupper() or numbered
        heading = (
            opens and not _SENTENCE_STOP.search(line) and not line.endswith((",", "-", "–"))
            and (len(line) < width * 0.7 or (next_numbered and len(line) < 130))
            and (not following or following[:1].isupper() or following[:1].isdigit() or _BULLET_ITEM.match(following))
        )
        starts = _BULLET_ITEM.match(line) or (
            numbered and (numbered.group(1) == str(due - 1) or not previous or _SENTENCE_STOP.search(previous) or len(previous) < width * 0.7)
        )
        ended = previous and _SENTENCE_STOP.search(previous) and len(previous) < width * 0.85 and (line[:1].isupper() or line[:1].isdigit())
        runs_on = line[:1].islower() or (previous and not _SENTENCE_STOP.search(previous) and not previous_heading and not starts)
        if previous and (starts or heading or ended or previous_heading or (gap and not runs_on)):
            out.append("")
        out.append(line)
        previous, previous_heading, gap = line, heading, False
    return out


def parse_submission(lines: list[str], document: Document, source: SourceText, registry: Registry) -> ParsedDocument:
    """A submission, report or any other prose document: its blocks as chunks, in order."""
    tracker = FootnoteTracker()
    organisations: list[Organisation] = []
    if not document.author:
        author = metadata.recognise_author("\n".join(lines), registry)
        if author:
            document.author = author.label()
            if document.type == PLAIN:
                document.type = SUBMISSION
            if len(author.members) > 1:
                # a joint submission is one organisation of its document, with its members, as a
                # summary's joint submissions are (the tagger scopes it to the document)
                organisations.append(
                    Organisation(document.author, document.author, [], "joint-submission", members=list(author.members))
                )
    page_notes: dict[int, str] = {}
    if source.pages is not None:
        pages = [page.split("\n") for page in "\n".join(lines).split("\f")]
        lines, page_notes = take_page_footnotes(pages)
        lines, block_notes = _remove_footnote_blocks(lines)  # notes gathered after a rule line, at the end
        page_notes.update(block_notes)
        lines = mark_breaks(lines)  # a PDF text layer has no (or few) blank lines between paragraphs
    prose, note_texts = parse_prose(lines, tracker)
    note_texts = {**page_notes, **note_texts}
    printed = number_prose_paragraphs([raw for _, _, raw, _ in prose])
    # ids use printed numbers only when every chunk has one; otherwise ordinals, so ids never clash
    numbered_ids = all(p is not None for p in printed)
    chunks: list[Chunk] = []
    for (kind, section, raw, n), para in zip(prose, printed):
        number = ""
        if para is not None:
            raw = PROSE_NUMBER.sub("", raw, count=1)
            n = para if numbered_ids else n
            number = str(para)
        elif m := DECIMAL_NUMBER.match(raw):
            number, raw = m.group(1), raw[m.end() :]  # "4.12 The State…": taken off before its ".12" reads as a note
        clean, refs = tracker.strip(raw)
        chunks.append(
            Chunk(
                id=f"{document.id}:{n}", doc=document.id, n=n, para=para, kind=kind,
                section=[clean_heading(h) for h in section], text=normalise_spaces(clean),
                footnotes=[Footnote(r, note_texts.get(r, "")) for r in refs], number=number,
            )
        )
    notes = ["no UPR structure recognised; read as a document of plain paragraphs"] if document.type == PLAIN and chunks else []
    cited = {f.number for c in chunks for f in c.footnotes}
    cited |= {int(m.group(1)) for _, section, _, _ in prose for h in section if (m := _HEADING_REFERENCE.search(h))}
    if note_texts and set(note_texts) - cited:
        missing = sorted(set(note_texts) - cited)
        document.warnings.append(f"footnotes {', '.join(map(str, missing[:8]))}{' …' if len(missing) > 8 else ''} are cited nowhere in the text found")
    return ParsedDocument(
        document, chunks, organisations=organisations, endnotes=Endnotes(texts=note_texts) if note_texts else None, notes=notes
    )
