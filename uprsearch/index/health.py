"""The index folder's health: an index, nothing yet, or a damaged or foreign one; what a writer
starts from; what interrupted builds left; what `index --repair` rebuilds from; `index --status`.

An index is never replaced or removed but by a command that says so: a reader reports a damaged
index, or one another schema wrote, in one line with the command that mends it, and only an
empty location is built into on first use. Interrupted builds leave partial generations (no
meta.json) and CURRENT's temporary file; every write removes them first, under the lock.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from uprsearch.errors import IndexTooNew, UprError
from uprsearch.index.faults import damaged, foreign_version
from uprsearch.index.generations import META, POINTER, is_generation_name, read_pointer
from uprsearch.index.location import index_command
from uprsearch.index.meta import Meta, Recorded, SchemaMismatch
from uprsearch.index.schema import SCHEMA_VERSION

@dataclass
class FolderState:
    """What an index folder holds, read without the lock (a writer may be swapping generations)."""

    location: Path
    live: Path | None = None  # the generation CURRENT names, complete
    pointed: Path | None = None  # the generation folder CURRENT names, complete or not
    problem: str | None = None  # why the index is damaged; None where it is sound or empty
    complete: list[Path] = field(default_factory=list)  # generations with meta.json, newest first
    partial: list[Path] = field(default_factory=list)  # generations never completed, CURRENT's temporary files

    @property
    def empty(self) -> bool:
        """No index here (a folder of killed first builds is empty too): a first build may start."""
        return self.live is None and self.problem is None

    @property
    def leftovers(self) -> list[Path]:
        """What the next write removes: the partial generations, and (in a sound index) the complete
        generations but the live one and the newest other, which a late reader may still be opening."""
        if self.live is None:
            return list(self.partial)
        others = [g for g in self.complete if g != self.live]
        return [*self.partial, *others[1:]]


def inspect(location: Path) -> FolderState:
    """The state of the index folder at `location` (a missing folder is an empty one)."""
    state = FolderState(location)
    try:
        entries = list(location.iterdir())
    except FileNotFoundError:
        return state
    except NotADirectoryError:
        raise  # the CLI's one line: "<path>: Not a directory"
    except OSError as exc:
        raise UprError(f"cannot read the index at {location} ({exc.strerror or exc})") from exc
    pointer = read_pointer(location)
    generations = []
    for entry in entries:
        if is_generation_name(entry.name) and entry.is_dir():
            generations.append(entry)
        elif entry.match(f".{POINTER}.*.tmp"):
            state.partial.append(entry)
    complete = [g for g in generations if (g / META).is_file()]
    state.complete = sorted(complete, key=_mtime, reverse=True)
    state.partial += sorted(g for g in generations if g not in complete and g.name != pointer)
    if pointer is None:
        if complete:
            state.problem = f"its pointer file {POINTER} is missing"
    elif not is_generation_name(pointer):
        state.problem = f"its pointer file {POINTER} names no generation"
    elif not (location / pointer).is_dir():
        state.problem = f"{POINTER} names {pointer}, which does not exist"
    elif not (location / pointer / META).is_file():
        state.problem = f"{pointer}/{META} is missing"
    else:
        state.live = location / pointer
    if pointer and is_generation_name(pointer) and (location / pointer).is_dir():
        state.pointed = location / pointer
    return state


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def remove_leftovers(state: FolderState) -> list[Path]:
    """Remove what interrupted builds left (under the writers' lock); the paths removed."""
    import shutil

    removed = []
    for path in state.leftovers:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                path.unlink()
            except OSError:
                continue
        removed.append(path)
    return removed


@dataclass
class WriteStart:
    """What a write starts from: the live generation (kept beside the new one after the swap) and
    its metadata; None for either where there is none, or it is to be replaced."""

    live: Path | None
    meta: Meta | None


def start_write(state: FolderState, *, replace: bool, repair: bool) -> WriteStart:
    """Under the lock: the live generation and its metadata for an update. A damaged index, or one
    another schema wrote, is refused (IndexDamaged, IndexOutdated, IndexTooNew) unless the write
    replaces it with the paths named (`replace`) or rebuilds it from what it recorded (`repair`)."""
    location = state.location
    if state.empty:
        if repair:
            raise UprError(f"there is no index at {location} to repair; build one with `{index_command(location)} PATH…`")
        return WriteStart(None, None)
    kept = state.pointed or (state.complete[0] if state.complete else None)  # kept beside the new one
    if state.problem is not None:
        if repair:
            return WriteStart(kept, recovered(state))
        if replace:
            return WriteStart(kept, None)
        raise damaged(location, state.problem)
    try:
        return WriteStart(state.live, Meta.from_json((state.live / META).read_text(encoding="utf-8")))
    except SchemaMismatch as exc:
        error = foreign_version(location, exc.args[0])
        if isinstance(error, IndexTooNew) and not replace:
            raise error from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        error = damaged(location, f"{state.live.name}/{META} cannot be read")
    if repair:
        return WriteStart(state.live, recovered(state))
    if replace:
        return WriteStart(state.live, None)
    raise error from None


def recovered(state: FolderState) -> Meta:
    """What the index recorded, for --repair: the sources (and their authors) and roots of the live
    generation, else of the newest complete generation that has them; every source is parsed again."""
    from uprsearch.index.meta import SourceEntry

    candidates = ([state.pointed] if state.pointed else []) + [g for g in state.complete if g != state.pointed]
    for gen in candidates:
        found = Recorded.read(gen)
        if found is not None and found.sources:
            return Meta(
                schema_version=SCHEMA_VERSION,
                roots=found.roots,
                sources={path: SourceEntry("", "", "", author) for path, author in found.sources.items()},
            )
    raise UprError(
        f"the index at {state.location} records no files to rebuild from; "
        f"rebuild it from the paths you name with `{index_command(state.location)} --rebuild PATH…`"
    )


@dataclass
class IndexStatus:
    """What `uprsearch index --status` says."""

    location: Path
    state: FolderState
    error: UprError | None = None  # why the index cannot be used, with what to do
    schema: int | None = None
    built: float = 0.0
    documents: int = 0
    chunks: int = 0
    sources: int = 0
    roots: list[str] = field(default_factory=list)
    stale: bool = False
    leftover_bytes: int = 0
    command: str = "uprsearch index"  # as the user types it for this location

    @property
    def built_text(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(self.built)) if self.built else ""


def status(location: Path) -> IndexStatus:
    """The index at `location` as `index --status` reports it (reads all of meta.json)."""
    from uprsearch.index.fingerprints import knowledge_dirs, knowledge_fingerprint

    state = inspect(location)
    report = IndexStatus(location, state, leftover_bytes=sum(_size(p) for p in state.leftovers),
                         command=index_command(location))
    if state.problem is not None:
        report.error = damaged(location, state.problem)
        return report
    if state.live is None:
        return report
    try:
        meta = Meta.from_json((state.live / META).read_text(encoding="utf-8"))
    except SchemaMismatch as exc:
        report.schema = exc.args[0] if isinstance(exc.args[0], int) else None
        report.error = foreign_version(location, exc.args[0])
        return report
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        report.error = damaged(location, f"{state.live.name}/{META} cannot be read")
        return report
    report.schema, report.built, report.roots = meta.schema_version, meta.built, list(meta.roots)
    report.documents, report.sources = len(meta.documents), len(meta.sources)
    report.chunks = sum(e.chunks for e in meta.documents)
    existing = [s for s in meta.sources if Path(s).exists()]
    report.stale = knowledge_fingerprint(knowledge_dirs(existing), location) != meta.knowledge
    return report


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    total = 0
    for item in path.rglob("*"):
        try:
            total += item.stat().st_size if item.is_file() else 0
        except OSError:
            pass
    return total
