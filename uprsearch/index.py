"""The search index: the only module that imports Whoosh.

Layout of an index folder::

    CURRENT           the name of the live generation (replaced atomically)
    LOCK              the writers' lock file
    gen-<stamp>/      one complete generation: Whoosh's files plus meta.json

Every change (a first build, an incremental update, a rebuild) is written to a new generation
beside the live one and made live by replacing CURRENT, so a failed or killed build leaves the
previous index answering queries. An incremental update starts from hard links to the live
generation's files (Whoosh never rewrites a file it has written), so it costs little.

meta.json holds what is not in Whoosh: the schema version, each source file's sha256 and
document id, the Document records in document order, the organisation registry learned from the
documents, the acronyms and the theme vocabulary the documents were tagged with.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import time
import uuid
from collections import Counter, defaultdict
import dataclasses
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from uprsearch.filters import FACET_FIELDS, FILTER_FIELDS, FILTER_NAMES
from uprsearch.errors import IndexBusyError, IndexMissing, IndexOutdated, QueryError, UprError, WorkerFailed
from uprsearch.models import Chunk, Document, Footnote, Organisation, ParsedDocument, Statement, attributions

SCHEMA_VERSION = 5
POINTER = "CURRENT"
LOCK_FILE = "LOCK"
META = "meta.json"
LOCK_WAIT = 5.0  # seconds a second writer waits before giving up
DOC_STRIDE = 1_000_000  # pos = document order * DOC_STRIDE + chunk order within the document


# Whoosh's English stop words, less "not": "did not apply" is not "did apply".
_KEEP_WORDS = {"not"}


# --------------------------------------------------------------------------------------------
# Where the index lives


def checkout_index_dir() -> Path | None:
    """index/ of the source checkout uprsearch runs from, if it runs from one."""
    root = Path(__file__).resolve().parent.parent
    if (root / "index").is_dir() and (root / "pyproject.toml").is_file() and (root / "uprsearch").is_dir():
        return root / "index"
    return None


def index_location(option: str | os.PathLike | None = None) -> Path:
    """--index-dir, else UPRSEARCH_INDEX, else the checkout's index/, else the per-user data dir."""
    chosen = option or os.environ.get("UPRSEARCH_INDEX")
    if chosen:
        return Path(chosen).expanduser()
    checkout = checkout_index_dir()
    if checkout is not None:
        return checkout
    import platformdirs

    return Path(platformdirs.user_data_dir("uprsearch", appauthor=False)) / "index"


# --------------------------------------------------------------------------------------------
# Analysis


@lru_cache(maxsize=1)
def analyzer():
    """English analysis: words, lower case, stop words out (not "not"), Porter2 stems."""
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.lang.porter2 import stem

    return StemmingAnalyzer(stemfn=stem, stoplist=_stop_words(), cachesize=100_000)


def analyze(text: str) -> list[str]:
    """The index terms of a text, in order."""
    return [t.text for t in analyzer()(text)]


def _schema():
    from whoosh import fields
    from whoosh.analysis import IDTokenizer

    def keyword():
        # Values are indexed from a list, one term each; a query value is one term, spaces and all.
        return fields.KEYWORD(analyzer=IDTokenizer(), scorable=False)

    # a chunk's place in the corpus: results are sorted by it, never searched for it, so it has
    # no terms (a NUMERIC field's 16 terms per document were a fifth of the postings written)
    pos = fields.NUMERIC(numtype=int, bits=64, sortable=True, stored=True)
    pos.indexed = False
    return fields.Schema(
        id=fields.ID(unique=True, stored=True),
        text=fields.TEXT(analyzer=analyzer(), stored=True, spelling=True, multitoken_query="phrase"),
        pos=pos,
        chunk=fields.STORED(),
        **{name: keyword() for name in FILTER_NAMES},
    )


# --------------------------------------------------------------------------------------------
# Records <-> stored fields


def chunk_from_stored(stored: dict[str, Any]) -> Chunk:
    """The Chunk a document's stored fields hold (see _chunk_record)."""
    values = dict(stored["chunk"])
    values["text"] = stored["text"]
    for name, record_type in _record_shape().record_types.items():
        values[name] = [record_type(*fields) for fields in values[name]]
    return Chunk(**values)


def _chunk_record(chunk: Chunk) -> dict[str, Any]:
    """What is stored of a chunk beside its text, for chunk_from_stored: every field of Chunk, a
    list of records (footnotes, statements) as tuples of their fields, lists copied; Whoosh
    pickles it with the other stored fields (a JSON string before: encoding and decoding it cost
    more than the pickling). A test checks the round trip on every chunk of the bundled corpus
    and the samples."""
    shape = _record_shape()
    record = dict(zip(shape.names, shape.values(chunk)))
    for name in shape.lists:
        record[name] = list(record[name])
    for name, as_tuple in shape.records.items():
        record[name] = list(map(as_tuple, record[name]))
    return record


@dataclass(frozen=True)
class _RecordShape:
    """How a Chunk is stored: its fields but its text (a field of the index of its own)."""

    names: tuple[str, ...]
    values: Callable[[Chunk], tuple]  # the chunk's values of those fields
    lists: tuple[str, ...]  # fields holding a list of plain values
    records: dict[str, Callable[[Any], tuple]]  # fields holding a list of records: a record -> its values
    record_types: dict[str, type]


@lru_cache(maxsize=1)
def _record_shape() -> _RecordShape:
    import typing
    from operator import attrgetter

    def is_list(hint) -> bool:
        return typing.get_origin(hint) is list

    def as_tuple(record_type: type) -> Callable[[Any], tuple]:
        hints = typing.get_type_hints(record_type)
        names = [f.name for f in dataclasses.fields(record_type)]
        values = attrgetter(*names) if len(names) > 1 else (lambda record: (getattr(record, names[0]),))
        lists = [i for i, name in enumerate(names) if is_list(hints[name])]
        if not lists:
            return values

        def copied(record) -> tuple:
            out = list(values(record))
            for i in lists:
                out[i] = list(out[i])
            return tuple(out)

        return copied

    hints = typing.get_type_hints(Chunk)
    names = tuple(f.name for f in dataclasses.fields(Chunk) if f.name != "text")
    record_types = {}
    for name in names:
        args = typing.get_args(hints[name])
        if is_list(hints[name]) and args and dataclasses.is_dataclass(args[0]):
            record_types[name] = args[0]
    return _RecordShape(
        names,
        attrgetter(*names),
        tuple(n for n in names if is_list(hints[n]) and n not in record_types),
        {name: as_tuple(t) for name, t in record_types.items()},
        record_types,
    )


def _document_fields(chunk: Chunk, document: Document, pos: int) -> dict[str, Any]:
    """A chunk's field values for the index: its id and text, each filter field's values (see
    filters.FILTER_FIELDS), its place and its stored record."""
    values: dict[str, Any] = {"id": chunk.id, "text": chunk.text}
    for name, read in _FILTER_READERS:
        values[name] = _unique(read(chunk, document))
    values["pos"] = pos
    values["chunk"] = _chunk_record(chunk)
    return values


_FILTER_READERS = tuple((spec.name, spec.values) for spec in FILTER_FIELDS)


def _unique(values: Iterable[str]) -> list[str]:
    """The values in order, each once, empty ones left out."""
    unique = dict.fromkeys(values)
    unique.pop("", None)
    return list(unique)


# --------------------------------------------------------------------------------------------
# Metadata


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
            raise _VersionMismatch(data.get("schema_version"))
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


class _VersionMismatch(Exception):
    pass


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _live_generation(location: Path) -> Path | None:
    try:
        name = (location / POINTER).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise UprError(f"cannot read the index at {location} ({exc.strerror or exc})") from exc
    if not name or "/" in name or "\\" in name:
        return None
    gen = location / name
    return gen if (gen / META).is_file() else None


# --------------------------------------------------------------------------------------------
# Writing


@dataclass
class UpdateReport:
    documents: int = 0  # documents in the index afterwards
    chunks: int = 0
    organisations: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    removed: int = 0
    seconds: float = 0.0
    errors: list[UprError] = field(default_factory=list)
    rebuilt: bool = False


class _Lock:
    """The writers' lock: an OS file lock, released by the OS if the holder dies."""

    def __init__(self, location: Path):
        self.path = location / LOCK_FILE
        self._lock = None

    def __enter__(self) -> "_Lock":
        from whoosh.util.filelock import FileLock, try_for

        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(str(self.path))
        if not try_for(lambda: self._lock.acquire(blocking=False), timeout=LOCK_WAIT, delay=0.1):
            self._lock = None
            raise IndexBusyError(
                f"the index is being updated by another process ({self.path.parent}); try again when it is done"
            )
        return self

    def __exit__(self, *exc) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def knowledge_dirs(sources: Iterable[str | Path]) -> list[Path]:
    return sorted({Path(s).parent for s in sources})


def knowledge_fingerprint(dirs: list[Path], location: Path | None = None) -> str:
    """A hash of the data files a parse depends on (shipped and per-folder), so an edit re-tags;
    for the checkout's own index/, of the code as well."""
    from importlib.resources import files

    from uprsearch.orgs import ACRONYMS_FILE, REGISTRY_FILE
    from uprsearch.themes import THEMES_FILE

    from uprsearch import __version__

    digest = hashlib.sha256(__version__.encode())  # a new release may parse and tag differently
    if location is not None and _is_checkout_index(location):
        digest.update(_checkout_code_fingerprint().encode())
    names = (REGISTRY_FILE, ACRONYMS_FILE, THEMES_FILE)
    for name in names:
        digest.update((files("uprsearch.data") / name).read_bytes())
    for folder in dirs:
        for name in names:
            path = folder / name
            if path.is_file():
                digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _is_checkout_index(location: Path) -> bool:
    checkout = checkout_index_dir()
    return checkout is not None and Path(location).resolve() == checkout.resolve()


@lru_cache(maxsize=1)
def _checkout_code_fingerprint() -> str:
    """A hash of the package's code, for the checkout's own index/: there an edited parser
    re-tags the index as a new release does. (Installed, the version stands for the code; an
    index given with --index-dir or UPRSEARCH_INDEX is left alone.)"""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _catalog_fingerprint(path: Path, cache: dict[Path, dict]) -> str:
    from uprsearch.reader import catalog_entry

    entry = catalog_entry(path, cache)
    if entry is None:
        return ""
    return hashlib.sha256(json.dumps(entry.to_record(), sort_keys=True).encode()).hexdigest()[:16]


