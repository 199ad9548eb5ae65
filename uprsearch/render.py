"""All output formatting: the rich terminal view, plain text for pipes, and machine formats.

Machine formats (jsonl, json, csv, tsv, ids) come from one function, `write_records`, for every
command. The text view of each listing is textview.py's; emit chooses it, the console, and the
pager (pager.py) for long output on a terminal. Rich is imported inside functions only, so
`uprsearch --help` does not load it.
"""
from __future__ import annotations

import csv
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from uprsearch.listings import COLUMNS, ID_COLUMN
from uprsearch.textview import (
    STYLES,
    coloured,
    facets_table,
    hit_view,
    print_line,
    said_view,
    statement_hit_view,
    styled,
    table,
    uptake_summary_view,
    uptake_view,
)

if TYPE_CHECKING:
    from uprsearch.models import Document, ParsedDocument
    from uprsearch.pipeline import ParseRun
    from uprsearch.library import Outcome


@dataclass
class OutputOptions:
    fmt: str = "text"
    color: str = "auto"  # auto | always | never
    count: bool = False
    facets: bool = False
    full: bool = False
    limited: bool = False  # a default terminal limit cut the listing short (say so)
    why: bool = False  # the text view of a chunk in full says why each theme was given
    pager: bool = False  # long text output on a terminal through the pager (uprsearch.pager)


# ------------------------------------------------------------------------------------------------
# Cleaning text for a terminal: terminal.py's, the one place it is done

from uprsearch.terminal import clean, clean_spans, json_dumps  # noqa: E402,F401  (render.clean, clean_spans for callers)


# ------------------------------------------------------------------------------------------------
# Consoles


def _is_tty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def make_console(color: str = "auto", stream=None):
    """A Rich console for stdout: colour as --color and the environment say (NO_COLOR,
    FORCE_COLOR, TERM=dumb are Rich's to honour for `auto`); when piped, nothing is wrapped."""
    from rich.console import Console as RichConsole

    class Console(RichConsole):
        def on_broken_pipe(self) -> None:
            # Rich exits 1 on a closed pipe; 1 means "no hits" here. Let the CLI end it with 0.
            self.quiet = True
            raise BrokenPipeError

    stream = stream if stream is not None else sys.stdout
    options: dict[str, Any] = {"file": stream, "highlight": False, "emoji": False, "markup": False}
    if not _is_tty(stream):
        options["soft_wrap"] = True
    if color == "always":
        options.update(force_terminal=True, no_color=False)
        console = Console(**options)
        if console.color_system is None:
            console = Console(color_system="standard", **options)
        return console
    if color == "never":
        options.update(color_system=None, no_color=True)
    return Console(**options)


# ------------------------------------------------------------------------------------------------
# Machine formats: one function for every listing


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell_item(v) for v in value)
    if isinstance(value, dict):  # theme evidence: "torture: torture, ill-treatment; detention: prisons"
        return "; ".join(f"{key}: {', '.join(map(str, item)) if isinstance(item, list) else item}"
                         for key, item in value.items())
    return str(value)


def _cell_item(value: Any) -> str:
    if isinstance(value, dict) and "score" in value:  # an uptake's State recommendation
        return f"{value['number']} ({', '.join(value['states'])}) {value['response']} {value['score']}"
    if isinstance(value, dict) and "number" in value:  # a footnote
        return f"{value['number']} {value.get('text') or ''}".strip()
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return f"{value[0]}-{value[1]}"  # a highlight span
    return str(value)


def write_records(records: list[dict[str, Any]], columns: tuple[str, ...], fmt: str, out=None,
                  *, ids_column: str = "id", facets: dict | None = None, total: int | None = None,
                  headers: bool = True) -> None:
    """Records in a machine format: jsonl, json, csv, tsv (a header row unless not `headers`) or ids."""
    out = out if out is not None else sys.stdout
    if fmt == "ids":
        seen: set[str] = set()
        lines = []
        for record in records:
            value = clean(str(record.get(ids_column) or ""), escape=True)
            if value and value not in seen:
                seen.add(value)
                lines.append(value + "\n")
        out.write("".join(lines))
        return
    rows = [{c: r.get(c) for c in columns} for r in records]
    if fmt == "jsonl":
        for row in rows:
            out.write(json_dumps(row) + "\n")
    elif fmt == "json":
        if facets is not None:
            body: Any = {"total": total if total is not None else len(rows), "hits": rows, "facets": facets}
        else:
            body = rows
        out.write(json_dumps(body, indent=2) + "\n")
    elif fmt in ("csv", "tsv"):
        if fmt == "csv":
            writer = csv.writer(out, lineterminator="\n")
            if headers:
                writer.writerow(columns)
            for row in rows:
                writer.writerow([clean(_cell(row[c]), newlines=True, escape=True) for c in columns])
        else:
            if headers:
                out.write("\t".join(columns) + "\n")
            for row in rows:
                out.write("\t".join(clean(re.sub(r"[\t\r\n]+", " ", _cell(row[c])), escape=True) for c in columns) + "\n")
    else:  # pragma: no cover - the CLI only offers FORMATS
        raise ValueError(fmt)


