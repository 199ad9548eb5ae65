"""All output formatting: the rich terminal view, plain text for pipes, and machine formats.

Machine formats (jsonl, json, csv, tsv, ids) come from one function, `write_records`, for every
command. The text view is built as Rich Text objects with styles applied to spans: document text
is never parsed as markup, and control characters and escape sequences are stripped from it.
Rich is imported inside functions only, so `uprsearch --help` does not load it.
"""
from __future__ import annotations

import csv
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
    "recommendation": "bold yellow",  # a recommendation stands out from observations
    "said": "green",  # said --paragraphs: the organisation's sentences (the colour of its id)
}
# A recommendation's bullet, any other statement's (said, show): "» recommendation: ..." greps apart
BULLETS = {"recommendation": "» ", "": "- "}
# said --paragraphs where the text view has no colour (piped, --color never, NO_COLOR): the
# organisation's sentences between these, as Markdown's bold reads
SAID_MARKS = ("**", "**")


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

from uprsearch.terminal import clean, clean_spans, json_dumps  # noqa: E402  (render.clean for callers)


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
            writer.writerow(columns)
            for row in rows:
                writer.writerow([clean(_cell(row[c]), newlines=True, escape=True) for c in columns])
        else:
            out.write("\t".join(columns) + "\n")
            for row in rows:
                out.write("\t".join(clean(re.sub(r"[\t\r\n]+", " ", _cell(row[c])), escape=True) for c in columns) + "\n")
    else:  # pragma: no cover - the CLI only offers FORMATS
        raise ValueError(fmt)


# ------------------------------------------------------------------------------------------------
# The entry point for every listing


def emit(listing: str, outcome: "Outcome", opts: OutputOptions) -> None:
    """Print a command's outcome in the chosen format. `listing` is hits, said, orgs, themes, docs,
    show (chunks in full), uptake or uptake_summary."""
    kind = "hits" if listing in ("show", "paragraphs") else listing
    columns = COLUMNS[kind]
    if opts.count:
        if opts.facets and opts.fmt == "json":
            sys.stdout.write(json_dumps({"total": outcome.total, "facets": outcome.facets}, indent=2) + "\n")
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
                _print(console, _text(""))
            _text_hit(console, record, outcome.documents, full=opts.full or listing == "show", detail=listing == "show",
                      why=opts.why)
    elif listing == "paragraphs":  # said --paragraphs: whole chunks, the organisation's sentences marked
        for i, record in enumerate(outcome.records):
            if i:
                _print(console, _text(""))
            _text_hit(console, record, outcome.documents, full=True, detail=False,
                      said=record.get("said_spans") or [], marks=not _coloured(console))
    elif listing == "said":
        _text_said(console, outcome.records, outcome.documents)
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
        noun = {"said": "statements"}.get(listing, "hits" if listing in ("hits", "show", "paragraphs") else "rows")
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


def _body(text: str, spans: list, full: bool, said: list | None = None, marks: bool = False):
    """The text, cleaned, its matched spans styled; in full with `said`, the organisation's
    sentences styled too, or between SAID_MARKS where `marks` (no colour to show them)."""
    from rich.text import Text

    cleaned, moved = clean_spans(text, spans, newlines=full)
    if not full:
        cleaned, moved = fragment(cleaned, moved)
    sentences = clean_spans(text, said, newlines=full)[1] if said and full else []
    if sentences and marks:
        cleaned, moved = _insert_marks(cleaned, moved, sentences)
        sentences = []
    body = Text(cleaned)
    for start, end in sentences:
        body.stylize(STYLES["said"], start, end)
    for start, end in moved:
        body.stylize(STYLES["match"], start, end)
    return body


