"""The index: analysis, location, incremental updates, atomic swaps, the writers' lock, schema
versions, facets, highlights, suggestions and abbreviations. Small corpora are written per test."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from uprsearch.errors import IndexBusyError, IndexOutdated, QueryError
from uprsearch.index import Index, UpdateReport, analyze, edit_distance, highlight_spans, index_location, open_index, update
from uprsearch.index import fingerprints, generations, workers
from uprsearch.index import location as ix_location
from uprsearch.index.generations import META, POINTER, Lock
from uprsearch.index.schema import SCHEMA_VERSION
from uprsearch.library import Filters, Library

PARAS = {
    "a.txt": (
        "Amnesty International (AI) noted that prisoners were running away from the prison.\n\n"
        "Human Rights Watch (HRW) recommended that Kazakhstan abolish the death penalty. It also welcomed the moratorium.\n\n"
        "The National Security Service (NSS) held people in incommunicado detention.\n"
    ),
    "b.txt": (
        "HRW noted that the runners ran. Other other other other other.\n\n"
        "AI recommended that detainees be registered promptly; water was not provided.\n"
    ),
}


def write_corpus(folder: Path, files: dict[str, str] = PARAS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def build(location: Path, corpus: Path, **kw) -> UpdateReport:
    return update(location, [corpus], **kw)


def library_at(location: Path) -> Library:
    return Library(Index.open(location))


def ids(outcome) -> list[str]:
    return [r["id"] for r in outcome.records]


# ---- analysis ------------------------------------------------------------------------------------


def test_porter2_stems_and_keeps_not():
    assert analyze("running recommended recommendations generously") == ["run", "recommend", "recommend", "generous"]
    assert analyze("did not apply the law") == ["did", "not", "appli", "law"]


def test_edit_distance_counts_transpositions_as_one():
    assert edit_distance("wter", "water") == 1
    assert edit_distance("wter", "other") == 2
    assert edit_distance("tortrue", "torture") == 1
    assert edit_distance("", "abc") == 3


def test_highlight_spans_cover_every_stemmed_variant_and_phrases_only_where_whole():
    text = "He recommended it; recommendations followed. Detention, not incommunicado detention."
    spans = highlight_spans(text, {"recommend"}, [("incommunicado", "detent")])
    assert [text[s:e] for s, e in spans] == ["recommended", "recommendations", "incommunicado detention"]


# ---- where the index lives -------------------------------------------------------------------------


def test_location_prefers_option_then_env_then_checkout_then_user_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("UPRSEARCH_INDEX", str(tmp_path / "env"))
    assert index_location(str(tmp_path / "opt")) == tmp_path / "opt"
    assert index_location(None) == tmp_path / "env"
    monkeypatch.delenv("UPRSEARCH_INDEX")
    assert index_location(None) == Path(__file__).resolve().parents[2] / "index"
    monkeypatch.setattr(ix_location, "checkout_index_dir", lambda: None)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert index_location(None) == tmp_path / "data" / "uprsearch" / "index"


# ---- building and updating -------------------------------------------------------------------------


def test_first_build_indexes_every_file_and_records_hashes(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    report = build(tmp_path / "ix", corpus)
    assert (report.documents, report.chunks, report.added, report.errors) == (2, 5, 2, [])
    assert report.organisations == 2  # AI and HRW speak; the NSS is not a speaker
    lib = library_at(tmp_path / "ix")
    assert [d.id for d in lib.index.documents] == ["a", "b"]
    meta = json.loads((lib.index.generation / META).read_text())
    assert meta["schema_version"] == SCHEMA_VERSION
    assert {Path(p).name: e["doc"] for p, e in meta["sources"].items()} == {"a.txt": "a", "b.txt": "b"}
    assert all(len(e["sha256"]) == 64 for e in meta["sources"].values())


def test_update_skips_unchanged_replaces_changed_and_drops_removed(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    location = tmp_path / "ix"
    build(location, corpus)
    first = (location / POINTER).read_text()

    again = build(location, corpus)
    assert (again.unchanged, again.added, again.replaced, again.removed) == (2, 0, 0, 0)
    assert (location / POINTER).read_text() == first  # nothing changed: same generation

    (corpus / "a.txt").write_text("Penal Reform International noted overcrowding in prisons.\n")
    changed = build(location, corpus)
    assert (changed.unchanged, changed.replaced, changed.removed) == (1, 1, 0)
    lib = library_at(location)
    assert ids(lib.search(["overcrowding"], Filters(), limit=None)) == ["a:1"]
    assert lib.search(["incommunicado"], Filters(), limit=None).total == 0
    assert [d.id for d in lib.index.documents] == ["a", "b"]  # a replaced document keeps its place

    (corpus / "b.txt").unlink()
    (corpus / "c.txt").write_text("Forum 18 reported raids on religious communities.\n")
    moved = build(location, corpus)
    assert (moved.removed, moved.added, moved.documents) == (1, 1, 2)
    lib = library_at(location)
    assert [d.id for d in lib.index.documents] == ["a", "c"]
    assert lib.search(["runners"], Filters(), limit=None).total == 0
    assert ids(lib.search(["raids"], Filters(), limit=None)) == ["c:1"]


def test_a_catalogue_change_reindexes_the_file(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    location = tmp_path / "ix"
    build(location, corpus)
    (corpus / "catalog.toml").write_text('[[document]]\nfile = "a.txt"\nid = "alpha"\ntitle = "Alpha"\n')
    report = build(location, corpus)
    assert (report.replaced, report.unchanged) == (1, 1)
    lib = library_at(location)
    assert [d.id for d in lib.index.documents] == ["a", "b"]  # the id is stable across updates
    assert lib.index.document("a").title == "Alpha"


def test_a_bad_file_is_reported_and_the_rest_indexed(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    (corpus / "empty.txt").write_text("")
    report = build(tmp_path / "ix", corpus)
    assert [str(e) for e in report.errors] == [f"{(corpus / 'empty.txt').resolve()}: the file is empty"]
    assert report.documents == 2


def test_rebuild_parses_everything_into_a_new_generation(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    location = tmp_path / "ix"
    build(location, corpus)
    old = (location / POINTER).read_text().strip()
    report = build(location, corpus, rebuild=True)
    assert report.rebuilt and report.added == 2
    new = (location / POINTER).read_text().strip()
    assert new != old
    assert sorted(p.name for p in location.glob("gen-*")) == sorted({old, new})  # the previous one is kept for late readers


def test_a_failed_build_leaves_the_previous_index_answering(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "corpus")
    location = tmp_path / "ix"
    build(location, corpus)
    live = (location / POINTER).read_text()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(workers, "document_fields", broken)
    with pytest.raises(OSError):
        build(location, corpus, rebuild=True)
    monkeypatch.undo()
    assert (location / POINTER).read_text() == live
    assert len(list(location.glob("gen-*"))) == 1  # the half-built generation is gone
    assert ids(library_at(location).search(["incommunicado"], Filters(), limit=None)) == ["a:3"]


def test_a_killed_build_leaves_the_previous_index_answering(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    location = tmp_path / "ix"
    build(location, corpus)
    live = (location / POINTER).read_text()
    script = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from uprsearch.index import generations, update
        real = generations.write_atomic
        def die(path, text):
            if path.name == generations.POINTER:
                os.kill(os.getpid(), signal.SIGKILL)   # killed after writing, before the swap
            real(path, text)
        generations.write_atomic = die
        update(Path({str(location)!r}), [Path({str(corpus)!r})], rebuild=True)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == -signal.SIGKILL
    assert (location / POINTER).read_text() == live
    assert ids(library_at(location).search(["incommunicado"], Filters(), limit=None)) == ["a:3"]
    report = build(location, corpus, rebuild=True)  # the next build cleans up the leftover
    assert len(list(location.glob("gen-*"))) == 2 and report.documents == 2


def test_a_second_writer_waits_then_says_the_index_is_busy(tmp_path, monkeypatch):
    import time

    corpus = write_corpus(tmp_path / "corpus")
    location = tmp_path / "ix"
    build(location, corpus)
    monkeypatch.setattr(generations, "LOCK_WAIT", 0.5)
    with Lock(location):  # another writer (an OS file lock: another process would be refused alike)
        started = time.monotonic()
        with pytest.raises(IndexBusyError, match="^the index is being updated by another process"):
            build(location, corpus, rebuild=True)
        assert time.monotonic() - started >= 0.5  # it waited before giving up
        assert ids(library_at(location).search(["incommunicado"], Filters(), limit=None)) == ["a:3"]  # readers go on
    assert build(location, corpus, rebuild=True).documents == 2


def test_the_busy_message_reaches_the_user_as_one_line(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from uprsearch.cli import cli

    corpus = write_corpus(tmp_path / "corpus")
    location = tmp_path / "ix"
    build(location, corpus)
    monkeypatch.setattr(generations, "LOCK_WAIT", 0.1)
    with Lock(location):
        result = CliRunner().invoke(cli, ["--index-dir", str(location), "index", str(corpus)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"uprsearch: error: the index is being updated by another process ({location}); try again when it is done\n"
    )


def test_an_index_dir_that_is_a_file_is_a_one_line_error(tmp_path):
    from click.testing import CliRunner

    from uprsearch.cli import cli

    (tmp_path / "file").write_text("")
    result = CliRunner().invoke(cli, ["--index-dir", str(tmp_path / "file" / "ix"), "index"])
    assert (result.exit_code, result.stderr) == (2, f"uprsearch: error: {tmp_path / 'file'}/ix: Not a directory\n")


def test_an_index_of_an_older_schema_is_reported_then_repaired_from_its_files(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    location = tmp_path / "ix"
    build(location, corpus)
    gen = location / (location / POINTER).read_text().strip()
    meta = json.loads((gen / META).read_text())
    meta["schema_version"] = SCHEMA_VERSION - 1
    (gen / META).write_text(json.dumps(meta))
    (gen / "readmeta.pickle").unlink()
    message = (
        f"the index at {location} was built by an older version of uprsearch (schema {SCHEMA_VERSION - 1}; this one "
        f"reads {SCHEMA_VERSION}); rebuild it from the files it recorded with `uprsearch --index-dir {location} index --repair`"
    )
    with pytest.raises(IndexOutdated) as raised:
        open_index(str(location), None, [].append)  # a reader never rebuilds it
    assert str(raised.value) == message
    with pytest.raises(IndexOutdated):
        build(location, corpus)  # nor does an update of some paths, which would lose the others
    assert update(location, [], repair=True).documents == 2
    assert [d.id for d in Index.open(location).documents] == ["a", "b"]


def test_first_use_builds_from_the_corpus_with_one_notice(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    notices: list[str] = []
    index = open_index(str(tmp_path / "new"), str(corpus), notices.append)
    assert notices == [f"uprsearch: building the index of {corpus} in {tmp_path / 'new'} (first use; this takes a moment)"]
    assert index.chunk_count() == 5
    notices.clear()
    open_index(str(tmp_path / "new"), str(corpus), notices.append)
    assert notices == []


def test_a_changed_data_file_retags_everything(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    location = tmp_path / "ix"
    build(location, corpus)
    assert library_at(location).search(["Kazakh Bureau"], Filters(), limit=None).total == 0
    (corpus / "acronyms.toml").write_text('[[acronym]]\nshort = "KIBHR"\nlong = "Kazakhstan International Bureau"\n')
    report = build(location, corpus)
    assert report.rebuilt and report.added == 2


# ---- searching -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Library:
    root = tmp_path_factory.mktemp("small")
    corpus = write_corpus(root / "corpus")
    (corpus / "acronyms.toml").write_text('[[acronym]]\nshort = "OP-CAT"\nlong = "Optional Protocol to the Convention against Torture"\n')
    (corpus / "d.txt").write_text("AI welcomed the ratification of the OP-CAT and of the OPCAT's sibling.\n\n"
                                  "JS1 urged ratification of the Optional Protocol to the Convention against Torture.\n")
    build(root / "ix", corpus)
    return library_at(root / "ix")


def test_stemmed_search_finds_every_form(small):
    outcome = small.search(["recommendations"], Filters(), limit=None, sort="document")
    assert ids(outcome) == ["a:2", "b:2"]
    assert [[r["text"][s:e] for s, e in r["highlights"]] for r in outcome.records] == [["recommended"], ["recommended"]]
    running = small.search(["run"], Filters(), limit=None).records
    assert [(r["id"], [r["text"][s:e] for s, e in r["highlights"]]) for r in running] == [("a:1", ["running"])]


def test_abbreviations_expand_both_ways(small):
    assert ids(small.search(["NSS"], Filters(), limit=None)) == ["a:3"]
    assert ids(small.search(['"National Security Service"'], Filters(), limit=None)) == ["a:3"]
    by_acronym = small.search(["OP-CAT"], Filters(), limit=None, sort="document")
    assert ids(by_acronym) == ["d:1", "d:2"]
    assert [[r["text"][s:e] for s, e in r["highlights"]] for r in by_acronym.records] == [
        ["OP-CAT", "OPCAT"], ["Optional Protocol to the Convention against Torture"],
    ]
    assert ids(small.search(['"Human Rights Watch"'], Filters(), limit=None, sort="document")) == ["a:2", "b:1"]


def test_excluded_words_are_not_highlighted(small):
    outcome = small.search(["water NOT runners"], Filters(), limit=None)
    assert ids(outcome) == ["b:2"]
    record = outcome.records[0]
    assert [record["text"][s:e] for s, e in record["highlights"]] == ["water"]


def test_did_you_mean_prefers_the_smallest_edit_distance_over_frequency(small):
    outcome = small.search(["wter"], Filters(), limit=None)
    assert outcome.total == 0 and outcome.suggestion == "water"  # "other" is more frequent, two edits away
    assert small.search(["runing prisn"], Filters(), limit=None).suggestion == "running prison"


def test_facets_count_multi_valued_fields_over_the_whole_result(small):
    outcome = small.search([], Filters(), limit=1, facets=True)
    assert outcome.total == 7 and len(outcome.records) == 1
    assert outcome.facets["org"] == {"AI": 3, "HRW": 2, "JS1": 1}
    assert outcome.facets["doc"] == {"a": 3, "b": 2, "d": 2}


def test_unknown_organisation_lists_close_matches(small):
    with pytest.raises(QueryError, match=r"^unknown organisation 'Human Rights Wach'; did you mean 'Human Rights Watch'"):
        small.search(["death"], Filters(org=("Human Rights Wach",)))


def built_with_extra_folder(tmp_path: Path) -> tuple[Path, Path, Path]:
    """An index of the small corpus, and a folder with one more file not yet indexed."""
    corpus = write_corpus(tmp_path / "corpus")
    location = tmp_path / "ix"
    build(location, corpus)
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "e.txt").write_text("Forum 18 reported raids.\n")
    return corpus, location, extra


def test_a_data_change_noticed_while_adding_a_file_keeps_the_other_documents(tmp_path):
    corpus, location, extra = built_with_extra_folder(tmp_path)
    (corpus / "acronyms.toml").write_text('[[acronym]]\nshort = "KIBHR"\nlong = "Kazakhstan International Bureau"\n')
    report = update(location, [extra], refresh_known=False)
    assert report.rebuilt and report.documents == 3
    assert [d.id for d in library_at(location).index.documents] == ["a", "b", "e"]  # earlier ones keep their place


def test_an_explicit_rebuild_keeps_only_the_paths_given(tmp_path):
    _, location, extra = built_with_extra_folder(tmp_path)
    assert update(location, [extra]).documents == 3  # added beside the others
    assert build(location, extra, rebuild=True).documents == 1
    assert [d.id for d in library_at(location).index.documents] == ["e"]


def test_facets_stay_exact_across_segments_of_incremental_updates(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    location = tmp_path / "ix"
    build(location, corpus)
    (corpus / "c.txt").write_text("AI and HRW noted raids. JS1 urged an end to raids.\n\nHRW noted more raids.\n")
    (corpus / "a.txt").write_text("AI noted raids on prisons.\n")
    build(location, corpus)
    lib = library_at(location)
    assert len(lib.index.searcher.reader().leaf_readers()) > 1  # several segments
    outcome = lib.search(["raids"], Filters(), limit=1, facets=True)
    assert outcome.total == 3
    for org, n in outcome.facets["org"].items():
        assert lib.search(["raids"], Filters(org=(org,)), limit=None).total == n
    assert outcome.facets["org"] == {"HRW": 2, "AI": 2, "JS1": 1}
    assert outcome.facets["doc"] == {"c": 2, "a": 1}


def test_a_query_after_a_data_change_answers_from_the_index_as_it_is_with_a_notice(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    location = tmp_path / "ix"
    build(location, corpus)
    live = (location / POINTER).read_text()
    (corpus / "acronyms.toml").write_text('[[acronym]]\nshort = "KIBHR"\nlong = "Kazakhstan International Bureau"\n')
    notices: list[str] = []
    index = open_index(str(location), None, notices.append)
    assert notices == [
        f"uprsearch: the index at {location} is out of date (its data files or uprsearch changed since it was built); "
        f"answering from it as it is; update it with `uprsearch --index-dir {location} index`"
    ]
    assert "KIBHR" not in index.meta.acronyms and (location / POINTER).read_text() == live  # nothing written
    assert [d.id for d in index.documents] == ["a", "b"]
    assert update(location, []).rebuilt  # `uprsearch index` updates it
    notices.clear()
    assert open_index(str(location), None, notices.append).meta.acronyms["KIBHR"] == "Kazakhstan International Bureau"
    assert notices == []


def test_code_changes_make_only_the_checkouts_own_index_stale(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "corpus")
    own, other = tmp_path / "checkout-index", tmp_path / "elsewhere"
    monkeypatch.setattr(ix_location, "checkout_index_dir", lambda: own)
    build(own, corpus)
    build(other, corpus)
    assert not Index.open(own).is_stale() and not Index.open(other).is_stale()
    monkeypatch.setattr(fingerprints, "checkout_code_fingerprint", lambda: "edited parser")
    assert Index.open(own).is_stale()
    assert not Index.open(other).is_stale()
