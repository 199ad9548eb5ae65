"""Building with worker processes (`uprsearch index --jobs N`): each worker parses a run of the
files and writes their chunks into a segment of its own. The index answers exactly as one built
in a single process; a worker that fails or dies leaves the previous index answering."""
from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from uprsearch import pipeline
from uprsearch.cli import cli
from uprsearch.index import Index, docvalues, update, workers
from uprsearch.index.docvalues import DOCVALUES, compute_docvalues
from uprsearch.index.generations import META, POINTER, live_generation
from uprsearch.index.writer import GenerationWriter
from uprsearch.reader import bundled_corpus_dir
from uprsearch.library import Filters, Library
from uprsearch.metadata import UPR_SYMBOL

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "upr-samples"
QUERIES = (["torture"], ["freedom", "expression"], ['"human rights defenders"'], ["detent*"], ["refoulement"], [])


def write_corpus(folder: Path) -> Path:
    """Twelve files: the bundled corpus with its catalogue, the samples and a variant of each, a file whose
    name asks for a catalogued id (it gets the id first, the catalogued file "-2"), an empty file."""
    folder.mkdir(parents=True)
    for item in bundled_corpus_dir().iterdir():
        if item.suffix in (".txt", ".toml"):
            shutil.copy(item, folder / item.name)
    for sample in sorted(SAMPLES.glob("*.txt")):
        shutil.copy(sample, folder / sample.name)
        # a document like it, not the same one again (that would be skipped): another symbol, another byte
        text = UPR_SYMBOL.sub(lambda m: f"A/HRC/WG.6/{int(m.group(1)) + 1}/{m.group(2)}/{m.group(3)}", sample.read_text("utf-8"))
        (folder / f"copy-{sample.name}").write_text(text + "\n", encoding="utf-8")
    cvt = (SAMPLES / "ngo-report-center-for-victims-of-torture.txt").read_text("utf-8")
    (folder / "kaz-2009-ai.txt").write_text(cvt + "\n\n", encoding="utf-8")  # (not the same bytes as its copy)
    (folder / "empty.txt").write_text("")
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    if not SAMPLES.is_dir():
        pytest.skip(f"sample folder {SAMPLES} is absent (present in CI)")
    return write_corpus(tmp_path_factory.mktemp("parallel") / "corpus")


def answers(location: Path) -> dict:
    """What a user can see of an index: search hits with scores and facets, the documents,
    organisations and themes with their counts, and what the metadata records."""
    index = Index.open(location)
    try:
        library = Library(index)
        seen = {}
        for words in QUERIES:
            outcome = library.search(words, Filters(), limit=None, facets=True)
            seen[" ".join(words)] = (outcome.records, outcome.facets)
        seen["--org HRW"] = library.search([], Filters(org=("HRW",)), limit=None).records
        seen["said AI"] = library.said("AI", [], Filters()).records
        seen["docs"] = library.docs().records
        seen["orgs"] = library.orgs().records
        seen["themes"] = library.themes().records
        meta = json.loads((live_generation(location) / META).read_text())
        meta.pop("built")
        seen["meta"] = meta
        return seen
    finally:
        index.close()


def segments(location: Path) -> int:
    index = Index.open(location)
    try:
        return len(list(index.searcher.reader().leaf_readers()))
    finally:
        index.close()


def test_runs_of_files_are_cut_in_order_by_size(tmp_path):
    paths = []
    for name, size in [("a", 10), ("b", 10), ("c", 50), ("d", 10), ("e", 20)]:
        (tmp_path / name).write_bytes(b"x" * size)
        paths.append(tmp_path / name)
    assert [[p.name for p in run] for run in pipeline.split_by_size(paths, 2)] == [["a", "b", "c"], ["d", "e"]]
    assert [[p.name for p in run] for run in pipeline.split_by_size(paths, 3)] == [["a", "b"], ["c"], ["d", "e"]]
    assert sum(pipeline.split_by_size(paths, 9), []) == paths


def test_the_default_is_one_process_for_a_few_files_and_jobs_overrides_it():
    assert pipeline.worker_count(None, 7) == 1
    assert pipeline.worker_count(None, 8) == min(os.cpu_count() or 1, 4)
    assert pipeline.worker_count(3, 2) == 2  # never more processes than files
    assert pipeline.worker_count(1, 100) == 1


