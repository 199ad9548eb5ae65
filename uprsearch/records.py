"""Table rows of statements and paragraphs (listings.EXPORT): what `--format csv|tsv|xlsx` prints
for a listing of them, one row per statement and speaker, from the records the library made."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from uprsearch.library import Library


def export_rows(library: Library, listing: str, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A listing's records (listings.EXPORTED) as table rows of listings.EXPORT: one per
    statement and speaker (a statement no one is named for: one row without a speaker), with
    the speakers' names and types and the documents' metadata from `library`."""
    rows: list[dict[str, Any]] = []
    for record in records:
        document = library.documents.get(record["doc"])
        base = {
            "citation": record.get("citation", ""),
            "url": record.get("url", ""),
            "symbol": record.get("symbol") or (document.symbol if document else ""),
            "country": record.get("country") or (document.country if document else ""),
            "cycle": record.get("cycle") if record.get("cycle") is not None else (document.cycle if document else None),
            "session": document.session if document else None,
            "year": document.year if document else None,
            "doc_type": document.type if document else "",
            "doc": record["doc"],
            "section": " › ".join(record.get("section") or []),
            "response": record.get("response") or "",
        }
        if listing == "statements":
            chunk_id = record["chunk"]
            statements = [(record["id"], record["speakers"], record["kind"], record["themes"], record["text"])]
        elif listing == "said":
            chunk_id = record["id"]
            statements = [(record["statement"], [library.speaker(record["org"], record["doc"])], record["kind"],
                           record["themes"], record["text"])]
        else:  # paragraphs: each of their statements
            chunk_id = record["id"]
            statements = [(st["id"], [library.speaker(o, record["doc"]) for o in st["orgs"]], st["kind"], st["themes"],
                           st["text"]) for st in record["statements"]]
        base["para"] = record["para"] if record.get("para") is not None else _place(chunk_id)
        base["chunk"] = chunk_id
        for statement, speakers, kind, themes, text in statements:
            for speaker in speakers or [{"id": "", "name": "", "type": ""}]:
                rows.append({**base, "statement": statement, "speaker_id": speaker["id"],
                             "speaker_name": speaker["name"], "speaker_type": speaker["type"], "kind": kind,
                             "themes": themes, "text": text})
    return rows


def _place(chunk_id: str) -> int | str:
    """A paragraph's place in its document, from its id ("kaz-2009-ai:22" -> 22), for a paragraph
    that prints no number."""
    tail = chunk_id.rpartition(":")[2]
    return int(tail) if tail.isdigit() else tail
