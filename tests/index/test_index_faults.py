"""A damaged, foreign or stale index, and what interrupted builds leave (issue 14: items 1, 5, 6, 8).

Nothing replaces or removes an index but a command that says so: a reader reports a damaged index
or one another schema wrote in one line with the command that mends it, never builds the bundled
corpus over it, and never writes to an index that exists. `index --repair` rebuilds from the files
the index recorded. Through the real CLI (CliRunner), on a small corpus per test.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from uprsearch.cli import cli
from uprsearch.index import generations, update, workers
from uprsearch.index.generations import META, POINTER
from uprsearch.index.schema import SCHEMA_VERSION

FILES = {
    "a.txt": "Amnesty International (AI) noted torture in prisons.\n\n"
             "Human Rights Watch (HRW) recommended that the State abolish the death penalty.\n",
    "b.txt": "AI recommended that detainees be registered promptly.\n",
}


def run(location: Path, *args: str):
    return CliRunner().invoke(cli, ["--index-dir", str(location), *args])


@pytest.fixture
def built(tmp_path) -> tuple[Path, Path]:
    """(the index, its corpus): a user's index of their own folder, not of the bundled corpus."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in FILES.items():
        (corpus / name).write_text(text)
    location = tmp_path / "ix"
    assert run(location, "index", str(corpus)).exit_code == 0
    return location, corpus


def live(location: Path) -> Path:
    return location / (location / POINTER).read_text().strip()