def _file_sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def update(
    location: Path,
    paths: list[Path],
    *,
    rebuild: bool = False,
    refresh_known: bool = True,
    on_plan: Callable[[int], None] | None = None,
    on_file: Callable[[Path], None] | None = None,
    author: str | None = None,
    include_known: bool = False,
    jobs: int | None = None,
) -> UpdateReport:
    """Bring the index at `location` up to date with the files in `paths`.

    Unchanged files are skipped, changed ones replaced, and indexed files that no longer exist are
    dropped. With refresh_known, files indexed earlier from elsewhere are checked as well.
    With rebuild, the paths given are parsed again into a fresh generation (with include_known,
    every file the index already has as well). Either way the result is a new generation made live
    atomically; nothing changes if nothing changed. A path that does not exist is reported in the
    report's errors and the rest is indexed. `author` names the author of the files in `paths`
    (for reports that do not state it); it is remembered for later re-parses. `jobs` is how many
    processes parse and write a new generation (default: one per CPU, at most 4, for more than a
    few files); an update of the live generation is written by this process.
    """
    from uprsearch.reader import find_sources

    started = time.monotonic()
    report = UpdateReport()
    location.mkdir(parents=True, exist_ok=True)
    with _Lock(location):
        live = _live_generation(location)
        old: Meta | None = None
        if live is not None:
            try:
                old = Meta.from_json((live / META).read_text(encoding="utf-8"))
            except (_VersionMismatch, ValueError, KeyError, TypeError):
                old = None
        explicit = rebuild  # asked for: only the paths given; otherwise the index keeps its sources
        if old is None:
            rebuild = True
        report.rebuilt = rebuild

        files = []
        for path in paths:
            try:
                files += [p.resolve() for p in find_sources([path])]
            except UprError as exc:  # a missing path is reported; the others are still indexed
                report.errors.append(exc)
        given = set(files)
        known_ok = old is not None and (not explicit or include_known)
        known = [Path(s) for s in old.sources if Path(s).is_file()] if known_ok else []
        if refresh_known or include_known:
            files += known
        files = list(dict.fromkeys(files))

        all_sources = set(map(str, files)) | set(map(str, known))
        dirs = knowledge_dirs(all_sources)
        fingerprint = knowledge_fingerprint(dirs, location)
        if old is not None and not explicit and old.knowledge != fingerprint:
            # Organisations, acronyms or themes changed (or uprsearch did): re-tag everything.
            rebuild = report.rebuilt = True
            files = list(dict.fromkeys(files + known))

        # Plan: which files to parse, which documents to drop.
        catalogs: dict[Path, dict] = {}
        to_parse: list[tuple[Path, str, str]] = []  # path, sha, catalog fingerprint
        previous = {} if (rebuild or old is None) else dict(old.sources)
        keep_docs: dict[str, DocEntry] = {}
        if old is not None and not rebuild:
            keep_docs = {e.document.id: e for e in old.documents}
        for path in files:
            sha = _file_sha(path)
            if sha is None:
                report.errors.append(UprError(f"{path}: cannot be read"))
                continue
            cat = _catalog_fingerprint(path, catalogs)
            before = previous.get(str(path))
            author_changed = bool(author) and path in given and before is not None and before.author != author
            if before is not None and before.sha256 == sha and before.catalog == cat and not author_changed:
                report.unchanged += 1
                continue
            to_parse.append((path, sha, cat))
        drop_docs: set[str] = set()
        sources = dict(previous)
        for src, entry in previous.items():
            if not Path(src).is_file():
                drop_docs.add(entry.doc)
                sources.pop(src)
                report.removed += 1
        for path, _, _ in to_parse:
            entry = previous.get(str(path))
            if entry is not None:
                drop_docs.add(entry.doc)
                sources.pop(str(path))
        if not rebuild and not to_parse and not drop_docs:
            _prune_leftovers(location, live)
            return _finish(report, old, started)

        # Parse each file and write its chunks straight away (nothing is held but the metadata):
        # kept documents keep their order, replaced ones their place, new ones go at the end.
        # Ids and places are given before parsing (a file's id does not depend on its text), so
        # that worker processes can write their files' chunks in segments of their own.
        from uprsearch.pipeline import Knowledge, document_id_for, free_id, worker_count

        knowledge = Knowledge.load(dirs)
        if on_plan:
            on_plan(len(to_parse))
        entries: dict[str, DocEntry] = {k: v for k, v in keep_docs.items() if k not in drop_docs}
        old_order = {e.document.id: e.order for e in old.documents} if old else {}
        previous_ids = {str(p): e.doc for p, e in previous.items()} if previous else {}
        next_order = max([e.order for e in entries.values()] + list(old_order.values()) + [0]) + 1
        places: dict[Path, tuple[str, int]] = {}  # path -> (document id, order)
        taken = set(entries)
        for path, _, _ in to_parse:
            doc_id = free_id(previous_ids.get(str(path)) or document_id_for(path, catalogs), taken)
            taken.add(doc_id)
            order = old_order.get(doc_id) if not explicit else None
            if order is None:
                order, next_order = next_order, next_order + 1
            places[path] = (doc_id, order)
        parsed_count = 0
        generation = _GenerationWriter(location, live if not rebuild else None, live)
        try:
            generation.delete_documents(drop_docs)
            planned = {path: (sha, cat) for path, sha, cat in to_parse}
            remembered = {Path(src): e.author for src, e in (old.sources.items() if old else ()) if e.author}
            authors = {path: (author if author and path in given else remembered.get(path, "")) for path in planned}
            authors = {path: name for path, name in authors.items() if name}
            work = _BuildWork(knowledge, catalogs, authors, places)
            # Workers for a new generation only: an update of a live one keeps Whoosh's merging of
            # small segments, which would run differently with one segment per worker
            jobs = worker_count(jobs, len(planned)) if generation.base is None else 1
            parsed = work.in_processes(generation, list(planned), jobs) if jobs > 1 else work.here(generation, list(planned))
            failures: dict[Path, list] = {}
            # closed on the way out, whatever ends the loop (Ctrl-C in on_file…): the workers are
            # stopped before the generation they write into is removed
            with contextlib.closing(parsed):
                for path, errors, documents in parsed:
                    sha, cat = planned[path]
                    failures[path] = errors
                    for doc in documents:
                        parsed_count += 1
                        doc_id, order = places[path]
                        entry = DocEntry(
                            doc.document, order, doc.chunks, doc.statements, list(doc.organisations), *doc.counts
                        )
                        entries[doc_id] = entry
                        sources[str(path)] = SourceEntry(sha, doc_id, cat, authors.get(path, ""))
                        if str(path) in previous:
                            report.replaced += 1
                        else:
                            report.added += 1
                    if on_file:
                        on_file(path)
            # the planned order, whichever order the files were done in
            report.errors.extend(error for path in planned for error in failures.get(path, ()))
            done = {str(path): None for path in planned if str(path) in sources}
            sources = {**{k: v for k, v in sources.items() if k not in done}, **{k: sources[k] for k in done}}
            if rebuild:
                report.added, report.replaced = parsed_count, 0

            meta = Meta(
                built=time.time(),
                roots=_unique([*(old.roots if old else []), *(str(Path(p).resolve()) for p in paths)]),
                knowledge=fingerprint,
                documents=sorted(entries.values(), key=lambda e: e.order),
                sources=sources,
                acronyms=dict(knowledge.acronyms),
                themes=[{"slug": t.slug, "label": t.label} for t in knowledge.taxonomy.themes],
            )
            registry = knowledge.registry.copy()
            for entry in meta.documents:
                for org in entry.organisations:
                    registry.add(org)
            meta.organisations = list(registry)
            meta.expansions = {
                " ".join(words): [list(f) for f in forms]
                for words, forms in build_expansions(meta.acronyms, meta.organisations).items()
            }
            generation.commit(meta)
        except WorkerFailed as exc:
            generation.abort()
            raise WorkerFailed(f"indexing stopped: {exc}; the index was not changed") from None
        except BaseException:
            generation.abort()
            raise
        return _finish(report, meta, started)


@dataclass
class _PreparedDocument:
    """A parsed document made ready for the writer: what its DocEntry needs, and each chunk's
    field values (but its place, "pos", given when it is written)."""

    document: Document
    organisations: list[Organisation]
    chunks: int
    statements: int
    counts: tuple[dict[str, list[int]], dict[str, list[int]]]
    fields: list[dict[str, Any]]


@dataclass
class _BuildWork:
    """Parsing the planned files and writing their chunks: in this process, into the generation's
    writer, or in forked worker processes, each writing a run of the files (in order) into a
    segment of its own. Either way each file's (path, errors, documents) comes back, the documents
    without their chunks' fields, and every chunk is written with the id and place planned for its
    file. From workers, files come back as they are done, not in the order given: the caller puts
    what depends on the order back in that order."""

    knowledge: Any
    catalogs: dict
    authors: dict[Path, str]
    places: dict[Path, tuple[str, int]]

    def _parsed(self, path: Path) -> tuple[list, list["_PreparedDocument"]]:
        from uprsearch.pipeline import parse_one

        errors, documents = parse_one(path, self.knowledge, self.catalogs, self.authors.get(path))
        doc_id, _ = self.places[path]
        for doc in documents:
            doc.rename(doc_id)
        return errors, [_prepare_document(doc) for doc in documents]

    def _write(self, add, path: Path, doc: "_PreparedDocument") -> None:
        _, order = self.places[path]
        for seq, fields in enumerate(doc.fields):
            fields["pos"] = order * DOC_STRIDE + seq
            add(fields)
        doc.fields = []  # written: only the document's summary goes on

    def here(self, generation: "_GenerationWriter", paths: list[Path]) -> Iterator[tuple[Path, list, list]]:
        for path in paths:
            errors, documents = self._parsed(path)
            for doc in documents:
                self._write(generation.add_chunk, path, doc)
            yield path, errors, documents

    def in_processes(self, generation: "_GenerationWriter", paths: list[Path], processes: int) -> Iterator[tuple[Path, list, list]]:
        from uprsearch.pipeline import run_forked, split_by_size
        from uprsearch.reader import catalog_entry

        for path in paths:  # read before the fork, so that every worker has them
            catalog_entry(path, self.catalogs)
        runs = [run for run in split_by_size(paths, processes) if run]

        def job(run: list[Path]):
            def work(report) -> tuple:
                writer = generation.part_writer()
                for path in run:
                    errors, documents = self._parsed(path)
                    for doc in documents:
                        self._write(writer.add_values, path, doc)
                    report((path, errors, documents))
                return writer.finish_part()
            return work

        parts: list = [None] * len(runs)
        for number, done, payload in run_forked([job(run) for run in runs]):
            if done:
                parts[number] = payload
            else:
                yield payload  # as each worker finishes a file, not in the planned order
        generation.add_parts(parts)


def _prepare_document(parsed: ParsedDocument) -> _PreparedDocument:
    fields = []
    for chunk in parsed.chunks:
        values = _document_fields(chunk, parsed.document, 0)
        del values["pos"]  # given when the chunk is written
        fields.append(values)
    return _PreparedDocument(
        parsed.document,
        list(parsed.organisations),
        len(parsed.chunks),
        sum(len(c.statements) for c in parsed.chunks),
        _counts(parsed),
        fields,
    )


def _counts(doc: ParsedDocument) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Per organisation and per theme: how many chunks and statements of the document."""
    orgs: dict[str, list[int]] = {}
    themes: dict[str, list[int]] = {}
    for chunk in doc.chunks:
        attributed = attributions(chunk, doc.document)
        speakers = set(chunk.orgs) | {o for _, ids in attributed for o in ids}
        for org in speakers:
            counts = orgs.setdefault(org, [0, 0])
            counts[0] += 1
            counts[1] += sum(1 for _, ids in attributed if org in ids)
        for theme in chunk.themes:
            counts = themes.setdefault(theme, [0, 0])
            counts[0] += 1
            counts[1] += len(chunk.statements)
    return orgs, themes


def _finish(report: UpdateReport, meta: Meta | None, started: float) -> UpdateReport:
    if meta is not None:
        report.documents = len(meta.documents)
        report.chunks = sum(e.chunks for e in meta.documents)
        report.organisations = len({o for e in meta.documents for o in e.orgs})
    report.seconds = time.monotonic() - started
    return report


class _GenerationWriter:
    """A new generation being written: Whoosh's writer open on it while documents stream in.

    Started from hard links to `base` (an incremental update) or empty (a rebuild); made live by
    commit(), removed by abort(), so a failed or killed build leaves the live generation alone.
    """

    def __init__(self, location: Path, base: Path | None, previous: Path | None):
        from whoosh import index as whoosh_index

        self.location = location
        self.previous = previous
        self.base = base
        self.gen = location / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        self.gen.mkdir()
        self.writer = None
        self.parts: list[tuple[Any, dict[str, Any] | None]] = []  # the workers' (segment, values)
        try:
            if base is not None:
                for item in base.iterdir():
                    if item.name == META or item.name.endswith("LOCK"):
                        continue
                    try:
                        os.link(item, self.gen / item.name)
                    except OSError:
                        shutil.copy2(item, self.gen / item.name)
                self.ix = whoosh_index.open_dir(str(self.gen))
            else:
                self.ix = whoosh_index.create_in(str(self.gen), _schema())
            self.writer = _build_writer_class()(self.ix, limitmb=BUILD_LIMIT_MB)
        except BaseException:
            shutil.rmtree(self.gen, ignore_errors=True)
            raise

    def delete_documents(self, doc_ids: Iterable[str]) -> None:
        for doc_id in doc_ids:
            self.writer.delete_by_term("doc", doc_id)

    def add_chunk(self, fields: dict[str, Any]) -> None:
        self.writer.add_document(**fields)

    def part_writer(self) -> Any:
        """A writer for a worker process (forked from this one): its own segment, no lock (this
        process holds it); finish_part() hands the segment back for commit()."""
        return _build_writer_class()(self.ix, limitmb=BUILD_LIMIT_MB, _lk=False)

    def add_parts(self, parts: list[tuple[Any, dict[str, Any] | None] | None]) -> None:
        """The workers' (segment, per-document values) in the order of their runs of files."""
        self.parts = [part for part in parts if part is not None and part[0] is not None]

    def commit(self, meta: Meta) -> None:
        parts = self.parts
        if parts:
            # a new generation written by workers: their segments are all it holds
            self.writer.commit_with([segment for segment, _ in parts], optimize=False)
        else:
            self.writer.commit(optimize=self.base is None)
        self.writer_used, self.writer = self.writer, None
        # the read path's sidecars (query side); a rebuild's per-document values come from the
        # build writer's own pass over the postings, not from reading the new index back
        docvalues = None
        if self.base is None:
            made = [values for _, values in parts] if parts else [getattr(self.writer_used, "docvalues", None)]
            if all(v is not None for v in made):
                docvalues = _merge_docvalues(made)
        write_docvalues(self.ix, self.gen, meta, docvalues=docvalues)
        self.ix.close()
        _write_atomic(self.gen / META, meta.to_json())
        _write_atomic(self.location / POINTER, self.gen.name + "\n")
        _prune(self.location, keep={self.gen.name, self.previous.name if self.previous else ""})

    def abort(self) -> None:
        if self.writer is not None:
            # a half-written segment may fail to cancel too; its whole folder is removed below anyway
            with contextlib.suppress(Exception):
                self.writer.cancel()
            self.writer = None
        live = _live_generation(self.location)
        if live is None or live.resolve() != self.gen.resolve():
            shutil.rmtree(self.gen, ignore_errors=True)


