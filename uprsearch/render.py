"""All output formatting: the rich terminal view, plain text for pipes, and machine formats.

Machine formats (jsonl, json, csv, tsv, ids) come from one function, `write_records`, for every
command. The text view is built as Rich Text objects with styles applied to spans: document text
is never parsed as markup, and control characters and escape sequences are stripped from it.
Rich is imported inside functions only, so `uprsearch --help` does not load it.
"""
from __future__ import annotations

import csv
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from uprsearch.listings import COLUMNS, ID_COLUMN

if TYPE_CHECKING:
    from uprsearch.models import Document, ParsedDocument
    from uprsearch.pipeline import ParseRun
    from uprsearch.library import Outcome

FRAGMENT = 320  # characters of a chunk shown around the first match, without --full

STYLES = {
    "id": "bold cyan",
    "title": "blue",
    "section": "dim",
    "para": "yellow",
    "orgs": "green",
    "themes": "magenta",
    "kind": "italic",
    "match": "bold red",
    "header": "bold",
    "note": "dim",
}


@dataclass
class OutputOptions:
    fmt: str = "text"
    color: str = "auto"  # auto | always | never
    count: bool = False
    facets: bool = False
    full: bool = False
    limited: bool = False  # a default terminal limit cut the listing short (say so)
    why: bool = False  # the text view of a chunk in full says why each theme was given


# ------------------------------------------------------------------------------------------------
# Cleaning document text for a terminal

_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[@-Z\\-_]?"  # other two-byte escapes, or a lone ESC
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str, newlines: bool = False) -> str:
    """Text safe to print: escape sequences and control characters removed."""
    return clean_spans(text, [], newlines)[0]


def clean_spans(text: str, spans: Iterable[Iterable[int]], newlines: bool = False) -> tuple[str, list[tuple[int, int]]]:
    """Clean text and move character spans (computed on the raw text) onto the cleaned text."""
    keep = [True] * len(text)
    for m in _ESCAPES.finditer(text):
        for i in range(m.start(), m.end()):
            keep[i] = False
    for m in _CONTROLS.finditer(text):
        keep[m.start()] = False
    out: list[str] = []
    new_index = [0] * (len(text) + 1)
    n = 0
    for i, ch in enumerate(text):
        new_index[i] = n
        if not keep[i]:
            continue
        if ch == "\t" or (ch == "\n" and not newlines):
            ch = " "
        out.append(ch)
        n += 1
    new_index[len(text)] = n
    moved = []
    for start, end in spans:
        start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
        s, e = new_index[start], new_index[end]
        if e > s:
            moved.append((s, e))
    return "".join(out), moved


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


def _print(console, text) -> None:
    console.print(text, soft_wrap=console.soft_wrap, crop=False, overflow="ignore" if console.soft_wrap else None)


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
                  *, ids_column: str = "id", facets: dict | None = None, total: int | None = None) -> None:
    """Records in a machine format: jsonl, json, csv, tsv or ids."""
    out = out if out is not None else sys.stdout
    if fmt == "ids":
        seen: set[str] = set()
        lines = []
        for record in records:
            value = str(record.get(ids_column) or "")
            if value and value not in seen:
                seen.add(value)
                lines.append(value + "\n")
        out.write("".join(lines))
        return
    rows = [{c: r.get(c) for c in columns} for r in records]
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "json":
        if facets is not None:
            body: Any = {"total": total if total is not None else len(rows), "hits": rows, "facets": facets}
        else:
            body = rows
        out.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
    elif fmt in ("csv", "tsv"):
        if fmt == "csv":
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow([_cell(row[c]) for c in columns])
        else:
            out.write("\t".join(columns) + "\n")
            for row in rows:
                out.write("\t".join(re.sub(r"[\t\r\n]+", " ", _cell(row[c])) for c in columns) + "\n")
    else:  # pragma: no cover - the CLI only offers FORMATS
        raise ValueError(fmt)


# ------------------------------------------------------------------------------------------------
# The entry point for every listing