def listing(location: Path) -> dict[str, tuple[int, int]]:
    """Every file under the index folder with its size and mtime: what a write would change."""
    return {str(p.relative_to(location)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(location.rglob("*")) if p.is_file()}


def damaged_line(location: Path, reason: str) -> str:
    command = f"uprsearch --index-dir {location} index"
    return (f"uprsearch: error: the index at {location} is damaged ({reason}); rebuild it from the files it "
            f"recorded with `{command} --repair`, or from the paths you name with `{command} --rebuild PATH…`\n")


def docs(location: Path) -> list[str]:
    result = run(location, "docs", "--format", "ids")
    assert result.exit_code == 0, result.stderr
    return result.stdout.split()


def truncate(path: Path, keep: float = 0.5) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def segment(gen: Path) -> Path:
    return max((p for p in gen.iterdir() if p.suffix == ".seg"), key=lambda p: p.stat().st_size)


# ---- item 1: the user's index is never replaced by the bundled sample ------------------------------


POINTER_DAMAGE = {
    "deleted": (lambda ix: (ix / POINTER).unlink(), "its pointer file CURRENT is missing"),
    "emptied": (lambda ix: (ix / POINTER).write_text(""), "its pointer file CURRENT names no generation"),
    "dot-dot": (lambda ix: (ix / POINTER).write_text("..\n"), "its pointer file CURRENT names no generation"),
    "garbage": (lambda ix: (ix / POINTER).write_bytes(b"\xff\xfe\x00\x1b[2J\x80"), "its pointer file CURRENT names no generation"),
    "gone": (lambda ix: (ix / POINTER).write_text("gen-20000101000000-deadbeef\n"),
             "CURRENT names gen-20000101000000-deadbeef, which does not exist"),
}


@pytest.mark.parametrize("damage", sorted(POINTER_DAMAGE))
def test_a_damaged_pointer_is_reported_and_the_index_repaired_from_its_own_files(built, damage):
    location, _ = built
    spoil, reason = POINTER_DAMAGE[damage]
    spoil(location)
    before = listing(location)
    result = run(location, "search", "torture", "--format", "ids")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", damaged_line(location, reason))
    assert listing(location) == before  # nothing built, nothing removed
    updated = run(location, "index")  # nor does a plain update build over it
    assert (updated.exit_code, updated.stderr) == (2, damaged_line(location, reason))
    assert listing(location) == before
    repaired = run(location, "index", "--repair")
    assert repaired.exit_code == 0, repaired.stderr
    assert repaired.stdout.startswith("indexed 2 documents (rebuilt, 2 added), 3 chunks, ")
    assert docs(location) == ["a", "b"]


def test_a_deleted_meta_json_is_reported_and_repaired_from_what_the_generation_still_records(built):
    location, _ = built
    (live(location) / META).unlink()
    result = run(location, "search", "torture")
    assert (result.exit_code, result.stderr) == (2, damaged_line(location, f"{live(location).name}/meta.json is missing"))
    assert run(location, "index", "--repair").exit_code == 0
    assert docs(location) == ["a", "b"]


def test_garbage_in_meta_json_is_reported_not_rebuilt_from_the_bundled_corpus(built):
    location, _ = built
    gen = live(location)
    (gen / META).write_text("garbage{")
    before = listing(location)
    result = run(location, "search", "torture")
    assert (result.exit_code, result.stderr) == (2, damaged_line(location, f"{gen.name}/meta.json cannot be read: JSONDecodeError"))
    assert listing(location) == before
    assert run(location, "index", "--repair").exit_code == 0  # the sources readmeta.pickle lists
    assert docs(location) == ["a", "b"]


def test_repair_of_an_index_that_recorded_nothing_readable_asks_for_the_paths(built):
    location, _ = built
    gen = live(location)
    (gen / META).write_text("garbage{")
    (gen / "readmeta.pickle").write_bytes(b"garbage")
    result = run(location, "index", "--repair")
    assert (result.exit_code, result.stderr) == (2, (
        f"uprsearch: error: the index at {location} records no files to rebuild from; rebuild it from the paths you "
        f"name with `uprsearch --index-dir {location} index --rebuild PATH…`\n"))
    assert (gen / "readmeta.pickle").read_bytes() == b"garbage"


def test_an_index_of_a_newer_schema_is_refused_even_its_sources_moved(built, tmp_path):
    location, corpus = built
    gen = live(location)
    meta = json.loads((gen / META).read_text())
    meta["schema_version"] = SCHEMA_VERSION + 1
    meta["roots"] = [str(tmp_path / "moved")]
    (gen / META).write_text(json.dumps(meta))
    before = listing(location)
    line = (f"uprsearch: error: the index at {location} was built by a newer version of uprsearch (schema "
            f"{SCHEMA_VERSION + 1}; this one reads {SCHEMA_VERSION}); use that version, or replace the index with "
            f"`uprsearch --index-dir {location} index --rebuild PATH…`\n")
    for args in (["search", "torture"], ["docs"], ["index"], ["index", "--repair"], ["index", "--rebuild"],
                 ["index", str(corpus)]):
        result = run(location, *args)
        assert (result.exit_code, result.stderr) == (2, line), args
    assert listing(location) == before
    assert run(location, "index", "--rebuild", str(corpus)).exit_code == 0  # replaced: the user named it
    assert docs(location) == ["a", "b"]


def test_rebuild_without_paths_rebuilds_what_the_index_holds_and_adds_no_bundled_corpus(built):
    location, _ = built
    result = run(location, "index", "--rebuild")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("indexed 2 documents (rebuilt, 2 added), 3 chunks, ")
    assert docs(location) == ["a", "b"]


def test_rebuild_without_paths_keeps_the_documents_in_their_order_after_an_update(built):
    location, corpus = built
    (corpus / "a.txt").write_text(FILES["a.txt"] + "\nAI noted raids.\n")
    assert run(location, "index").exit_code == 0  # a.txt replaced: parsed last, in its place
    assert run(location, "index", "--rebuild").exit_code == 0
    assert docs(location) == ["a", "b"]


def test_index_without_paths_updates_the_folders_the_index_was_built_from(built):
    location, corpus = built
    (corpus / "c.txt").write_text("HRW noted raids.\n")
    result = run(location, "index")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("indexed 3 documents (1 added, 2 unchanged), 4 chunks, ")
    assert docs(location) == ["a", "b", "c"]


def test_a_first_query_builds_into_a_folder_that_holds_no_index_and_leaves_its_files(tmp_path):
    location = tmp_path / "index"  # as the checkout's index/, which holds a README
    location.mkdir()
    (location / "README.md").write_text("The index lives here.\n")
    (location / ".notes.tmp").write_text("mine\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(FILES["a.txt"])
    result = run(location, "--corpus", str(corpus), "search", "torture", "--format", "ids")
    assert (result.exit_code, result.stdout) == (0, "a:1\n")
    assert result.stderr == f"uprsearch: building the index of {corpus} in {location} (first use; this takes a moment)\n"
    assert (location / "README.md").is_file() and (location / ".notes.tmp").is_file()


# ---- item 5: corrupted index files -------------------------------------------------------------------


def test_a_truncated_segment_is_a_one_line_error_not_an_interrupt(built):
    location, corpus = built
    gen = live(location)
    truncate(segment(gen))
    result = run(location, "search", "torture")
    assert (result.exit_code, result.stderr) == (2, damaged_line(location, f"{gen.name} cannot be read: EOFError"))
    (corpus / "c.txt").write_text("HRW noted raids.\n")  # an update that starts from the damaged segment
    updated = run(location, "index")
    assert (updated.exit_code, updated.stderr) == (2, damaged_line(location, f"{gen.name} cannot be read: EOFError"))
    assert run(location, "index", "--repair").exit_code == 0  # the files it recorded
    assert docs(location) == ["a", "b"]
    assert run(location, "search", "torture", "--format", "ids").stdout == "a:1\n"
    assert run(location, "index").exit_code == 0
    assert docs(location) == ["a", "b", "c"]


def test_a_truncated_toc_is_a_one_line_error_and_nothing_is_rebuilt_behind_the_users_back(built):
    location, _ = built
    gen = live(location)
    truncate(next(gen.glob("*.toc")))
    before = listing(location)
    result = run(location, "search", "torture")
    # where half the file ends in the pickled schema decides which of the two Python raises
    assert result.exit_code == 2
    assert result.stderr in {damaged_line(location, f"{gen.name} cannot be read: {error}")
                             for error in ("UnpicklingError", "EOFError")}
    assert listing(location) == before
    assert run(location, "index", "--repair").exit_code == 0
    assert run(location, "search", "torture", "--format", "ids").stdout == "a:1\n"


@pytest.mark.parametrize("command", ["docs", "orgs", "themes"])
def test_a_truncated_meta_json_is_a_one_line_error_for_the_listings(built, command):
    location, _ = built
    gen = live(location)
    truncate(gen / META)
    result = run(location, command)
    assert (result.exit_code, result.stderr) == (2, damaged_line(location, f"{gen.name}/meta.json cannot be read: JSONDecodeError"))


def test_an_end_of_file_anywhere_is_reported_not_taken_for_ctrl_c(built, monkeypatch):
    from uprsearch.library import Library

    location, _ = built

    def ends_early(*args, **kwargs):
        raise EOFError("Ran out of input")

    monkeypatch.setattr(Library, "search", ends_early)
    result = run(location, "search", "torture")
    assert result.exit_code == 2
    assert result.stderr.startswith("uprsearch: error: internal error (RuntimeError: unexpected end of a file (Ran out of input))")


# ---- item 6: readers never write -----------------------------------------------------------------------


def make_stale(corpus: Path) -> None:
    (corpus / "acronyms.toml").write_text('[[acronym]]\nshort = "KIBHR"\nlong = "Kazakhstan International Bureau"\n')


def stale_line(location: Path) -> str:
    return (f"uprsearch: the index at {location} is out of date (its data files or uprsearch changed since it was "
            f"built); answering from it as it is; update it with `uprsearch --index-dir {location} index`\n")


def test_a_stale_index_answers_at_once_while_another_writer_holds_the_lock(built, monkeypatch):
    location, corpus = built
    make_stale(corpus)
    monkeypatch.setattr(generations, "LOCK_WAIT", 0.1)
    with generations.Lock(location):  # another writer
        result = run(location, "search", "torture", "--format", "ids")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "a:1\n", stale_line(location))


def test_a_stale_index_the_user_cannot_write_still_answers(built, monkeypatch):
    location, corpus = built
    make_stale(corpus)
    before = listing(location)

    def refused(self):
        raise PermissionError(13, "Permission denied", str(location / "LOCK"))

    monkeypatch.setattr(generations.Lock, "__enter__", refused)  # a read-only index (the tests may run as root)
    result = run(location, "search", "torture", "--format", "ids")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "a:1\n", stale_line(location))
    assert listing(location) == before


