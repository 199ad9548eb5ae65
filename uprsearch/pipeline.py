"""Files in, tagged chunks out: read -> parse -> tag, for one file or a whole corpus."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from uprsearch import parse, tag
from uprsearch.errors import InputError
from uprsearch.models import Document, ParsedDocument
from uprsearch.orgs import Registry, load_registry
from uprsearch.reader import SourceText, document_id_from_name, find_sources, load_catalog, read_source
from uprsearch.themes import Taxonomy, load_taxonomy


@dataclass
class Knowledge:
    """The data files a parse needs: the organisation registry, acronyms and the theme taxonomy."""

    registry: Registry
    acronyms: dict[str, str]
    taxonomy: Taxonomy

    @classmethod
    def load(cls, extra_dirs: list[Path] = ()) -> "Knowledge":
        from uprsearch.orgs import load_acronyms

        return cls(load_registry(extra_dirs), load_acronyms(extra_dirs), load_taxonomy(extra_dirs))


@dataclass
class ParseRun:
    documents: list[ParsedDocument] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


def parse_source(source: SourceText, meta: Document | None, knowledge: Knowledge, author: str | None = None) -> ParsedDocument:
    """Parse and tag one source text."""
    document = meta or Document(id=document_id_from_name(source.path.name))
    document.source = str(source.path)
    document.sha256 = source.sha256
    if author:
        document.author = author
    parsed = parse.parse_document(source, document, knowledge.registry, knowledge.acronyms)
    tag.tag_document(parsed, knowledge.registry.copy(), knowledge.acronyms, knowledge.taxonomy)
    return parsed


def parse_paths(
    paths: list[Path],
    knowledge: Knowledge | None = None,
    author: str | None = None,
    catalogs: dict[Path, dict[str, Document]] | None = None,
) -> ParseRun:
    """Parse every .txt/.pdf file named or below the folders named; bad files are collected, not raised.

    `catalogs` (folder -> its catalogue entries) may be shared between calls, so that a caller
    parsing a corpus file by file reads each folder's catalog.toml once, not once per file.
    """
    run = ParseRun()
    files = find_sources(paths)
    catalogs = {} if catalogs is None else catalogs
    knowledge = knowledge or Knowledge.load(sorted({p.parent for p in files}))
    used_ids: set[str] = set()
    for path in files:
        folder = path.parent
        if folder not in catalogs:
            catalogs[folder] = load_catalog(folder)
        meta = catalogs[folder].get(path.name)
        try:
            source = read_source(path)
            parsed = parse_source(source, _copy(meta), knowledge, author)
        except InputError as exc:
            run.errors.append(exc)
            continue
        parsed.document.id = _unique(parsed.document.id, used_ids)
        for chunk in parsed.chunks:
            chunk.doc = parsed.document.id
            chunk.id = f"{parsed.document.id}:{chunk.n}"
        run.documents.append(parsed)
    return run


def _copy(meta: Document | None) -> Document | None:
    return Document(**meta.to_record()) if meta else None


def free_id(wanted: str, taken) -> str:
    """wanted, or wanted-2, wanted-3 … : the first id not in taken (any container of ids)."""
    candidate, n = wanted, 2
    while candidate in taken:
        candidate, n = f"{wanted}-{n}", n + 1
    return candidate


def _unique(doc_id: str, used: set[str]) -> str:
    candidate = free_id(doc_id, used)
    used.add(candidate)
    return candidate


# ---------------------------------------------------------------------------------------------
# Parsing many files: in worker processes while the caller writes the index


_WORKER_STATE: tuple | None = None


def _parse_in_worker(path: Path):
    knowledge, catalogs, prepare, authors = _WORKER_STATE
    return _parse_one(path, knowledge, catalogs, prepare, authors.get(path))


def _parse_one(path: Path, knowledge: Knowledge, catalogs: dict, prepare, author: str | None = None) -> tuple[list[InputError], list]:
    run = parse_paths([path], knowledge, catalogs=catalogs, author=author)
    return run.errors, [prepare(doc) for doc in run.documents] if prepare else run.documents


def parse_each(
    paths: list[Path],
    knowledge: Knowledge,
    catalogs: dict[Path, dict[str, Document]] | None = None,
    prepare=None,
    workers: int | None = None,
    authors: dict[Path, str] | None = None,
):
    """(path, errors, documents) for each file, in the order given, each file parsed as by
    parse_paths; with `prepare`, each ParsedDocument is handed to it and its result given instead.

    With more than a few files and more than one CPU, the files are parsed (and prepared) in
    forked worker processes, which inherit the knowledge, the catalogues and `prepare`, while the
    caller consumes the results; at most a few files' results wait at a time, so memory stays
    flat however large the corpus."""
    import multiprocessing
    import os
    from collections import deque

    catalogs = {} if catalogs is None else catalogs
    authors = authors or {}  # the author given for a file (`index FILE --author NAME`)
    if workers is None:
        workers = min(os.cpu_count() or 1, 4)
    import sys

    # fork only where it is the platform's own default (Linux): elsewhere it is unsafe or missing
    can_fork = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
    if workers < 2 or len(paths) < 8 or not can_fork:
        for path in paths:
            yield (path, *_parse_one(path, knowledge, catalogs, prepare, authors.get(path)))
        return
    for folder in {p.parent for p in paths}:  # read before the fork, so every worker has them
        if folder not in catalogs:
            catalogs[folder] = load_catalog(folder)
    global _WORKER_STATE
    _WORKER_STATE = (knowledge, catalogs, prepare, authors)
    context = multiprocessing.get_context("fork")
    pool = context.Pool(workers)
    try:
        window = 2 * workers
        pending: deque = deque()
        queue = iter(paths)
        for path in queue:
            pending.append((path, pool.apply_async(_parse_in_worker, (path,))))
            if len(pending) >= window:
                break
        while pending:
            path, result = pending.popleft()
            errors, documents = result.get()
            nxt = next(queue, None)
            if nxt is not None:
                pending.append((nxt, pool.apply_async(_parse_in_worker, (nxt,))))
            yield path, errors, documents
        pool.close()
    finally:
        pool.terminate()
        pool.join()
        _WORKER_STATE = None
