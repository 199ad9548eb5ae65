"""The text view of records: Rich Text built from them, styles on spans, never markup.

render.emit chooses the format and the console; what a hit, a statement, a paragraph of `said`,
a chunk in full (`show`), an uptake row and a table look like on a terminal and piped is here.
Document text is never parsed as markup; escape sequences and control characters are removed
from it (terminal.clean). Rich is imported inside functions only.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from uprsearch.terminal import clean, clean_spans

if TYPE_CHECKING:
    from uprsearch.models import Document

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


def print_line(console, text) -> None:
    """Print a line: wrapped at the terminal's width, never when piped."""
    console.print(text, soft_wrap=console.soft_wrap, crop=False, overflow="ignore" if console.soft_wrap else None)


def styled(value: str = "", style: str | None = None):
    from rich.text import Text

    return Text(value, style=style or "")


def short_title(doc: "Document | None", fallback: str = "") -> str:
    """A document's title without its subtitle, else its symbol, else its id."""
    if doc is None:
        return fallback
    if doc.title:
        return doc.title.split(":")[0].strip()
    return doc.symbol or doc.id


def header(parts: list[tuple[str, str]]):
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


def body(text: str, spans: list, full: bool, said: list | None = None, marks: bool = False):
    """The text, cleaned, its matched spans styled; in full with `said`, the organisation's
    sentences styled too, or between SAID_MARKS where `marks` (no colour to show them)."""
    from rich.text import Text

    cleaned, moved = clean_spans(text, spans, newlines=full)
    if not full:
        cleaned, moved = fragment(cleaned, moved)
    sentences = clean_spans(text, said, newlines=full)[1] if said and full else []
    if sentences and marks:
        cleaned, moved = insert_marks(cleaned, moved, sentences)
        sentences = []
    body = Text(cleaned)
    for start, end in sentences:
        body.stylize(STYLES["said"], start, end)
    for start, end in moved:
        body.stylize(STYLES["match"], start, end)
    return body