# The build writer: Whoosh's SegmentWriter with a faster road for postings. Whoosh sends every
# posting as a tuple through a sorting pool that pickles each one to a run file and back, asks
# the file system whether a length column exists for every posting of a keyword field, and runs
# the analyzer twice over each text (once for the stems, once for the spelling words). Here the
# text is tokenised once (exactly as the analyzer does: see _analyse_text), postings are grouped
# by term as they arrive (a term's postings come in document order), only the vocabulary is
# sorted, a full buffer is spilled as one marshal record per term, and the spelling words are counted
# rather than posted once per document. The files written are Whoosh's own, read by Whoosh.

BUILD_LIMIT_MB = 64  # postings held in memory (estimated) before a spill to a sorted run file
# Posting blocks are written as plain pickles, not zlib'd (Whoosh's default level is 3): a query
# reads every block of its terms, and decompressing them was a quarter of the time spent reading
# postings. (Whoosh records each block's level in the block, so either kind reads back.)
POSTING_COMPRESSION = 0
_TOKEN_RX = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*")  # whoosh.analysis.tokenizers.default_pattern


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from whoosh.analysis import STOP_WORDS

    return frozenset(STOP_WORDS) - _KEEP_WORDS


def _analyse_text(text: str, terms: dict[str, bytes | None]) -> tuple[dict[bytes, list[int]], set[str]]:
    """{term bytes: positions} and the set of unstemmed words of a text, as analyzer() makes them:
    RegexTokenizer (default pattern), LowercaseFilter, StopFilter (minsize 2, renumbered from the
    first kept token) and Porter2 stems. `terms` caches each lower-case word's term (None for a
    word the stop filter drops), so a word seen before costs one lookup."""
    lowered = text.lower()
    if len(lowered) == len(text):
        # each character lowered to one (all but a few, such as "İ"): the same tokens, lowered
        tokens = _TOKEN_RX.findall(lowered)
    else:
        tokens = [token.lower() for token in _TOKEN_RX.findall(text)]
    positions: defaultdict[bytes, list[int]] = defaultdict(list)
    words: set[str] = set()
    pos = -1
    first = True
    for i, word in enumerate(tokens):
        term = terms.get(word, _UNSEEN)
        if term is _UNSEEN:
            term = terms[word] = _term_of(word)
        if term is None:
            continue
        if first:
            pos, first = i, False
        else:
            pos += 1
        words.add(word)
        positions[term].append(pos)
    return positions, words


_UNSEEN = object()


def _term_of(word: str) -> bytes | None:
    """A lower-case word's term bytes (its Porter2 stem), None if the stop filter drops it."""
    from whoosh.lang.porter2 import stem

    if len(word) < 2 or word in _stop_words():
        return None
    return stem(word).encode("utf-8")


_TERMS: dict[str, bytes | None] = {}  # each word seen -> its term (see _analyse_text), for the life of the process
_SINGLE_POSITION: dict[int, bytes] = {}  # position -> Positions-encoded value of that one position
_KEYWORD_TERMS: dict[tuple, list] = {}  # (field, values) -> postings of a keyword field

# How the build writer indexes a field (see _field_plan)
_STORED_ONLY, _FAST_TEXT, _KEYWORDS, _GENERIC = range(4)


def _field_plan(field) -> int:
    """_FAST_TEXT: _analyse_text makes the field's postings (our analyzer, positions, no
    vectors); _KEYWORDS: unscored keywords, whose postings repeat from chunk to chunk and are
    cached; _STORED_ONLY: no postings and no spelling words; _GENERIC: Whoosh's field.index."""
    from whoosh.fields import TEXT

    spelling = field.separate_spelling()
    if not field.indexed and not spelling:
        return _STORED_ONLY
    if (isinstance(field, TEXT) and not field.vector and type(field.format).__name__ == "Positions"
            and field.analyzer == analyzer()):
        return _FAST_TEXT
    if not spelling and not field.scorable:
        return _KEYWORDS
    return _GENERIC


def _other_postings(name: str, field, plan: int, value) -> tuple[list[tuple[bytes, float, bytes]], int, list[str] | None]:
    """([(term bytes, weight, value bytes)], length, spelling words or None) of a field that is not
    _FAST_TEXT (or a value that is not a string), as Whoosh's writer makes them."""
    if plan == _KEYWORDS and isinstance(value, list):
        key = (name, tuple(value))
        terms = _KEYWORD_TERMS.get(key)
        if terms is None:
            if len(_KEYWORD_TERMS) > 50_000:
                _KEYWORD_TERMS.clear()
            terms = _KEYWORD_TERMS[key] = [(tbytes, weight, vbytes or b"") for tbytes, _, weight, vbytes in field.index(value)]
        return terms, 0, None
    terms, length = [], 0
    if field.indexed:
        scorable = field.scorable
        for tbytes, freq, weight, vbytes in field.index(value):
            if scorable:
                length += freq
            terms.append((tbytes, weight, vbytes or b""))
    words = list(field.spellable_words(value)) if field.separate_spelling() else None
    return terms, length, words


class _PostingBuffer:
    """Postings grouped by field and term: {field: {term bytes: [docnum, weight, value, ...]}};
    spilled to a run file (one marshal record per term, terms sorted) when the estimate passes the limit;
    spelling words counted per field. iter_terms() merges the runs and memory in term order."""

    def __init__(self, tempdir: Path, limit_mb: int):
        self.tempdir = tempdir
        self.limit = limit_mb * 1024 * 1024
        self.size = 0
        self.fields: dict[str, dict[bytes, list]] = {}
        self.spelling: dict[str, Counter[str]] = {}
        self.runs: list[Path] = []
        self.fieldnames: set[str] = set()

    def terms(self, fieldname: str) -> dict[bytes, list]:
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
            self.fieldnames.add(fieldname)
        return terms

    def add(self, item) -> None:  # Whoosh's pool interface (segment merges use it)
        fieldname, tbytes, docnum, weight, vbytes = item
        terms = self.terms(fieldname)
        plist = terms.get(tbytes)
        if plist is None:
            terms[tbytes] = [docnum, weight, vbytes or b""]
        else:
            plist += (docnum, weight, vbytes or b"")
        self.grew(48 + len(vbytes or b""))

    def count_spelling(self, fieldname: str, words: Iterable[str]) -> None:
        """Count each (unstemmed) word once more for the field's spelling dictionary."""
        counts = self.spelling.get(fieldname)
        if counts is None:
            counts = self.spelling[fieldname] = Counter()
            self.fieldnames.add(fieldname)
        counts.update(words)  # counted in C

    def grew(self, nbytes: int) -> None:
        self.size += nbytes
        if self.size > self.limit:
            self.spill()

    def spill(self) -> None:
        import marshal

        self.tempdir.mkdir(parents=True, exist_ok=True)
        path = self.tempdir / f"run-{len(self.runs)}-{uuid.uuid4().hex[:8]}.marshal"
        with open(path, "wb") as fh:
            dump = marshal.dump
            for fieldname in sorted(self.fields):
                terms = self.fields[fieldname]
                for tbytes in sorted(terms):
                    dump((fieldname, tbytes, terms[tbytes]), fh)  # each record stands alone
        self.runs.append(path)
        self.fields = {}
        self.size = 0

    def _read_run(self, path: Path, seq: int):
        import marshal

        with open(path, "rb") as fh:
            load = marshal.load
            while True:
                try:
                    fieldname, tbytes, plist = load(fh)
                except EOFError:
                    return
                yield (fieldname, tbytes), seq, plist

    def _memory(self, seq: int):
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for tbytes in sorted(terms):
                yield (fieldname, tbytes), seq, terms[tbytes]

    def _spelling(self):
        from whoosh.system import pack_uint

        for fieldname in sorted(self.spelling):
            counts = self.spelling[fieldname]
            for word in sorted(counts):  # code point order is UTF-8 byte order
                n = counts[word]
                yield (fieldname, word.encode("utf-8")), -1, [0, n, pack_uint(n)]

    def iter_terms(self):
        """(fieldname, term bytes, [docnum, weight, value, ...]) in field and term order."""
        import heapq

        sources = [self._spelling()] + [self._read_run(p, i) for i, p in enumerate(self.runs)]
        sources.append(self._memory(len(self.runs)))
        merged = heapq.merge(*sources, key=lambda item: (item[0], item[1]))
        current, plist, parts = None, None, 0
        for key, _, postings in merged:
            if key != current:
                if current is not None:
                    yield current[0], current[1], _in_doc_order(plist) if parts > 1 else plist
                current, plist, parts = key, postings, 1
            else:
                plist = plist + postings
                parts += 1
        if current is not None:
            yield current[0], current[1], _in_doc_order(plist) if parts > 1 else plist

    def cleanup(self) -> None:
        for path in self.runs:
            try:
                path.unlink()
            except OSError:
                pass
        self.runs = []
        self.fields = {}
        self.spelling = {}


def _in_doc_order(plist: list) -> list:
    docnums = plist[0::3]
    if all(a <= b for a, b in zip(docnums, docnums[1:])):
        return plist
    triples = sorted(zip(plist[0::3], plist[1::3], plist[2::3]), key=lambda t: t[0])
    return [x for t in triples for x in t]


class _DocValuesBuilder:
    """_compute_docvalues' result, from the postings as the build writer writes them (fields and
    terms in order, each term's documents ascending): per field, the values in lexicon order and
    each document's value codes ascending; the id of each document."""

    def __init__(self, count: int):
        from array import array

        self.count = count
        self.ids: list[str | None] = [None] * count
        self.tables: dict[str, dict[str, int]] = {name: {} for name in DOCVALUE_FIELDS}
        self.pairs = {name: (array("I"), array("I")) for name in DOCVALUE_FIELDS}  # (doc, code)

    def add(self, fieldname: str, tbytes: bytes, plist: list) -> None:
        if fieldname == "id":
            text = tbytes.decode("utf-8")
            for docnum in plist[0::3]:
                self.ids[docnum] = text
        elif fieldname in self.tables:
            table = self.tables[fieldname]
            code = table.setdefault(tbytes.decode("utf-8"), len(table))
            docs, codes = self.pairs[fieldname]
            docnums = plist[0::3]
            docs.extend(docnums)
            codes.extend([code] * len(docnums))

    def data(self) -> dict[str, Any]:
        from array import array

        fields = {}
        for name in DOCVALUE_FIELDS:
            docs, codes = self.pairs[name]
            per_doc = [0] * (self.count + 1)
            for d in docs:
                per_doc[d + 1] += 1
            offsets = array("I", [0] * (self.count + 1))
            total = 0
            for i in range(1, self.count + 1):
                total += per_doc[i]
                offsets[i] = total
            ordered = array("I", [0] * len(codes))
            fill = list(offsets[:-1])
            for d, c in zip(docs, codes):  # codes arrive ascending, so each document's stay sorted
                ordered[fill[d]] = c
                fill[d] += 1
            fields[name] = (list(self.tables[name]), offsets, ordered)
        return {"version": DOCVALUES_VERSION, "count": self.count, "ids": self.ids, "fields": fields}


