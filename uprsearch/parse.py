"""Parse a document's text into chunks: paragraphs with their section path, footnotes taken out.

The document's type (recognised by uprsearch.metadata from its first page, or given by the
catalogue) decides its parser:
- numbered UN documents (summaries, compilations, national reports): uprsearch.numbered, with the
  endnotes and stakeholder list of uprsearch.endnotes;
- stakeholder submissions, NGO reports and anything else: uprsearch.submission.
Page furniture is taken out first (uprsearch.furniture). Attribution (who said what) is the
tagger's job; the parsers only clean and cut.
"""
from __future__ import annotations

import re
from typing import Callable

from uprsearch import furniture, metadata
from uprsearch.models import (
    ADDENDUM,
    COMPILATION,
    NATIONAL_REPORT,
    PARAGRAPH,
    PLAIN,
    STAKEHOLDER_SUMMARY,
    SUBMISSION,
    WG_REPORT,
    Chunk,
    Document,
    Footnote,
    Organisation,
    ParsedDocument,
)
from uprsearch.numbered import FrontText, Heading, read_numbered
from uprsearch.orgs import Registry
from uprsearch.reader import SourceText
from uprsearch.submission import parse_submission
from uprsearch.text import FootnoteTracker, clean_heading, normalise_spaces, take_marks

# A parser: the document's lines (furniture removed; a line holding a form feed stands between two
# pages), its record (type and metadata filled in), the source and the organisation registry; it
# returns the parsed document and may change the record (author, type, warnings).
Parser = Callable[[list[str], Document, SourceText, Registry], ParsedDocument]


def parse_numbered(lines: list[str], document: Document, source: SourceText, registry: Registry) -> ParsedDocument:
    """A numbered UN document: its paragraphs as numbered, sections, endnotes and stakeholder list."""
    read = read_numbered(lines)
    document.warnings.extend(read.warnings)
    texts = read.notes.texts
    tracker = FootnoteTracker(last=max(texts) if len(texts) >= 3 else None)
    chunks: list[Chunk] = []
    cited: set[int] = set()

    def cleaned(text: str) -> tuple[str, list[Footnote]]:
        marked, refs = tracker.strip(text, mark=True)
        clean, offsets = take_marks(normalise_spaces(marked))
        footnotes = []
        for ref, offset in zip(refs, offsets):
            footnote = Footnote(ref, texts.get(ref, ""))
            footnote.offset = offset  # where in the text it stood; read by the tagger, not serialised
            footnotes.append(footnote)
        cited.update(refs)
        return clean, footnotes

    front: list[tuple[str, list[Footnote]]] = []
    for paragraph in read.paragraphs:
        for item in paragraph.before:  # headings and front matter cite notes too: keep the count in step
            if isinstance(item, Heading):
                item.text = clean_heading(tracker.strip_heading(item.text))
            elif isinstance(item, FrontText):
                front.append(cleaned(item.text))
            else:
                tracker.strip(item)
        if front:
            chunks.append(_front_chunk(document, front))
            front = []
        clean, footnotes = cleaned(paragraph.text)
        chunks.append(
            Chunk(
                id=f"{document.id}:{paragraph.number}", doc=document.id, n=paragraph.number, para=paragraph.number,
                kind=PARAGRAPH, section=[h.text for h in paragraph.section], text=clean, footnotes=footnotes,
                number=str(paragraph.number),
            )
        )
    if not chunks:
        document.warnings.append("no numbered paragraphs found; read as plain paragraphs")
        document.type = PLAIN
        return parse_submission(lines, document, source, registry)
    if read.note_lines and not texts:
        document.warnings.append("a notes section was found but no numbered notes in it")
    elif texts:
        missing = sorted(n for n in cited if n not in texts)
        if missing:
            document.warnings.append(f"the texts of notes {_numbers(missing)} were not found among the endnotes")
    if read.notes.list_note is not None and not read.notes.stakeholders:
        document.warnings.append(f"note {read.notes.list_note} lists the stakeholders, but none could be read from it")
    organisations = read.notes.organisations()
    if document.type == COMPILATION:
        organisations += un_bodies_defined(" ".join(c.text for c in chunks))
    return ParsedDocument(document, chunks, organisations=organisations, endnotes=read.notes if texts else None)


