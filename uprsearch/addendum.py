"""Addenda to Working Group reports (A/HRC/NN/NN/Add.1): the State's response to each
recommendation the report left pending, and its explanations.

Two layouts answer the recommendations:
- lists: a paragraph names the numbers it accepts or notes ("The Government accepts the
  recommendations 1–5, 14–16 …", "… notes recommendations 122.2-10, 122.13"), often under a
  heading ("I. Accepted recommendations", "Noted recommendations"), followed by explanations
  headed by the numbers they answer ("Rec. 18 We consider …", "122.14–15", "Recs. 6–13 …");
- entries (cycle 1): one numbered entry per recommendation of the report, in prose ("1. Slovenia
  cannot, at this point in time, make a definitive statement.", "5., 6., 7. Slovenia accepts
  these recommendations.", "32. Slovenia accepts … Slovenia cannot accept …": partial support).
Each chunk that answers recommendations carries their numbers in `number` ("122.2, 122.3"),
the response and where it is stated; `apply` gives a report's recommendations those responses
(pairs of the same symbol, "A/HRC/14/10" and "A/HRC/14/10/Add.1", in one parse run; the index
pairs them at index time, in whatever run each is indexed: uprsearch.index.addenda).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from uprsearch.cite import paragraph_citation as citation
from uprsearch.models import (
    ADDENDUM,
    NOTED,
    PARAGRAPH,
    PARTIALLY_SUPPORTED,
    PENDING,
    RECOMMENDATION,
    SUPPORTED,
    WG_REPORT,
    Chunk,
    Document,
    Footnote,
    ParsedDocument,
    Statement,
)
from uprsearch.reader import SourceText
from uprsearch.states import States, load_states
from uprsearch.tag import split_sentences
from uprsearch.text import join_lines
from uprsearch.wgtext import body_lines, number_list, response_of, strip_note_refs

_NUM = r"\d{1,3}(?:\.\d{1,3})?"
_SPAN = rf"{_NUM}(?:\s*(?:[-–—]|to)\s*{_NUM})?"
# "Rec. 18 …", "Recs. 6–13 …", "Recommendation 115.12: …", "Recommendations 5 and 6 …"
_REC_REF = re.compile(rf"^(?:Recs?\.?|Recommendations?)\s*(?P<nums>{_SPAN}(?:\s*(?:,|and|&)\s*{_SPAN})*)\s*[.:)]?(?:\s+(?P<rest>.*))?$", re.I)
# "122.11", "122.14– 15", "140.11-14" alone on a line or opening the explanation
_DOTTED_REF = re.compile(r"^(?P<nums>\d{1,3}\.\d{1,3}(?:\s*[-–—]\s*\d{1,3}(?:\.\d{1,3})?)?)\.?(?:\s+(?P<rest>[A-Z“\"(].*))?$")
# "5., 6., 7., 8., 9.   Slovenia accepts …", "40., 41., 42.," (cycle-1 entries answering several)
_PLAIN_LIST = re.compile(r"^(?P<nums>\d{1,3}\.(?:\s*,\s*\d{1,3}\.)+),?(?:\s+(?P<rest>.*))?$")
_PARA = re.compile(r"^(\d{1,3})\.(?:\s+(?P<rest>.*))?$")
# "I. Accepted recommendations", "Noted recommendations", "Recommendations not supported", "Views on …"
_HEADING = re.compile(
    r"^(?:(?:[IVX]{1,4}|[A-H])\.?\s+)?(?P<text>(?:(?:Accepted|Supported|Noted|Rejected|Pending|Partially\s+(?:accepted|supported)|"
    r"Not\s+(?:accepted|supported)|Other)\s+recommendations?|Recommendations?\s+(?:that|which|accepted|supported|noted|rejected|not|enjoying|partially)|"
    r"Views\s+on|Responses?\s+to|Replies|Voluntary\s+commitments?|Introduction|Additional\s+information|General\s+(?:comments|remarks))\b[^.;:]{0,120})$",
    re.I,
)
_COVER_END = re.compile(r"(?:presented|submitted)\s+by\s+the\s+State\s+under\s+review\W*$|State\s+under\s+review\W*$", re.I)
# a run of recommendation numbers in a paragraph: "1–5, 14–16, 20–23", "122.1, 122.12, 122.17-18"
_NUMBER_RUN = re.compile(rf"(?<![\d.]){_SPAN}(?:\s*(?:,|and)\s*{_SPAN})*(?![\d])")
_LISTED = re.compile(r"recommendations?\s*(?:Nos?\.?)?\s*[:,]?\s*$", re.I)
# an explanation that opens with the response: "Supported.", "Noted:", "Accepted in part"
_OPENING_RESPONSE = re.compile(r"^(?:(?:Partially\s+)?(?:Supported|Accepted|Noted|Rejected|Not\s+(?:supported|accepted))|Partial(?:ly)?\s+support(?:ed)?)\b[^.:;]{0,40}", re.I)
_CLOSING_RESPONSE = re.compile(r"\b(?:Partially\s+(?:supported|accepted)|Supported|Accepted|Noted|Rejected|Not\s+(?:supported|accepted))\s*[.;]?\s*$", re.I)
_SEE = re.compile(rf"\bSee\s+(?:also\s+)?(?:information\s+on\s+)?recommendations?\s+(?P<nums>{_SPAN}(?:\s*(?:,|and)\s*{_SPAN})*)", re.I)


@dataclass
class _Entry:
    kind: str  # "para" (a numbered paragraph), "answer" (headed by the numbers it answers), "text"
    section: list[str]
    lines: list[str]
    para: int | None = None
    numbers: list[str] | None = None


def parse(source: SourceText, document: Document, states: States | None = None) -> ParsedDocument:
    """Cut an addendum into chunks; chunks that answer recommendations carry their numbers and response."""
    states = states or load_states()
    wg = body_lines(source, document.symbol)
    entries = _entries(wg.lines)
    by_paragraph = _answers_by_paragraph(entries)
    has_lists = any(e.kind == "para" and _listed(join_lines(e.lines)) for e in entries)
    if by_paragraph:
        for entry in entries:  # cycle 1: "1. Slovenia accepts the recommendation."
            if entry.kind == "para":
                entry.kind, entry.numbers = "answer", [str(entry.para)]
    sur = states.resolve(document.country) if document.country else None
    speaker = [sur.id] if sur else []
    chunks: list[Chunk] = []
    placed: set[int] = set()
    notes: list[str] = []
    ordinal = max((e.para or 0 for e in entries), default=0)
    for entry in entries:
        raw = join_lines(entry.lines)
        raw, refs = strip_note_refs(raw, wg.notes, placed)
        if not raw:
            continue
        if entry.kind == "para" and not entry.numbers:
            n = entry.para
        else:
            ordinal += 1
            n = ordinal
        chunk = Chunk(
            id=f"{document.id}:{n}", doc=document.id, n=n, para=entry.para, kind=PARAGRAPH,
            section=entry.section, text=raw, footnotes=[Footnote(r, wg.notes.get(r, "")) for r in refs],
            statements=[Statement(s, list(speaker), "observation") for s in split_sentences(raw)],
            symbol=document.symbol, country=document.country, cycle=document.cycle,
        )
        _answer(chunk, entry, document.symbol, by_paragraph, has_lists)
        chunks.append(chunk)
    _expand_cross_references(chunks)
    if not any(c.number for c in chunks):
        notes.append("no responses to recommendations found")
    return ParsedDocument(document, chunks, organisations=states.organisations(speaker), notes=notes)


def _entries(lines: list[str]) -> list[_Entry]:
    """The numbered paragraphs, answers and other text of the body (after the cover's title)."""
    entries: list[_Entry] = []
    section: list[str] = []
    next_para = 1
    cover = next((i for i, ln in enumerate(lines[:60]) if _COVER_END.search(ln)), -1)
    heading_open = False
    seen: set[int] = set()
    listed_answers = False  # answers numbered by recommendation, several to a line ("5., 6., 7.")
    for raw in lines[cover + 1 :]:
        line = raw.strip()
        if not line:
            continue
        para = _PARA.match(line)
        plain_list = _PLAIN_LIST.match(line)
        # an answer's heading stands after a finished sentence, never inside one ("… notes\nrecommendations 6–13, …")
        ref = None if para or (entries and not _ends(entries[-1]) and entries[-1].kind != "answer") else (
            _REC_REF.match(line) or _DOTTED_REF.match(line)
        )
        if plain_list:
            numbers = [n.strip(" .") for n in plain_list.group("nums").split(",") if n.strip(" .")]
            rest = plain_list.group("rest") or ""
            last = entries[-1] if entries else None
            if last is not None and last.kind == "answer" and last.numbers and (_only_numbers(line) or rest[:1].islower()):
                last.numbers += numbers  # "40., 41., 42.," going on on the next line: "43., 44." (and the text after it)
                last.lines.append(rest)
            else:
                entries.append(_Entry("answer", list(section), [rest], numbers=numbers))
            seen.update(int(n) for n in numbers)
            next_para, heading_open, listed_answers = max(next_para, int(numbers[-1]) + 1), False, True
            continue
        if ref:
            entries.append(_Entry("answer", list(section), [ref.group("rest") or ""], numbers=number_list(ref.group("nums"))))
            heading_open = False
            continue
        rest = para.group("rest") if para else None
        number = int(para.group(1)) if para else 0
        # the next number; or, among answers numbered by recommendation, one a grouped answer skipped ("80." after "77., 78., 79., 82.")
        in_order = next_para <= number <= next_para + 3 or (listed_answers and number < next_para and number not in seen)
        if para and in_order and (not rest or rest[:1].isupper() or rest[:1] in "“\"("):
            entries.append(_Entry("para", list(section), [rest or ""], para=number))
            seen.add(number)
            next_para, heading_open = max(next_para, number + 1), False
            continue
        if heading_open and section and (line[:1].islower() or re.search(r"\b(?:by|of|the|and|that|already)$", section[-1])):
            section[-1] = f"{section[-1]} {line}"
            continue
        heading = _HEADING.match(line)
        if heading and line[:1].isupper() and len(line) < 140 and (not entries or _ends(entries[-1])):
            section = [re.sub(r"^(?:[IVX]{1,4}|[A-H])\.?\s+", "", line)]
            heading_open = True
            continue
        heading_open = False
        if entries and entries[-1].kind != "text" or entries and not _ends(entries[-1]):
            entries[-1].lines.append(line)
        else:
            entries.append(_Entry("text", list(section), [line]))
    return entries


def _only_numbers(line: str) -> bool:
    return bool(re.fullmatch(r"(?:\d{1,3}\.\s*,?\s*)+", line))


def _ends(entry: _Entry) -> bool:
    """Whether an entry's text is complete, so that a short line after it can be a heading."""
    last = entry.lines[-1].rstrip() if entry.lines else ""
    return not last or last.endswith((".", ":", ";", ")"))


def _answers_by_paragraph(entries: list[_Entry]) -> bool:
    """Cycle 1: every numbered paragraph answers the recommendation of that number, in prose.
    Told from paragraphs by what most of them say, and by the absence of lists of numbers."""
    paragraphs = [e for e in entries if e.kind == "para"]
    if len(paragraphs) < 3:
        return False
    if any(_listed(join_lines(e.lines)) for e in paragraphs[:6]):
        return False
    answering = sum(1 for e in paragraphs if response_of(" ".join(e.lines[:3])) in (SUPPORTED, NOTED, PARTIALLY_SUPPORTED))
    return answering * 2 >= len(paragraphs)


def _answer(chunk: Chunk, entry: _Entry, symbol: str, by_paragraph: bool, has_lists: bool) -> None:
    """The numbers a chunk answers and its response. A cycle-1 entry says it in prose ("Slovenia
    accepts …", "cannot … make a definitive statement"); an explanation under a list takes the
    list's response unless it opens with one ("Supported."), else its heading's ("Noted
    recommendations"); a paragraph that lists numbers states the response before the list."""
    text = chunk.text
    heading = chunk.section[-1] if chunk.section else ""
    if entry.kind == "answer" and entry.numbers:
        chunk.number = ", ".join(entry.numbers)
        if by_paragraph:
            # an answer that neither supports nor refuses ("Slovenia agrees with the importance of …")
            # leaves the recommendation noted: what is not supported is noted
            chunk.response = response_of(text) or NOTED
        else:
            # a table's row or a short answer says it first or last ("Supported", "(France): Noted");
            # without lists to say it, its own first sentence may ("Slovenia accepts the recommendation.")
            stated = _OPENING_RESPONSE.match(re.sub(r"^\([^()]*\)\s*[:.]?\s*", "", text)) or _CLOSING_RESPONSE.search(text)
            first = split_sentences(text)[0] if text else ""
            chunk.response = (
                response_of(stated.group(0)) if stated else response_of(heading) or ("" if has_lists else response_of(first))
            )
        chunk.response = "" if chunk.response == PENDING else chunk.response
        chunk.response_source = f"{symbol}, on recommendation{'s' if len(entry.numbers) > 1 else ''} {chunk.number}"
        chunk.response_text = text
        return
    if entry.kind != "para":
        return
    runs = _listed(text)
    if not runs:
        return
    response = response_of(text[: runs[0].start()]) or response_of(heading)
    if response and response != PENDING:
        chunk.number = ", ".join(dict.fromkeys(n for run in runs for n in number_list(run.group(0))))
        chunk.response = response
        chunk.response_source = citation(symbol, entry.para)


def _listed(text: str) -> list[re.Match[str]]:
    """The runs of recommendation numbers a paragraph lists: dotted numbers ("122.1, 122.12"), or
    numbers right after "recommendations" ("accepts the recommendations 1–5, 14"); a full stop
    for a comma ("140.35. 140.36") splits a list into runs."""
    return [
        m for m in _NUMBER_RUN.finditer(text)
        if re.search(r"\d\.\d", m.group(0)) or _LISTED.search(text[max(0, m.start() - 40) : m.start()])
    ]


def _expand_cross_references(chunks: list[Chunk]) -> None:
    """"Rec. 30 See recommendation 24.": the words of the answer it points to follow."""
    by_number: dict[str, Chunk] = {}
    for chunk in chunks:
        if chunk.response_text:
            for number in chunk.number.split(", "):
                by_number.setdefault(number, chunk)
    for chunk in chunks:
        see = _SEE.search(chunk.response_text)
        if not see or len(chunk.response_text) > 200:
            continue
        words = [by_number[n].response_text for n in number_list(see.group("nums")) if n in by_number and by_number[n] is not chunk]
        if words:
            chunk.response_text = " ".join([chunk.response_text, *dict.fromkeys(words)])


# --- applying an addendum to its report ----------------------------------------------------------


@dataclass
class Answer:
    """The addendum's answer to one recommendation: the response, where it is stated, its words."""

    response: str = ""
    source: str = ""
    text: str = ""


def responses(chunks: list[Chunk]) -> dict[str, Answer]:
    """Recommendation number as the addendum writes it -> its answer. A paragraph that lists the
    number states the response; an explanation headed by the number gives the words (and the
    response, where no list names the number: "Rec. 17 …" under "Noted recommendations")."""
    listed: dict[str, Chunk] = {}
    explained: dict[str, Chunk] = {}
    for chunk in chunks:
        for number in chunk.number.split(", ") if chunk.number else ():
            (explained if chunk.response_text else listed)[number] = chunk
    out: dict[str, Answer] = {}
    for number in [*listed, *(n for n in explained if n not in listed)]:
        answer = listed.get(number) or explained[number]
        words = explained.get(number)
        out[number] = Answer(answer.response, answer.response_source, words.response_text if words else "")
    return out


def report_symbol(symbol: str) -> str:
    """The symbol of the report an addendum answers: "A/HRC/14/10/Add.1" -> "A/HRC/14/10"."""
    return re.sub(r"\s*/\s*Add\.\s*\d+$", "", symbol)


def apply(report: list[Chunk], addendum: list[Chunk]) -> list[str]:
    """Give the report's recommendations the addendum's responses and words; returns what could
    not be placed (numbers the report does not have)."""
    return apply_answers(report, responses(addendum))


def apply_addenda(documents: list[ParsedDocument]) -> None:
    """Each report among the documents given the answers of the addenda among them, paired by symbol."""
    answers = answers_by_report((d.document, responses(d.chunks)) for d in documents if d.document.type == ADDENDUM)
    for parsed in documents:
        if parsed.document.type == WG_REPORT and parsed.document.symbol in answers:
            apply_answers(parsed.chunks, answers[parsed.document.symbol])


def answers_by_report(addenda: Iterable[tuple[Document, dict[str, Answer]]]) -> dict[str, dict[str, Answer]]:
    """Report symbol -> recommendation number -> answer, from each addendum's answers (a later
    addendum, "Add.2", after an earlier)."""
    out: dict[str, dict[str, Answer]] = {}
    for document, answers in sorted(addenda, key=lambda pair: pair[0].symbol):
        if document.symbol:
            merged = out.setdefault(report_symbol(document.symbol), {})
            for number, answer in answers.items():
                merged[number] = _merged(merged.get(number), answer)
    return out


def _merged(earlier: Answer | None, later: Answer) -> Answer:
    if earlier is None:
        return later
    text = " ".join(t for t in dict.fromkeys((earlier.text, later.text)) if t)
    if later.response and later.response != PENDING:
        return Answer(later.response, later.source, text)
    return Answer(earlier.response, earlier.source, text)


def apply_answers(report: list[Chunk], answers: dict[str, Answer]) -> list[str]:
    """Give the report's recommendations these answers (number -> Answer); returns the numbers
    that could not be placed (the report does not have them)."""
    recommendations = [c for c in report if c.kind == RECOMMENDATION and c.number]
    by_number = {c.number: c for c in recommendations}
    by_item: dict[str, list[Chunk]] = {}
    for chunk in recommendations:
        by_item.setdefault(chunk.number.rsplit(".", 1)[-1], []).append(chunk)
    unplaced: list[str] = []
    for number, answer in answers.items():
        target = by_number.get(number)
        if target is None and "." not in number:
            candidates = by_item.get(number, [])
            pending = [c for c in candidates if c.response == PENDING]
            chosen = pending if len(pending) == 1 else candidates
            target = chosen[0] if len(chosen) == 1 else None
        if target is None:
            unplaced.append(number)
            continue
        if answer.response and answer.response != PENDING:
            target.response = answer.response
            target.response_source = answer.source
        if answer.text and answer.text not in target.response_text:
            target.response_text = " ".join(t for t in (target.response_text, answer.text) if t)
    return unplaced