@pytest.mark.parametrize("jobs", [2, 3])
def test_workers_build_the_index_one_process_builds(tmp_path, corpus, jobs):
    serial = update(tmp_path / "serial", [corpus], refresh_known=False, jobs=1)
    parallel = update(tmp_path / "parallel", [corpus], refresh_known=False, jobs=jobs)
    assert [str(e) for e in parallel.errors] == [str(e) for e in serial.errors] == [f"{corpus / 'empty.txt'}: the file is empty"]
    assert (parallel.documents, parallel.chunks, parallel.added) == (serial.documents, serial.chunks, serial.added) == (11, serial.chunks, 11)
    assert segments(tmp_path / "serial") == 1 and segments(tmp_path / "parallel") == jobs
    assert answers(tmp_path / "parallel") == answers(tmp_path / "serial")
    ids = [d["id"] for d in answers(tmp_path / "parallel")["docs"]]
    assert "kaz-2009-ai" in ids and "kaz-2009-ai-2" in ids and "kaz-2010-summary" in ids


REVIEWS = SAMPLES.parent / "upr-corpus"


def test_workers_write_held_recommendations_as_one_process_does(tmp_path):
    """Working Group reports, two of them with their addenda: the recommendations held back for
    the answers are written after the workers' files by as many processes, each a run of the
    reports in a segment of its own, and the index answers as one process's does."""
    if not REVIEWS.is_dir():
        pytest.skip(f"corpus folder {REVIEWS} is absent (present in CI)")
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("A_HRC_14_15-wg-report-slovenia-S07-2010.txt", "A_HRC_28_15-wg-report-slovenia-S20-2014.txt",
                 "A_HRC_43_15-wg-report-slovenia-S34-2019.txt"):
        shutil.copy(REVIEWS / "wg-reports" / name, folder / name)
    for name in ("A_HRC_14_15_Add.1-addendum-views-slovenia-S07-2010.txt", "A_HRC_43_15_Add.1-addendum-views-slovenia-S34-2019.txt"):
        shutil.copy(REVIEWS / "addenda" / name.replace("S34-2019", "S34-2020"), folder / name)
    serial = update(tmp_path / "serial", [folder], refresh_known=False, jobs=1)
    parallel = update(tmp_path / "parallel", [folder], refresh_known=False, jobs=2)
    assert (parallel.errors, parallel.documents, parallel.chunks) == (serial.errors, serial.documents, serial.chunks)
    assert parallel.errors == [] and parallel.documents == 5
    assert segments(tmp_path / "serial") == 1
    assert segments(tmp_path / "parallel") == 4  # the two workers' runs of files, then two runs of held recommendations
    assert answers(tmp_path / "parallel") == answers(tmp_path / "serial")
    listings = {}
    for location in ("serial", "parallel"):
        index = Index.open(tmp_path / location)
        try:
            library = Library(index)
            listings[location] = [library.search([], Filters(kind=("recommendation",), response=(response,)), limit=None).records
                                  for response in ("supported", "noted", "pending")]
        finally:
            index.close()
    assert listings["parallel"] == listings["serial"]
    supported, noted, pending = listings["parallel"]
    assert supported and noted
    sources = {r["response_source"].partition(", ")[0] for r in supported + noted}
    assert sources == {"A/HRC/14/15/Add.1", "A/HRC/43/15", "A/HRC/43/15/Add.1"}
    assert {r["symbol"] for r in pending} == {"A/HRC/28/15"}  # it left them all to its addendum


def test_the_workers_per_document_values_are_those_read_back_from_the_index(tmp_path, corpus, monkeypatch):
    from whoosh import index as whoosh_index

    location = tmp_path / "index"
    read_back = compute_docvalues
    with monkeypatch.context() as m:
        m.setattr(docvalues, "compute_docvalues", lambda reader: pytest.fail("a rebuild read its index back"))
        update(location, [corpus], refresh_known=False, jobs=2)
    gen = live_generation(location)
    written = pickle.loads((gen / DOCVALUES).read_bytes())
    with whoosh_index.open_dir(str(gen)).reader() as reader:
        assert len(list(reader.leaf_readers())) == 2
        assert written == read_back(reader)


def test_an_update_of_a_live_index_is_written_by_one_process_whatever_jobs_says(tmp_path, corpus):
    # Whoosh merges small segments as updates come; one segment per worker would change when
    first = tmp_path / "first"
    first.mkdir()
    shutil.copy(SAMPLES / "A_HRC_WG.6_28_UKR_3-stakeholder-summary.txt", first / "ukraine.txt")
    for location, jobs in ((tmp_path / "serial", 1), (tmp_path / "parallel", 2)):
        update(location, [first], refresh_known=False)
        report = update(location, [corpus], refresh_known=False, jobs=jobs)
        # (the corpus's own copy of ukraine.txt is the same document: skipped, and said so)
        assert (report.rebuilt, report.added, len(report.skipped)) == (False, 10, 1)
        assert segments(location) == 2
    assert answers(tmp_path / "parallel") == answers(tmp_path / "serial")


