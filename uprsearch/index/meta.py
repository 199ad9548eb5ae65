"""What a generation holds beside Whoosh's files: meta.json, and what a query reads of it.

meta.json holds the schema version, each source file's sha256 and document id, the Document
records in document order with their counts, the organisation registry learned from the
documents, the acronyms and the theme vocabulary the documents were tagged with, and the
abbreviation expansions. readmeta.pickle (IndexInfo) holds the part a query needs, quicker to load.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from uprsearch.index.faults import damaged
from uprsearch.index.generations import META, write_pickle
from uprsearch.index.schema import SCHEMA_VERSION
from uprsearch.models import Document, Organisation

READMETA = "readmeta.pickle"
READMETA_VERSION = 1


@dataclass
class SourceEntry:
    sha256: str
    doc: str
    catalog: str = ""  # fingerprint of the file's catalogue entry
    author: str = ""  # the author given with `index FILE --author NAME`, kept for re-parses


@dataclass
class DocEntry:
    document: Document
    order: int
    chunks: int = 0
    statements: int = 0
    organisations: list[Organisation] = field(default_factory=list)  # defined by the document
    orgs: dict[str, list[int]] = field(default_factory=dict)  # org id -> [chunks, statements]
    themes: dict[str, list[int]] = field(default_factory=dict)  # theme slug -> [chunks, statements]


@dataclass
class Meta:
    schema_version: int = SCHEMA_VERSION
    built: float = 0.0
    roots: list[str] = field(default_factory=list)
    knowledge: str = ""
    documents: list[DocEntry] = field(default_factory=list)
    sources: dict[str, SourceEntry] = field(default_factory=dict)
    organisations: list[Organisation] = field(default_factory=list)
    acronyms: dict[str, str] = field(default_factory=dict)
    themes: list[dict[str, str]] = field(default_factory=list)
    # abbreviation expansions, analysed once at build time: "nss" -> [["nss"], ["nation", "secur", "servic"]]
    expansions: dict[str, list[list[str]]] = field(default_factory=dict)

    def to_json(self) -> str:
        # asdict(self) without its deep copy, and no indent (which forces json's Python encoder):
        # 1.8 s -> 0.15 s at 100,000 paragraphs, in the serial end of a build
        return json.dumps(self, default=vars, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "Meta":
        data = json.loads(text)
        if data.get("schema_version") != SCHEMA_VERSION:
            raise SchemaMismatch(data.get("schema_version"))
        return cls(
            schema_version=data["schema_version"],
            built=data.get("built", 0.0),
            roots=list(data.get("roots", [])),
            knowledge=data.get("knowledge", ""),
            documents=[
                DocEntry(
                    Document(**d["document"]),
                    d["order"],
                    d.get("chunks", 0),
                    d.get("statements", 0),
                    [Organisation(**o) for o in d.get("organisations", [])],
                    {k: list(v) for k, v in d.get("orgs", {}).items()},
                    {k: list(v) for k, v in d.get("themes", {}).items()},
                )
                for d in data.get("documents", [])
            ],
            sources={k: SourceEntry(**v) for k, v in data.get("sources", {}).items()},
            organisations=[Organisation(**o) for o in data.get("organisations", [])],
            acronyms=dict(data.get("acronyms", {})),
            themes=list(data.get("themes", [])),
            expansions={k: [list(f) for f in v] for k, v in data.get("expansions", {}).items()},
        )


class SchemaMismatch(Exception):
    """meta.json of another schema version (the version is the argument)."""


def read_meta(gen: Path) -> Meta:
    """A generation's meta.json (SchemaMismatch if another version wrote it, IndexDamaged if it
    is missing, truncated or garbled)."""
    try:
        return Meta.from_json((gen / META).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise damaged(gen.parent, f"{gen.name}/{META} is missing") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:  # JSON, UTF-8 or a field gone
        raise damaged(gen.parent, f"{gen.name}/{META} cannot be read: {type(exc).__name__}") from None


@dataclass
class Recorded:
    """What --repair rebuilds from, read leniently from any schema's metadata: the source files
    (with the author each was given) and the paths the index was built from."""

    sources: dict[str, str] = field(default_factory=dict)  # path -> author ("" for none)
    roots: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, gen: Path) -> "Recorded | None":
        """From meta.json, else readmeta.pickle (sources only); None if neither can be read."""
        try:
            data = json.loads((gen / META).read_text(encoding="utf-8"))
            sources = data["sources"]
            return cls(
                {str(k): str((v or {}).get("author", "") or "") for k, v in sources.items()},
                [str(r) for r in data.get("roots", []) if isinstance(r, str)],
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
        import pickle

        try:
            with open(gen / READMETA, "rb") as fh:
                data = pickle.load(fh)
            return cls({str(s): "" for s in data["sources"]})
        except Exception:  # noqa: BLE001 - any damage to a pickle: nothing recorded there
            return None


def meta_schema_version(gen: Path) -> int | None:
    """The schema_version meta.json opens with (it stays the authority), from its first bytes."""
    with open(gen / META, "rb") as fh:
        head = fh.read(256)
    m = re.match(rb'\s*\{\s*"schema_version"\s*:\s*(\d+)\s*,', head)
    return int(m.group(1)) if m else None


@dataclass
class IndexInfo:
    """What a query reads of meta.json: the documents, the organisation registry, acronyms,
    themes, expansions, the sources and the data fingerprint, but not the per-document counts and
    definitions that only `orgs`, `themes` and `docs` read. meta.json grows with every document
    (12 MB at 100,000 paragraphs); parsing it and building its records was most of a cold query."""

    schema_version: int
    knowledge: str
    sources: list[str]
    documents: list[Document]
    organisations: list[Organisation]
    acronyms: dict[str, str]
    themes: list[dict[str, str]]
    expansions: dict[str, list[list[str]]]

    @classmethod
    def from_meta(cls, meta: "Meta") -> "IndexInfo":
        return cls(meta.schema_version, meta.knowledge, list(meta.sources), [e.document for e in meta.documents],
                   list(meta.organisations), dict(meta.acronyms), list(meta.themes), dict(meta.expansions))

    def to_data(self) -> dict[str, Any]:
        return {
            "version": READMETA_VERSION,
            "schema_version": self.schema_version,
            "knowledge": self.knowledge,
            "sources": self.sources,
            # their fields are plain values and lists of strings: vars() without asdict's deep copy
            "documents": [dict(vars(d)) for d in self.documents],
            "organisations": [dict(vars(o)) for o in self.organisations],
            "acronyms": self.acronyms,
            "themes": self.themes,
            "expansions": self.expansions,
        }

    @classmethod
    def load(cls, gen: Path) -> "IndexInfo | None":
        """From the generation's readmeta.pickle; None if it has none (or an unreadable one)."""
        import pickle

        try:
            with open(gen / READMETA, "rb") as fh:
                data = pickle.load(fh)
            if data.get("version") != READMETA_VERSION:
                return None
            return cls(
                data["schema_version"], data["knowledge"], data["sources"],
                [Document(**d) for d in data["documents"]],
                [Organisation(**o) for o in data["organisations"]],
                data["acronyms"], data["themes"], data["expansions"],
            )
        except (OSError, EOFError, ValueError, TypeError, AttributeError, KeyError, pickle.UnpicklingError):
            return None


def write_index_info(gen: Path, meta: Meta) -> None:
    """What a query needs of `meta`, in `gen`/readmeta.pickle (see IndexInfo)."""
    write_pickle(gen / READMETA, IndexInfo.from_meta(meta).to_data())
