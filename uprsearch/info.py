"""`uprsearch info`: which index is in use, why that one, and what is in it.

One function gathers it (index_info), so that what else an index can tell about itself (its
leftovers, damage) is added here as more fields; info_lines words them for render.print_info. Nothing is built
or changed: a missing or outdated index is said to be so.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from uprsearch import __version__
from uprsearch.errors import IndexMissing, IndexOutdated


def index_info(option: str | None = None, from_environment: bool = False) -> dict[str, Any]:
    """The index in use and what it holds: location, chosen_by (why that location), state
    ("ready", "missing", "outdated"), documents, chunks, statements, organisations, schema_version
    (the index's, and the one this uprsearch writes), size_bytes, built (UTC), roots (the folders
    it was built from), generation. Counts are None where there is no readable index."""
    from uprsearch.index.location import index_choice
    from uprsearch.index.schema import SCHEMA_VERSION
    from uprsearch.index.searcher import Index

    location, reason = index_choice(option, from_environment)
    info: dict[str, Any] = {
        "location": str(location),
        "chosen_by": reason,
        "state": "missing",
        "uprsearch": __version__,
        "schema_version": None,
        "supported_schema_version": SCHEMA_VERSION,
        "documents": None,
        "chunks": None,
        "statements": None,
        "organisations": None,
        "size_bytes": folder_size(location),
        "built": "",
        "roots": [],
        "generation": "",
        "note": "",
    }
    try:
        index = Index.open(location)
    except IndexMissing:
        info["note"] = "the first query builds it (from --corpus, UPRSEARCH_CORPUS or the bundled corpus)"
        return info
    except IndexOutdated as exc:
        info["state"] = "outdated"
        info["note"] = f"{exc}; the next query rebuilds it"
        return info
    try:
        meta = index.meta
        info.update(
            state="ready",
            schema_version=meta.schema_version,
            documents=len(meta.documents),
            chunks=sum(entry.chunks for entry in meta.documents),
            statements=sum(entry.statements for entry in meta.documents),
            organisations=len({org for entry in meta.documents for org in entry.orgs}),
            built=time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(meta.built)) if meta.built else "",
            roots=list(meta.roots),
            generation=index.generation.name,
        )
    finally:
        index.close()
    return info


def folder_size(folder: Path) -> int:
    """Bytes of the files below a folder (0 for none)."""
    total = 0
    for root, _, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:  # removed while we walked
                pass
    return total


_LABELS = (
    ("location", "index"), ("chosen_by", "chosen by"), ("state", "state"), ("documents", "documents"),
    ("chunks", "chunks"), ("statements", "statements"), ("organisations", "organisations"),
    ("schema_version", "schema version"), ("size_bytes", "size"), ("built", "built"), ("roots", "built from"),
    ("generation", "generation"), ("uprsearch", "uprsearch"), ("note", "note"),
)


def info_lines(info: dict[str, Any]) -> list[str]:
    """One "label: value" line per field with a value, in _LABELS order, then any other field."""
    labels = dict(_LABELS)
    lines = []
    for key in [*labels, *(k for k in info if k not in labels and k != "supported_schema_version")]:
        value = info.get(key)
        if value is None or value == "" or value == []:
            continue
        if key == "size_bytes":
            value = _size(value)
        elif key == "schema_version" and value != info.get("supported_schema_version"):
            value = f"{value} (this uprsearch writes {info.get('supported_schema_version')})"
        elif isinstance(value, list):
            value = ", ".join(map(str, value))
        lines.append(f"{labels.get(key, key.replace('_', ' '))}: {value}")
    return lines


def _size(n: float) -> str:
    if n < 1024:
        return f"{int(n)} bytes"
    for unit in ("KB", "MB", "GB"):
        n /= 1024
        if n < 1024 or unit == "GB":
            return f"{n:.1f} {unit}"
    return str(n)