def test_a_worker_that_raises_leaves_the_previous_index_answering(tmp_path, corpus, monkeypatch):
    location = tmp_path / "ix"
    update(location, [bundled_corpus_dir()], refresh_known=False)
    live = (location / POINTER).read_text()
    before = answers(location)
    real = workers.prepare_document

    def broken(parsed):
        if parsed.document.id.startswith("copy-"):
            raise OSError(28, "No space left on device")
        return real(parsed)

    monkeypatch.setattr(workers, "prepare_document", broken)
    with pytest.raises(OSError, match="No space left"):
        update(location, [corpus], refresh_known=False, jobs=2, rebuild=True)  # a new generation: workers
    monkeypatch.undo()
    assert (location / POINTER).read_text() == live
    assert len(list(location.glob("gen-*"))) == 1  # the half-built generation is gone
    assert answers(location) == before


def test_a_worker_that_dies_is_one_line_and_the_index_is_unchanged(tmp_path, corpus, monkeypatch):
    location = tmp_path / "ix"
    update(location, [bundled_corpus_dir()], refresh_known=False)
    live = (location / POINTER).read_text()
    real = workers.prepare_document

    def killed(parsed):
        if parsed.document.id.startswith("ngo-report-medical"):  # the last file: the second worker's
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel does to a process out of memory
        return real(parsed)

    monkeypatch.setattr(workers, "prepare_document", killed)
    result = CliRunner().invoke(cli, ["--index-dir", str(location), "index", str(corpus), "--rebuild", "--jobs", "2"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"uprsearch: error: indexing stopped: worker process 2 of 2 died (exit code {-signal.SIGKILL}); "
        "the index was not changed"
    ]
    monkeypatch.undo()
    assert (location / POINTER).read_text() == live
    assert len(list(location.glob("gen-*"))) == 1


def test_index_jobs_from_the_command(tmp_path, corpus):
    location = tmp_path / "ix"
    result = CliRunner().invoke(cli, ["--index-dir", str(location), "index", str(corpus), "-j", "2"])
    assert result.exit_code == 2  # the empty file
    assert "11 added" in result.output and "file is empty" in result.output
    assert segments(location) == 2
    bad = CliRunner().invoke(cli, ["--index-dir", str(location), "index", str(corpus), "--jobs", "0"])
    assert bad.exit_code == 2 and "0 is not in the range x>=1" in bad.output


def test_ctrl_c_stops_the_workers_before_their_generation_is_removed(tmp_path, corpus, monkeypatch):
    import multiprocessing

    location = tmp_path / "ix"
    alive_at_abort = []
    real_abort = GenerationWriter.abort

    def abort(self):
        alive_at_abort.extend(multiprocessing.active_children())
        real_abort(self)

    def interrupt(path):
        raise KeyboardInterrupt  # as Ctrl-C in the progress display, while the workers write

    monkeypatch.setattr(GenerationWriter, "abort", abort)
    with pytest.raises(KeyboardInterrupt):
        update(location, [corpus], refresh_known=False, jobs=2, on_file=interrupt)
    assert alive_at_abort == [] and multiprocessing.active_children() == []
    assert not list(location.glob("gen-*")) and not (location / POINTER).exists()


def _return_a_lambda(report):
    return lambda: None  # cannot be pickled


def _report_a_lambda(report):
    report(lambda: None)
    return "done"


class _TwoPartError(Exception):
    def __init__(self, path, line):
        super().__init__(f"{path}:{line}")


def _raise_two_part_error(report):
    raise _TwoPartError("a.txt", 3)


def _end_quietly(report):
    os._exit(0)


@pytest.mark.parametrize("job, message", [
    (_return_a_lambda, "Can't pickle local object"),
    (_report_a_lambda, "Can't pickle local object"),
    (_raise_two_part_error, "_TwoPartError: a.txt:3"),
    (_end_quietly, "worker process 1 of 1 ended without its result"),
])
def test_whatever_cannot_cross_from_a_worker_is_an_error_not_a_hang(job, message):
    import multiprocessing

    with pytest.raises(Exception, match=message) as caught:
        list(pipeline.run_forked([job]))
    assert caught.type is not KeyboardInterrupt
    assert multiprocessing.active_children() == []


def test_workers_die_with_a_killed_parent(tmp_path):
    import subprocess
    import sys
    import textwrap
    import time

    script = textwrap.dedent(
        """
        import os, signal, sys, time
        from uprsearch import pipeline

        def job(report):
            report(os.getpid())
            time.sleep(60)

        seen = []
        for number, done, pid in pipeline.run_forked([job, job]):
            seen.append(pid)
            if len(seen) == 2:
                print(*seen, flush=True)
                os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert proc.returncode == -signal.SIGKILL
    pids = [int(p) for p in proc.stdout.split()]
    assert len(pids) == 2
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(Path(f"/proc/{pid}").exists() for pid in pids)