def _merge_docvalues(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """The per-document values of segments listed one after another, as _compute_docvalues reads
    them from the whole index: ids in order, each field's values in order of first appearance
    (segment by segment), each document's value codes ascending."""
    from array import array

    if len(parts) == 1:
        return parts[0]
    ids: list[str | None] = []
    for part in parts:
        ids.extend(part["ids"])
    fields = {}
    for name in DOCVALUE_FIELDS:
        table: dict[str, int] = {}
        offsets, codes = array("I", [0]), array("I")
        for part in parts:
            values, part_offsets, part_codes = part["fields"][name]
            remap = [table.setdefault(v, len(table)) for v in values]
            base = len(codes)
            if remap == list(range(len(remap))):  # codes unchanged (the first part, or the same values)
                codes.extend(part_codes)
                offsets.extend(base + o for o in part_offsets[1:])
                continue
            starts = part_offsets.tolist()
            part_codes = part_codes.tolist()
            for a, b in zip(starts, starts[1:]):
                codes.extend(sorted(remap[c] for c in part_codes[a:b]))
                offsets.append(len(codes))
        fields[name] = (list(table), offsets, codes)
    return {"version": DOCVALUES_VERSION, "count": len(ids), "ids": ids, "fields": fields}


def _add_postings_in_blocks(pw, plist: list, lengths: list[int] | None) -> None:
    """What W3PostingsWriter.add_posting does for each posting of a term, a block at a time:
    blocks of `_blocklimit` postings, the block's largest weight and its shortest and longest
    document (lengths of 0 not counted), values only where not empty."""
    limit = pw._blocklimit
    docnums, weights, values = plist[0::3], plist[1::3], plist[2::3]
    n = len(docnums)
    i = 0
    while i < n:
        if len(pw._ids) >= limit:
            pw._write_block()
        j = min(n, i + limit - len(pw._ids))
        ids, ws = docnums[i:j], weights[i:j]
        pw._ids.extend(ids)
        pw._weights.extend(ws)
        top = max(ws)
        if top > pw._maxweight:
            pw._maxweight = top
        pw._values.extend(v for v in values[i:j] if v)
        if lengths is not None:
            lens = [lengths[d] for d in ids if lengths[d]]
            if lens:
                low, high = min(lens), max(lens)
                if pw._minlength is None or low < pw._minlength:
                    pw._minlength = low
                if high > pw._maxlength:
                    pw._maxlength = high
        i = j


def _pickle_blocks_with_the_highest_protocol() -> None:
    """Whoosh's codec pickles each posting block with protocol 2, which has no opcode for bytes:
    every position value in a block becomes a call to _codecs.encode when the block is read, 90%
    of the time a query spends reading blocks. Blocks written with the highest protocol read back
    the same values ~8 times faster; Whoosh's reader unpickles either (so indexes written before
    read as they did)."""
    import pickle

    from whoosh.codec import whoosh3

    def dumps(obj, protocol=None):
        return pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)

    whoosh3.dumps = dumps


@lru_cache(maxsize=1)
def _build_writer_class():
    from whoosh.codec.whoosh3 import W3Codec, _lenfield
    from whoosh.writing import SegmentWriter

    _pickle_blocks_with_the_highest_protocol()

    class BuildWriter(SegmentWriter):
        def __init__(self, ix, limitmb: int = BUILD_LIMIT_MB, **kwargs):
            if "codec" not in kwargs:
                kwargs["codec"] = W3Codec(compression=POSTING_COMPRESSION)
            super().__init__(ix, limitmb=limitmb, **kwargs)
            self.pool = _PostingBuffer(Path(self.storage.folder) / f".build-{uuid.uuid4().hex[:8]}", limitmb)
            self._terms = _TERMS
            self._plans: dict[str, int] = {}  # field name -> _field_plan
            self._vectors = any(f.vector for _, f in self.schema.items())

        def add_document(self, **fields):
            if any(name.startswith("_") for name in fields):
                return super().add_document(**fields)
            self.add_values(fields)

        def add_values(self, fields: dict[str, Any]) -> None:
            """add_document(**fields), its text analysed in one pass (_analyse_text) and its
            postings put straight into the buffer."""
            self._check_state()
            if self._vectors:
                return super().add_document(**fields)
            perdocwriter = self.perdocwriter
            schema = self.schema
            docnum = self.docnum
            pool = self.pool
            plans = self._plans
            fieldnames = sorted(fields)
            self._check_fields(schema, fieldnames)
            perdocwriter.start_doc(docnum)
            try:
                grown = 0
                for fieldname in fieldnames:
                    value = fields[fieldname]
                    if value is None:
                        continue
                    field = schema[fieldname]
                    plan = plans.get(fieldname)
                    if plan is None:
                        plan = plans[fieldname] = _field_plan(field)
                    length = 0
                    if plan == _FAST_TEXT and isinstance(value, str):
                        positions, words = _analyse_text(value, self._terms)
                        terms = pool.terms(fieldname)
                        encode, boost = field.format.encode, field.format.field_boost
                        single = _SINGLE_POSITION
                        for tbytes, plist in positions.items():
                            n = len(plist)
                            length += n
                            if n == 1:  # most words occur once in a paragraph: the value depends on the position only
                                vbytes = single.get(plist[0])
                                if vbytes is None:
                                    vbytes = single[plist[0]] = encode(plist)
                            else:
                                vbytes = encode(plist)
                            postings = terms.get(tbytes)
                            if postings is None:
                                terms[tbytes] = [docnum, float(n) * boost, vbytes]
                            else:
                                postings += (docnum, float(n) * boost, vbytes)
                            grown += 56 + len(vbytes)
                        if field.separate_spelling():
                            pool.count_spelling(field.spelling_fieldname(fieldname), words)
                    elif plan != _STORED_ONLY:
                        postings_in, length, words = _other_postings(fieldname, field, plan, value)
                        if postings_in:
                            terms = pool.terms(fieldname)
                            for tbytes, weight, vbytes in postings_in:
                                postings = terms.get(tbytes)
                                if postings is None:
                                    terms[tbytes] = [docnum, weight, vbytes]
                                else:
                                    postings += (docnum, weight, vbytes)
                                grown += 56 + len(vbytes)
                        if words:
                            pool.count_spelling(field.spelling_fieldname(fieldname), words)
                    perdocwriter.add_field(fieldname, field, value if field.stored else None, length)
                    column = field.column_type
                    if column:
                        perdocwriter.add_column_value(fieldname, column, field.to_column_value(value))
            except Exception:
                perdocwriter.cancel_doc()
                raise
            perdocwriter.finish_doc()
            self._added = True
            self.docnum += 1
            pool.grew(grown)

        def _flush_segment(self):
            self.perdocwriter.close()
            pdr = self.per_document_reader() if self.codec.length_stats else None
            fw = self.fieldwriter
            bulk = type(fw).__name__ == "W3FieldWriter"  # whose posting writer _add_postings_in_blocks knows
            doccount = self.docnum
            # A new index of this one segment: the read path's per-document values (what
            # _compute_docvalues reads back from the index) are made here on the way.
            values = _DocValuesBuilder(doccount) if not self.segments and self.docbase == 0 else None
            lastfn = None
            lengths = None
            for fieldname, tbytes, plist in self.pool.iter_terms():
                if fieldname != lastfn:
                    if lastfn is not None:
                        fw.finish_field()
                    fw.start_field(fieldname, self.schema[fieldname])
                    lastfn = fieldname
                    lengths = None
                    if pdr is not None and pdr.has_column(_lenfield(fieldname)):
                        lengths = [pdr.doc_field_length(d, fieldname) for d in range(doccount)]
                if values is not None:
                    values.add(fieldname, tbytes, plist)
                fw.start_term(tbytes)
                pw = getattr(fw, "_postwriter", None)
                if pw is not None and bulk:
                    _add_postings_in_blocks(pw, plist, lengths)
                else:
                    add = fw.add
                    for i in range(0, len(plist), 3):
                        d = plist[i]
                        add(d, plist[i + 1], plist[i + 2], lengths[d] if lengths is not None else 0)
                fw.finish_term()
            if lastfn is not None:
                fw.finish_field()
            fw.close()
            if pdr is not None:
                pdr.close()
            self.docvalues = values.data() if values is not None else None

        def _close_segment(self):
            super()._close_segment()
            shutil.rmtree(self.pool.tempdir, ignore_errors=True)

        def finish_part(self) -> tuple[Any, dict[str, Any] | None]:
            """In a worker: write this writer's segment and hand it over (with its per-document
            values), or (None, None) if it was given nothing; the parent's commit_with lists it."""
            if not self._added:
                self._close_segment()
                return None, None
            segment = self._finalize_segment()
            return segment, self.docvalues

        def commit_with(self, segments: list, optimize: bool = False) -> None:
            """commit(), with the workers' segments listed after this writer's own."""
            self._check_state()
            final = self._merge_segments(None, optimize, None)
            if self._added:
                final.append(self._finalize_segment())
            else:
                self._close_segment()
            self._commit_toc(final + list(segments))
            self._finish()

    return BuildWriter


def _prune_leftovers(location: Path, live: Path | None) -> None:
    """Under the lock, with nothing to write: remove what a killed build left (a generation never
    completed), keeping the live generation and the last complete one before it."""
    if live is None:
        return
    complete = sorted(
        (g for g in location.glob("gen-*") if g.is_dir() and g.name != live.name and (g / META).is_file()),
        key=lambda g: g.stat().st_mtime,
    )
    _prune(location, keep={live.name, complete[-1].name if complete else ""})


def _prune(location: Path, keep: set[str]) -> None:
    """Remove generations other than the live one and the one it replaced (a reader may still be
    opening that one); files held open by readers stay readable on POSIX."""
    for item in location.iterdir():
        if item.is_dir() and item.name.startswith("gen-") and item.name not in keep:
            shutil.rmtree(item, ignore_errors=True)
    for item in location.glob(".*.tmp"):
        try:
            item.unlink()
        except OSError:
            pass


# --------------------------------------------------------------------------------------------
# Per-document values beside Whoosh's files (a generation's sidecar, for the read path)

DOCVALUES = "docvalues.pickle"
DOCVALUES_VERSION = 1
DOCVALUE_FIELDS = FACET_FIELDS  # org, theme, section, doc


def write_docvalues(ix, gen: Path, meta: "Meta | None" = None, docvalues: dict[str, Any] | None = None) -> None:
    """After a commit: each document's id and facet values (org, theme, section, doc), by Whoosh
    document number, in `gen`/docvalues.pickle. Facet counts and `--format ids` then read these
    arrays instead of Whoosh's stored fields or per-query facet caches. A generation is never
    changed after its commit, so the document numbers stay valid for its life. With `meta`, also
    what a query needs of it (`gen`/readmeta.pickle; see _ReadMeta). `docvalues`, where the
    build writer made them on its way (a rebuild: one new segment), are written as they are."""
    if docvalues is not None:
        _write_pickle(gen / DOCVALUES, docvalues)
    else:
        with ix.reader() as reader:
            _write_pickle(gen / DOCVALUES, _compute_docvalues(reader))
    if meta is not None:
        _write_pickle(gen / READMETA, _ReadMeta.from_meta(meta).to_data())


def _write_pickle(path: Path, data: Any) -> None:
    import pickle

    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with open(tmp, "wb") as fh:  # replaces (never writes through) a hard link from the base
        pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


READMETA = "readmeta.pickle"
READMETA_VERSION = 1


def _meta_schema(gen: Path) -> int | None:
    """The schema_version meta.json opens with (it stays the authority), from its first bytes."""
    with open(gen / META, "rb") as fh:
        head = fh.read(256)
    m = re.match(rb'\s*\{\s*"schema_version"\s*:\s*(\d+)\s*,', head)
    return int(m.group(1)) if m else None


