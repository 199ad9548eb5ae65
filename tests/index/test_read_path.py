"""The query side's shortcuts give what Whoosh itself gives: the per-document values sidecar,
the one-pass collector and BM25F scorer, facet counts, ids-only and count-only searches."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from uprsearch.filters import FACET_FIELDS
from uprsearch.index.whoosh_internals.scoring import weighting
from uprsearch.index import Index, update
from uprsearch.index.docvalues import DOCVALUES, compute_docvalues
from uprsearch.index.meta import READMETA, IndexInfo
from uprsearch.library import Filters, Library

QUERIES = [
    (["torture"], Filters()),
    (["freedom", "expression"], Filters()),
    (['"human rights defenders"'], Filters()),
    (["detention"], Filters(org=("AI",))),
    (["women"], Filters()),
    (["death", "OR", "penalty"], Filters()),
    (["tortur*"], Filters()),
    (["NOT", "women", "children"], Filters()),
    (["recommend"], Filters(kind=("recommendation",))),
    (['"freedom of expression"'], Filters()),
    (['"death penalty"', "OR", "torture"], Filters()),
    (['"human rights"'], Filters(org=("AI",))),
    (['"national security service"'], Filters()),
    (['"torture zzqx"'], Filters()),
    (["torture", "zzqx"], Filters()),
    (['"right to a fair trial"'], Filters()),
    (['"fair trial"', "detention"], Filters()),
    (['"freedom of expression"', "OR", '"freedom of assembly"'], Filters()),
]


def _stored_values(index: Index) -> list[dict]:
    searcher = index.searcher
    out = []
    for docnum in range(searcher.doc_count_all()):
        if searcher.reader().is_deleted(docnum):
            out.append(None)
            continue
        stored = searcher.stored_fields(docnum)
        if "chunk" not in stored:  # a statement's document (test_statements checks its values)
            out.append(None)
            continue
        chunk = stored["chunk"]
        out.append({
            "id": stored["id"],
            "org": sorted(set(chunk["orgs"])),
            "theme": sorted(set(chunk["themes"])),
            "section": sorted(set(s for s in chunk["section"] if s)),
            "doc": [chunk["doc"]],
        })
    return out


def _check_docvalues(index: Index) -> None:
    values = index.docvalues
    for docnum, want in enumerate(_stored_values(index)):
        if want is None:
            continue
        assert values.ids[docnum] == want["id"]
        for name in FACET_FIELDS:
            table = values.fields[name][0]
            got = sorted(table[c] for c in values.rows(name)[docnum])
            assert got == want[name], (docnum, name)


def test_sidecar_written_with_the_generation(corpus_index):
    index = Index.open(corpus_index)
    try:
        assert (index.generation / DOCVALUES).is_file()
        _check_docvalues(index)
    finally:
        index.close()


def test_sidecar_after_incremental_update_and_missing_sidecar(tmp_path, corpus_index):
    from uprsearch.reader import bundled_corpus_dir

    corpus = tmp_path / "corpus"
    shutil.copytree(bundled_corpus_dir(), corpus)
    location = tmp_path / "index"
    assert update(location, [corpus], refresh_known=False).errors == []
    # change one file: a new generation holds a deleted document and a new segment
    victim = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")[0]
    victim.write_text(victim.read_text(encoding="utf-8") + "\n\nA closing paragraph about torture.\n", encoding="utf-8")
    assert update(location, [corpus]).replaced == 1
    index = Index.open(location)
    try:
        _check_docvalues(index)
        total = Library(index).search(["torture"], Filters(), limit=None).total
    finally:
        index.close()
    # a generation without the sidecars (written before they existed) computes the same values
    (index.generation / DOCVALUES).unlink()
    (index.generation / READMETA).unlink()
    index = Index.open(location)
    try:
        assert index._meta is not None  # read from meta.json
        _check_docvalues(index)
        assert Library(index).search(["torture"], Filters(), limit=None).total == total
    finally:
        index.close()


def _whoosh_search(index: Index, library: Library, words, filters: Filters, limit):
    """The same search through Whoosh's own searcher and collector, and BM25F with the figures of
    the chunk documents (scoring.weighting)."""
    query = library.parse_query(words)
    flt = index.filter_query(library.resolve_filters(filters))
    with index._ix.searcher(weighting=weighting()) as searcher:
        results = searcher.search(query.query, filter=flt, limit=limit)
        return len(results), [(h["id"], round(float(h.score), 4)) for h in results]


@pytest.mark.parametrize("words,filters", QUERIES)
def test_ranking_is_whooshs(library, words, filters):
    for limit in (3, 10, None):
        total, hits = _whoosh_search(library.index, library, words, filters, limit)
        outcome = library.search(words, filters, limit=limit)
        assert outcome.total == total
        assert [(r["id"], r["score"]) for r in outcome.records] == hits


@pytest.mark.parametrize("words,filters", QUERIES)
def test_facets_are_whooshs(library, words, filters):
    from whoosh import sorting

    index = library.index
    query = library.parse_query(words)
    flt = index.filter_query(library.resolve_filters(filters))
    groupedby = {name: sorting.FieldFacet(name, allow_overlap=True, maptype=sorting.Count) for name in FACET_FIELDS}
    with index._ix.searcher() as searcher:
        results = searcher.search(query.query, filter=flt, limit=None, groupedby=groupedby)
        want = {name: {k: v for k, v in results.groups(name).items() if k is not None} for name in FACET_FIELDS}
    outcome = library.search(words, filters, limit=5, facets=True)
    assert {name: dict(c) for name, c in outcome.facets.items()} == want
    for counts in outcome.facets.values():
        assert list(counts.values()) == sorted(counts.values(), reverse=True)


@pytest.mark.parametrize("words,filters", QUERIES)
def test_ids_and_count_only(library, words, filters):
    for sort in ("relevance", "document"):
        full = library.search(words, filters, limit=None, sort=sort, facets=True)
        ids = library.search(words, filters, limit=None, sort=sort, facets=True, fields="id")
        count = library.search(words, filters, limit=None, sort=sort, facets=True, fields="none")
        assert [r["id"] for r in ids.records] == [r["id"] for r in full.records]
        assert ids.total == count.total == full.total
        assert ids.facets == count.facets == full.facets
        assert count.records == []


def test_limit_with_facets(library):
    """-n applies with --facets too; the facets count every hit."""
    everything = library.search(["torture"], Filters(), limit=None, facets=True)
    first = library.search(["torture"], Filters(), limit=3, facets=True)
    assert everything.total > 3
    assert [r["id"] for r in first.records] == [r["id"] for r in everything.records[:3]]
    assert first.facets == everything.facets
    assert sum(first.facets["doc"].values()) == everything.total


def test_cli_ids_and_count_match_jsonl(corpus_index):
    from click.testing import CliRunner

    from uprsearch.cli import cli

    runner = CliRunner()
    args = ["--index-dir", str(corpus_index), "search", "torture"]
    jsonl = runner.invoke(cli, [*args, "--format", "jsonl"])
    ids = runner.invoke(cli, [*args, "--format", "ids"])
    count = runner.invoke(cli, [*args, "--count"])
    records = [json.loads(line) for line in jsonl.output.splitlines()]
    assert ids.output.split() == [r["id"] for r in records]
    assert int(count.output) == len(records)


def test_compute_docvalues_counts_every_document(library):
    data = compute_docvalues(library.index.searcher.reader())
    assert data["count"] == library.index.searcher.doc_count_all()
    # every chunk's id; a statement's document has none
    assert len([i for i in data["ids"] if i is not None]) == library.index.chunk_count() == 227 + 53 + 38


def _modules_after(args: list[str], index_dir: Path) -> set[str]:
    """The modules a real `uprsearch` process has loaded when it exits."""
    import subprocess
    import sys

    code = (
        "import sys, atexit\n"
        "out = sys.argv.pop(1)\n"
        "atexit.register(lambda: open(out, 'w').write('\\n'.join(sorted(sys.modules))))\n"
        "from uprsearch.cli import main\n"
        "main()\n"
    )
    out = index_dir.parent / f"modules-{abs(hash(tuple(args)))}.txt"
    proc = subprocess.run([sys.executable, "-c", code, str(out), "--index-dir", str(index_dir), *args],
                          capture_output=True, text=True)
    assert proc.returncode in (0, 1), proc.stderr
    return set(out.read_text().split())


def test_cold_start_imports(corpus_index):
    helped = _modules_after(["--help"], corpus_index)
    assert not {m for m in helped if m.split(".")[0] in ("whoosh", "rich")}
    ids = _modules_after(["search", "torture", "--format", "ids"], corpus_index)
    assert "whoosh.index" in ids
    assert not {m for m in ids if m.split(".")[0] in ("rich", "asyncio", "ssl")} | ({"urllib.request", "http.client"} & ids)
    assert "whoosh.lang.morph_en" not in ids  # its hundred regular expressions, for a query never made


def test_a_query_loads_nothing_of_the_build_side(corpus_index):
    ids = _modules_after(["search", "torture", "--format", "ids"], corpus_index)
    assert "uprsearch.index.searcher" in ids
    build_side = {"uprsearch.index.indexer", "uprsearch.index.workers", "uprsearch.index.writer",
                  "uprsearch.index.whoosh_internals.build_writer", "uprsearch.index.whoosh_internals.posting_buffer",
                  "uprsearch.pipeline", "uprsearch.parse", "uprsearch.tag"}
    assert build_side & ids == set()


def test_whoosh_imported_lightly_still_works():
    """The stand-ins used while Whoosh is imported are gone afterwards; the real modules import."""
    import sys

    from uprsearch.index.whoosh_internals.lean_import import import_whoosh

    import_whoosh()
    import urllib.request

    import cached_property
    import whoosh.compat

    assert hasattr(urllib.request, "Request") and hasattr(cached_property, "threaded_cached_property")
    assert callable(whoosh.compat.urlretrieve)
    assert sys.modules["urllib.request"] is urllib.request
    from whoosh.query.terms import variations

    assert {"rendered", "rendering"} <= set(variations("render"))  # the real morph_en, imported on use


def test_a_query_reads_the_read_meta_not_meta_json(corpus_index):
    index = Index.open(corpus_index)
    try:
        library = Library(index)
        assert library.search(["torture"], Filters(org=("AI",)), limit=3).total > 0
        assert index._meta is None
        assert index.info == IndexInfo.from_meta(index.meta)  # meta.json, read on demand, agrees
        assert [d.id for d in index.documents] == [e.document.id for e in index.meta.documents]
    finally:
        index.close()


def test_highlight_tokens_are_the_analyzers(library):
    from uprsearch.index.analysis import analyzer, stem_spans

    texts = [h.chunk.text for h in library.index.search(None, {}, limit=None).hits]
    texts += ["", "a I of", "Co-operation, e.g. U.N.-led; 3.5% İstanbul ÉCOLE naïve x*y don't 1990s",
              "NOT not Not; HRW's \\u00e9l\\u00e8ves\\t\\n\\u2014 dash"]
    for text in texts:
        want = [(t.text, t.startchar, t.endchar) for t in analyzer()(text, chars=True, positions=True)]
        assert stem_spans(text) == want
