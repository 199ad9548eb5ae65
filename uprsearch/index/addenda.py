"""Working Group reports and their addenda, paired at index time by symbol.

A report (A/HRC/14/10) leaves recommendations pending that its addendum (A/HRC/14/10/Add.1)
answers. The two may be indexed in any order, in one run or in two, by one process or by
workers: a report's recommendation chunks are therefore held back when it is parsed
(workers.PreparedDocument.held) and written at the end of the update, once the answers of every
addendum of the same symbol are known, from this update's parses or, for an addendum already in
the index, from a parse of its file. When an addendum is added, changed or removed, a report
already in the index is parsed again and written anew, so that its recommendations never keep an
answer the index no longer holds. Every chunk is written once per generation, so the per-document
values stay those of the chunks as written.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from uprsearch.addendum import Answer, answers_by_report, apply_answers, report_symbol
from uprsearch.index.schema import DOC_STRIDE, document_fields, statement_fields
from uprsearch.models import ADDENDUM, WG_REPORT, Chunk, Document


@dataclass
class _HeldReport:
    document: Document
    order: int
    recommendations: list[tuple[int, Chunk]]  # (place in the document, chunk)


@dataclass
class Pairing:
    """The reports whose recommendations wait to be written, and the addenda's answers."""

    held: dict[str, _HeldReport] = field(default_factory=dict)  # report document id -> its recommendations
    answers: dict[str, tuple[Document, dict[str, Answer]]] = field(default_factory=dict)  # addendum id -> answers
    parsed: set[str] = field(default_factory=set)  # the documents parsed in this update

    def add(self, prepared: Any, order: int) -> None:
        """A document this update parsed (a workers.PreparedDocument, at its place `order`)."""
        document = prepared.document
        self.parsed.add(document.id)
        if prepared.held:
            self.held[document.id] = _HeldReport(document, order, prepared.held)
            prepared.held = []
        if prepared.answers is not None:
            self.answers[document.id] = (document, prepared.answers)

    def partners(self, kept: dict[str, Document], dropped: list[Document]) -> tuple[list[str], list[str]]:
        """The documents of the index, not parsed in this update, to parse again: the reports
        whose addendum was added, changed or removed (to be written anew), and the addenda of a
        report parsed now (for their answers only). `kept` are the documents the new generation
        keeps, by id; `dropped` those it loses."""
        touched = {report_symbol(d.symbol) for d, _ in self.answers.values() if d.symbol}
        touched |= {report_symbol(d.symbol) for d in dropped if d.type == ADDENDUM and d.symbol}
        reports = [i for i, d in kept.items() if i not in self.parsed and d.type == WG_REPORT and d.symbol in touched]
        waiting = {h.document.symbol for h in self.held.values()} | {kept[i].symbol for i in reports}
        addenda = [
            i for i, d in kept.items()
            if i not in self.parsed and d.type == ADDENDUM and d.symbol and report_symbol(d.symbol) in waiting
        ]
        return reports, addenda

    def split_held(self, parts: int) -> list["Pairing"]:
        """The held reports in at most `parts` runs, in order, of about as many recommendations
        each, every run with all the answers: written one after another (in processes of their
        own, each into a segment), the runs give the documents write_held gives, in its order."""
        from uprsearch.pipeline import split_by_weight

        reports = sorted(self.held.values(), key=lambda held: held.order)
        runs = split_by_weight(reports, [len(report.recommendations) for report in reports], parts)
        return [Pairing(held={report.document.id: report for report in run}, answers=self.answers)
                for run in runs if run]

    def write_held(self, add: Callable[[dict[str, Any]], None]) -> int:
        """Write every held recommendation with its addenda's answers; how many were written."""
        answers = answers_by_report(self.answers.values())
        written = 0
        # in document order, however the files came back from the workers: the same document
        # numbers (and so the same order of equal scores) as a build in one process
        for report in sorted(self.held.values(), key=lambda held: held.order):
            chunks = [chunk for _, chunk in report.recommendations]
            if report.document.symbol in answers:
                apply_answers(chunks, answers[report.document.symbol])
            for seq, chunk in report.recommendations:
                add(document_fields(chunk, report.document, report.order * DOC_STRIDE + seq))
                for statement in statement_fields(chunk, report.document):
                    add(statement)
                written += 1
        self.held.clear()
        return written


def source_of(doc_id: str, sources: dict[str, Any]) -> Path | None:
    """The file a document of the index was read from (sources: path -> meta.SourceEntry)."""
    return next((Path(src) for src, entry in sources.items() if entry.doc == doc_id), None)