def _front_chunk(document: Document, pieces: list[tuple[str, list[Footnote]]]) -> Chunk:
    """The document's own text before paragraph 1 (an unnumbered introduction, tables, a list of
    abbreviations) as one unnumbered chunk, '<doc>:0', so that nothing of it is lost."""
    text, footnotes = "", []
    for piece, notes in pieces:
        if text:
            text += " "
        for note in notes:
            note.offset += len(text)
        text += piece
        footnotes.extend(notes)
    return Chunk(id=f"{document.id}:0", doc=document.id, n=0, para=None, kind=PARAGRAPH, section=[], text=text, footnotes=footnotes)


# The United Nations bodies a compilation names in full with their abbreviation, "the Committee on the
# Elimination of Racial Discrimination (CERD)": its speakers, as the compilation itself defines them.
_UN_BODY = re.compile(
    r"(?:Sub)?[Cc]ommittee\b|Special Rapporteur|Working Group|Independent Expert|United Nations|UN Women|UN-Women"
    r"|Office of the (?:United Nations )?High Commissioner|International Labour Organization|International Organization for Migration"
    r"|Food and Agriculture Organization|World Health Organization|Joint United Nations Programme|Human Rights Committee"
)
_DEFINED_ABBREVIATION = re.compile(r"\((?P<abbr>[A-Z][A-Za-z\-]{1,12})\)")


def un_bodies_defined(text: str) -> list[Organisation]:
    """'… the Office of the United Nations High Commissioner for Refugees (UNHCR) …' -> UNHCR, typed un."""
    found: dict[str, Organisation] = {}
    for m in _DEFINED_ABBREVIATION.finditer(text):
        before = text[max(0, m.start() - 160) : m.start()].rstrip()
        heads = list(_UN_BODY.finditer(before))
        if not heads:
            continue
        abbr = m.group("abbr")
        letters = re.sub(r"[^A-Z]", "", abbr)
        # the name whose capitals spell the abbreviation ("[Office of the] United Nations High
        # Commissioner for Refugees (UNHCR)"), else the body named last ("the Committee of Experts … of
        # the International Labour Organization (ILO)")
        spelled = [h for h in heads if re.sub(r"[^A-Z]", "", before[h.start() :]) in (letters, "O" + letters)]
        name = before[(spelled[0] if spelled else heads[-1]).start() :]
        if re.search(r"[.;:]\s|\)|,\s+(?!Social|Scientific)", name) or len(name.split()) > 16:
            continue  # a sentence, or a list of several bodies, between the name and the abbreviation
        if abbr not in found and not re.fullmatch(r"[IVX]+|[a-z]", abbr):
            found[abbr] = Organisation(abbr, name, [abbr, name], "un")
    return list(found.values())


# The parser of each document type. Working Group reports and addenda have parsers of their own
# (wgreport, addendum), chosen before this one by pipeline.parse_by_type; one whose cover those do
# not recognise is read here as a numbered document.
PARSERS: dict[str, Parser] = {
    STAKEHOLDER_SUMMARY: parse_numbered,
    COMPILATION: parse_numbered,
    NATIONAL_REPORT: parse_numbered,
    WG_REPORT: parse_numbered,
    ADDENDUM: parse_numbered,
    SUBMISSION: parse_submission,
    PLAIN: parse_submission,
}


def parse_document(source: SourceText, document: Document, registry: Registry, acronyms: dict[str, str]) -> ParsedDocument:
    """Cut one document into chunks. Statements, organisations and themes are added by the tagger."""
    text = source.text.replace("\f", "\n")
    metadata.apply(document, metadata.recognise(text))
    if not document.title:
        document.title = _first_line_title(text)
    if document.type not in PARSERS:
        document.warnings.append(f"unknown document type {document.type!r}; read as plain paragraphs")
        document.type = PLAIN
    pages = source.pages if source.pages and len(source.pages) > 1 else source.text.split("\f")
    lines = furniture.remove_furniture(furniture.remove_page_furniture(pages, page_breaks=True), document.symbol)
    parsed = PARSERS[document.type](lines, document, source, registry)
    for chunk in parsed.chunks:
        chunk.symbol, chunk.country, chunk.cycle = document.symbol, document.country, document.cycle
    return parsed


def _numbers(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:8])
    return shown + (f" and {len(numbers) - 8} more" if len(numbers) > 8 else "")


def _first_line_title(text: str) -> str:
    """A title for a document that states none: its first line of words, cut at a word near 100 characters."""
    for line in text.split("\n"):
        line = normalise_spaces(re.sub(r"^\[Heading\d\]\s*|\s*\|.*$|-{3,}.*$", "", line))
        if len(re.findall(r"[A-Za-z]{2,}", line)) >= 2:
            return line if len(line) <= 100 else line[:100].rsplit(" ", 1)[0] + "…"
    return ""


