"""Opening the index, building it on first use: the one place that does (the CLI calls it).

A first query builds the index of the corpus (--corpus, UPRSEARCH_CORPUS, else the bundled one);
an index another version of uprsearch wrote is rebuilt from the folders it was built from; an
index whose data files changed is brought up to date. The library itself only reads an open Index.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from uprsearch.errors import IndexMissing, IndexOutdated, UprError
from uprsearch.index.generations import META, live_generation
from uprsearch.index.location import index_location
from uprsearch.index.searcher import Index

if TYPE_CHECKING:
    from uprsearch.index.indexer import UpdateReport


def open_index(
    index_dir: str | None,
    corpus: str | None,
    notice: Callable[[str], None],
) -> Index:
    """The index, built from the corpus on first use and rebuilt if another version made it;
    brought up to date first if its data files (or, in a checkout, the code) changed, or if a
    corpus asked for by name is not in it. Each of these is said in one line to `notice`."""
    def corpus_dir(option):
        from uprsearch.reader import corpus_dir as find  # only to build: not on every query

        return find(option)

    location = index_location(index_dir)
    try:
        index = Index.open(location)
        fresh = not index.is_stale()
        if corpus:  # a corpus asked for by name (--corpus, UPRSEARCH_CORPUS) must be in the index
            source = corpus_dir(corpus)
            if str(source.resolve()) not in recorded_roots(location):
                index.close()
                notice(f"uprsearch: adding the corpus {source} to the index in {location}")
                report = _update(location, [source], refresh_known=not fresh)
                for error in report.errors:
                    notice(f"uprsearch: skipped: {error}")
                return Index.open(location)
        if fresh:
            return index
        index.close()
        notice(f"uprsearch: the data files or uprsearch itself changed since the index was built; updating {location}")
        report = _update(location, [])
    except IndexMissing:
        source = corpus_dir(corpus)
        notice(f"uprsearch: building the index of {source} in {location} (first use; this takes a moment)")
        report = _update(location, [source], refresh_known=False)
    except IndexOutdated as exc:
        roots = [Path(r) for r in recorded_roots(location) if Path(r).exists()] or [corpus_dir(corpus)]
        notice(f"uprsearch: {exc}; rebuilding it from {', '.join(map(str, roots))}")
        report = _update(location, roots, rebuild=True, refresh_known=False)
    for error in report.errors:
        notice(f"uprsearch: skipped: {error}")
    for line in report.skipped:  # a file that repeats another's document
        notice(line)
    return Index.open(location)


def _update(location: Path, paths: list[Path], **options: Any) -> UpdateReport:
    """indexer.update, imported only when something is built: a query never loads the build side."""
    from uprsearch.index.indexer import update

    return update(location, paths, **options)


def recorded_roots(location: Path) -> list[str]:
    """The folders an index was built from, read leniently from any version's metadata."""
    import json

    try:
        gen = live_generation(location)
        if gen is None:
            return []
        data = json.loads((gen / META).read_text(encoding="utf-8"))
        return [str(r) for r in data.get("roots", []) if isinstance(r, str)]
    except (OSError, ValueError, UprError):
        return []
