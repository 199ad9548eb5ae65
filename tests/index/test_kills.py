"""Builds killed at random moments (SIGKILL to a real `uprsearch index` process): the index always
answers as before, and the next write leaves nothing of them (issue 14). bench/kills.py does 100
kills on the bundled corpus; here 10 on a small one, behind the `slow` marker (run by default;
`-m "not slow"` leaves them out)."""
from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from uprsearch.index import Index, update
from uprsearch.index.generations import META, POINTER
from uprsearch.library import Filters, Library

KILLS = 10
TEXT = (
    "Amnesty International (AI) noted torture in prison number {n}.\n\n"
    "Human Rights Watch (HRW) recommended that the State abolish the death penalty in region {n}.\n\n"
    "JS1 noted that detainees in facility {n} were held incommunicado.\n"
)


def generations(location: Path) -> tuple[str, list[str], list[str], list[str]]:
    """(the live generation, the complete ones, those never completed, CURRENT's temporary files)."""
    live = (location / POINTER).read_text().strip()
    gens = sorted(p for p in location.glob("gen-*") if p.is_dir())
    complete = [p.name for p in gens if (p / META).is_file()]
    return live, complete, [p.name for p in gens if p.name not in complete], [p.name for p in location.glob(".*.tmp")]


def answers(location: Path) -> tuple[list[str], list[str]]:
    library = Library(Index.open(location))
    try:
        hits = library.search(["torture"], Filters(), limit=None)
        return [r["id"] for r in hits.records], [d.id for d in library.index.documents]
    finally:
        library.index.close()


@pytest.mark.slow
def test_builds_killed_at_random_moments_never_lose_the_index_and_the_next_write_cleans_up(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(12):
        (corpus / f"doc{n:02}.txt").write_text(TEXT.format(n=n))
    location = tmp_path / "ix"
    update(location, [corpus])
    expected = answers(location)
    command = [sys.executable, "-m", "uprsearch", "--index-dir", str(location), "index", "--rebuild"]
    started = time.monotonic()
    assert subprocess.run(command, capture_output=True).returncode == 0
    span = time.monotonic() - started  # kills fall anywhere in an uninterrupted run: start-up to commit
    rng = random.Random(14)
    for kill in range(KILLS):
        process = subprocess.Popen([*command, "-j", str(1 + kill % 2)], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, span))
        process.send_signal(signal.SIGKILL)
        process.wait()
        live, complete, partial, _ = generations(location)
        assert live in complete, kill
        assert answers(location) == expected, kill
        assert len(partial) <= 1, kill  # each write removes what the last one left, first
    update(location, [corpus])  # the next write, with nothing to index
    live, complete, partial, tmp = generations(location)
    assert (partial, tmp) == ([], [])
    assert live in complete and len(complete) <= 2  # the live generation and the one before it
    assert answers(location) == expected
