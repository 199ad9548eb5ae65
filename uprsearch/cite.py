"""How a chunk is cited and where its document officially lives: the `citation` and `url` of every
chunk and statement record, and the BibTeX entry `--bibtex` prints. Declared here once; the
library puts them on records, the renderer prints them. Nothing here fetches anything.

A UN document is cited by its symbol and paragraph, as the UN cross-references its documents
("A/HRC/WG.6/7/KAZ/3, para. 16"; a Working Group recommendation "A/HRC/14/10, para. 95.16", the
item of paragraph 95). A document without a symbol (an NGO's own submission) is cited by author,
title and year, then the paragraph it numbers, else the heading it stands under (the chunks do
not carry page numbers).
"""
from __future__ import annotations

import re

from uprsearch.models import Chunk, Document

# The UN's document resolver: symbol in, the document in the reader's language out.
UNDOCS = "https://undocs.org/"


def url(document: Document | None) -> str:
    """The document's official address: undocs.org and its symbol; "" without a symbol."""
    if document is None or not document.symbol:
        return ""
    return UNDOCS + document.symbol.replace(" ", "")


def paragraph_citation(symbol: str, para: int | str | None) -> str:
    """"A/HRC/14/10, para. 97" (where a State's response to a recommendation is stated)."""
    return ", ".join(p for p in (symbol, f"para. {para}" if para is not None else "") if p)


def locator(chunk: Chunk) -> str:
    """Where in its document a chunk stands: "para. 16", "para. 95.16" (the number the document
    prints), else the heading it stands under; "" for neither."""
    number = chunk.number or (str(chunk.para) if chunk.para is not None else "")
    if number:
        return f"para. {number}"
    if chunk.section:
        return f"section “{chunk.section[-1]}”"
    return ""


def document_citation(document: Document | None, author_name: str = "", fallback: str = "") -> str:
    """The document alone: its symbol; else author, “title”, year (those it has)."""
    if document is None:
        return fallback
    if document.symbol:
        return document.symbol
    parts = [author_name or document.author]
    parts.append(f"“{document.title}”" if document.title else (document.id or fallback))
    if document.year and str(document.year) not in document.title:
        parts.append(str(document.year))
    return ", ".join(p for p in parts if p)


def citation(chunk: Chunk, document: Document | None, author_name: str = "") -> str:
    """"A/HRC/WG.6/7/KAZ/3, para. 16"; "Amnesty International, “… (2009)”, section “…”".
    `author_name` is the name of the author (document.author is its organisation id)."""
    where = locator(chunk)
    return ", ".join(p for p in (document_citation(document, author_name, chunk.doc), where) if p)


def reference(chunk: Chunk, document: Document | None, author_name: str = "") -> dict[str, str]:
    """The record fields citation and url (listings.COLUMNS)."""
    return {"citation": citation(chunk, document, author_name), "url": url(document)}


def bibtex(document: Document, author_name: str = "") -> str:
    """A BibTeX @misc entry for a document, keyed by its id (a reference manager cites the
    paragraph in its note)."""
    fields = []
    if document.symbol:
        fields.append(("author", "{United Nations Human Rights Council}"))
    elif author_name or document.author:
        fields.append(("author", "{" + _bib(author_name or document.author) + "}"))
    fields.append(("title", "{" + _bib(document.title or document.symbol or document.id) + "}"))
    if document.year:
        fields.append(("year", str(document.year)))
    if document.symbol:
        fields.append(("number", "{" + _bib(document.symbol) + "}"))
        fields.append(("url", "{" + url(document) + "}"))
    key = re.sub(r"[^A-Za-z0-9:_-]+", "-", document.id).strip("-") or "document"
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def _bib(text: str) -> str:
    """Text safe inside a BibTeX braced value: the characters TeX reads specially escaped."""
    return re.sub(r"([&%$#_{}])", r"\\\1", text)