def insert_marks(text: str, spans: list[tuple[int, int]],
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


def coloured(console) -> bool:
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


def para_label(record: dict[str, Any]) -> str:
    return f"¶{record['para']}" if record.get("para") is not None else ""


def hit_view(console, record: dict[str, Any], documents: dict, *, full: bool, detail: bool, why: bool = False,
             said: list | None = None, marks: bool = False) -> None:
    doc = documents.get(record["doc"])
    section = record.get("section") or []
    themes = " ".join(f"#{t}" for t in record.get("themes") or [])
    orgs = ", ".join(record.get("orgs") or [])
    leaf = f"§ {section[-1]}" if section and not detail else ""
    who = (orgs, STYLES["orgs"])
    if record.get("kind") == "recommendation":  # a State's (its States, the response) or a stakeholder's list item
        who = recommended_by(orgs)
    print_line(console, header([
        (record["id"], STYLES["id"]),
        (short_title(doc, record["doc"]), STYLES["title"]),
        (leaf, STYLES["section"]),
        (para_label(record), STYLES["para"]),
        who,
        (response_words(record, doc), STYLES["kind"]),
        (themes, STYLES["themes"]),
    ]))
    if detail:
        if section:
            print_line(console, header([("§ " + " › ".join(section), STYLES["section"])]))
        kind = record.get("kind") or ""
        if kind == "recommendation" and record.get("number"):
            kind += f" {record['number']}"  # as printed: a State recommendation's "95.16"
        if record.get("action") is not None:
            kind += f", action {record['action']}"  # UPR Info's action category
        symbol = record.get("symbol") or ""
        print_line(console, header([(kind, STYLES["kind"]), (symbol, STYLES["note"])]))
        if record.get("response"):
            source = f" ({record['response_source']})" if record.get("response_source") else ""
            print_line(console, header([(f"response: {response_words(record, doc)}{source}", STYLES["kind"])]))
    print_line(console, body(record.get("text") or "", record.get("highlights") or [], full, said, marks))
    if detail and record.get("response_text"):
        state = record.get("country") or (doc.country if doc else "") or "the State"
        answer = styled(f"{state}'s answer: ", STYLES["kind"])
        answer.append(clean(record["response_text"]))
        print_line(console, answer)
    if detail:
        statements_view(console, record)
        footnotes_view(console, record.get("footnotes") or [])
    if why:
        evidence = record.get("theme_evidence") or {}
        for theme in record.get("themes") or []:
            words = "; ".join(w if w.startswith("heading: ") else repr(w) for w in evidence.get(theme, []))
            print_line(console, header([(f"#{theme}", STYLES["themes"]), (f"← {words or '?'}", STYLES["note"])]))


def statement_hit_view(console, record: dict[str, Any], documents: dict) -> None:
    """A statement of `search --statements`: its id, document, heading, paragraph, its speakers,
    kind (a recommendation standing out as in a hit's header: "» recommendation by WCADP"),
    response and themes, then its whole text."""
    doc = documents.get(record["doc"])
    section = record.get("section") or []
    speakers = ", ".join(s["id"] for s in record.get("speakers") or [])
    kind = record.get("kind") or ""
    who = [(speakers, STYLES["orgs"]), (kind, STYLES["kind"])]
    if kind == "recommendation":
        who = [recommended_by(speakers)]
    print_line(console, header([
        (record["id"], STYLES["id"]),
        (short_title(doc, record["doc"]), STYLES["title"]),
        (f"§ {section[-1]}" if section else "", STYLES["section"]),
        (para_label(record), STYLES["para"]),
        *who,
        (response_words(record, doc), STYLES["kind"]),
        (" ".join(f"#{t}" for t in record.get("themes") or []), STYLES["themes"]),
    ]))
    print_line(console, body(record.get("text") or "", record.get("highlights") or [], True))


def recommended_by(speakers: str) -> tuple[str, str]:
    """A recommendation in a header, standing out: ("» recommendation by France, Spain", its style)."""
    return BULLETS["recommendation"] + "recommendation" + (f" by {speakers}" if speakers else ""), STYLES["recommendation"]


def response_words(record: dict[str, Any], doc: "Document | None") -> str:
    """A State recommendation's response as a reader says it: "supported by Kazakhstan", "pending"."""
    response = record.get("response") or ""
    if not response or response == "pending":
        return response
    state = record.get("country") or (doc.country if doc else "")
    words = response.replace("-", " ")
    return f"{words} by {state}" if state else words


def statement_line(text: str, kind: str, *, speakers: list[str] | tuple[str, ...] = (), note: str = "",
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
    line.append_text(body(text, highlights or [], True))
    return line


def said_view(console, records: list[dict[str, Any]], documents: dict) -> None:
    """`said`: one header for each paragraph, then the organisation's statements in it, one a line."""
    groups: list[list[dict[str, Any]]] = []
    for record in records:
        if groups and chunk_of(groups[-1][0]) == chunk_of(record):
            groups[-1].append(record)
        else:
            groups.append([record])
    for i, group in enumerate(groups):
        if i:
            print_line(console, styled(""))
        first = group[0]
        if "org" not in first:  # a chunk record
            hit_view(console, first, documents, full=True, detail=False)
            continue
        doc = documents.get(first["doc"])
        orgs = list(dict.fromkeys(r.get("org") or "" for r in group))
        print_line(console, header([
            (chunk_of(first), STYLES["id"]),
            (short_title(doc, first["doc"]), STYLES["title"]),
            (f"§ {first['section'][-1]}" if first.get("section") else "", STYLES["section"]),
            (para_label(first), STYLES["para"]),
            (", ".join(orgs), STYLES["orgs"]),
        ]))
        for record in group:
            speakers = [record.get("org") or ""] if len(orgs) > 1 else []
            print_line(console, statement_line(record.get("text") or "", record.get("kind") or "", speakers=speakers,
                                               note=response_words(record, doc), highlights=record.get("highlights")))


def chunk_of(record: dict[str, Any]) -> str:
    """The id of the chunk a statement record stands in."""
    return record.get("chunk") or record["id"]


def statements_view(console, record: dict[str, Any]) -> None:
    """`show`: who said which sentence, and what kind of statement it is. A chunk that is one
    statement says only whose and what kind (its text is above); nothing for a recommendations
    list's item (its header says it)."""
    statements = record.get("statements") or []
    whole = len(statements) == 1 and statements[0].get("text") == record.get("text")
    if not statements or (whole and record.get("kind") == "recommendation"):
        return
    print_line(console, header([("statements:", STYLES["note"])]))
    for statement in statements:
        speakers = statement.get("orgs") or [s["id"] for s in statement.get("speakers") or []]
        if whole:
            line = statement_line("", statement.get("kind") or "", speakers=speakers)
            line.append("the whole paragraph", style=STYLES["note"])
        else:
            line = statement_line(statement.get("text") or "", statement.get("kind") or "", speakers=speakers)
        print_line(console, line)


def footnotes_view(console, footnotes: list[dict[str, Any]]) -> None:
    """`show`: the footnotes, with their texts where the document carries them (one a line)."""
    if not footnotes:
        return
    if not any(f.get("text") for f in footnotes):
        print_line(console, header([("footnotes: " + "; ".join(str(f["number"]) for f in footnotes), STYLES["note"])]))
        return
    print_line(console, header([("footnotes:", STYLES["note"])]))
    for footnote in footnotes:
        line = styled(f"{footnote['number']:>4}", STYLES["note"])
        if footnote.get("text"):
            line.append("  " + clean(footnote["text"]))
        print_line(console, line)


def uptake_view(console, record: dict[str, Any], documents: dict) -> None:
    """A stakeholder's recommendation, then each State recommendation that asks for the same
    thing (or the closest): its score, id, States and response, and its text."""
    doc = documents.get(record["doc"])
    verdict = "not taken up" if not record["taken_up"] else "taken up, supported" if record["supported"] else "taken up"
    print_line(console, header([
        (record["id"], STYLES["id"]),
        (short_title(doc, record["doc"]), STYLES["title"]),
        (para_label(record), STYLES["para"]),
        (", ".join(record["orgs"]), STYLES["orgs"]),
        (verdict, STYLES["kind"]),
    ]))
    print_line(console, body(record["text"], [], True))
    # those that ask for the same thing; where none does, the closest, for the reader to judge
    shown = [m for m in record["matches"] if m["same"]] or record["matches"][:1]
    for match in shown:
        report = documents.get(match["id"].rsplit(":", 1)[0])
        print_line(console, header([
            (f"  {match['score']:.2f}" + ("" if match["same"] else " closest"), STYLES["para"]),
            (match["id"], STYLES["id"]),
            (", ".join(match["states"]), STYLES["orgs"]),
            (response_words(match, report), STYLES["kind"]),
        ]))
        print_line(console, header([("        " + match["text"], "")]))


def uptake_summary_view(console, records: list[dict[str, Any]]) -> None:
    rows = [[clean(r["org"]), str(r["recommendations"]), f"{r['taken_up']} ({r['taken_up_share']:.0%})",
             f"{r['supported']} ({r['supported_share']:.0%})"] for r in records]
    table(console, ["org", "recommendations", "taken up", "supported"], rows, {"org": STYLES["orgs"]})


def table(console, headers: list[str], rows: list[list[str]], styles: dict[str, str] | None = None) -> None:
    """Columns padded to their widest cell, numbers right-aligned; on a terminal, fitted to its width."""
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
            print_line(console, line(cells, header))
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


def facets_table(console, facets: dict[str, dict[str, int]], unit: str = "chunks") -> None:
    rows: list[list[str]] = []
    for name, counts in facets.items():
        for i, (value, count) in enumerate(counts.items()):
            rows.append([name if i == 0 else "", clean(str(value)), str(count)])
    print_line(console, styled(""))
    table(console, ["facet", "value", unit], rows, {"facet": STYLES["header"]})