@dataclass
class _ReadMeta:
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
    def from_meta(cls, meta: "Meta") -> "_ReadMeta":
        return cls(meta.schema_version, meta.knowledge, list(meta.sources), [e.document for e in meta.documents],
                   list(meta.organisations), dict(meta.acronyms), list(meta.themes), dict(meta.expansions))

    def to_data(self) -> dict[str, Any]:
        return {
            "version": READMETA_VERSION,
            "schema_version": self.schema_version,
            "knowledge": self.knowledge,
            "sources": self.sources,
            "documents": [asdict(d) for d in self.documents],
            "organisations": [asdict(o) for o in self.organisations],
            "acronyms": self.acronyms,
            "themes": self.themes,
            "expansions": self.expansions,
        }

    @classmethod
    def load(cls, gen: Path) -> "_ReadMeta | None":
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


def _compute_docvalues(reader) -> dict[str, Any]:
    """From the index's own postings: what each document number holds in the id and facet fields.
    (Deleted documents keep their old values; no query ever matches them.)"""
    from array import array

    count = reader.doc_count_all()
    ids: list[str | None] = [None] * count
    per_doc: dict[str, list[list[int]]] = {name: [[] for _ in range(count)] for name in DOCVALUE_FIELDS}
    tables: dict[str, dict[str, int]] = {name: {} for name in DOCVALUE_FIELDS}
    for leaf, offset in reader.leaf_readers():
        if "id" in leaf.indexed_field_names():
            for btext, info in leaf.iter_field("id"):
                text = btext.decode("utf-8") if isinstance(btext, bytes) else btext
                if info.doc_frequency() == 1 and info.min_id() is not None:
                    ids[offset + info.min_id()] = text
                else:
                    for docnum in leaf.postings("id", btext).all_ids():
                        ids[offset + docnum] = text
        for name in DOCVALUE_FIELDS:
            if name not in leaf.indexed_field_names():
                continue
            table, docs = tables[name], per_doc[name]
            for btext in leaf.lexicon(name):
                text = btext.decode("utf-8") if isinstance(btext, bytes) else btext
                code = table.setdefault(text, len(table))
                for docnum in leaf.postings(name, btext).all_ids():
                    docs[offset + docnum].append(code)
    fields = {}
    for name in DOCVALUE_FIELDS:
        offsets, codes = array("I", [0]), array("I")
        for values in per_doc[name]:
            codes.extend(sorted(values))
            offsets.append(len(codes))
        fields[name] = (list(tables[name]), offsets, codes)
    return {"version": DOCVALUES_VERSION, "count": count, "ids": ids, "fields": fields}


class _DocValues:
    """A generation's per-document values, loaded once per process (computed if the generation
    predates the sidecar)."""

    def __init__(self, data: dict[str, Any]):
        self.count = data["count"]
        self.ids: list[str | None] = data["ids"]
        self.fields = data["fields"]
        self._rows: dict[str, list[tuple[int, ...]]] = {}

    @classmethod
    def load(cls, gen: Path, reader) -> "_DocValues":
        import pickle

        try:
            with open(gen / DOCVALUES, "rb") as fh:
                data = pickle.load(fh)
            if data.get("version") == DOCVALUES_VERSION and data.get("count") == reader.doc_count_all():
                return cls(data)
        except (OSError, EOFError, ValueError, TypeError, AttributeError, KeyError, pickle.UnpicklingError):
            pass
        return cls(_compute_docvalues(reader))

    def rows(self, name: str) -> list[tuple[int, ...]]:
        """Each document's value codes of a field, as tuples (built on first use)."""
        rows = self._rows.get(name)
        if rows is None:
            _, offsets, codes = self.fields[name]
            codes = codes.tolist()
            starts = offsets.tolist()
            rows = [tuple(codes[a:b]) for a, b in zip(starts, starts[1:])]
            self._rows[name] = rows
        return rows

    def counts(self, name: str, docnums: Iterable[int]) -> dict[str, int]:
        """How many of these documents have each value of a field."""
        from itertools import chain

        rows = self.rows(name)
        values = self.fields[name][0]
        counted = Counter(chain.from_iterable(map(rows.__getitem__, docnums)))
        return {values[code]: n for code, n in counted.items()}


# --------------------------------------------------------------------------------------------
# Scoring: Whoosh's BM25F with each segment's field lengths read once, not per document


@lru_cache(maxsize=1)
def _weighting():
    from whoosh import scoring

    class BM25F(scoring.BM25F):
        """scoring.BM25F, the same figures: the per-document field length comes from a list."""

        def scorer(self, searcher, fieldname, text, qf=1):
            if not searcher.schema[fieldname].scorable:
                return scoring.WeightScorer.for_(searcher, fieldname, text)
            B = self._field_B.get(fieldname, self.B)
            return _BM25FScorer(searcher, fieldname, text, B, self.K1, qf=qf)

    class _BM25FScorer(scoring.BM25FScorer):
        def setup(self, searcher, fieldname, text):
            super().setup(searcher, fieldname, text)
            self.lengths = lengths = _field_lengths(searcher.reader(), fieldname)
            self.length_bytes = _field_length_bytes(searcher.reader(), fieldname)
            if lengths is not None:
                self.dfl = lengths.__getitem__

        def score(self, matcher):
            return scoring.bm25(self.idf, matcher.weight(), self.dfl(matcher.id()), self.avgfl, self.B, self.K1)

    return BM25F()


def _score_word_pair(q, subsearcher, context, offset: int, allow, items: list) -> bool:
    """Two words ANDed (`freedom expression`): both posting lists scored a block at a time as in
    _score_blocks, intersected through a dict; a document's score is the sum of the two, as
    Whoosh's IntersectionMatcher adds them (a sum of two is the same in either order). False if q
    is not two plain words or a posting list is not bare (the caller uses Whoosh's matcher)."""
    from whoosh import query as Q

    if type(q) is not Q.And or len(q.subqueries) != 2 or q.boost != 1.0:
        return False
    if not all(type(t) is Q.Term and t.boost == 1.0 for t in q.subqueries):
        return False
    lists = []
    for term in q.subqueries:
        matcher = term.matcher(subsearcher, context)
        if not matcher.is_active():
            return True  # a word this segment lacks: no document of it matches
        scored = _block_scores(matcher)
        if scored is None:
            return False
        lists.append(scored)
    (ids_a, scores_a), (ids_b, scores_b) = sorted(lists, key=lambda pair: len(pair[0]))
    first = dict(zip(ids_a, scores_a))
    get = first.get
    found = [(0 - (s + score_b), offset + d) for d, score_b in zip(ids_b, scores_b) if (s := get(d)) is not None]
    if allow is not None:
        found = [item for item in found if item[1] in allow]
    items.extend(found)
    return True


def _score_phrases(q, subsearcher, context, offset: int, allow, items: list) -> bool:
    """A phrase, or a phrase OR one other phrase or word (an abbreviation's expansion:
    `"human rights defenders"` is that phrase OR HRD), each posting list read once a block at a
    time. Whoosh's SpanNear2 skips each word's list to every candidate, reading dense words'
    blocks (and their positions) again and again. Scores as Whoosh's: a phrase scores the sum of
    its words' BM25F in its intersection tree's order; a document matching both sides of the OR
    scores their sum. False if q has another shape (the caller uses Whoosh's matcher)."""
    from whoosh import query as Q

    if type(q) is Q.Phrase:
        parts = [q]
    elif type(q) is Q.Or and len(q.subqueries) == 2 and q.boost == 1.0 and not q.scale and not q.minmatch:
        parts = list(q.subqueries)
        if not any(type(p) is Q.Phrase for p in parts):
            return False
    else:
        return False
    scored = []
    for part in parts:
        if type(part) is Q.Phrase:
            got = _phrase_scores(part, subsearcher, context)
        elif type(part) is Q.Term and part.boost == 1.0:
            matcher = part.matcher(subsearcher, context)
            got = _block_scores(matcher) if matcher.is_active() else ([], [])
        else:
            got = None
        if got is None:
            return False
        scored.append(got)
    if len(scored) == 1:
        found = [(0 - s, offset + d) for d, s in zip(*scored[0])]
    else:
        total = dict(zip(*scored[0]))
        for d, s in zip(*scored[1]):
            before = total.get(d)
            total[d] = s if before is None else before + s
        found = [(0 - s, offset + d) for d, s in total.items()]
    if allow is not None:
        found = [item for item in found if item[1] in allow]
    items.extend(found)
    return True


def _phrase_scores(phrase, subsearcher, context) -> tuple[list[int], list[float]] | None:
    """The documents where a phrase's words stand one after another (Whoosh's Phrase with slop 1:
    positions p, p+1, p+2...) and their scores; None if the phrase or a posting list is not plain."""
    from whoosh import query as Q

    if phrase.slop != 1 or phrase.boost != 1.0 or len(phrase.words) < 2 or phrase.fieldname not in subsearcher.schema:
        return None
    field = subsearcher.schema[phrase.fieldname]
    if not field.format or not field.format.supports("positions"):
        return None
    from itertools import accumulate

    reader = subsearcher.reader()
    lists = []
    for word in phrase.words:
        try:
            btext = field.to_bytes(word)
        except ValueError:
            return [], []
        if (phrase.fieldname, btext) not in reader:
            return [], []  # as Whoosh: a word the segment lacks matches nothing
        matcher = Q.Term(phrase.fieldname, btext).matcher(subsearcher, context)
        scorer = getattr(matcher, "scorer", None)
        if type(matcher).__name__ != "W3LeafMatcher" or getattr(scorer, "lengths", None) is None:
            return None
        ids: list[int] = []
        weights: list[float] = []
        values: list = []
        while matcher.is_active():
            if matcher._data is None:
                matcher._read_data()
            if matcher._ids is None:  # as _read_ids, the running sum by itertools.accumulate
                raw = matcher._data[0]
                matcher._ids = raw if matcher._byteids else tuple(accumulate(raw))
            matcher._read_weights()
            matcher._read_values()
            i = matcher._i
            ids.extend(matcher._ids[i:])
            weights.extend(matcher._weights[i:])
            values.extend(matcher._values[i:])
            matcher._next_block()
        lists.append((ids, weights, values, scorer, _positions_decoder(matcher.format)))
    smallest = min(lists, key=lambda entry: len(entry[0]))[0]
    candidates = set(smallest).intersection(*(entry[0] for entry in lists if entry[0] is not smallest))
    if not candidates:
        return [], []
    from bisect import bisect_left
    from itertools import repeat

    docs = sorted(candidates)
    columns = []  # per word: (weights, position values) of the candidates, in docs order
    for ids, ws, vs, _, _ in lists:
        at = list(map(bisect_left, repeat(ids), docs))
        columns.append(([ws[k] for k in at], [vs[k] for k in at]))
    scorers = [entry[3] for entry in lists]
    decoders = [entry[4] for entry in lists]
    n = len(lists)
    out_ids: list[int] = []
    out_scores: list[float] = []
    for j, d in enumerate(docs):
        # starts of the phrase so far: positions p of word 0 with p+i holding word i
        starts = decoders[0](columns[0][1][j])
        for i in range(1, n):
            held = set(decoders[i](columns[i][1][j]))
            starts = [p for p in starts if p + i in held]
            if not starts:
                break
        if not starts:
            continue
        word_scores = []
        for i, scorer in enumerate(scorers):
            tf = columns[i][0][j]
            k1, b = scorer.K1, scorer.B
            word_scores.append(scorer.idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * scorer.lengths[d] / scorer.avgfl))))
        out_ids.append(d)
        out_scores.append(_tree_sum(word_scores))
    return out_ids, out_scores


def _positions_decoder(fmt):
    """fmt.decode_positions (as a tuple); for Whoosh's Positions format the same steps without the
    per-call attribute lookups, with the running sum in C and each value decoded once per process
    (a phrase decodes ~5,000 of these at 100k)."""
    from whoosh import formats

    if type(fmt) is not formats.Positions:
        return fmt.decoder("positions")
    import pickle
    from itertools import accumulate

    from whoosh.system import _INT_SIZE

    loads = pickle.loads
    known = _DECODED_POSITIONS

    def decode(value: bytes) -> tuple[int, ...]:
        positions = known.get(value)
        if positions is None:
            raw = value if value.endswith(b".") else value + b"."
            positions = tuple(accumulate(loads(raw[_INT_SIZE:])))
            if len(known) < 200_000:
                known[value] = positions
        return positions

    return decode


