"""A new generation being written: Whoosh's index in a folder of its own, the build writer open on it.

Started from hard links to the live generation (an incremental update) or empty (a new
generation); made live by commit(), which writes the read path's sidecars and meta.json before it
points CURRENT at it; removed by abort(), so a failed or killed build leaves the live generation
answering.
"""
from __future__ import annotations

import contextlib
import pickle
import shutil
import struct
import zlib
from pathlib import Path
from typing import Any, Iterable

from uprsearch.index.whoosh_internals.build_writer import build_writer_class
from uprsearch.index.docvalues import merge_docvalues, write_docvalues
from uprsearch.index.generations import META, discard, link_files, make_live, new_generation, write_atomic
from uprsearch.index.faults import READ_ERRORS, damaged
from uprsearch.index.meta import Meta, write_index_info
from uprsearch.index.schema import schema

# what reading a truncated or garbled segment raises, and nothing a bug in the writer would
CORRUPTION = (EOFError, struct.error, zlib.error, pickle.UnpicklingError)
BUILD_LIMIT_MB = 64  # postings held in memory (estimated) before a spill to a sorted run file


class GenerationWriter:
    """A new generation being written: Whoosh's writer open on it while documents stream in.

    Started from hard links to `base` (an incremental update) or empty (a rebuild); made live by
    commit(), removed by abort(), so a failed or killed build leaves the live generation alone.
    """

    def __init__(self, location: Path, base: Path | None, previous: Path | None):
        from whoosh import index as whoosh_index

        self.location = location
        self.previous = previous
        self.base = base
        self.gen = new_generation(location)
        self.writer = None
        self.parts: list[tuple[Any, dict[str, Any] | None]] = []  # the workers' (segment, values)
        try:
            if base is not None:
                link_files(base, self.gen)
                self.ix = _open_base(location, base, self.gen)
            else:
                self.ix = whoosh_index.create_in(str(self.gen), schema())
            self.writer = build_writer_class()(self.ix, limitmb=BUILD_LIMIT_MB)
        except BaseException:
            shutil.rmtree(self.gen, ignore_errors=True)
            raise

    def delete_documents(self, doc_ids: Iterable[str]) -> None:
        for doc_id in doc_ids:
            self.writer.delete_by_term("doc", doc_id)
            self.writer.delete_by_term("s_doc", doc_id)  # its statements (schema.statement_fields)

    def add_chunk(self, fields: dict[str, Any]) -> None:
        self.writer.add_document(**fields)

    def part_writer(self) -> Any:
        """A writer for a worker process (forked from this one): its own segment, no lock (this
        process holds it); finish_part() hands the segment back for commit()."""
        return build_writer_class().for_part(self.ix, limitmb=BUILD_LIMIT_MB)

    def add_parts(self, parts: list[tuple[Any, dict[str, Any] | None] | None]) -> None:
        """The workers' (segment, per-document values) in the order of their runs of files."""
        self.parts = [part for part in parts if part is not None and part[0] is not None]

    def commit(self, meta: Meta) -> None:
        try:
            self._write_segments()
        except CORRUPTION as exc:  # a base segment garbled past its directory shows only when merged
            raise damaged(self.location, f"{self.base.name if self.base else self.gen.name} cannot be read: "
                                         f"{type(exc).__name__}") from None
        write_index_info(self.gen, meta)
        self.ix.close()
        # meta.json last: a generation without it is incomplete (a leftover the next write removes);
        # then CURRENT, the one step that makes it live, so that a kill anywhere leaves the old index
        write_atomic(self.gen / META, meta.to_json())
        make_live(self.location, self.gen, self.previous)

    def _write_segments(self) -> None:
        parts = self.parts
        if parts:
            # a new generation written by workers: their segments are all it holds
            self.writer.commit_with([segment for segment, _ in parts], optimize=False)
        else:
            self.writer.commit(optimize=self.base is None)
        self.writer_used, self.writer = self.writer, None
        # the read path's sidecars (query side); a rebuild's per-document values come from the
        # build writer's own pass over the postings, not from reading the new index back
        docvalues = None
        if self.base is None:
            made = [values for _, values in parts] if parts else [getattr(self.writer_used, "docvalues", None)]
            if all(v is not None for v in made):
                docvalues = merge_docvalues(made)
        write_docvalues(self.ix, self.gen, docvalues=docvalues)

    def abort(self) -> None:
        if self.writer is not None:
            # a half-written segment may fail to cancel too; its whole folder is removed below anyway
            with contextlib.suppress(Exception):
                self.writer.cancel()
            self.writer = None
        discard(self.location, self.gen)


def _open_base(location: Path, base: Path, gen: Path) -> Any:
    """The live generation's Whoosh index, linked into `gen`; IndexDamaged if it cannot be read
    (opening a reader reads each segment's directory, where truncation shows)."""
    from whoosh import index as whoosh_index

    try:
        ix = whoosh_index.open_dir(str(gen))
        ix.reader().close()
        return ix
    except (whoosh_index.IndexError, *READ_ERRORS) as exc:
        raise damaged(location, f"{base.name} cannot be read: {type(exc).__name__}") from None