# ------------------------------------------------------------------------------------------------
# The entry point for every listing


def emit(listing: str, outcome: "Outcome", opts: OutputOptions) -> None:
    """Print a command's outcome in the chosen format. `listing` is hits, said, paragraphs (said
    --paragraphs), orgs, themes, docs, show (chunks in full), uptake or uptake_summary."""
    kind = "hits" if listing in ("show", "paragraphs") else listing
    columns = COLUMNS[kind]
    if opts.count:
        if opts.facets and opts.fmt == "json":
            sys.stdout.write(json_dumps({"total": outcome.total, "facets": outcome.facets}, indent=2) + "\n")
            return
        sys.stdout.write(f"{outcome.total}\n")
        if opts.facets and outcome.facets is not None:
            facets_table(make_console(opts.color), outcome.facets, _unit(listing))
        return
    if opts.fmt != "text":
        write_records(outcome.records, columns, opts.fmt, ids_column=ID_COLUMN[kind],
                      facets=outcome.facets if opts.facets else None, total=outcome.total)
        return
    console = make_console(opts.color)
    if opts.pager and _is_tty(sys.stdout):
        from uprsearch.pager import CommandPager, pager_command

        command = pager_command()
        if command is not None:
            with console.pager(CommandPager(command, console.height), styles=True):
                _text_view(console, listing, outcome, opts)
            return
    _text_view(console, listing, outcome, opts)


def _text_view(console, listing: str, outcome: "Outcome", opts: OutputOptions) -> None:
    if listing in ("hits", "show"):
        for i, record in enumerate(outcome.records):
            if i:
                print_line(console, styled(""))
            hit_view(console, record, outcome.documents, full=opts.full or listing == "show", detail=listing == "show",
                     why=opts.why, said=record.get("said_spans") or [], marks=not coloured(console))
    elif listing == "paragraphs":  # said --paragraphs: whole chunks, the organisation's sentences marked
        for i, record in enumerate(outcome.records):
            if i:
                print_line(console, styled(""))
            hit_view(console, record, outcome.documents, full=True, detail=False,
                     said=record.get("said_spans") or [], marks=not coloured(console))
    elif listing == "statements":
        for i, record in enumerate(outcome.records):
            if i:
                print_line(console, styled(""))
            statement_hit_view(console, record, outcome.documents)
    elif listing == "said":
        said_view(console, outcome.records, outcome.documents)
    elif listing == "orgs":
        _text_table(console, outcome.records, ("id", "name", "type", "doc", "chunks", "statements"),
                    {"id": STYLES["orgs"]})
    elif listing == "themes":
        _text_table(console, outcome.records, ("slug", "label", "chunks", "statements"),
                    {"slug": STYLES["themes"]})
    elif listing == "docs":  # the text view counts a document's warnings; the records list them
        records = [{**r, "warnings": len(r.get("warnings") or ())} for r in outcome.records]
        _text_table(console, records,
                    ("id", "type", "country", "cycle", "year", "symbol", "chunks", "organisations", "warnings", "title"),
                    {"id": STYLES["id"]})
    elif listing == "uptake":
        for i, record in enumerate(outcome.records):
            if i:
                print_line(console, styled(""))
            uptake_view(console, record, outcome.documents)
    elif listing == "uptake_summary":
        uptake_summary_view(console, outcome.records)
    if opts.limited and outcome.total > len(outcome.records):
        noun = {"said": "statements", "statements": "statements"}.get(listing, "hits" if listing in ("hits", "show", "paragraphs") else "rows")
        print_line(console, styled(f"\n… {len(outcome.records)} of {outcome.total} {noun} shown; --all shows every one, "
                              f"-n N the first N", STYLES["note"]))
    if opts.facets and outcome.facets is not None:
        facets_table(console, outcome.facets, _unit(listing))


def _unit(listing: str) -> str:
    """What a listing's facets count."""
    return "statements" if listing in ("said", "statements") else "chunks"


# ------------------------------------------------------------------------------------------------
def _text_table(console, records: list[dict[str, Any]], columns: tuple[str, ...], styles: dict[str, str]) -> None:
    rows = [[clean(_cell(r.get(c))) for c in columns] for r in records]
    table(console, list(columns), rows, styles)


# ------------------------------------------------------------------------------------------------
# Messages on stderr, the index command's progress and summary


def notice(message: str) -> None:
    """One line on stderr."""
    sys.stderr.write(clean(message, escape=True) + "\n")
    sys.stderr.flush()


def no_hits(query_text: str | None, suggestion: str | None) -> None:
    if suggestion:
        cut = (lambda t: t if len(t) <= 200 else t[:200] + "…")  # one line, however long the query
        notice(f"uprsearch: no hits for {cut(query_text or '')!r}; did you mean {cut(suggestion)!r}?")