def _insert_marks(text: str, spans: list[tuple[int, int]],
                  sentences: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """The text with SAID_MARKS around the sentences, and the matched spans moved to follow."""
    opening, closing = SAID_MARKS
    inserted: list[tuple[int, str]] = []  # (where, mark), in order
    out, at = [], 0
    for start, end in sorted(sentences):
        start = max(start, at)
        out += [text[at:start], opening, text[start:end], closing]
        inserted += [(start, opening), (end, closing)]
        at = end
    out.append(text[at:])

    def moved(position: int, end: bool) -> int:  # a span starts after the marks at its start, ends before those at its end
        return position + sum(len(mark) for where, mark in inserted if where < position or (where == position and not end))

    return "".join(out), [(moved(s, False), moved(e, True)) for s, e in spans]


def _coloured(console) -> bool:
    """Whether the console shows colours (not piped, --color never, NO_COLOR or TERM=dumb)."""
    return console.color_system is not None and not console.no_color


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


def _text_hit(console, record: dict[str, Any], documents: dict, *, full: bool, detail: bool, why: bool = False,
              said: list | None = None, marks: bool = False) -> None:
    doc = documents.get(record["doc"])
    section = record.get("section") or []
    themes = " ".join(f"#{t}" for t in record.get("themes") or [])
    orgs = ", ".join(record.get("orgs") or [])
    leaf = f"§ {section[-1]}" if section and not detail else ""
    who = (orgs, STYLES["orgs"])
    if record.get("kind") == "recommendation":  # a State's (its States, the response) or a stakeholder's list item
        who = (BULLETS["recommendation"] + "recommendation" + (f" by {orgs}" if orgs else ""), STYLES["recommendation"])
    _print(console, _header([
        (record["id"], STYLES["id"]),
        (short_title(doc, record["doc"]), STYLES["title"]),
        (leaf, STYLES["section"]),
        (_para(record), STYLES["para"]),
        who,
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
    _print(console, _body(record.get("text") or "", record.get("highlights") or [], full, said, marks))
    if detail and record.get("response_text"):
        state = record.get("country") or (doc.country if doc else "") or "the State"
        answer = _text(f"{state}'s answer: ", STYLES["kind"])
        answer.append(clean(record["response_text"]))
        _print(console, answer)
    if detail:
        _text_statements(console, record)
        _text_footnotes(console, record.get("footnotes") or [])
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


def _statement_line(text: str, kind: str, *, speakers: list[str] | tuple[str, ...] = (), note: str = "",
                    highlights: list | None = None):
    """One statement: "- HRW observation: …", "» recommendation, supported by Kazakhstan: …"."""
    from rich.text import Text

    recommendation = kind == "recommendation"
    style = STYLES["recommendation"] if recommendation else STYLES["kind"]
    line = Text()
    line.append(BULLETS["recommendation" if recommendation else ""], style=style if recommendation else STYLES["note"])
    if speakers:
        line.append(clean(", ".join(speakers)) + " ", style=STYLES["orgs"])
    line.append(clean(kind + (f", {note}" if note else "")) + ":", style=style)
    line.append(" ")
    line.append_text(_body(text, highlights or [], True))
    return line


def _text_said(console, records: list[dict[str, Any]], documents: dict) -> None:
    """`said`: one header for each paragraph, then the organisation's statements in it, one a line."""
    groups: list[list[dict[str, Any]]] = []
    for record in records:
        if groups and _chunk_of(groups[-1][0]) == _chunk_of(record):
            groups[-1].append(record)
        else:
            groups.append([record])
    for i, group in enumerate(groups):
        if i:
            _print(console, _text(""))
        first = group[0]
        if "org" not in first:  # a chunk record
            _text_hit(console, first, documents, full=True, detail=False)
            continue
        doc = documents.get(first["doc"])
        orgs = list(dict.fromkeys(r.get("org") or "" for r in group))
        _print(console, _header([
            (_chunk_of(first), STYLES["id"]),
            (short_title(doc, first["doc"]), STYLES["title"]),
            (f"§ {first['section'][-1]}" if first.get("section") else "", STYLES["section"]),
            (_para(first), STYLES["para"]),
            (", ".join(orgs), STYLES["orgs"]),
        ]))
        for record in group:
            speakers = [record.get("org") or ""] if len(orgs) > 1 else []
            _print(console, _statement_line(record.get("text") or "", record.get("kind") or "", speakers=speakers,
                                            note=response_words(record, doc), highlights=record.get("highlights")))


def _chunk_of(record: dict[str, Any]) -> str:
    """The id of the chunk a statement record stands in."""
    return record.get("chunk") or record["id"]


def _text_statements(console, record: dict[str, Any]) -> None:
    """`show`: who said which sentence, and what kind of statement it is; nothing where the chunk is
    one statement (its header says whose)."""
    statements = record.get("statements") or []
    if not statements or (len(statements) == 1 and statements[0].get("text") == record.get("text")):
        return
    _print(console, _header([("statements:", STYLES["note"])]))
    for statement in statements:
        speakers = statement.get("orgs") or [s["id"] for s in statement.get("speakers") or []]
        _print(console, _statement_line(statement.get("text") or "", statement.get("kind") or "", speakers=speakers))


def _text_footnotes(console, footnotes: list[dict[str, Any]]) -> None:
    """`show`: the footnotes, with their texts where the document carries them (one a line)."""
    if not footnotes:
        return
    if not any(f.get("text") for f in footnotes):
        _print(console, _header([("footnotes: " + "; ".join(str(f["number"]) for f in footnotes), STYLES["note"])]))
        return
    _print(console, _header([("footnotes:", STYLES["note"])]))
    for footnote in footnotes:
        line = _text(f"{footnote['number']:>4}  ", STYLES["note"])
        line.append(clean(footnote.get("text") or ""))
        _print(console, line)


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
    if not console.soft_wrap:  # a terminal: the widest labels give way, cut with "…", so no row wraps
        # numbers and the first column (ids, which one types again; a facet's name) are never cut
        fixed = [i == 0 or numeric[i] for i in range(len(headers))]
        widths = fit_widths(widths, fixed, console.width)
        rows = [[cut(cell, widths[i]) for i, cell in enumerate(row)] for row in rows]

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

    for cells, header in [(headers, True), *((row, False) for row in rows)]:
        if console.soft_wrap:
            _print(console, line(cells, header))
        else:  # narrower than the columns' floors: cut at the edge, never wrapped onto the next line
            console.print(line(cells, header), no_wrap=True, crop=True, overflow="ellipsis")


# The narrowest a label column is cut to: a few letters of each label still tell them apart
MIN_LABEL = 8


def fit_widths(widths: list[int], fixed: list[bool], total: int, gap: int = 2) -> list[int]:
    """Column widths that fit `total` characters with `gap` between columns: the widest columns
    give way first, down to MIN_LABEL; a `fixed` column never shrinks."""
    widths = list(widths)
    excess = sum(widths) + gap * (len(widths) - 1) - total
    while excess > 0:
        shrinkable = [i for i, w in enumerate(widths) if not fixed[i] and w > MIN_LABEL]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: (widths[i], i))
        runner_up = max([widths[i] for i in shrinkable if i != widest] + [MIN_LABEL])
        step = min(excess, widths[widest] - runner_up) or 1
        widths[widest] -= step
        excess -= step
    return widths


def cut(text: str, width: int) -> str:
    """The text in `width` characters: cut, with "…" for what is left out."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


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


def print_parse(run: "ParseRun", fmt: str) -> None:
    """`uprsearch parse`: every chunk, as JSON Lines or a plain readable listing."""
    out = sys.stdout
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


# ------------------------------------------------------------------------------------------------
# `uprsearch info`

_INFO_LABELS = (
    ("location", "index"), ("chosen_by", "chosen by"), ("state", "state"), ("documents", "documents"),
    ("chunks", "chunks"), ("statements", "statements"), ("organisations", "organisations"),
    ("schema_version", "schema version"), ("size_bytes", "size"), ("built", "built"), ("roots", "built from"),
    ("generation", "generation"), ("uprsearch", "uprsearch"), ("note", "note"),
)


def print_info(info: dict[str, Any], fmt: str) -> None:
    """`uprsearch info`: one "label: value" line per field that has a value, or the record as JSON."""
    if fmt == "json":
        sys.stdout.write(json.dumps(info, ensure_ascii=False, indent=2) + "\n")
        return
    lines = []
    labels = dict(_INFO_LABELS)
    for key in [*labels, *(k for k in info if k not in labels and k != "supported_schema_version")]:
        value = info.get(key)
        if value is None or value == "" or value == []:
            continue
        if key == "size_bytes":
            value = _size(value)
        elif key == "schema_version" and value != info.get("supported_schema_version"):
            value = f"{value} (this uprsearch writes {info.get('supported_schema_version')})"
        elif isinstance(value, list):
            value = ", ".join(map(str, value))
        lines.append(f"{labels.get(key, key.replace('_', ' '))}: {clean(str(value))}\n")
    sys.stdout.write("".join(lines))


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)
