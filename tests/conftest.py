"""Shared fixtures: one index of the bundled corpus, built once per test session in a temp dir.

UPRSEARCH_INDEX points at that folder for the whole session, so no test touches the checkout's
index/ or the user's data directory. Tests that query use the `corpus_index` fixture, which
builds the index the first time it is asked for; tests that need an index of their own pass
--index-dir.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("index")


@pytest.fixture(scope="session", autouse=True)
def _index_env(index_dir):
    previous = {name: os.environ.get(name) for name in ("UPRSEARCH_INDEX", "UPRSEARCH_CORPUS")}
    os.environ["UPRSEARCH_INDEX"] = str(index_dir)
    os.environ.pop("UPRSEARCH_CORPUS", None)
    yield
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def corpus_index(index_dir) -> Path:
    from uprsearch import index as ix
    from uprsearch.reader import bundled_corpus_dir

    report = ix.update(index_dir, [bundled_corpus_dir()], refresh_known=False)
    assert report.errors == []
    return index_dir


@pytest.fixture(scope="session")
def library(corpus_index):
    from uprsearch.index import Index
    from uprsearch.library import Library

    return Library(Index.open(corpus_index))


# The shared sample documents: real UPR documents other tests read, never copied into the project.
SHARED = Path(__file__).resolve().parents[2] / "shared"
SHARED_SOURCE = (
    f"{SHARED} (../shared/ beside this checkout: the project's shared folder, with upr-samples/ and "
    "upr-corpus/, each SOURCES.md saying where every document was taken from)"
)


def pytest_report_header(config) -> str:
    state = "present" if SHARED.is_dir() else "ABSENT: the tests that read it are skipped"
    return f"shared sample documents: {SHARED_SOURCE}: {state}"


def pytest_terminal_summary(terminalreporter) -> None:
    """Where the skipped tests' documents come from, once, after the skips are counted."""
    skipped = terminalreporter.stats.get("skipped", [])
    if skipped and not SHARED.is_dir():
        terminalreporter.write_line(
            f"{len(skipped)} tests were skipped: they read the shared sample documents, {SHARED_SOURCE}, "
            "which is absent; put that folder beside the checkout to run them."
        )