def emit(listing: str, outcome: "Outcome", opts: OutputOptions) -> None:
    """Print a command's outcome in the chosen format. `listing` is hits, said, orgs, themes, docs,
    show (chunks in full), uptake or uptake_summary."""
    kind = "hits" if listing == "show" else listing
    columns = COLUMNS[kind]
    if opts.count:
        if opts.facets and opts.fmt == "json":
            sys.stdout.write(json.dumps({"total": outcome.total, "facets": outcome.facets}, ensure_ascii=False, indent=2) + "\n")
            return
        sys.stdout.write(f"{outcome.total}\n")
        if opts.facets and outcome.facets is not None:
            _text_facets(make_console(opts.color), outcome.facets, "statements" if listing == "said" else "chunks")
        return
    if opts.fmt != "text":
        write_records(outcome.records, columns, opts.fmt, ids_column=ID_COLUMN[kind],
                      facets=outcome.facets if opts.facets else None, total=outcome.total)
        return
    console = make_console(opts.color)
    if listing in ("hits", "show"):
        for i, record in enumerate(outcome.records):
            if i:
                _print(console, _text(""))
            _text_hit(console, record, outcome.documents, full=opts.full or listing == "show", detail=listing == "show",
                      why=opts.why)
    elif listing == "said":
        for i, record in enumerate(outcome.records):
            if i:
                _print(console, _text(""))
            if "org" in record:
                _text_statement(console, record, outcome.documents)
            else:
                _text_hit(console, record, outcome.documents, full=True, detail=False)
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
                _print(console, _text(""))
            _text_uptake(console, record, outcome.documents)
    elif listing == "uptake_summary":
        _text_uptake_summary(console, outcome.records)
    if opts.limited and outcome.total > len(outcome.records):
        noun = {"said": "statements"}.get(listing, "hits" if listing in ("hits", "show") else "rows")
        _print(console, _text(f"\n… {len(outcome.records)} of {outcome.total} {noun} shown; --all shows every one, "
                              f"-n N the first N", STYLES["note"]))
    if opts.facets and outcome.facets is not None:
        _text_facets(console, outcome.facets, "statements" if listing == "said" else "chunks")


# ------------------------------------------------------------------------------------------------
# The text view


def _text(value: str = "", style: str | None = None):
    from rich.text import Text

    return Text(value, style=style or "")


def short_title(doc: "Document | None", fallback: str = "") -> str:
    """A document's title without its subtitle, else its symbol, else its id."""
    if doc is None:
        return fallback
    if doc.title:
        return doc.title.split(":")[0].strip()
    return doc.symbol or doc.id


def _header(parts: list[tuple[str, str]]):
    from rich.text import Text

    line = Text()
    first = True
    for value, style in parts:
        if not value:
            continue
        if not first:
            line.append("  ")
        line.append(clean(value), style=style)
        first = False
    return line


def _body(text: str, spans: list, full: bool):
    from rich.text import Text

    cleaned, moved = clean_spans(text, spans, newlines=full)
    if not full:
        cleaned, moved = fragment(cleaned, moved)
    body = Text(cleaned)
    for start, end in moved:
        body.stylize(STYLES["match"], start, end)
    return body


