"""Bringing an index up to date with its files: plan, then parse and write, then commit.

Under the writers' lock: the plan (which files changed, which documents go, which ids and places
the new ones get) is made from fingerprints before anything is parsed; the planned files are
parsed and written into a new generation (by worker processes for a new generation); the
generation's metadata is assembled and the generation made live. Nothing changes if nothing
changed.
"""
from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from uprsearch.errors import UprError, WorkerFailed
from uprsearch.index.addenda import Pairing, source_of
from uprsearch.index.expansions import build_expansions
from uprsearch.index.fingerprints import catalog_fingerprint, file_sha, knowledge_dirs, knowledge_fingerprint
from uprsearch.index.generations import Lock
from uprsearch.index.health import inspect, remove_leftovers, start_write
from uprsearch.index.meta import DocEntry, Meta, SourceEntry
from uprsearch.index.schema import distinct
from uprsearch.models import Document
from uprsearch.index.workers import BuildWork
from uprsearch.index.writer import GenerationWriter


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
    warned: list[Document] = field(default_factory=list)  # documents parsed now whose parser found something wrong
    skipped: list[str] = field(default_factory=list)  # a line for each file that repeats another's document


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
    repair: bool = False,
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

    What interrupted builds left is removed first. A damaged index, or one another schema wrote,
    is refused (health.start_write) but by a rebuild of the paths given, or with `repair`, which
    rebuilds every file the index recorded (the paths given are ignored).
    """
    started = time.monotonic()
    report = UpdateReport()
    location.mkdir(parents=True, exist_ok=True)
    with Lock(location):
        state = inspect(location)
        remove_leftovers(state)
        start = start_write(state, replace=rebuild and bool(paths) and not repair, repair=repair)
        if repair:
            paths, rebuild, include_known = [], True, True
        live, old = start.live, start.meta
        if repair:  # the recorded files that are gone: counted as removed, as an update counts them
            report.removed = sum(not Path(source).is_file() for source in old.sources)
        plan = _plan(location, old, paths, report, rebuild=rebuild, refresh_known=refresh_known,
                     include_known=include_known, author=author)
        if not plan.rebuild and not plan.to_parse and not plan.drop_docs:
            return _finish(report, old, started)
        meta = _parse_and_write(location, live, old, paths, plan, report, on_plan=on_plan, on_file=on_file,
                                author=author, jobs=jobs)
        return _finish(report, meta, started)


@dataclass
class _Plan:
    """What an update does, decided before anything is parsed."""

    rebuild: bool  # a new generation, everything in it parsed again
    explicit: bool  # --rebuild of the paths given: the index keeps none of its other sources
    given: set[Path]  # the files the paths name
    dirs: list[Path]  # the folders whose data files the parse reads
    fingerprint: str  # of those data files
    catalogs: dict[Path, dict]  # each folder's catalogue, read once
    to_parse: list[tuple[Path, str, str]]  # path, sha, catalogue fingerprint
    previous: dict[str, SourceEntry]  # the sources the new generation starts from (none for a rebuild)
    keep_docs: dict[str, DocEntry]  # the documents it starts from
    drop_docs: set[str]  # ... less these
    sources: dict[str, SourceEntry]  # the sources it keeps as they are
    identities: dict[Path, Any] = field(default_factory=dict)  # each file to parse: identify.FileIdentity


def _plan(location: Path, old: Meta | None, paths: list[Path], report: UpdateReport, *, rebuild: bool,
          refresh_known: bool, include_known: bool, author: str | None) -> _Plan:
    """Which files to parse (new, changed, or all of them), which documents to drop."""
    from uprsearch.reader import find_sources

    explicit = rebuild  # asked for: only the paths given; otherwise the index keeps its sources
    if old is None:
        rebuild = True
    report.rebuilt = rebuild

    files = []
    for path in paths:
        try:
            files += [p.resolve() for p in find_sources([path], report.errors)]
        except UprError as exc:  # a missing path is reported; the others are still indexed
            report.errors.append(exc)
    given = set(files)
    known_ok = old is not None and (not explicit or include_known)
    known = [Path(s) for s in old.sources if Path(s).is_file()] if known_ok else []
    if known:  # in the index's document order (sources go in the order they were last parsed)
        order = {e.document.id: e.order for e in old.documents}
        known.sort(key=lambda path: order.get(old.sources[str(path)].doc, len(order)))
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

    catalogs: dict[Path, dict] = {}
    to_parse: list[tuple[Path, str, str]] = []
    previous = {} if (rebuild or old is None) else dict(old.sources)
    keep_docs: dict[str, DocEntry] = {}
    if old is not None and not rebuild:
        keep_docs = {e.document.id: e for e in old.documents}
    for path in files:
        sha = file_sha(path)
        if sha is None:
            report.errors.append(UprError(f"{path}: cannot be read"))
            continue
        cat = catalog_fingerprint(path, catalogs)
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
    kept = [e.document for doc_id, e in keep_docs.items() if doc_id not in drop_docs]
    to_parse, identities = _without_duplicates(to_parse, kept, catalogs, report)
    return _Plan(rebuild, explicit, given, dirs, fingerprint, catalogs, to_parse, previous, keep_docs, drop_docs, sources,
                 identities)


def _without_duplicates(to_parse: list[tuple[Path, str, str]], kept: list[Document], catalogs: dict,
                        report: UpdateReport) -> tuple[list[tuple[Path, str, str]], dict]:
    """The files to parse but those that are the same document as one kept or one before them
    (uprsearch.identify: the same bytes or symbol), each of those a line in report.skipped; and
    each file's identity (the id it asks for, its symbol)."""
    from uprsearch.identify import FileIdentity, can_stand_for_others, duplicate_line, duplicate_of
    from uprsearch.pipeline import identify_file
    from uprsearch.reader import catalog_entry

    seen = []
    for document in kept:
        entry = catalog_entry(Path(document.source), catalogs) if document.source else None
        seen.append(FileIdentity(Path(document.source or document.id), document.id, document.symbol, document.sha256,
                                 bool(entry is not None and entry.id)))
    out, identities = [], {}
    for path, sha, cat in to_parse:
        file = identify_file(path, catalogs, sha)
        other = duplicate_of(file, seen)
        if other is not None:
            report.skipped.append(duplicate_line(file, other))
            continue
        if can_stand_for_others(path):
            seen.append(file)
        identities[path] = file
        out.append((path, sha, cat))
    return out, identities


