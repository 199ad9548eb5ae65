"""Parsing the planned files and writing their chunks: in this process, or in forked worker processes.

Each worker parses a run of the files (in order) and writes their chunks into a segment of its
own; ids and places are planned before parsing, so the index answers exactly as one written by a
single process. (The forking itself, and what happens when a worker fails, is
pipeline.run_forked.)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from uprsearch.index.schema import DOC_STRIDE, document_fields, statement_fields
from uprsearch.models import ADDENDUM, RECOMMENDATION, WG_REPORT, Chunk, Document, Organisation, ParsedDocument, attributions

if TYPE_CHECKING:
    from uprsearch.index.writer import GenerationWriter


@dataclass
class PreparedDocument:
    """A parsed document made ready for the writer: what its DocEntry needs, and each chunk's
    field values (but its place, "pos", given when it is written). A Working Group report's
    recommendations are held back (None in `fields`, the chunks in `held` with their place in the
    document); each chunk's fields are its own, then its statements' (schema.statement_fields) until the answers of its addenda are known (index.addenda); an addendum brings its
    answers."""

    document: Document
    organisations: list[Organisation]
    chunks: int
    statements: int
    counts: tuple[dict[str, list[int]], dict[str, list[int]]]
    fields: list[list[dict[str, Any]] | None]
    held: list[tuple[int, Chunk]] = field(default_factory=list)
    answers: dict[str, Any] | None = None  # an addendum's: recommendation number -> addendum.Answer


@dataclass
class BuildWork:
    """Parsing the planned files and writing their chunks: in this process, into the generation's
    writer, or in forked worker processes, each writing a run of the files (in order) into a
    segment of its own. Either way each file's (path, errors, documents) comes back, the documents
    without their chunks' fields, and every chunk is written with the id and place planned for its
    file. From workers, files come back as they are done, not in the order given: the caller puts
    what depends on the order back in that order."""

    knowledge: Any
    catalogs: dict
    authors: dict[Path, str]
    places: dict[Path, tuple[str, int]]

    def parse(self, path: Path) -> tuple[list, list[PreparedDocument]]:
        """A file's errors and its documents, prepared, with the id planned for it."""
        from uprsearch.pipeline import parse_one

        errors, documents = parse_one(path, self.knowledge, self.catalogs, self.authors.get(path))
        doc_id, _ = self.places[path]
        for doc in documents:
            doc.rename(doc_id)
        return errors, [prepare_document(doc) for doc in documents]

    def write(self, add, path: Path, doc: PreparedDocument) -> None:
        """Add a document's chunks (but those held back) at the place planned for its file."""
        _, order = self.places[path]
        for seq, documents in enumerate(doc.fields):
            if documents is not None:
                documents[0]["pos"] = order * DOC_STRIDE + seq
                for fields in documents:  # the chunk, then its statements
                    add(fields)
        doc.fields = []  # written: only the document's summary goes on

    def here(self, generation: GenerationWriter, paths: list[Path]) -> Iterator[tuple[Path, list, list]]:
        for path in paths:
            errors, documents = self.parse(path)
            for doc in documents:
                self.write(generation.add_chunk, path, doc)
            yield path, errors, documents

    def in_processes(self, generation: GenerationWriter, paths: list[Path], processes: int) -> Iterator[tuple[Path, list, list]]:
        from uprsearch.pipeline import run_forked, split_by_size
        from uprsearch.reader import catalog_entry

        for path in paths:  # read before the fork, so that every worker has them
            catalog_entry(path, self.catalogs)
        runs = [run for run in split_by_size(paths, processes) if run]

        def job(run: list[Path]):
            def work(report) -> tuple:
                writer = generation.part_writer()
                for path in run:
                    errors, documents = self.parse(path)
                    for doc in documents:
                        self.write(writer.add_values, path, doc)
                    report((path, errors, documents))
                return writer.finish_part()
            return work

        parts: list = [None] * len(runs)
        for number, done, payload in run_forked([job(run) for run in runs]):
            if done:
                parts[number] = payload
            else:
                yield payload  # as each worker finishes a file, not in the planned order
        generation.add_parts(parts)


def prepare_document(parsed: ParsedDocument) -> PreparedDocument:
    fields: list[list[dict[str, Any]] | None] = []
    held: list[tuple[int, Chunk]] = []
    report = parsed.document.type == WG_REPORT
    attributed = [attributions(chunk, parsed.document) for chunk in parsed.chunks]
    for seq, chunk in enumerate(parsed.chunks):
        if report and chunk.kind == RECOMMENDATION and chunk.number:
            held.append((seq, chunk))  # written once its addenda's answers are known
            fields.append(None)
            continue
        values = document_fields(chunk, parsed.document, 0)
        del values["pos"]  # given when the chunk is written
        fields.append([values, *statement_fields(chunk, parsed.document, attributed[seq])])
    answers = None
    if parsed.document.type == ADDENDUM:
        from uprsearch.addendum import responses

        answers = responses(parsed.chunks)
    return PreparedDocument(
        parsed.document,
        list(parsed.organisations),
        len(parsed.chunks),
        sum(len(c.statements) for c in parsed.chunks),
        _counts(parsed, attributed),
        fields,
        held,
        answers,
    )


def _counts(doc: ParsedDocument, attributed_chunks: list[list]) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Per organisation and per theme: how many chunks and statements of the document (each
    chunk's models.attributions given, in order)."""
    orgs: dict[str, list[int]] = {}
    themes: dict[str, list[int]] = {}
    for chunk, attributed in zip(doc.chunks, attributed_chunks):
        speakers = set(chunk.orgs) | {o for _, ids in attributed for o in ids}
        for org in speakers:
            counts = orgs.setdefault(org, [0, 0])
            counts[0] += 1
            counts[1] += sum(1 for _, ids in attributed if org in ids)
        for theme in chunk.themes:
            counts = themes.setdefault(theme, [0, 0])
            counts[0] += 1
            counts[1] += sum(1 for statement, _ in attributed if theme in statement.themes)
    return orgs, themes