# Position values already decoded, for the life of the process. Most words stand once in a
# paragraph, so a few hundred values (one per position) are most of what a phrase decodes.
_DECODED_POSITIONS: dict[bytes, tuple[int, ...]] = {}


def _tree_sum(values: list[float]) -> float:
    """Sum in the order of Whoosh's make_binary_tree of IntersectionMatchers (a + (b + c)...)."""
    n = len(values)
    if n == 2:
        return values[0] + values[1]
    if n == 3:
        return values[0] + (values[1] + values[2])
    if n == 1:
        return values[0]
    half = len(values) // 2
    return _tree_sum(values[:half]) + _tree_sum(values[half:])


def _block_scores(matcher) -> tuple[list[int], list[float]] | None:
    """A bare posting list's document numbers and BM25F scores (as _score_blocks computes them),
    or None if the matcher is not one."""
    scorer = getattr(matcher, "scorer", None)
    if type(matcher).__name__ != "W3LeafMatcher" or getattr(scorer, "lengths", None) is None:
        return None
    if not all(hasattr(matcher, a) for a in ("_read_ids", "_read_weights", "_next_block")):
        return None
    lengths, idf, avgfl, B, K1 = scorer.lengths, scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    k1_plus_1, one_minus_b = K1 + 1, 1 - B
    ids: list[int] = []
    scores: list[float] = []
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        if matcher._weights is None:
            matcher._read_weights()
        block_ids = matcher._ids[matcher._i:]
        ids.extend(block_ids)
        scores.extend(idf * ((tf * k1_plus_1) / (tf + K1 * (one_minus_b + B * lengths[d] / avgfl)))
                      for d, tf in zip(block_ids, matcher._weights[matcher._i:]))
        matcher._next_block()
    return ids, scores


def _score_blocks(matcher, offset: int, allow, ids_out: list, scores_out: list) -> bool:
    """One word's postings scored a block at a time: for a bare posting list (no deletions, no
    boost) scored by _weighting()'s BM25F, append every posting's (within `allow`) document number
    to ids_out and score to scores_out, with the very figures scoring.bm25 gives, and return True;
    else False (the caller steps through the matcher).

    bm25() is idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl))); the last term
    depends only on the length, which Whoosh keeps as one byte, so it is computed once for each of
    the 256 bytes (the same operations on the same numbers: the same doubles)."""
    scorer = getattr(matcher, "scorer", None)
    if type(matcher).__name__ != "W3LeafMatcher" or getattr(scorer, "lengths", None) is None:
        return False
    if getattr(scorer, "length_bytes", None) is None:
        return False
    if not all(hasattr(matcher, a) for a in ("_read_ids", "_read_weights", "_next_block")):
        return False
    from whoosh.util.numeric import byte_to_length

    idf, avgfl, B, K1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    k1_plus_1 = K1 + 1
    by_byte = [None] + [K1 * ((1 - B) + B * byte_to_length(b) / avgfl) for b in range(1, 256)]
    length_bytes = scorer.length_bytes
    add_ids, add_scores = ids_out.extend, scores_out.extend
    from itertools import accumulate

    while matcher.is_active():
        if matcher._ids is None:
            if matcher._data is None:
                matcher._read_data()
            raw = matcher._data[0]
            # _read_ids' delta_decode is a running sum: itertools.accumulate, in C
            matcher._ids = raw if matcher._byteids else tuple(accumulate(raw))
        if matcher._weights is None:
            matcher._read_weights()
        ids = matcher._ids[matcher._i:]
        tfs = matcher._weights[matcher._i:]
        if allow is not None:
            kept = [k for k, d in enumerate(ids) if offset + d in allow]
            ids, tfs = [ids[k] for k in kept], [tfs[k] for k in kept]
        add_scores([idf * ((tf * k1_plus_1) / (tf + by_byte[length_bytes[d]])) for d, tf in zip(ids, tfs)])
        add_ids([offset + d for d in ids] if offset else ids)
        matcher._next_block()
    return True


def _field_lengths(reader, fieldname: str) -> list | None:
    """Every document's length in a field, for one segment reader, as Whoosh's
    doc_field_length(docnum, fieldname, 1) gives it; cached on the reader. None if this Whoosh
    keeps its lengths differently (the scorer then asks Whoosh per document)."""
    cache = reader.__dict__.setdefault("_upr_lengths", {})
    if fieldname in cache:
        return cache[fieldname]
    lengths = None
    try:
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
        from whoosh.util.numeric import byte_to_length

        perdoc = reader._perdoc
        count = perdoc._doccount
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is not None and column._fixedlen == 1:
            raw = column._dbfile.get(column._basepos, min(column._count, count))
            table = [None] + [byte_to_length(b) for b in range(1, 256)]
            default = table[column._defaultbytes[0]] if column._defaultbytes else None
            lengths = [table[b] for b in raw] + [default] * (count + 1 - len(raw))
            pad = column._defaultbytes[:1] if column._defaultbytes else b"\x00"
            cache[(fieldname, "bytes")] = bytes(raw) + pad * (count + 1 - len(raw))
    except (AttributeError, ImportError, TypeError, IndexError):
        lengths = None
    cache[fieldname] = lengths
    return lengths


def _field_length_bytes(reader, fieldname: str) -> bytes | None:
    """The length bytes _field_lengths decoded (byte_to_length of each), cached on the reader."""
    if _field_lengths(reader, fieldname) is None:
        return None
    return reader.__dict__["_upr_lengths"].get((fieldname, "bytes"))


# --------------------------------------------------------------------------------------------
# Reading


@dataclass
class Hit:
    chunk: Chunk
    pos: int
    score: float | None = None
    highlights: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Results:
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]] | None = None
    ids: list[str] | None = None  # with load="ids": the hits' chunk ids, in order


def _install_file_views() -> None:
    """Open a segment's parts as views of the file, not copies of it.

    Whoosh reads a compound segment through one mmap of the whole file, but wraps each part in a
    BufferFile whose BytesIO copies the part into memory when the reader opens: at 100,000
    paragraphs the postings (88 MB) and terms (19 MB) are copied before a query can start, 70 to
    450 ms of a cold query depending on the machine's load, growing with the index. Here each part
    is its own read-only mmap of the same file (from the page boundary before it), seek/tell
    shifted by the offset within the first page; get() still slices Whoosh's whole-file map.
    Reads give the same bytes; writers never use these (a compound file is only ever read)."""
    import mmap

    from whoosh.codec import base as codec_base
    from whoosh.filedb.compound import CompoundStorage
    from whoosh.filedb.structfile import BufferFile

    if getattr(codec_base.CompoundStorage, "_upr_views", False):
        return

    class _PartFile(BufferFile):
        def __init__(self, part, delta: int, buf, name=None):
            self._buf = buf
            self._name = name
            self.file = part
            self._delta = delta
            self.onclose = None
            self.is_real = False
            self.is_closed = False
            part.seek(delta)

        def seek(self, pos, whence=0):
            return self.file.seek(pos + self._delta if whence == 0 else pos, whence)

        def tell(self):
            return self.file.tell() - self._delta

    class _ViewCompoundStorage(CompoundStorage):
        _upr_views = True

        def __init__(self, dbfile, use_mmap=True, basepos=0):
            self._upr_fd = None
            if use_mmap:
                try:
                    self._upr_fd = os.dup(dbfile.fileno())
                except (AttributeError, OSError, ValueError):
                    self._upr_fd = None
            try:
                super().__init__(dbfile, use_mmap=use_mmap, basepos=basepos)
            except BaseException:
                self._close_fd()
                raise
            if self._source is None:
                self._close_fd()

        def open_file(self, name, *args, **kwargs):
            if self._upr_fd is None or self._source is None or self.is_closed:
                return super().open_file(name, *args, **kwargs)
            offset, length = self.range(name)
            if length == 0:
                return super().open_file(name, *args, **kwargs)
            start = offset - offset % mmap.ALLOCATIONGRANULARITY
            part = mmap.mmap(self._upr_fd, offset - start + length, access=mmap.ACCESS_READ, offset=start)
            return _PartFile(part, offset - start, memoryview(self._source)[offset:offset + length], name=name)

        def _close_fd(self):
            if self._upr_fd is not None:
                os.close(self._upr_fd)
                self._upr_fd = None

        def close(self):
            self._close_fd()
            super().close()

    codec_base.CompoundStorage = _ViewCompoundStorage


def _import_whoosh() -> None:
    """Import Whoosh for a query without the standard library it drags in and never uses here.

    whoosh.compat imports urllib.request (for a download helper; with it http.client, email and
    ssl) and whoosh.reading the cached_property package (which imports asyncio): about half of
    Whoosh's import time. Both are imported here with stand-ins: urlretrieve that imports the real
    urllib.request when called, and functools.cached_property (the same caching in the instance
    dict). whoosh.query imports whoosh.lang.morph_en, which compiles some hundred regular
    expressions (~10 ms) for the Variations query uprsearch never makes: its stand-in's
    variations() imports the real one when called. The stand-ins leave sys.modules straight away,
    so any other import gets the real ones.
    """
    import sys

    if "whoosh.compat" in sys.modules:
        return
    import functools
    import types

    def urlretrieve(*args, **kwargs):
        import urllib.request

        return urllib.request.urlretrieve(*args, **kwargs)

    def variations(word):
        import importlib

        return importlib.import_module("whoosh.lang.morph_en").variations(word)

    stubs = {}
    if "whoosh.lang.morph_en" not in sys.modules:
        stubs["whoosh.lang.morph_en"] = types.ModuleType("whoosh.lang.morph_en")
        stubs["whoosh.lang.morph_en"].variations = variations
    if "urllib.request" not in sys.modules:
        stubs["urllib.request"] = types.ModuleType("urllib.request")
        stubs["urllib.request"].urlretrieve = urlretrieve
    if "cached_property" not in sys.modules:
        stubs["cached_property"] = types.ModuleType("cached_property")
        stubs["cached_property"].cached_property = functools.cached_property
    sys.modules.update(stubs)
    try:
        import whoosh.compat  # noqa: F401
        import whoosh.query  # noqa: F401
        import whoosh.reading  # noqa: F401
    finally:
        for name, module in stubs.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