def _places(plan: _Plan, old: Meta | None, entries: dict[str, DocEntry]) -> dict[Path, tuple[str, int]]:
    """Each file's (document id, order), given before parsing (a file's id does not depend on its
    text), so that worker processes can write their files' chunks in segments of their own: kept
    documents keep their order, replaced ones their place, new ones go at the end."""
    from uprsearch.pipeline import free_id

    old_order = {e.document.id: e.order for e in old.documents} if old else {}
    previous_ids = {str(p): e.doc for p, e in plan.previous.items()} if plan.previous else {}
    next_order = max([e.order for e in entries.values()] + list(old_order.values()) + [0]) + 1
    places: dict[Path, tuple[str, int]] = {}
    taken = set(entries)
    for path, _, _ in plan.to_parse:
        doc_id = free_id(previous_ids.get(str(path)) or plan.identities[path].doc_id, taken)
        taken.add(doc_id)
        order = old_order.get(doc_id) if not plan.explicit else None
        if order is None:
            order, next_order = next_order, next_order + 1
        places[path] = (doc_id, order)
    return places


def _parse_and_write(location: Path, live: Path | None, old: Meta | None, paths: list[Path], plan: _Plan,
                     report: UpdateReport, *, on_plan: Callable[[int], None] | None,
                     on_file: Callable[[Path], None] | None, author: str | None, jobs: int | None) -> Meta:
    """Parse each planned file and write its chunks straight away (nothing is held but the
    metadata and Working Group recommendations waiting for their addenda's answers) into a new
    generation, then commit it; the metadata it was committed with."""
    from uprsearch.pipeline import Knowledge, worker_count

    knowledge = Knowledge.load(plan.dirs)
    if on_plan:
        on_plan(len(plan.to_parse))
    entries: dict[str, DocEntry] = {k: v for k, v in plan.keep_docs.items() if k not in plan.drop_docs}
    places = _places(plan, old, entries)
    sources = plan.sources
    parsed_count = 0
    generation = GenerationWriter(location, live if not plan.rebuild else None, live)
    try:
        generation.delete_documents(plan.drop_docs)
        planned = {path: (sha, cat) for path, sha, cat in plan.to_parse}
        remembered = {Path(src): e.author for src, e in (old.sources.items() if old else ()) if e.author}
        authors = {path: (author if author and path in plan.given else remembered.get(path, "")) for path in planned}
        authors = {path: name for path, name in authors.items() if name}
        work = BuildWork(knowledge, plan.catalogs, authors, places)
        # Workers for a new generation only: an update of a live one keeps Whoosh's merging of
        # small segments, which would run differently with one segment per worker
        jobs = worker_count(jobs, len(planned)) if generation.base is None else 1
        parsed = work.in_processes(generation, list(planned), jobs) if jobs > 1 else work.here(generation, list(planned))
        failures: dict[Path, list] = {}
        pairing = Pairing()
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
                    if doc.document.warnings:
                        report.warned.append(doc.document)
                    pairing.add(doc, order)
                    sources[str(path)] = SourceEntry(sha, doc_id, cat, authors.get(path, ""))
                    if str(path) in plan.previous:
                        report.replaced += 1
                    else:
                        report.added += 1
                if on_file:
                    on_file(path)
        _answer_recommendations(pairing, work, generation, entries, old, plan, jobs)
        # the planned order, whichever order the files were done in
        report.errors.extend(error for path in planned for error in failures.get(path, ()))
        done = {str(path): None for path in planned if str(path) in sources}
        sources = {**{k: v for k, v in sources.items() if k not in done}, **{k: sources[k] for k in done}}
        if plan.rebuild:
            report.added, report.replaced = parsed_count, 0
        meta = _new_meta(old, paths, plan.fingerprint, entries, sources, knowledge)
        generation.commit(meta)
    except WorkerFailed as exc:
        generation.abort()
        raise WorkerFailed(f"indexing stopped: {exc}; the index was not changed") from None
    except BaseException:
        generation.abort()
        raise
    return meta