# ---- item 8: leftovers of interrupted builds, the first-use line, Ctrl-C at start-up --------------------


def leave_leftovers(location: Path) -> list[Path]:
    partial = location / "gen-20000101000000-killed00"
    partial.mkdir()
    (partial / "_MAIN_1.toc").write_bytes(b"half")  # a generation never completed: no meta.json
    tmp = location / f".{POINTER}.0123abcd.tmp"
    tmp.write_text("gen-20000101000000-killed00\n")
    return [partial, tmp]


def test_leftovers_are_removed_at_the_start_of_the_next_write_even_one_that_fails(built, monkeypatch):
    location, corpus = built
    leftovers = leave_leftovers(location)
    (location / ".notes.tmp").write_text("not the index's own\n")
    (corpus / "c.txt").write_text("HRW noted raids.\n")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(workers, "document_fields", broken)
    result = run(location, "index")
    assert result.exit_code == 2
    assert not any(p.exists() for p in leftovers)
    assert (location / ".notes.tmp").exists()
    assert docs(location) == ["a", "b"]  # the failed write left the live index answering


def test_index_status_says_what_the_index_holds_and_what_interrupted_builds_left(built):
    location, corpus = built
    gen = live(location)
    leave_leftovers(location)
    result = run(location, "index", "--status")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"index: {location}"
    assert lines[1].startswith(f"generation: {gen.name} (schema {SCHEMA_VERSION}, built ")
    assert lines[2:] == [
        "holds: 2 documents, 3 chunks, from 2 files",
        f"built from: {corpus.resolve()}",
        "state: up to date",
        f"leftovers: 2 of interrupted builds (0.0 MB); the next `uprsearch --index-dir {location} index` removes them",
    ]
    assert run(location, "index").exit_code == 0  # nothing to index: the leftovers go all the same
    assert "leftovers" not in run(location, "index", "--status").stdout


