"""What a reference a user gives `show` means: chunk ids, statement ids, a symbol and paragraph.

    kaz-2010-summary:16            a chunk id
    kaz-2010-summary:16.3          a statement id: its chunk (the third statement of ¶16)
    A/HRC/WG.6/7/KAZ/3:16          a document's symbol (any case, "_" for "/") and paragraph
    A/HRC/WG.6/7/KAZ/3 16          the same, as two words ("para. 16", "¶16" too)
    KAZ/3:16                       the end of a symbol, where one document's symbol ends so
    A/HRC/14/10                    a document alone: every chunk of it
    A/HRC/WG.6/7/KAZ/3, para. 16   a citation (uprsearch.cite) as --cite prints it

A Working Group recommendation's number ("95.16") is its chunk's: `A/HRC/14/10:95.16`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

from uprsearch.errors import QueryError
from uprsearch.models import Document, split_statement_id

_LOCATOR = re.compile(r"^(?:para(?:graph)?\.?\s*|¶\s*)?(\d{1,4}(?:\.\d{1,4}){0,2})$", re.I)


@dataclass
class Reference:
    """A chunk id (chunk) or a whole document (doc, chunk "")."""

    doc: str = ""
    chunk: str = ""


def references(words: Iterable[str], documents: dict[str, Document], has_chunk: Callable[[str], bool]) -> list[Reference]:
    """The chunks (or whole documents) the words refer to, in order; QueryError for one that
    names nothing. `has_chunk(id)` says whether the index has a chunk of that id."""
    words = _joined([w.strip().rstrip(",;") for w in words if w.strip().rstrip(",;")])
    out: list[Reference] = []
    i = 0
    while i < len(words):
        word = words[i].strip()
        i += 1
        if ":" in word:
            doc_part, _, where = word.partition(":")
            doc = find_document(doc_part, documents)
            if doc is None:
                out.append(Reference(chunk=word))  # the caller says no such chunk, with close ids
                continue
            out.append(Reference(doc, chunk_of(doc, where, has_chunk)))
            continue
        doc = find_document(word, documents)
        if doc is None:
            if has_chunk(word):
                out.append(Reference(chunk=word))
                continue
            raise QueryError(f"no document or chunk {word!r} in the index (give an id such as kaz-2010-summary:16, "
                             "or a symbol and paragraph such as A/HRC/WG.6/7/KAZ/3 16; `uprsearch docs` lists documents)")
        if i < len(words) and _LOCATOR.match(words[i].strip()) and find_document(words[i], documents) is None:
            out.append(Reference(doc, chunk_of(doc, words[i], has_chunk)))
            i += 1
        else:
            out.append(Reference(doc))
    return out


def _joined(words: list[str]) -> list[str]:
    """"para." and the number after it as one word, as a citation writes them ("…/3, para. 16")."""
    out: list[str] = []
    for word in words:
        if out and out[-1].lower() in ("para.", "para", "paragraph", "¶"):
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
    return out


def chunk_of(doc: str, where: str, has_chunk: Callable[[str], bool]) -> str:
    """The chunk id of paragraph `where` of document `doc` (a statement id's chunk for "16.3")."""
    m = _LOCATOR.match(where.strip())
    number = m.group(1) if m else where.strip()
    candidate = f"{doc}:{number}"
    if has_chunk(candidate):
        return candidate
    statement = split_statement_id(candidate)
    if statement is not None and has_chunk(statement[0]):  # a statement id: its paragraph
        return statement[0]
    return candidate  # none: the caller says so, with the ids close to it


def find_document(text: str, documents: dict[str, Document]) -> str | None:
    """The id of the document `text` names: its id, its symbol (any case, spaces dropped, "_" for
    "/") or the end of exactly one symbol ("KAZ/3"); None for none. QueryError where the end of a
    symbol fits several."""
    key = text.strip()
    if not key:
        return None
    if key in documents:
        return key
    lowered = key.lower()
    for doc_id in documents:
        if doc_id.lower() == lowered:
            return doc_id
    symbol = _symbol_key(key)
    by_symbol = [d.id for d in documents.values() if d.symbol and _symbol_key(d.symbol) == symbol]
    if by_symbol:
        return by_symbol[0]
    if "/" not in symbol:
        return None
    ends = [d for d in documents.values() if d.symbol and _symbol_key(d.symbol).endswith("/" + symbol)]
    if len(ends) > 1:
        names = ", ".join(f"{d.symbol} ({d.id})" for d in ends[:6])
        raise QueryError(f"{text!r} ends the symbol of {len(ends)} documents: {names}; give more of the symbol")
    return ends[0].id if ends else None


def _symbol_key(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("_", "/").lower()
