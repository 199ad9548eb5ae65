"""Files in, tagged chunks out: read -> parse -> tag, for one file or a whole corpus."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from uprsearch import metadata, parse, tag
from uprsearch.actions import ActionCoder, load_actions
from uprsearch.errors import InputError, WorkerFailed
from uprsearch.identify import FileIdentity, duplicate_line, duplicate_of, identify
from uprsearch.models import ADDENDUM, SUBMISSION, WG_DOCUMENT_TYPES, WG_REPORT, Document, ParsedDocument
from uprsearch.orgs import Registry, load_registry
from uprsearch.reader import SourceText, catalog_entry, document_id_from_name, find_sources, read_source
from uprsearch.states import States, load_states
from uprsearch.themes import Taxonomy, load_taxonomy


@dataclass
class Knowledge:
    """The data files a parse needs: the organisation registry, acronyms, the theme taxonomy, the
    action categories' rules and the States."""

    registry: Registry
    acronyms: dict[str, str]
    taxonomy: Taxonomy
    actions: ActionCoder = field(default_factory=load_actions)
    states: States = field(default_factory=load_states)

    @classmethod
    def load(cls, extra_dirs: list[Path] = ()) -> "Knowledge":
        from uprsearch.orgs import load_acronyms

        return cls(
            load_registry(extra_dirs), load_acronyms(extra_dirs), load_taxonomy(extra_dirs), load_actions(extra_dirs),
            load_states(extra_dirs),
        )


@dataclass
class ParseRun:
    documents: list[ParsedDocument] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # a line for each file that repeats another's document


def parse_source(source: SourceText, meta: Document | None, knowledge: Knowledge, author: str | None = None) -> ParsedDocument:
    """Parse and tag one source text."""
    document = meta or Document(id="")
    document.id = document.id or document_id_from_name(source.path.name)
    document.source = str(source.path)
    document.sha256 = source.sha256
    if author:
        document.author = author
    parsed = parse_by_type(source, document, knowledge)
    if not document.country and document.type == SUBMISSION:  # no catalogue says: the text does
        document.country, iso3 = metadata.country_in_text(source.text, knowledge.states)
        document.iso3 = document.iso3 or iso3
    tag.tag_document(parsed, knowledge.registry.copy(), knowledge.acronyms, knowledge.taxonomy, knowledge.actions,
                     states=knowledge.states)
    return parsed


def parse_by_type(source: SourceText, document: Document, knowledge: Knowledge) -> ParsedDocument:
    """Cut one document with the parser its type calls for: Working Group reports and their
    addenda (recognised by their cover page, or so typed by the catalogue) have parsers of their
    own; every other document is parse.parse_document's."""
    from uprsearch import wgtext

    text = source.text.replace("\f", "\n")
    found = wgtext.recognise(text, knowledge.states)  # None unless the cover names the Working Group's report
    if found is not None and metadata.recognise(text).type in WG_DOCUMENT_TYPES:  # not a national report quoting it
        metadata.apply(document, found)
    if document.type == WG_REPORT:
        from uprsearch import wgreport

        return wgreport.parse(source, document, knowledge.states)
    if document.type == ADDENDUM:
        from uprsearch import addendum

        return addendum.parse(source, document, knowledge.states)
    return parse.parse_document(source, document, knowledge.registry, knowledge.acronyms)


def parse_paths(
    paths: list[Path],
    knowledge: Knowledge | None = None,
    author: str | None = None,
    catalogs: dict[Path, dict[str, Document]] | None = None,
) -> ParseRun:
    """Parse every .txt/.pdf file named or below the folders named; bad files are collected, not raised.
    A Working Group report and its addendum among them are paired by symbol, the addendum's answers
    given to the report's recommendations.

    `catalogs` (folder -> its catalogue entries) may be shared between calls, so that a caller
    parsing a corpus file by file reads each folder's catalog.toml once, not once per file.
    """
    errors: list[InputError] = []
    files = find_sources(paths, errors)
    catalogs = {} if catalogs is None else catalogs
    knowledge = knowledge or Knowledge.load(sorted({p.parent for p in files}))
    run = _parse_files([(path, None) for path in files], knowledge, author, catalogs)
    run.errors[:0] = errors
    return run


def parse_stdin(data: bytes, knowledge: Knowledge | None = None, author: str | None = None) -> ParseRun:
    """Parse the text (or PDF) given on standard input, as a file of no folder."""
    return _parse_files([(STDIN, data)], knowledge or Knowledge.load(), author, {})


STDIN = Path("<stdin>")  # the name standard input goes by in messages (its document's id: "stdin")


def _parse_files(files: list[tuple[Path, bytes | None]], knowledge: Knowledge, author: str | None,
                 catalogs: dict[Path, dict[str, Document]]) -> ParseRun:
    run = ParseRun()
    used_ids: set[str] = set()
    seen: list[FileIdentity] = []
    for path, data in files:
        meta = catalog_entry(path, catalogs) if data is None else None
        try:
            source = read_source(path, data)
            file = identify(path, meta, source.sha256, data)
            other = duplicate_of(file, seen)
            if other is not None:
                run.skipped.append(duplicate_line(file, other))
                continue
            seen.append(file)
            parsed = parse_source(source, _copy(meta), knowledge, author)
        except InputError as exc:
            run.errors.append(exc)
            continue
        except (RecursionError, MemoryError, ValueError, LookupError, ArithmeticError, TypeError,
                AttributeError, AssertionError, NotImplementedError, UnicodeError, OSError) as exc:
            # a parser's bug or a limit one odd file reaches: that file's error, not the run's
            reason = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}" if str(exc) else type(exc).__name__
            run.errors.append(InputError(f"{path}: could not be parsed ({reason}); please report it"))
            continue
        if not parsed.chunks:  # said, not silently indexed as nothing
            parsed.document.warnings.append("no paragraphs found: 0 chunks indexed")
        parsed.rename(_unique(file.doc_id, used_ids))
        run.documents.append(parsed)
    if {ADDENDUM, WG_REPORT} <= {d.document.type for d in run.documents}:
        from uprsearch import addendum

        addendum.apply_addenda(run.documents)  # a report and its addendum read together: the answers applied
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
# Parsing many files: one file at a time here, or in forked worker processes