def fragment(text: str, spans: list[tuple[int, int]], size: int = FRAGMENT) -> tuple[str, list[tuple[int, int]]]:
    """A window of the text around the first match, cut at word boundaries, with "…" where it is cut."""
    if len(text) <= size:
        return text, spans
    anchor = 0
    if spans:  # the window that shows the most matches, the earliest of equals
        anchor = max(spans, key=lambda a: (sum(1 for s, e in spans if s >= a[0] - size // 4 and e <= a[0] + size * 3 // 4), -a[0]))[0]
    start = max(0, anchor - size // 4)
    if start > 0:
        space = text.find(" ", start, anchor)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + size)
    if end < len(text):
        first_end = min((e for s, e in spans if s >= anchor), default=start)
        space = text.rfind(" ", max(start, first_end), end)
        end = space if space > start else end
    piece = text[start:end].strip()
    lead = len(text[start:end]) - len(text[start:end].lstrip())
    offset = start + lead
    moved = [(max(s, offset) - offset, min(e, offset + len(piece)) - offset) for s, e in spans
             if e > offset and s < offset + len(piece)]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + piece + suffix, [(s + len(prefix), e + len(prefix)) for s, e in moved]


def _para(record: dict[str, Any]) -> str:
    return f"¶{record['para']}" if record.get("para") is not None else ""


def _text_hit(console, record: dict[str, Any], documents: dict, *, full: bool, detail: bool, why: bool = False) -> None:
    doc = documents.get(record["doc"])
    section = record.get("section") or []
    themes = " ".join(f"#{t}" for t in record.get("themes") or [])
    orgs = ", ".join(record.get("orgs") or [])
    leaf = f"§ {section[-1]}" if section and not detail else ""
    _print(console, _header([
        (record["id"], STYLES["id"]),
        (short_title(doc, record["doc"]), STYLES["title"]),
        (leaf, STYLES["section"]),
        (_para(record), STYLES["para"]),
        (orgs, STYLES["orgs"]),
        (response_words(record, doc), STYLES["kind"]),
        (themes, STYLES["themes"]),
    ]))
    if detail:
        if section:
            _print(console, _header([("§ " + " › ".join(section), STYLES["section"])]))
        kind = record.get("kind") or ""
        if kind == "recommendation" and record.get("number"):
            kind += f" {record['number']}"  # as printed: a State recommendation's "95.16"
        if record.get("action") is not None:
            kind += f", action {record['action']}"  # UPR Info's action category
        symbol = record.get("symbol") or ""
        _print(console, _header([(kind, STYLES["kind"]), (symbol, STYLES["note"])]))
        if record.get("response"):
            source = f" ({record['response_source']})" if record.get("response_source") else ""
            _print(console, _header([(f"response: {response_words(record, doc)}{source}", STYLES["kind"])]))
    _print(console, _body(record.get("text") or "", record.get("highlights") or [], full))
    if detail and record.get("response_text"):
        state = record.get("country") or (doc.country if doc else "") or "the State"
        answer = _text(f"{state}'s answer: ", STYLES["kind"])
        answer.append(clean(record["response_text"]))
        _print(console, answer)
    if detail and record.get("footnotes"):
        notes = "; ".join(_cell_item(f) for f in record["footnotes"])
        _print(console, _header([("footnotes: " + notes, STYLES["note"])]))
    if why:
        evidence = record.get("theme_evidence") or {}
        for theme in record.get("themes") or []:
            words = "; ".join(w if w.startswith("heading: ") else repr(w) for w in evidence.get(theme, []))
            _print(console, _header([(f"#{theme}", STYLES["themes"]), (f"← {words or '?'}", STYLES["note"])]))


def response_words(record: dict[str, Any], doc: "Document | None") -> str:
    """A State recommendation's response as a reader says it: "supported by Kazakhstan", "pending"."""
    response = record.get("response") or ""
    if not response or response == "pending":
        return response
    state = record.get("country") or (doc.country if doc else "")
    words = response.replace("-", " ")
    return f"{words} by {state}" if state else words


def _text_statement(console, record: dict[str, Any], documents: dict) -> None:
    doc = documents.get(record["doc"])
    _print(console, _header([
        (record["id"], STYLES["id"]),
        (short_title(doc, record["doc"]), STYLES["title"]),
        (f"§ {record['section'][-1]}" if record.get("section") else "", STYLES["section"]),
        (_para(record), STYLES["para"]),
        (record.get("org") or "", STYLES["orgs"]),
        (record.get("kind") or "", STYLES["kind"]),
        (response_words(record, doc), STYLES["kind"]),
    ]))
    _print(console, _body(record.get("text") or "", record.get("highlights") or [], True))


def _text_uptake(console, record: dict[str, Any], documents: dict) -> None:
    """A stakeholder's recommendation, then each State recommendation that asks for the same
    thing (or the closest): its score, id, States and response, and its text."""
    doc = documents.get(record["doc"])
    verdict = "not taken up" if not record["taken_up"] else "taken up, supported" if record["supported"] else "taken up"
    _print(console, _header([
        (record["id"], STYLES["id"]),
        (short_title(doc, record["doc"]), STYLES["title"]),
        (_para(record), STYLES["para"]),
        (", ".join(record["orgs"]), STYLES["orgs"]),
        (verdict, STYLES["kind"]),
    ]))
    _print(console, _body(record["text"], [], True))
    # those that ask for the same thing; where none does, the closest, for the reader to judge
    shown = [m for m in record["matches"] if m["same"]] or record["matches"][:1]
    for match in shown:
        report = documents.get(match["id"].rsplit(":", 1)[0])
        _print(console, _header([
            (f"  {match['score']:.2f}" + ("" if match["same"] else " closest"), STYLES["para"]),
            (match["id"], STYLES["id"]),
            (", ".join(match["states"]), STYLES["orgs"]),
            (response_words(match, report), STYLES["kind"]),
        ]))
        _print(console, _header([("        " + match["text"], "")]))


def _text_uptake_summary(console, records: list[dict[str, Any]]) -> None:
    rows = [[clean(r["org"]), str(r["recommendations"]), f"{r['taken_up']} ({r['taken_up_share']:.0%})",
             f"{r['supported']} ({r['supported_share']:.0%})"] for r in records]
    _table(console, ["org", "recommendations", "taken up", "supported"], rows, {"org": STYLES["orgs"]})


def _text_table(console, records: list[dict[str, Any]], columns: tuple[str, ...], styles: dict[str, str]) -> None:
    rows = [[clean(_cell(r.get(c))) for c in columns] for r in records]
    _table(console, list(columns), rows, styles)


def _table(console, headers: list[str], rows: list[list[str]], styles: dict[str, str] | None = None) -> None:
    from rich.text import Text

    styles = styles or {}
    numeric = [all(re.fullmatch(r"-?\d+", r[i] or "0") for r in rows) for i in range(len(headers))]
    widths = [max([len(headers[i])] + [len(r[i]) for r in rows]) for i in range(len(headers))]

    def line(cells: list[str], header: bool) -> Text:
        out = Text()
        last = len(cells) - 1
        for i, cell in enumerate(cells):
            pad = widths[i] - len(cell)
            text = (" " * pad + cell) if numeric[i] and not header else cell
            if not numeric[i] or header:
                text = text if i == last else text + " " * pad
            style = STYLES["header"] if header else styles.get(headers[i], "")
            out.append(text, style=style)
            if i != last:
                out.append("  ")
        out.rstrip()
        return out

    _print(console, line(headers, True))
    for row in rows:
        _print(console, line(row, False))


def _text_facets(console, facets: dict[str, dict[str, int]], unit: str = "chunks") -> None:
    rows: list[list[str]] = []
    for name, counts in facets.items():
        for i, (value, count) in enumerate(counts.items()):
            rows.append([name if i == 0 else "", clean(str(value)), str(count)])
    _print(console, _text(""))
    _table(console, ["facet", "value", unit], rows, {"facet": STYLES["header"]})


# ------------------------------------------------------------------------------------------------
# Messages on stderr, the index command's progress and summary


def notice(message: str) -> None:
    """One line on stderr."""
    sys.stderr.write(clean(message) + "\n")
    sys.stderr.flush()


def no_hits(query_text: str | None, suggestion: str | None) -> None:
    if suggestion:
        notice(f"uprsearch: no hits for {query_text!r}; did you mean {suggestion!r}?")


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


def print_parse(run: "ParseRun", fmt: str) -> None:
    """`uprsearch parse`: every chunk, as JSON Lines or a plain readable listing."""
    out = sys.stdout
    for parsed in run.documents:
        if fmt == "jsonl":
            for chunk in parsed.chunks:
                out.write(json.dumps(chunk.to_record(), ensure_ascii=False) + "\n")
            continue
        doc = parsed.document
        out.write(f"# {doc.id}  {doc.type}  {doc.symbol or doc.title or doc.source}  ({len(parsed.chunks)} chunks)\n")
        for note in parse_notes(parsed):
            out.write(f"# note: {note}\n")
        out.write("\n")
        for chunk in parsed.chunks:
            para = f" ¶{chunk.para}" if chunk.para is not None else ""
            out.write(f"[{chunk.id}] {chunk.kind}{para}  § {' > '.join(chunk.section) or '-'}\n")
            out.write(f"  orgs: {', '.join(chunk.orgs) or '-'}   themes: {', '.join(chunk.themes) or '-'}\n")
            out.write(f"  {chunk.text}\n")
            for st in chunk.statements:
                out.write(f"    - [{st.kind}] {'/'.join(st.orgs) or '?'}: {st.text}\n")
            if chunk.footnotes:
                notes = "; ".join(f"{f.number}" + (f" {f.text}" if f.text else "") for f in chunk.footnotes)
                out.write(f"  footnotes: {notes}\n")
            out.write("\n")


# ------------------------------------------------------------------------------------------------
# `uprsearch info`


def print_info(info: dict[str, Any], fmt: str) -> None:
    """`uprsearch info`: its "label: value" lines (uprsearch.info.info_lines), or the record as JSON."""
    from uprsearch.info import info_lines

    if fmt == "json":
        sys.stdout.write(json.dumps(info, ensure_ascii=False, indent=2) + "\n")
        return
    sys.stdout.write("".join(clean(line) + "\n" for line in info_lines(info)))
