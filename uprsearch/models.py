"""Records that flow through the pipeline: documents, chunks, statements, organisations, themes;
and who each statement of a chunk is attributed to (for the index's counts and for `said`)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Chunk kinds
PARAGRAPH = "paragraph"
RECOMMENDATION = "recommendation"
SUMMARY = "summary"
CHUNK_KINDS = (PARAGRAPH, RECOMMENDATION, SUMMARY)

# Statement kinds
STATEMENT_KINDS = ("recommendation", "concern", "welcome", "observation")

# Document types
NATIONAL_REPORT = "national-report"  # the State's own report (A/HRC/WG.6/…/1)
COMPILATION = "compilation"  # OHCHR's compilation of UN information (…/2)
STAKEHOLDER_SUMMARY = "stakeholder-summary"  # OHCHR's summary of stakeholders' submissions (…/3)
SUBMISSION = "stakeholder-submission"  # an NGO's (or a coalition's) own submission
WG_REPORT = "wg-report"  # the Working Group's report of a review (A/HRC/N/M)
ADDENDUM = "addendum"  # the State's views on the recommendations (A/HRC/N/M/Add.1)
PLAIN = "document"  # anything else
DOCUMENT_TYPES = (NATIONAL_REPORT, COMPILATION, STAKEHOLDER_SUMMARY, SUBMISSION, WG_REPORT, ADDENDUM, PLAIN)
WG_DOCUMENT_TYPES = (WG_REPORT, ADDENDUM)

# The State's response to a Working Group recommendation (a Chunk's `response`)
SUPPORTED = "supported"
NOTED = "noted"
PARTIALLY_SUPPORTED = "partially-supported"
PENDING = "pending"  # to be answered later, in an addendum not indexed
RESPONSES = (SUPPORTED, NOTED, PARTIALLY_SUPPORTED, PENDING)

# Organisation types
ORG_TYPES = ("ngo", "joint-submission", "nhri", "intergovernmental", "un", "state")


@dataclass
class Footnote:
    number: int
    text: str = ""  # empty where the document does not carry the note's text


@dataclass
class Statement:
    """One sentence of a chunk and who it is attributed to. Its id is its chunk's and its place
    in the chunk (statement_id): "kaz-2010-summary:16.3", the third sentence of ¶16."""

    text: str
    orgs: list[str] = field(default_factory=list)
    kind: str = "observation"
    themes: list[str] = field(default_factory=list)


@dataclass
class Chunk:
    """The unit of the index: one paragraph, or one item of a recommendations list."""

    id: str  # "<doc-id>:<n>", or "<doc-id>:<number>" for a Working Group recommendation
    doc: str
    n: int  # ordinal or printed paragraph number, the part of the id after the colon but for a WG recommendation
    para: int | None  # the paragraph number the document prints, if any
    kind: str
    section: list[str]
    text: str
    footnotes: list[Footnote] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    number: str = ""  # the number as printed: "12", a submission's "4.12", a WG recommendation's "95.16"
    theme_evidence: dict[str, list[str]] = field(default_factory=dict)  # theme -> matched words or "heading: …"
    action: int | None = None  # UPR Info's action category (1-5), recommendations only
    # Document-level fields repeated on the chunk so a hit is self-describing.
    symbol: str = ""
    country: str = ""
    cycle: int | None = None
    # A Working Group recommendation: the State's response to it (one of RESPONSES, "" for any
    # other chunk), where the response is stated ("A/HRC/14/10, para. 97", "A/HRC/14/10/Add.1,
    # para. 5") and the State's words on it (its addendum's, or the report's after the States).
    response: str = ""
    response_source: str = ""
    response_text: str = ""

    def to_record(self) -> dict[str, Any]:
        record = asdict(self)
        record.pop("n")
        record["statements"] = [{"id": statement_id(self.id, n), **st}
                                for n, st in enumerate(record["statements"], 1)]
        return record


@dataclass
class Document:
    id: str
    title: str = ""
    symbol: str = ""
    country: str = ""
    iso3: str = ""
    cycle: int | None = None
    session: int | None = None
    year: int | None = None
    type: str = PLAIN
    author: str = ""  # organisation id, for a single-author submission
    source: str = ""  # file path it was read from
    sha256: str = ""
    warnings: list[str] = field(default_factory=list)  # what the parser found wrong or had to guess

    def to_record(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Organisation:
    id: str
    name: str = ""
    aliases: list[str] = field(default_factory=list)
    type: str = "ngo"
    members: list[str] = field(default_factory=list)  # a joint submission's member organisations, as listed
    # The document whose list or text defines it (its joint submissions, its own abbreviations):
    # two documents' "JS1" are two organisations. Empty for one the registry knows in every document.
    doc: str = ""


@dataclass
class Theme:
    slug: str
    label: str
    patterns: list[str] = field(default_factory=list)


@dataclass
class ParsedDocument:
    """What the parser makes of one file: the document, its chunks and the organisations it defines."""

    document: Document
    chunks: list[Chunk]
    organisations: list[Organisation] = field(default_factory=list)
    # The document's endnotes (uprsearch.endnotes.Endnotes): every note's text, the stakeholder
    # list, and which listed stakeholders each note cites ("See also" apart). None without notes.
    endnotes: Any = None
    notes: list[str] = field(default_factory=list)  # how it was read, where that is not a problem ("read as plain paragraphs")

    @property
    def warnings(self) -> list[str]:
        return self.document.warnings

    def rename(self, doc_id: str) -> None:
        """Give the document another id (the one it asked for was taken): its chunks' ids follow."""
        old = self.document.id
        self.document.id = doc_id
        for org in self.organisations:
            if org.doc == old:
                org.doc = doc_id
        for chunk in self.chunks:
            chunk.doc = doc_id
            chunk.id = f"{doc_id}:{chunk.id.rpartition(':')[2] or chunk.n}"  # the part its parser chose


def statement_id(chunk_id: str, n: int) -> str:
    """The id of the n-th statement (from 1) of a chunk: "<chunk id>.<n>". A chunk the parser did
    not split is one statement, n 1. (A chunk id may hold dots itself, "doc:95.16": the statement's
    number is after the last one.)"""
    return f"{chunk_id}.{n}"


def split_statement_id(text: str) -> tuple[str, int] | None:
    """A statement id's chunk id and number ("doc:95.16.2" -> ("doc:95.16", 2)); None for an id
    that names no statement (no ":" or no number after the last dot). "doc:95.16" reads as the
    16th statement of "doc:95": a caller tries the text as a chunk id first."""
    chunk_id, dot, n = text.rpartition(".")
    if not dot or ":" not in chunk_id or not n.isdigit() or int(n) < 1:
        return None
    return chunk_id, int(n)


def attributions(chunk: Chunk, document: Document | None) -> list[tuple[Statement, set[str]]]:
    """Each statement of a chunk with the organisations it is attributed to.

    For a submission every chunk is its author's statement, so the author is added to each; a
    chunk the parser did not split counts as one statement.
    """
    author = document.author if document is not None and document.type == SUBMISSION and document.author else ""
    statements = chunk.statements
    if not statements:
        kind = RECOMMENDATION if chunk.kind == RECOMMENDATION else "observation"
        statements = [Statement(chunk.text, list(chunk.orgs), kind, list(chunk.themes))]
    out = []
    for st in statements:
        ids = set(st.orgs)
        if author:
            ids.add(author)
        out.append((st, ids))
    return out