def test_index_status_of_a_damaged_index_says_what_to_do(built):
    location, _ = built
    (location / POINTER).unlink()
    result = run(location, "index", "--status")
    assert (result.exit_code, result.stdout) == (2, f"index: {location}\nstate: cannot be used (see the error below)\n")
    assert result.stderr == damaged_line(location, "its pointer file CURRENT is missing")


def test_the_first_use_line_is_printed_only_once_the_location_is_usable(tmp_path):
    (tmp_path / "file").write_text("")
    result = run(tmp_path / "file" / "ix", "search", "torture")
    assert (result.exit_code, result.stderr) == (2, f"uprsearch: error: {tmp_path / 'file'}/ix: Not a directory\n")


def test_ctrl_c_while_the_cli_starts_exits_130_without_a_traceback(tmp_path):
    """The console script's entry point (setup.cfg), interrupted while it imports Click."""
    import configparser

    config = configparser.ConfigParser()
    config.read(Path(__file__).resolve().parents[2] / "setup.cfg", encoding="utf-8")
    target = config["options.entry_points"]["console_scripts"].split("=", 1)[1].strip()
    module, function = target.split(":")
    script = (
        "import builtins, importlib\n"
        "real = builtins.__import__\n"
        "def interrupted(name, *args, **kwargs):\n"
        "    if name == 'click':\n"
        "        raise KeyboardInterrupt\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = interrupted\n"
        f"getattr(importlib.import_module({module!r}), {function!r})()\n"
    )
    env = {**os.environ, "UPRSEARCH_INDEX": str(tmp_path / "ix")}
    done = subprocess.run([sys.executable, "-c", script, "--version"], capture_output=True, text=True, env=env)
    assert (done.returncode, done.stderr) == (130, "")