class Progress:
    """A Rich progress bar on stderr when stderr is a terminal; nothing otherwise."""

    def __init__(self, enabled: bool | None = None):
        self.enabled = _is_tty(sys.stderr) if enabled is None else enabled
        self._progress = None
        self._task = None

    def __enter__(self) -> "Progress":
        return self

    def plan(self, total: int) -> None:
        if not self.enabled or total == 0:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress, TextColumn, TimeElapsedColumn

        self._progress = RichProgress(
            TextColumn("indexing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.fields[name]}", markup=False), console=Console(stderr=True), transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task("indexing", total=total, name="")

    def advance(self, path) -> None:
        if self._progress is not None:
            self._progress.update(self._task, advance=1, name=clean(getattr(path, "name", str(path))))

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def index_summary(report, location) -> None:
    """The line `uprsearch index` ends with."""
    changes = []
    if report.rebuilt:
        changes.append("rebuilt")
    for label, n in (("added", report.added), ("replaced", report.replaced), ("unchanged", report.unchanged),
                     ("removed", report.removed)):
        if n:
            changes.append(f"{n} {label}")
    detail = f" ({', '.join(changes)})" if changes else ""
    sys.stdout.write(
        f"indexed {report.documents} documents{detail}, {report.chunks} chunks, "
        f"{report.organisations} organisations in {report.seconds:.1f} s → {clean(str(location))}\n"
    )


def index_status(status) -> None:
    """`uprsearch index --status`: where the index is, what it holds, and what interrupted builds left."""
    lines = [f"index: {status.location}"]
    if status.state.live is not None and status.error is None:
        lines.append(f"generation: {status.state.live.name} (schema {status.schema}, built {status.built_text})")
        lines.append(f"holds: {status.documents} documents, {status.chunks} chunks, from {status.sources} files")
        lines += [f"built from: {root}" for root in status.roots]
        lines.append(f"state: out of date (its data files or uprsearch changed); `{status.command}` updates it"
                     if status.stale else "state: up to date")
    elif status.error is None:
        lines.append(f"state: no index yet; the first query or `{status.command}` builds one")
    else:
        lines.append("state: cannot be used (see the error below)")
    if status.state.leftovers:
        lines.append(f"leftovers: {len(status.state.leftovers)} of interrupted builds "
                     f"({status.leftover_bytes / 1e6:.1f} MB); the next `{status.command}` removes them")
    sys.stdout.write("".join(clean(line) + "\n" for line in lines))


# ------------------------------------------------------------------------------------------------
# `uprsearch parse`


def parse_notes(parsed: "ParsedDocument") -> list[str]:
    """What the text view says about how a document was read: its warnings, then the parser's notes."""
    return [*parsed.warnings, *parsed.notes]


def warning_line(document: "Document") -> str | None:
    """One line for a document the parser found something wrong with (stderr of `parse` and `index`)."""
    if not document.warnings:
        return None
    name = Path(document.source).name if document.source else document.id
    return f"uprsearch: warning: {clean(name)}: {clean('; '.join(document.warnings))}"


def print_parse(run: "ParseRun", fmt: str, pager: bool = False) -> None:
    """`uprsearch parse`: every chunk, as JSON Lines or a plain readable listing (through the pager
    on a terminal, with `pager`)."""
    paged = pager and fmt == "text" and _is_tty(sys.stdout)
    out = io.StringIO() if paged else sys.stdout
    for parsed in run.documents:
        if fmt == "jsonl":
            for chunk in parsed.chunks:
                out.write(json_dumps(chunk.to_record()) + "\n")
            continue
        doc = parsed.document
        out.write(clean(f"# {doc.id}  {doc.type}  {doc.symbol or doc.title or doc.source}  ({len(parsed.chunks)} chunks)") + "\n")
        for note in parse_notes(parsed):
            out.write(f"# note: {clean(note)}\n")
        out.write("\n")
        for chunk in parsed.chunks:
            para = f" ¶{chunk.para}" if chunk.para is not None else ""
            out.write(clean(f"[{chunk.id}] {chunk.kind}{para}  § {' > '.join(chunk.section) or '-'}") + "\n")
            out.write(clean(f"  orgs: {', '.join(chunk.orgs) or '-'}   themes: {', '.join(chunk.themes) or '-'}") + "\n")
            out.write(f"  {clean(chunk.text)}\n")
            for st in chunk.statements:
                out.write(clean(f"    - [{st.kind}] {'/'.join(st.orgs) or '?'}: {st.text}") + "\n")
            if chunk.footnotes:
                notes = "; ".join(f"{f.number}" + (f" {f.text}" if f.text else "") for f in chunk.footnotes)
                out.write(f"  footnotes: {clean(notes)}\n")
            out.write("\n")
    if paged:
        from uprsearch.pager import page

        page(out.getvalue())


# ------------------------------------------------------------------------------------------------
# `uprsearch info`


def print_info(info: dict[str, Any], fmt: str) -> None:
    """`uprsearch info`: its "label: value" lines (uprsearch.info.info_lines), or the record as JSON."""
    from uprsearch.info import info_lines

    if fmt == "json":
        sys.stdout.write(json_dumps(info, indent=2) + "\n")
        return
    sys.stdout.write("".join(clean(line) + "\n" for line in info_lines(info)))
