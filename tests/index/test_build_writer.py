"""The build writer: its one-pass text analysis and its posting buffer write what Whoosh's own
writer writes (same terms, postings, weights, stored fields and answers), spilled or not."""
from __future__ import annotations

from pathlib import Path

import pytest

from uprsearch.index import Index, docvalues, update, writer
from uprsearch.index.analysis import analyse_text, analyze
from uprsearch.index.docvalues import DOCVALUES, compute_docvalues
from uprsearch.index.generations import live_generation
from uprsearch.index.meta import Meta
from uprsearch.index.schema import chunk_from_stored, document_fields, schema
from uprsearch.index.whoosh_internals.build_writer import build_writer_class
from uprsearch.index.whoosh_internals.posting_buffer import PostingBuffer
from uprsearch.pipeline import parse_paths
from uprsearch.reader import bundled_corpus_dir
from uprsearch.library import Filters, Library

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "upr-samples"
SOURCES = [bundled_corpus_dir(), *([SAMPLES] if SAMPLES.is_dir() else [])]  # the samples where present (CI)
ODD_TEXTS = [
    "",
    "İstanbul İİ KIRIKKALE İzmir: the lower case of İ is two characters long",
    "The the a I'm can't 3.5 x.y.z e-mail ÉTAT İstanbul ﬁne ß straße *wild* a.b. 1. 22 not",
    "a an the of: to be or not to be",  # leading stop words: positions start at the first kept token
    "U.N. A/HRC/WG.6/7/KAZ/3 para. 12(b), 2009–2010; “quoted” — dash … ellipsis",
]


def test_one_pass_analysis_matches_the_analyzer_and_the_spelling_words():
    field = schema()["text"]
    texts = [c.text for d in parse_paths(SOURCES).documents for c in d.chunks] + ODD_TEXTS
    terms: dict[str, bytes | None] = {}
    for text in texts:
        positions, words = analyse_text(text, terms)
        mine = sorted((t, len(p), float(len(p)), field.format.encode(p)) for t, p in positions.items())
        assert mine == sorted(field.index(text)), text
        assert sorted(words) == list(field.spellable_words(text)), text
        assert analyze(text) == [token.text for token in field.analyzer(text)], text


def _whoosh_writer():
    return lambda index, limitmb: index.writer(limitmb=limitmb)


def _snapshot(location: Path) -> dict:
    """Every term of every field with its postings and weights, the stored fields, and answers."""
    index = Index.open(location)
    try:
        reader = index.searcher.reader()
        terms = {}
        for fieldname, tbytes in reader.all_terms():
            info = reader.term_info(fieldname, tbytes)
            if fieldname.startswith("spell_"):
                terms[(fieldname, tbytes)] = info.weight()  # how often the word occurs
                continue
            m = reader.postings(fieldname, tbytes)
            postings = []
            while m.is_active():
                postings.append((m.id(), m.weight(), m.value()))
                m.next()
            stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight())
            terms[(fieldname, tbytes)] = (stats, postings)
        stored = list(reader.all_stored_fields())
        library = Library(index)
        answers = {}
        for words in (["torture"], ["freedom", "expression"], ['"human rights defenders"'], ["detent*"], ["tortur~"]):
            outcome = library.search(words, Filters(), limit=None, facets=True)
            answers[" ".join(words)] = (outcome.records, outcome.facets)
        answers["suggest"] = index.suggest("wter tortre")
        return {"terms": terms, "stored": stored, "answers": answers}
    finally:
        index.close()


@pytest.mark.parametrize("limit_mb", [0, 0.05, writer.BUILD_LIMIT_MB])
def test_the_build_writer_writes_what_whooshs_writer_writes(tmp_path, monkeypatch, limit_mb):
    corpus = bundled_corpus_dir()
    plain = tmp_path / "plain"
    with monkeypatch.context() as m:
        m.setattr(writer, "build_writer_class", _whoosh_writer)
        assert update(plain, [corpus], refresh_known=False).errors == []
    spills = []
    real_spill = PostingBuffer.spill
    monkeypatch.setattr(writer, "BUILD_LIMIT_MB", limit_mb)
    monkeypatch.setattr(PostingBuffer, "spill", lambda self: (spills.append(1), real_spill(self)))
    fast = tmp_path / "fast"
    assert update(fast, [corpus], refresh_known=False).errors == []
    assert (len(spills) > 1) == (limit_mb < 1)
    assert _snapshot(fast) == _snapshot(plain)
    assert not list((live_generation(fast)).glob(".build-*"))  # run files are removed


def test_the_stored_fields_give_back_every_chunk_as_it_was_parsed():
    chunks = 0
    for document in parse_paths(SOURCES).documents:
        for chunk in document.chunks:
            values = document_fields(chunk, document.document, 7)
            assert chunk_from_stored(values) == chunk
            chunks += 1
    assert chunks >= 91  # the bundled corpus's 53 + 38


def test_a_rebuilds_per_document_values_are_those_read_back_from_the_index(tmp_path, monkeypatch):
    import pickle

    from whoosh import index as whoosh_index

    location = tmp_path / "index"
    read_back = compute_docvalues
    with monkeypatch.context() as m:
        m.setattr(docvalues, "compute_docvalues", lambda reader: pytest.fail("a rebuild read its index back"))
        assert update(location, [bundled_corpus_dir()], refresh_known=False).errors == []
    gen = live_generation(location)
    written = pickle.loads((gen / DOCVALUES).read_bytes())
    with whoosh_index.open_dir(str(gen)).reader() as reader:
        assert written == read_back(reader)
    chunk_ids = [i for i in written["ids"] if i is not None]  # a statement's document has no id
    assert len(chunk_ids) == len(set(chunk_ids)) == 227 + 53 + 38


def test_the_metadata_file_holds_the_whole_metadata_record(tmp_path, monkeypatch):
    import json
    from dataclasses import asdict

    written = []
    real = Meta.to_json
    monkeypatch.setattr(Meta, "to_json", lambda self: written.append((self, real(self))) or written[-1][1])
    assert update(tmp_path / "ix", [bundled_corpus_dir()], refresh_known=False).errors == []
    (meta, text), = written  # the Meta the build made, as it wrote it
    assert json.loads(text) == asdict(meta) and list(json.loads(text)) == list(asdict(meta))
    assert Meta.from_json(text) == meta
    assert [d["document"]["id"] for d in json.loads(text)["documents"]] == ["a-hrc-14-10", "kaz-2010-summary", "kaz-2009-ai"]


def test_blocks_pickled_with_protocol_2_as_whoosh_writes_them_read_the_same(tmp_path, monkeypatch):
    import pickle

    from whoosh.codec import whoosh3

    build_writer_class()
    assert whoosh3.dumps((b"1",))[:2] == bytes([0x80, pickle.HIGHEST_PROTOCOL])
    corpus = bundled_corpus_dir()
    with monkeypatch.context() as m:
        m.setattr(whoosh3, "dumps", lambda obj, protocol=2: pickle.dumps(obj, 2))  # Whoosh's own
        assert update(tmp_path / "old", [corpus], refresh_known=False).errors == []
    assert update(tmp_path / "new", [corpus], refresh_known=False).errors == []
    assert _snapshot(tmp_path / "old") == _snapshot(tmp_path / "new")