class Index:
    """A read-only view of the live generation, with one Whoosh searcher kept for the process."""

    def __init__(self, location: Path, generation: Path, meta: Meta | None, info: _ReadMeta | None = None):
        _import_whoosh()
        _install_file_views()
        from whoosh import index as whoosh_index

        self.location = location
        self.generation = generation
        self._meta = meta
        self.info = info if info is not None else _ReadMeta.from_meta(self.meta)
        import pickle

        try:
            self._ix = whoosh_index.open_dir(str(generation))
        except (whoosh_index.IndexError, EOFError, pickle.UnpicklingError, ValueError, KeyError, TypeError) as exc:
            # a damaged or foreign index: rebuild rather than misread (a permission error is not this)
            raise IndexOutdated(f"the index at {location} cannot be read ({exc})") from exc
        self._searcher = None
        self._docvalues: _DocValues | None = None
        self._parser = None  # one per process: Index.schema reads the generation's TOC file each time
        self._expansions: dict[tuple[str, ...], list[tuple[str, ...]]] | None = None

    @classmethod
    def open(cls, location: Path) -> "Index":
        for attempt in range(3):
            gen = _live_generation(location)
            if gen is None:
                raise IndexMissing(f"no index at {location}; build it with `uprsearch index`")
            try:
                info = _ReadMeta.load(gen) if _meta_schema(gen) == SCHEMA_VERSION else None
                if info is None:  # a generation written before readmeta.pickle, or another schema
                    meta = Meta.from_json((gen / META).read_text(encoding="utf-8"))
                    return cls(location, gen, meta)
                if info.schema_version != SCHEMA_VERSION:
                    raise _VersionMismatch(info.schema_version)
                return cls(location, gen, None, info)
            except _VersionMismatch as exc:
                raise IndexOutdated(
                    f"the index at {location} was built by another version of uprsearch (schema {exc.args[0]})"
                ) from exc
            except FileNotFoundError:
                time.sleep(0.05)  # replaced while we opened it; read the pointer again
            except (ValueError, KeyError, TypeError) as exc:
                raise IndexOutdated(f"the index metadata at {gen} cannot be read ({exc})") from exc
        raise UprError(f"the index at {location} keeps changing; try again")

    # -- helpers ----------------------------------------------------------------------------

    @property
    def meta(self) -> Meta:
        """All of meta.json (read on first use: queries need only self.info)."""
        if self._meta is None:
            self._meta = Meta.from_json((self.generation / META).read_text(encoding="utf-8"))
        return self._meta

    def is_stale(self) -> bool:
        """Whether the data files (or, in a checkout, the code) changed since the index was built."""
        # knowledge_dirs(sources that exist), with os.path on the strings: one stat per source,
        # no Path objects (1,326 sources at 100k paragraphs: ~15 ms of a cold query)
        exists, dirname = os.path.exists, os.path.dirname
        dirs = sorted({Path(dirname(s)) for s in self.info.sources if exists(s)})
        return knowledge_fingerprint(dirs, self.location) != self.info.knowledge

    @property
    def searcher(self):
        if self._searcher is None:
            self._searcher = self._ix.searcher(weighting=_weighting())
        return self._searcher

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self._ix.close()

    @property
    def documents(self) -> list[Document]:
        return list(self.info.documents)

    def document(self, doc_id: str) -> Document | None:
        for document in self.info.documents:
            if document.id == doc_id:
                return document
        return None

    def values(self, fieldname: str) -> list[str]:
        """Every value a keyword field has in the index."""
        return [t.decode("utf-8") if isinstance(t, bytes) else t for t in self.searcher.reader().lexicon(fieldname)]

    def chunk_count(self) -> int:
        return self.searcher.doc_count()

    # -- queries ----------------------------------------------------------------------------

    def parse(self, text: str, resolve: Callable[[str, str], list[str]]) -> "ParsedQuery":
        """Parse Whoosh query syntax; field values go through `resolve(field, value) -> values`."""
        from whoosh import qparser

        _check_syntax(text)
        parser = self._parser
        if parser is None:
            parser = self._parser = qparser.QueryParser("text", self._ix.schema)
            parser.add_plugin(qparser.FuzzyTermPlugin())
        try:
            q = parser.parse(text)
        except Exception as exc:  # whoosh raises bare exceptions on some malformed input
            raise QueryError(f"cannot parse the query {text!r} ({exc}); see `uprsearch search --help`") from exc
        _raise_query_errors(q, text)
        q = self._rewrite(q, resolve)
        from whoosh.query import NullQuery

        if q is NullQuery or type(q).__name__ == "_NullQuery":
            raise QueryError(
                f"the query {text!r} has no searchable words (very common words such as 'the' are not indexed)"
            )
        return ParsedQuery(text, q, self)

    def _rewrite(self, q, resolve):
        from whoosh import query as Q

        if isinstance(q, Q.Term) and q.fieldname in FILTER_NAMES:
            values = resolve(q.fieldname, q.text)
            terms = [Q.Term(q.fieldname, v) for v in values]
            if not terms:
                return Q.NullQuery
            return terms[0] if len(terms) == 1 else Q.Or(terms)
        if isinstance(q, (Q.Term, Q.Phrase)) and q.fieldname == "text":
            return self._expand(q)
        if isinstance(q, Q.FuzzyTerm) and q.fieldname == "text":
            return self._fuzzy(q)
        if isinstance(q, Q.Phrase) and q.fieldname in FILTER_NAMES:
            return self._rewrite(Q.Term(q.fieldname, " ".join(q.words)), resolve)
        if isinstance(q, Q.PatternQuery) and q.fieldname in FILTER_NAMES:
            raise QueryError(f"{q.fieldname}: takes a whole value, not a pattern ({q.text!r})")
        if q.is_leaf():
            return q
        return q.apply(lambda sub: self._rewrite(sub, resolve))

    def _fuzzy(self, q):
        """word~: the index terms within the edit distance, of the stems or of the words.

        Whoosh's FuzzyTerm looks in the spelling field when the field has one, whose words are
        unstemmed, and then finds none of them among the stemmed terms; so expand it here."""
        from whoosh import query as Q

        reader = self.searcher.reader()
        maxdist, prefix = q.maxdist, q.text[: q.prefixlength]
        stems: set[str] = set()
        for leaf, _ in reader.leaf_readers():
            for word in leaf.terms_within("text", q.text, maxdist, prefix=q.prefixlength):
                stems.update(analyze(word)[:1])
        for btext in reader.lexicon("text"):
            term = btext.decode("utf-8") if isinstance(btext, bytes) else btext
            if term.startswith(prefix) and abs(len(term) - len(q.text)) <= maxdist and edit_distance(term, q.text) <= maxdist:
                stems.add(term)
        terms = [Q.Term("text", s, boost=q.boost) for s in sorted(stems) if reader.doc_frequency("text", s)]
        if not terms:
            return Q.NullQuery
        return terms[0] if len(terms) == 1 else Q.Or(terms)

    def _expand(self, q):
        """Abbreviations both ways: NSS <-> "National Security Service", HRW <-> "Human Rights Watch"."""
        from whoosh import query as Q

        words = (q.text,) if isinstance(q, Q.Term) else tuple(q.words)
        forms = self.expansions().get(words)
        if not forms:
            return q
        alternatives = [q] + [
            Q.Term("text", f[0]) if len(f) == 1 else Q.Phrase("text", list(f)) for f in forms if f != words
        ]
        return Q.Or(alternatives)

    def expansions(self) -> dict[tuple[str, ...], list[tuple[str, ...]]]:
        if self._expansions is None:
            if self.info.expansions:
                self._expansions = {
                    tuple(k.split(" ")): [tuple(f) for f in v] for k, v in self.info.expansions.items()
                }
            else:
                self._expansions = build_expansions(self.info.acronyms, self.info.organisations)
        return self._expansions

    def filter_query(self, filters: dict[str, list[str]]):
        """Resolved filter values: the same field twice means either value; fields combine with AND."""
        from whoosh import query as Q

        parts = []
        for fieldname, values in filters.items():
            if not values:
                continue
            terms = [Q.Term(fieldname, v) for v in values]
            parts.append(terms[0] if len(terms) == 1 else Q.Or(terms))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Q.And(parts)

    @staticmethod
    def either(*queries):
        from whoosh import query as Q

        return Q.Or([q for q in queries if q is not None])

    def search(
        self,
        query: "ParsedQuery | None",
        filters: dict[str, list[str]] | None = None,
        *,
        extra=None,
        sort: str = "relevance",
        limit: int | None = 10,
        facets: bool = False,
        load: str = "chunks",
    ) -> Results:
        """Run a query (None: every chunk) with filters; hits in relevance or document order.

        load: "chunks" gives hits with their chunks and highlights; "ids" only the chunk ids of
        the hits (Results.ids, read from the generation's per-document values, no stored fields);
        "none" only the total (and facets)."""
        from whoosh import query as Q

        q = query.query if query is not None else Q.Every()
        conditions = [c for c in (self.filter_query(filters or {}), extra) if c is not None]
        flt = None if not conditions else conditions[0] if len(conditions) == 1 else Q.And(conditions)
        by_document = sort == "document" or query is None
        searcher = self.searcher
        scores: dict[int, float] = {}
        if by_document:
            results = searcher.search(q, filter=flt, limit=None, sortedby="pos", scored=query is not None)
            matched = [docnum for _, docnum in results.top_n]
            total = len(matched)
            shown = matched if limit is None else matched[:limit]
            if query is not None and shown and load == "chunks":
                # sortedby scores are the sort keys; compute the real relevance for the hits shown
                scores = self._scores(q, flt, shown)
        else:
            total, top, matched = self._collect(q, flt, limit, keep=facets)
            shown = [docnum for _, docnum in top]
            scores = {docnum: 0 - negative for negative, docnum in top}
        hits: list[Hit] = []
        ids: list[str] | None = None
        if load == "chunks":
            for docnum in shown:
                score = scores.get(docnum)
                score = round(float(score), 4) if score is not None and query is not None else None
                hits.append(self._hit(searcher.stored_fields(docnum), score, query))
        elif load == "ids":
            known = self.docvalues.ids
            ids = [known[d] if known[d] is not None else searcher.stored_fields(d)["id"] for d in shown]
        facet_counts = None
        if facets:
            facet_counts = {}
            for name in FACET_FIELDS:
                counts = self.docvalues.counts(name, matched)
                facet_counts[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))))
        return Results(hits, total, facet_counts, ids)

    def _collect(self, q, flt, limit: int | None, keep: bool = False) -> tuple[int, list[tuple[float, int]], list[int]]:
        """Score every match of q (within the filter) in one pass: (total, the best `limit` as
        (-score, docnum) in rank order, every matched docnum if `keep`). The order is Whoosh's:
        higher score first, then lower document number."""
        import heapq

        searcher = self.searcher
        allow = searcher._filter_to_comb(flt) if flt is not None else None
        items: list[tuple[float, int]] = []
        append = items.append
        fast_ids: list[int] = []  # one word's postings scored by _score_blocks
        fast_scores: list[float] = []
        context = searcher.context()
        for subsearcher, offset in searcher.leaf_searchers():
            if _score_word_pair(q, subsearcher, context, offset, allow, items):
                continue
            if _score_phrases(q, subsearcher, context, offset, allow, items):
                continue
            matcher = q.matcher(subsearcher, context)
            if _score_blocks(matcher, offset, allow, fast_ids, fast_scores):
                continue
            active, ident, score, advance = matcher.is_active, matcher.id, matcher.score, matcher.next
            if allow is None:
                while active():
                    append((0 - score(), offset + ident()))
                    advance()
            else:
                while active():
                    docnum = offset + ident()
                    if docnum in allow:
                        append((0 - score(), docnum))
                    advance()
        if fast_ids and not items and limit is not None and len(fast_ids) > limit:
            # the best `limit` without a tuple per match: every score above the limit-th best is
            # in, and ties at it go by document number, as (-score, docnum) order would
            from itertools import compress

            kth = heapq.nlargest(limit, fast_scores)[-1]
            at_least = map(kth.__le__, fast_scores)
            top = sorted((0 - s, d) for s, d in compress(zip(fast_scores, fast_ids), at_least))[:limit]
            return len(fast_ids), top, list(fast_ids) if keep else []
        if fast_ids:
            items.extend(zip([0 - s for s in fast_scores], fast_ids))
        total = len(items)
        matched = [docnum for _, docnum in items] if keep else []
        if limit is None:
            items.sort()
            top = items
        else:
            top = heapq.nsmallest(limit, items)
        return total, top, matched

    def _scores(self, q, flt, docnums: list[int]) -> dict[int, float]:
        _, scored, _ = self._collect(q, flt, None)
        wanted = set(docnums)
        return {docnum: 0 - negative for negative, docnum in scored if docnum in wanted}

    @property
    def docvalues(self) -> "_DocValues":
        if self._docvalues is None:
            self._docvalues = _DocValues.load(self.generation, self.searcher.reader())
        return self._docvalues

    def _hit(self, stored: dict[str, Any], score: float | None, query: "ParsedQuery | None") -> Hit:
        chunk = chunk_from_stored(stored)
        spans = query.highlights(chunk.text) if query is not None else []
        return Hit(chunk, stored["pos"], score, spans)

    def get(self, chunk_id: str) -> Hit | None:
        stored = self.searcher.document(id=chunk_id)
        return self._hit(stored, None, None) if stored else None

    def around(self, hit: Hit, n: int) -> list[Hit]:
        """The chunk and up to n chunks either side of it in its document, in document order."""
        from whoosh import query as Q

        searcher = self.searcher
        results = searcher.search(Q.Term("doc", hit.chunk.doc), limit=None, sortedby="pos", scored=False)
        places = searcher.reader().column_reader("pos")  # "pos" is sorted and stored, not searched
        near = [d for d in results.docs() if abs(places[d] - hit.pos) <= n]
        return [self._hit(searcher.stored_fields(d), None, None) for d in near]

    def similar(self, hit: Hit, filters: dict[str, list[str]] | None = None, limit: int | None = 10) -> Results:
        """More-like-this on the chunk's text; the chunk itself is left out."""
        from whoosh import query as Q

        searcher = self.searcher
        docnum = searcher.document_number(id=hit.chunk.id)
        flt = self.filter_query(filters or {})
        top = limit if limit is not None else max(searcher.doc_count_all(), 1)
        results = searcher.more_like(docnum, "text", text=hit.chunk.text, top=top, numterms=12, filter=flt)
        hits = [self._hit(h.fields(), round(float(h.score), 4), None) for h in results]
        terms = [w for w, _ in searcher.key_terms([docnum], "text", numterms=12)]
        if hits:
            keys = ParsedQuery(" ".join(terms), Q.Or([Q.Term("text", t) for t in terms]), self)
            for h in hits:
                h.highlights = keys.highlights(h.chunk.text)
        return Results(hits, len(results))

    def suggest(self, text: str) -> str | None:
        """A corrected query string from the index's own vocabulary, or None.

        Each word of the query that is not in the index is replaced by the nearest word that is:
        the smallest edit distance first, then the most frequent. (Whoosh's correct_query ranks by
        frequency alone, so "wter" would become "other".)
        """
        from whoosh import query as Q

        try:
            q = self.parse(text, lambda f, v: [v])
        except UprError:
            return None
        reader = self.searcher.reader()
        replacements: list[tuple[int, int, str]] = []
        for leaf in q.query.leaves():
            if not isinstance(leaf, Q.Term) or leaf.fieldname != "text":
                continue
            if reader.doc_frequency("text", leaf.text) > 0:
                continue
            start, end = getattr(leaf, "startchar", None), getattr(leaf, "endchar", None)
            if start is None or end is None:
                continue
            word = text[start:end]
            best = self._nearest(word.lower())
            if best and best != word.lower():
                replacements.append((start, end, best))
        if not replacements:
            return None
        out, last = [], 0
        for start, end, best in sorted(replacements):
            out.append(text[last:start])
            out.append(best)
            last = end
        out.append(text[last:])
        return "".join(out)

    def _nearest(self, word: str) -> str | None:
        reader = self.searcher.reader()
        spell = self._ix.schema["text"].spelling_fieldname("text")
        for maxdist in (1, 2):
            candidates = {
                c for leaf, _ in reader.leaf_readers() for c in leaf.terms_within("text", word, maxdist) if c != word
            }
            if candidates:
                def rank(c):
                    return (edit_distance(word, c), -reader.frequency(spell, c), c)

                return min(candidates, key=rank)
        return None


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count one)."""
    prev2: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]


def build_expansions(
    acronyms: dict[str, str], organisations: Iterable[Organisation]
) -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    """Every analysed form of an acronym or organisation -> all forms of the same thing."""
    groups: list[list[str]] = [[short, long] for short, long in acronyms.items()]
    for org in organisations:
        names = [n for n in [org.id, org.name, *org.aliases] if n]
        groups.append(names)
    table: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for group in groups:
        forms: list[tuple[str, ...]] = []
        triggers: list[tuple[str, ...]] = []
        for name in group:
            for variant in {name, re.sub(r"[^\w]+", "", name)} if re.search(r"\w[-/.]\w", name) else {name}:
                words = tuple(analyze(variant))
                if not words or words in forms:
                    continue
                if any(c.isdigit() for c in variant) and not any(c.isdigit() for w in words for c in w):
                    continue  # "Joint submission 4" analyses to "joint submiss": it would match every JS
                forms.append(words)
                # A one-word form triggers expansion only if it is written like an acronym, so that
                # "amnesty" (a word) does not turn into AI, while "HRW" and "JS1" do.
                if len(words) > 1 or _acronym_like(variant):
                    triggers.append(words)
        if len(forms) < 2:
            continue
        for words in triggers:
            merged = table.setdefault(words, [])
            for f in forms:
                if f not in merged:
                    merged.append(f)
    return table


def _acronym_like(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and " " not in name.strip() and (sum(c.isupper() for c in letters) >= 2 or any(c.isdigit() for c in name))


# --------------------------------------------------------------------------------------------
# Syntax checks Whoosh does not make (it silently drops what it cannot parse)

_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


def _check_syntax(text: str) -> None:
    def fail(message: str, at: int) -> None:
        raise QueryError(f"bad query: {message} at character {at + 1} of {text!r}")

    if not text.strip():
        raise QueryError("the query is empty; give words to search for, or no QUERY to list by filters")
    depth_stack: list[int] = []
    in_quote: int | None = None
    for i, ch in enumerate(text):
        if ch == '"':
            in_quote = i if in_quote is None else None
        elif in_quote is None and ch == "(":
            depth_stack.append(i)
        elif in_quote is None and ch == ")":
            if not depth_stack:
                fail("')' without a matching '('", i)
            depth_stack.pop()
    if in_quote is not None:
        fail("a phrase opened with '\"' is not closed", in_quote)
    if depth_stack:
        fail("'(' is not closed", depth_stack[-1])
    tokens = [(m.group(), m.start()) for m in re.finditer(r'"[^"]*"|[()]|[^\s()"]+', text)]
    previous: str | None = None
    for idx, (tok, at) in enumerate(tokens):
        nxt = tokens[idx + 1][0] if idx + 1 < len(tokens) else None
        if tok in _OPERATORS:
            if tok != "NOT" and (previous is None or previous in _OPERATORS or previous == "("):
                fail(f"{tok} has nothing on its left", at)
            if nxt is None or nxt in _OPERATORS - {"NOT"} or nxt == ")":
                fail(f"{tok} has nothing on its right", at)
        m = re.match(r"^(\w+):(.*)$", tok)
        if m and not tok.startswith('"'):
            name, value = m.groups()
            if name not in FILTER_NAMES and name != "text":
                raise QueryError(
                    f"bad query: unknown field {name + ':'!r} at character {at + 1} of {text!r}; "
                    f"fields are {', '.join(f + ':' for f in FILTER_NAMES)}"
                )
            if not value and (nxt is None or nxt in _OPERATORS or nxt == ")"):
                fail(f"{name}: needs a value", at)
        previous = tok


def _raise_query_errors(q, text: str) -> None:
    for node in _walk(q):
        message = getattr(node, "error", None)
        if message:
            at = getattr(node, "startchar", None)
            where = f" at character {at + 1}" if isinstance(at, int) else ""
            raise QueryError(f"bad query: {message}{where} of {text!r}")


def _walk(q) -> Iterator:
    yield q
    if not q.is_leaf():
        for child in q.children():
            yield from _walk(child)


# --------------------------------------------------------------------------------------------
# A parsed query: what it matches, for highlighting and for narrowing statements


class ParsedQuery:
    def __init__(self, text: str, query, index: Index):
        self.text = text
        self.query = query
        self._index = index
        self._terms: set[str] | None = None
        self._phrases: list[tuple[str, ...]] | None = None
        self._expanded: dict[int, set[str]] = {}

    def _collect(self) -> None:
        from whoosh import query as Q

        terms: set[str] = set()
        phrases: list[tuple[str, ...]] = []

        def visit(q) -> None:
            if isinstance(q, Q.Not):
                return  # what a query excludes is never highlighted
            if isinstance(q, (Q.AndNot,)):
                visit(q.a)
                return
            if isinstance(q, Q.Term):
                if q.fieldname == "text":
                    terms.add(q.text)
                return
            if isinstance(q, Q.Phrase):
                if q.fieldname == "text":
                    phrases.append(tuple(q.words))
                return
            if isinstance(q, Q.MultiTerm):
                if q.fieldname == "text":
                    terms.update(self._expand_multi(q))
                return
            if not q.is_leaf():
                for child in q.children():
                    visit(child)

        visit(self.query)
        self._terms, self._phrases = terms, phrases

    def _expand_multi(self, q) -> set[str]:
        key = id(q)
        if key not in self._expanded:
            reader = self._index.searcher.reader()
            found = set()
            for fieldname, btext in q.existing_terms(reader, expand=True):
                if fieldname == "text":
                    found.add(btext.decode("utf-8") if isinstance(btext, bytes) else btext)
            self._expanded[key] = found
        return self._expanded[key]

    def has_words(self) -> bool:
        """Whether the query searches the text at all (org:AI alone only selects)."""
        if self._terms is None:
            self._collect()
        return bool(self._terms or self._phrases)

    def highlights(self, text: str) -> list[tuple[int, int]]:
        """Character spans in `text` of every word the query matched (all stemmed variants), and
        of every occurrence of its phrases; nothing the query excludes."""
        if self._terms is None:
            self._collect()
        return highlight_spans(text, self._terms or set(), self._phrases or [])

    def matches(self, text: str, fields: dict[str, set[str]]) -> bool:
        """Whether a piece of text (a statement) with these field values satisfies the query."""
        tokens = analyze(text)
        return self._eval(self.query, set(tokens), tokens, fields)

    def _eval(self, q, stems: set[str], tokens: list[str], fields: dict[str, set[str]]) -> bool:
        from whoosh import query as Q

        if isinstance(q, Q.Not):
            return not self._eval(q.query, stems, tokens, fields)
        if isinstance(q, Q.AndNot):
            return self._eval(q.a, stems, tokens, fields) and not self._eval(q.b, stems, tokens, fields)
        if isinstance(q, Q.AndMaybe):
            return self._eval(q.a, stems, tokens, fields)
        if isinstance(q, Q.Require):
            return self._eval(q.a, stems, tokens, fields) and self._eval(q.b, stems, tokens, fields)
        if isinstance(q, Q.And):
            return all(self._eval(c, stems, tokens, fields) for c in q.children())
        if isinstance(q, (Q.Or, Q.DisjunctionMax)):
            return any(self._eval(c, stems, tokens, fields) for c in q.children())
        if isinstance(q, Q.Term):
            if q.fieldname == "text":
                return q.text in stems
            return q.text in fields.get(q.fieldname, set())
        if isinstance(q, Q.Phrase):
            return q.fieldname == "text" and _contains_run(tokens, tuple(q.words))
        if isinstance(q, Q.MultiTerm):
            return q.fieldname == "text" and bool(self._expand_multi(q) & stems)
        if isinstance(q, Q.Every):
            return True
        if type(q).__name__ == "_NullQuery":
            return False
        if not q.is_leaf():  # other wrappers (boosts, constant scores)
            return all(self._eval(c, stems, tokens, fields) for c in q.children())
        return True


def _contains_run(tokens: list[str], words: tuple[str, ...]) -> bool:
    n = len(words)
    return any(tuple(tokens[i : i + n]) == words for i in range(len(tokens) - n + 1))


def highlight_spans(text: str, terms: set[str], phrases: list[tuple[str, ...]]) -> list[tuple[int, int]]:
    """Spans of tokens whose stem is in `terms`, and of runs of tokens equal to a phrase."""
    if not terms and not phrases:
        return []
    tokens = _stem_spans(text)
    spans = [(s, e) for stem, s, e in tokens if stem in terms]
    stems = [t[0] for t in tokens]
    for phrase in phrases:
        n = len(phrase)
        if not n:
            continue
        for i in range(len(tokens) - n + 1):
            if tuple(stems[i : i + n]) == phrase:
                spans.append((tokens[i][1], tokens[i + n - 1][2]))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _stem_spans(text: str) -> list[tuple[str, int, int]]:
    """(stem, start, end) of each token analyzer() keeps, as analyzer()(text, chars=True) gives
    them: its tokenizer pattern, lower case, its stop list and minimum size, Porter2 stems (the
    build's word -> term cache, _TERMS), without a Token object and four generators per word
    (highlighting 10 hits took ~3 ms of a warm query)."""
    terms = _TERMS
    out = []
    for m in _TOKEN_RX.finditer(text):
        word = m.group().lower()
        term = terms.get(word, _UNSEEN)
        if term is _UNSEEN:
            term = terms[word] = _term_of(word)
        if term is not None:
            out.append((term.decode("utf-8"), m.start(), m.end()))
    return out