def identify_file(path: Path, catalogs: dict[Path, dict[str, Document]], sha256: str = "") -> FileIdentity:
    """The id a file's document asks for (before any clash is resolved) and its symbol, known
    before the file is parsed (uprsearch.identify): its catalogue entry's id, else one made from
    its symbol, else from its file name."""
    return identify(path, catalog_entry(path, catalogs), sha256)


def parse_one(path: Path, knowledge: Knowledge, catalogs: dict, author: str | None = None) -> tuple[list[InputError], list[ParsedDocument]]:
    """A file's errors and its documents (at most one)."""
    run = parse_paths([path], knowledge, catalogs=catalogs, author=author)
    return run.errors, run.documents


def worker_count(jobs: int | None, files: int) -> int:
    """How many processes parse `files` files: `jobs` if given, else one per CPU (at most 4);
    one where forking is not the platform's own way (only Linux forks by default: elsewhere it
    is unsafe or missing) or where there are too few files to be worth a process start."""
    import multiprocessing
    import os
    import sys

    if jobs is None:
        jobs = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 4)
        if files < 8:
            return 1
    can_fork = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
    return max(1, min(jobs, files)) if can_fork else 1


def split_by_size(paths: list[Path], parts: int) -> list[list[Path]]:
    """`paths` cut into `parts` runs, in order, of about the same total size in bytes."""
    sizes = []
    for path in paths:
        try:
            sizes.append(max(path.stat().st_size, 1))
        except OSError:
            sizes.append(1)
    return split_by_weight(paths, sizes, parts)


def split_by_weight(items: list, weights: list[int], parts: int) -> list[list]:
    """`items` cut into `parts` runs (some maybe empty), in order, of about the same total weight."""
    total = sum(weights) or 1
    runs: list[list] = [[] for _ in range(parts)]
    done = 0
    for item, weight in zip(items, weights):
        # the run whose share of the total this item's middle falls in
        runs[min(parts - 1, int((done + weight / 2) * parts / total))].append(item)
        done += weight
    return runs


def run_forked(jobs: list[Callable[[Callable[[Any], None]], Any]]) -> Iterator[tuple[int, bool, Any]]:
    """Run each job in a forked process of its own, all at once; yield (job number, False, item)
    for each item a job reports (job(report) calls report(item)) as it comes, and (job number,
    True, result) when a job returns. Items and results cross pickled: keep them small.

    A job's exception is raised here (with the worker's traceback as a note), or WorkerFailed
    where it cannot cross (or an item cannot); a worker that dies, or ends without its result,
    raises WorkerFailed. Ctrl-C is left to this process (KeyboardInterrupt here). Either way every
    worker is stopped first. A worker dies with this process, so a killed build leaves none."""
    import multiprocessing
    import os
    import pickle
    import queue as queue_module
    import signal

    context = multiprocessing.get_context("fork")
    messages = context.Queue()
    parent = os.getpid()

    def send(message: tuple) -> None:
        # pickled here, not in the queue's feeder thread, so that a failure is this job's error
        messages.put(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))

    def child(number: int, job) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        _die_with_parent(parent)
        try:
            send((number, True, job(lambda item: send((number, False, item)))))
        except BaseException as exc:  # sent back: the parent reports it, not this process
            import traceback

            details = traceback.format_exc()
            try:
                pickle.loads(pickle.dumps(exc))  # an exception that cannot cross is sent as text
                send((number, None, (exc, details)))
            except Exception:
                text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
                send((number, None, (WorkerFailed(text), details)))
        finally:
            messages.close()
            messages.join_thread()

    processes = [context.Process(target=child, args=(k, job), daemon=True) for k, job in enumerate(jobs)]
    try:
        for process in processes:
            process.start()
        running = set(range(len(jobs)))
        ended_quietly: set[int] = set()  # exited without their result: failed, if nothing more comes
        while running:
            try:
                number, done, payload = pickle.loads(messages.get(timeout=0.2))
            except queue_module.Empty:
                for k in sorted(running):
                    code = processes[k].exitcode
                    if code is not None and code != 0:
                        raise WorkerFailed(f"worker process {k + 1} of {len(jobs)} died (exit code {code})")
                    if k in ended_quietly:
                        raise WorkerFailed(f"worker process {k + 1} of {len(jobs)} ended without its result")
                    if code is not None:
                        ended_quietly.add(k)
                continue
            if done is None:
                failure, details = payload
                failure.__notes__ = [*getattr(failure, "__notes__", []), f"in worker process {number + 1}:\n{details}"]
                raise failure
            if done:
                running.discard(number)
            yield number, done, payload
        for process in processes:
            process.join()
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            if process.pid is not None:
                process.join()
        messages.close()


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this (forked) process when its parent dies (Linux's
    PR_SET_PDEATHSIG): a worker outliving a killed build would hold the index's lock forever."""
    import ctypes
    import os
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
