"""Which document a file is, known before it is parsed: its id, its symbol, and whether another
file is the same document.

A document's id is its catalogue entry's, else made from its symbol (the catalogue's, else the
one its first page prints: "A/HRC/WG.6/7/KAZ/3" -> a-hrc-wg-6-7-kaz-3), else from its file name;
so renaming a file changes no id. Two files are the same document when they have the same bytes,
or the same symbol (a report's .txt and .pdf, a copy under another name), unless the catalogue
gives each an id of its own; the second is reported in one line and skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from uprsearch.models import WG_DOCUMENT_TYPES, Document

HEAD_BYTES = 20_000  # of a text file: its first page, and more


@dataclass
class FileIdentity:
    path: Path
    doc_id: str  # the id it asks for (before a clash with another's is resolved)
    symbol: str
    sha256: str
    catalogued: bool = False  # its catalogue entry gives the id


def id_from_symbol(symbol: str) -> str:
    """"A/HRC/WG.6/7/KAZ/3" -> "a-hrc-wg-6-7-kaz-3"; "A/HRC/14/10/Add.1" -> "a-hrc-14-10-add-1"."""
    return re.sub(r"[^a-z0-9]+", "-", symbol.lower()).strip("-")


def symbol_in_text(head: str) -> str:
    """The symbol a UN document's first page prints ("" for none, or not a UN document), as the
    parse reads it (metadata.recognise; wgtext.recognise for a Working Group report or addendum)."""
    from uprsearch import metadata

    found = metadata.recognise(head)
    if found.type in WG_DOCUMENT_TYPES:
        from uprsearch import wgtext

        report = wgtext.recognise(head)
        return report.symbol if report is not None and report.symbol else found.symbol
    return found.symbol if found.type in metadata.UN_DOCUMENT_TYPES else ""


def head_text(path: Path, data: bytes | None = None) -> str:
    """The start of a file's text, enough for its first page: a PDF's first page, a text file's
    first bytes ("" where it cannot be read: the parse reports that)."""
    try:
        if data is None:
            with open(path, "rb") as fh:
                data = fh.read(HEAD_BYTES) if path.suffix.lower() != ".pdf" else fh.read()
    except OSError:
        return ""
    if path.suffix.lower() == ".pdf" or data.startswith(b"%PDF-"):
        from uprsearch.pdf import first_page_text

        return first_page_text(data)
    return data[:HEAD_BYTES].decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")


def identify(path: Path, meta: Document | None, sha256: str = "", data: bytes | None = None) -> FileIdentity:
    """A file's id and symbol before it is parsed (`meta`: its catalogue entry, if any; `data`:
    its bytes where they are not in the file: standard input's)."""
    from uprsearch.reader import document_id_from_name

    symbol = meta.symbol if meta is not None and meta.symbol else ""
    if meta is not None and meta.id:
        return FileIdentity(path, meta.id, symbol or symbol_in_text(head_text(path, data)), sha256, True)
    symbol = symbol or symbol_in_text(head_text(path, data))
    doc_id = id_from_symbol(symbol) if symbol else document_id_from_name(path.name)
    return FileIdentity(path, doc_id, symbol, sha256)


def duplicate_of(file: FileIdentity, seen: list[FileIdentity]) -> FileIdentity | None:
    """The file among `seen` that is the same document as `file`: the same bytes, or the same
    symbol where the catalogue does not give both an id of their own; None for none."""
    for other in seen:
        if file.sha256 and file.sha256 == other.sha256:
            return other
        if file.symbol and file.symbol == other.symbol and not (file.catalogued and other.catalogued):
            return other
    return None


def can_stand_for_others(path: Path) -> bool:
    """Whether a file can be the one of several copies that is kept: not one whose name the
    reader refuses (not UTF-8), which would leave its copies skipped and nothing indexed."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def duplicate_line(file: FileIdentity, other: FileIdentity) -> str:
    """The one line that reports a skipped duplicate."""
    what = "the same text as" if file.sha256 and file.sha256 == other.sha256 else f"the same document ({file.symbol}) as"
    where = other.path.name if other.path.name != file.path.name else str(other.path)
    return f"uprsearch: skipped {file.path}: {what} {where} (indexed as {other.doc_id})"