def _answer_recommendations(pairing: Pairing, work: BuildWork, generation: GenerationWriter,
                            entries: dict[str, DocEntry], old: Meta | None, plan: _Plan, jobs: int) -> None:
    """Write the Working Group recommendations held back, with their addenda's answers (see
    index/addenda.py): the reports and addenda of the index this update did not parse but whose
    partner it parsed or dropped are parsed again first (a report is written anew, an addendum
    only read)."""
    kept = {doc_id: entry.document for doc_id, entry in entries.items()}
    dropped = [e.document for e in (old.documents if old else ()) if e.document.id in plan.drop_docs]
    reports, addenda = pairing.partners(kept, dropped)
    for doc_id in reports + addenda:
        path = source_of(doc_id, plan.sources)
        if path is None:
            continue
        entry = entries[doc_id]
        work.places[path] = (doc_id, entry.order)
        if plan.sources[str(path)].author:
            work.authors[path] = plan.sources[str(path)].author
        _, documents = work.parse(path)  # a file indexed before: read as it was then
        for doc in documents:
            if doc_id in reports:
                generation.delete_documents([doc_id])
                work.write(generation.add_chunk, path, doc)
                entries[doc_id] = DocEntry(doc.document, entry.order, doc.chunks, doc.statements,
                                           list(doc.organisations), *doc.counts)
            pairing.add(doc, entry.order)
    if not pairing.held:
        return
    if jobs <= 1:
        pairing.write_held(generation.add_chunk)
        return
    # the workers' segments are written: these go in segments of their own after them, written by
    # as many processes (each a run of the reports, in order: the same documents in the same order)
    runs = pairing.split_held(jobs)
    pairing.held.clear()
    generation.add_parts([*generation.parts, *_write_in_parts(generation, runs)])


def _write_in_parts(generation: GenerationWriter, runs: list[Pairing]) -> list:
    """Each run's held recommendations written into a segment of its own: (segment, values) each,
    in the order of the runs; by forked processes when there is more than one run."""
    def write(run: Pairing) -> tuple:
        part = generation.part_writer()
        run.write_held(part.add_values)
        return part.finish_part()

    if len(runs) < 2:
        return [write(run) for run in runs]
    from uprsearch.pipeline import run_forked

    parts: list = [None] * len(runs)
    with contextlib.closing(run_forked([lambda report, run=run: write(run) for run in runs])) as results:
        for number, done, payload in results:
            if done:
                parts[number] = payload
    return parts


def _new_meta(old: Meta | None, paths: list[Path], fingerprint: str, entries: dict[str, DocEntry],
              sources: dict[str, SourceEntry], knowledge: Any) -> Meta:
    """The new generation's metadata: its documents in order, sources, data files and the
    organisation registry (the data files' and the documents' own), with their expansions."""
    meta = Meta(
        built=time.time(),
        roots=distinct([*(old.roots if old else []), *(str(Path(p).resolve()) for p in paths)]),
        knowledge=fingerprint,
        documents=sorted(entries.values(), key=lambda e: e.order),
        sources=sources,
        acronyms=dict(knowledge.acronyms),
        themes=[{"slug": t.slug, "label": t.label} for t in knowledge.taxonomy.themes],
    )
    registry = knowledge.registry.copy()
    own: list[Organisation] = []  # the documents' own organisations (Organisation.doc): kept apart
    for entry in meta.documents:
        for org in entry.organisations:
            if org.doc:
                own.append(org)
            else:
                registry.add(org)
    meta.organisations = [*registry, *own]
    meta.expansions = {
        " ".join(words): [list(f) for f in forms]
        for words, forms in build_expansions(meta.acronyms, meta.organisations).items()
    }
    return meta


def _finish(report: UpdateReport, meta: Meta | None, started: float) -> UpdateReport:
    if meta is not None:
        report.documents = len(meta.documents)
        report.chunks = sum(e.chunks for e in meta.documents)
        report.organisations = len({o for e in meta.documents for o in e.orgs})
    report.seconds = time.monotonic() - started
    return report
