"""Opening the index for a query, building it on first use: the one place that does (the CLI calls it).

A reader never writes to an index: the only write a query makes is the first build, into an
empty location (--corpus, UPRSEARCH_CORPUS, else the bundled corpus). An index whose data files
changed, or that lacks a corpus asked for by name, answers as it is, with a one-line notice of
the command that updates it; a damaged index, or one another schema wrote, is an error that says
how to mend it (see health.py). Only `uprsearch index` writes to an index that exists.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from uprsearch.errors import IndexMissing, UprError
from uprsearch.index.generations import META, live_generation
from uprsearch.index.faults import damaged
from uprsearch.index.health import inspect
from uprsearch.index.location import index_command, index_location
from uprsearch.index.searcher import Index

if TYPE_CHECKING:
    from uprsearch.index.indexer import UpdateReport


def open_index(
    index_dir: str | None,
    corpus: str | None,
    notice: Callable[[str], None],
) -> Index:
    """The index, built from the corpus if the location is empty; otherwise opened as it is, with
    a notice if it is out of date with its data files (or, in a checkout, the code) or lacks a
    corpus asked for by name. Each notice is one line to `notice`."""
    location = index_location(index_dir)
    try:
        index = Index.open(location)
    except IndexMissing:
        state = inspect(location)
        if state.problem is not None:
            raise damaged(location, state.problem) from None
        if state.live is None:
            return _first_build(location, corpus, notice)
        index = Index.open(location)  # a writer made a generation live while we looked
    command = index_command(location)
    if corpus:  # a corpus asked for by name (--corpus, UPRSEARCH_CORPUS) should be in the index
        source = _corpus_dir(corpus)
        if str(source.resolve()) not in recorded_roots(location):
            notice(f"uprsearch: the corpus {source} is not in the index at {location}; "
                   f"answering without it; add it with `{command} {source}`")
    if index.is_stale():
        notice(f"uprsearch: the index at {location} is out of date (its data files or uprsearch changed since "
               f"it was built); answering from it as it is; update it with `{command}`")
    return index


def _first_build(location: Path, corpus: str | None, notice: Callable[[str], None]) -> Index:
    """Build the corpus into an empty location (other files in the folder are left alone: the
    checkout's index/ has a README); say so once the location is known to be writable."""
    source = _corpus_dir(corpus)
    try:
        report = _update(
            location, [source], refresh_known=False,
            on_plan=lambda _: notice(f"uprsearch: building the index of {source} in {location} "
                                     "(first use; this takes a moment)"),
        )
    except PermissionError as exc:
        raise UprError(f"cannot write the index at {location} ({exc.strerror or exc}); "
                       "give --index-dir a folder you can write") from None
    for error in report.errors:
        notice(f"uprsearch: skipped: {error}")
    for line in report.skipped:  # a file that repeats another's document
        notice(line)
    return Index.open(location)


def _corpus_dir(option: str | None) -> Path:
    from uprsearch.reader import corpus_dir  # only to build or compare: not on every query

    return corpus_dir(option)


def _update(location: Path, paths: list[Path], **options: Any) -> UpdateReport:
    """indexer.update, imported only when something is built: a query never loads the build side."""
    from uprsearch.index.indexer import update

    return update(location, paths, **options)


def index_targets(location: Path, corpus: str | None, rebuild: bool) -> list[Path]:
    """What `uprsearch index` with no PATH indexes: the corpus asked for by name; else, into an
    index that exists, the paths it was built from (a rebuild: nothing more than the files it
    holds), never the bundled corpus unless it is one of them; else (an empty location) the corpus."""
    if corpus:
        return [_corpus_dir(corpus)]
    if inspect(location).empty:
        return [_corpus_dir(None)]
    if rebuild:
        return []
    return [Path(r) for r in recorded_roots(location) if Path(r).exists()]


def recorded_roots(location: Path) -> list[str]:
    """The folders an index was built from, read leniently from any version's metadata."""
    import json

    try:
        gen = live_generation(location)
        if gen is None:
            return []
        data = json.loads((gen / META).read_text(encoding="utf-8"))
        return [str(r) for r in data.get("roots", []) if isinstance(r, str)]
    except (OSError, ValueError, UprError, AttributeError):
        return []
