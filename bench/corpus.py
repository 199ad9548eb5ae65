"""How exactly uprsearch reads real UPR documents: one row per document, against what each prints.

    python bench/corpus.py [FOLDER_OR_FILE ...] [--expected FILE] [--save FILE] [--baseline FILE]

Default folders: ../shared/upr-corpus/ and ../shared/upr-samples/ beside the checkout. Every
.txt/.pdf below them is read, parsed and tagged as `uprsearch parse` would, and measured:

  type      the document type recognised (`!` where it is not the expected one)
  paras     paragraphs with exactly their printed number and opening words / paragraphs printed
  miss      printed paragraph numbers not found as such (the first few)
  outside   words of a numbered document's own text (from the end of its cover: introduction, tables and
            lists before paragraph 1, the paragraphs, the notes, what follows them) in no chunk,
            heading, note or title; a submission's whole text but running heads and feet
  furn      page furniture left in any text, heading, note or organisation name (job numbers, the
            document's own symbol, "Please recycle", mastheads, page labels)
  notes     endnote texts found / endnotes printed
  unknown   statement speakers in neither the document's own list, nor the registry, nor its author
  attrib    share of statements attributed to someone
  warn      anomalies the parser reported
  recs      recommendation chunks / the recommendations a submission lists
  author    a submission's author(s) as its cover gives them

Expected values (type, last paragraph number, gaps, note count, the opening words of every
paragraph, authors) come from tests/data/corpus_expected.toml, made by reading the documents;
a document not listed there is measured on what needs no key (furn, unknown, attrib, warn).
--save writes the rows as JSON; --baseline FILE prints a saved run's figures beside this one's
(`before -> after`), e.g. a run of another checkout's code:

    (cd ../main && python bench/corpus.py --save /tmp/before.json)
    python bench/corpus.py --baseline /tmp/before.json
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
DEFAULT_FOLDERS = [SHARED / "upr-corpus", SHARED / "upr-samples"]
EXPECTED = ROOT / "tests" / "data" / "corpus_expected.toml"

# Page furniture as it may leak: what a reader should never see in a paragraph, heading or note.
FURNITURE = {
    "job number": re.compile(r"\bGE\.\d{2}-\d{3,6}"),
    "recycle": re.compile(r"Please\s+recycle|♲"),
    "barcode": re.compile(r"\*\d{7}\*"),
    "masthead": re.compile(r"Distr\.:?\s+(?:General|GENERAL|Restricted)|Original:\s+(?:English|ENGLISH|French|Spanish)"),
    "first-page note": re.compile(r"present document (?:was not edited|is being issued without)"),
    "page label": re.compile(r"\bPage\s+\d{1,3}\b(?!\s+of\b)"),
}
# a heading that ends with a number of its own: "Recommendations 22, 31–39", "Article 2", "Goal 16"
_NUMBERED_THING = re.compile(
    r"Recommendations?\b|\b(?:19|20)\d\d$|\b(?:Articles?|Art\.|Protocol|No\.|Section|Chapter|Part|Goal|Rule|Principle|Table|Annex|item)\s+\d{1,3}$"
)
_WORD = re.compile(r"[^\W\d_]{3,}")
_FURNITURE_LINE = re.compile(
    r"^\s*(?:United Nations\s+A?\s*/?|UNITED\s*$|NATIONS\b|General Assembly|Distr\.|GENERAL\s*$|Original:"
    r"|Please recycle|\*\s*The present document|GE\.\d\d-|Page \d|A\s*/\s*HRC/[\w./]+\s*$|(?:End)?[Nn]otes\s*$"
    r"|Contents\s*$|Page\s*$|.*(?:\.{4,}|…{2,})\s*\d{1,3}\s*$)"  # a table of contents: "I. Introduction ..... 4"
)
# Where a numbered document's own text begins, its cover (masthead, session, title, State: what the
# record holds as fields) before it: an unnumbered introduction, a list of abbreviations, a table
# of contents, the first heading ("I. Background", "A. …", "Introduction") or paragraph 1.
_OWN_TEXT_START = re.compile(
    r"(?m)^[ \t]*(?:The present (?:report|document|compilation|summary)\b(?! (?:was not edited|is being issued))"
    r"|(?:List of )?(?:abbreviations|acronyms|ABBREVIATIONS|ACRONYMS)\b|LIST OF ABBREVIATIONS|Contents[ \t]*$"
    r"|(?:I|A)\.[ \t]+[A-Z]|Introduction[ \t]*$|1\.[ \t]+[A-Z])"
)


def norm(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def load_expected(path: Path) -> dict[str, dict]:
    """file name -> its document's expectations (the data file lists paths under ../shared; names are unique)."""
    if not path.is_file():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {Path(name).name: entry for entry in data.get("document", []) for name in entry.get("files", [])}


def relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(SHARED.resolve()))
    except ValueError:
        return str(path)


def warnings_of(parsed) -> list[str]:
    return list(getattr(parsed, "warnings", None) or getattr(parsed, "notes", []))


def note_texts(parsed) -> dict[int, str]:
    """Every endnote text the parse found: on the chunks' footnotes and, where the parse keeps them, all of them."""
    texts = {f.number: f.text for c in parsed.chunks for f in c.footnotes if f.text}
    endnotes = getattr(parsed, "endnotes", None)
    if endnotes is not None:
        texts.update({n: t for n, t in endnotes.texts.items() if t})
    return texts


def output_words(parsed) -> Counter[str]:
    """The words a reader gets back: chunk texts, each heading once where it opens, note texts, the title."""
    words: Counter[str] = Counter()
    previous: list[str] = []
    for chunk in parsed.chunks:
        words.update(_WORD.findall(chunk.text.lower()))
        for depth, heading in enumerate(chunk.section):
            if depth >= len(previous) or previous[depth] != heading or previous[:depth] != chunk.section[:depth]:
                words.update(_WORD.findall(heading.lower()))
        previous = chunk.section
    for text in note_texts(parsed).values():
        words.update(_WORD.findall(text.lower()))
    words.update(_WORD.findall(parsed.document.title.lower()))
    return words


def body_region(text: str, expected: dict | None) -> str | None:
    """A numbered document's own text, furniture lines dropped: from where it begins after its cover
    (an unnumbered introduction, tables, a list of abbreviations before paragraph 1 all count) to
    its end, notes and annexes included (None: no paragraphs expected)."""
    flat = text.replace("\f", "\n")
    if expected and "numbers" in expected:  # a submission: all of it, but a running head or foot
        seen = Counter(line.strip() for line in flat.split("\n") if len(line.strip()) > 12)
        return "\n".join(
            line for line in flat.split("\n") if not _FURNITURE_LINE.match(line) and seen[line.strip()] < 3
        )
    if not expected or not expected.get("openings"):
        return None
    first = _find_opening(flat, 1, expected["openings"][0], 0)
    if first is None:
        return None
    own = _OWN_TEXT_START.search(flat, 0, first)
    region = flat[own.start() if own else first :]
    return "\n".join(line for line in region.split("\n") if not _FURNITURE_LINE.match(line))


def _find_opening(text: str, number: int, opening: str, start: int) -> int | None:
    words = [re.escape(w) for w in opening.split()]
    pattern = rf"(?<![\d.]){number}\.\s+" + r"\s+".join(words)
    m = re.compile(pattern).search(text, start)
    return m.start() if m else None


def measure(path: Path, knowledge, expected: dict | None) -> dict:
    from uprsearch import parse, tag
    from uprsearch.models import Document
    from uprsearch.reader import document_id_from_name, read_source

    row: dict = {"file": relative(path), "name": path.name}
    started = time.perf_counter()
    try:
        source = read_source(path)
    except Exception as exc:  # the harness reports what uprsearch would report, and goes on
        row["error"] = str(exc).split(": ", 1)[-1][:40]
        return row
    document = Document(id=document_id_from_name(path.name), source=str(path))
    parsed = parse.parse_document(source, document, knowledge.registry, knowledge.acronyms)
    listed = {o.id for o in parsed.organisations}
    registry = knowledge.registry
    tag.tag_document(parsed, registry.copy(), knowledge.acronyms, knowledge.taxonomy)
    row["seconds"] = round(time.perf_counter() - started, 3)
    doc = parsed.document
    row["type"] = doc.type
    row["type_ok"] = expected is None or doc.type == expected.get("type")

    # paragraphs against the document's own numbering
    if expected is not None and "openings" in expected:
        printed = {n for n in range(1, expected["paragraphs"] + 1) if n not in expected.get("gaps", [])}
        openings = dict(zip(sorted(printed), expected["openings"]))
        by_number: dict[int, list] = {}
        for chunk in parsed.chunks:
            if chunk.para is not None:
                by_number.setdefault(chunk.para, []).append(chunk)
        exact, missing = 0, []
        for n in sorted(printed):
            chunks = by_number.get(n, [])
            if len(chunks) == 1 and norm(chunks[0].text).startswith(norm(openings[n])):
                exact += 1
            else:
                missing.append(n)
        row["paras"] = [exact, len(printed)]
        row["missing"] = missing
        row["extra"] = sorted(n for n in by_number if n not in printed)
    elif expected is not None and "numbers" in expected:
        # a submission: its paragraph numbers as printed, in order ("4.12"), against the chunks'
        got = [getattr(c, "number", "") or (str(c.para) if c.para is not None else "") for c in parsed.chunks]
        got = [n for n in got if n]
        want = expected["numbers"]
        same = sum(1 for a, b in zip(got, want) if a == b) if len(got) == len(want) else _in_order(got, want)
        row["paras"] = [same, len(want)]
        row["missing"] = []
    if expected is not None and "recommendations" in expected:
        row["recommendations"] = [sum(1 for c in parsed.chunks if c.kind == "recommendation"), expected["recommendations"]]
    # text between paragraph 1 and the notes that is nowhere in the output
    region = body_region(source.text, expected)
    if region is not None:
        have = output_words(parsed)
        need = Counter(_WORD.findall(region.lower()))
        lost = {w: n - have[w] for w, n in need.items() if n > have[w]}
        row["outside"] = sum(lost.values())
        row["outside_words"] = sorted(lost, key=lambda w: -lost[w])[:6]
    # furniture left anywhere a reader looks
    strings = [c.text for c in parsed.chunks]
    strings += sorted({h for c in parsed.chunks for h in c.section})
    strings += list(note_texts(parsed).values())
    strings += [o.name for o in parsed.organisations] + [o.id for o in parsed.organisations]
    symbol = (expected or {}).get("symbol") or doc.symbol
    leaks: list[str] = []
    for text in strings:
        for label, pattern in FURNITURE.items():
            if pattern.search(text):
                leaks.append(label)
        if symbol and symbol in text and not text.startswith("See "):
            leaks.append("symbol")
    for heading in {h for c in parsed.chunks for h in c.section}:
        # a footnote or page number left on a heading: glued to its last word or after it ("… life 50");
        # not the numbers a national report's heading lists ("Recommendations 22, 31–39")
        if re.search(r"[A-Za-z)\]”’\"] ?\d{1,3}$", heading) and not _NUMBERED_THING.search(heading):
            leaks.append("page number in heading")
    row["furniture"] = len(leaks)
    row["furniture_kinds"] = sorted(set(leaks))
    # endnotes
    if expected is not None and "notes" in expected:
        found = note_texts(parsed)
        row["notes"] = [sum(1 for n in range(1, expected["notes"] + 1) if found.get(n)), expected["notes"]]
    # speakers
    statements = [s for c in parsed.chunks for s in c.statements]
    known = listed | {o.id for o in registry} | ({doc.author} if doc.author else set())
    unknown = Counter(org for s in statements for org in s.orgs if org not in known)
    row["unknown"] = sum(unknown.values())
    row["unknown_ids"] = [org for org, _ in unknown.most_common(4)]
    row["attributed"] = round(sum(1 for s in statements if s.orgs) / len(statements), 3) if statements else None
    row["warnings"] = warnings_of(parsed)
    if expected is not None and expected.get("authors"):
        row["authors_ok"] = _authors_match(parsed, expected["authors"])
    return row


def _in_order(got: list[str], want: list[str]) -> int:
    """How many of the numbers wanted the chunks have, in order (the longest common subsequence)."""
    previous = [0] * (len(want) + 1)
    for a in got:
        current = [0]
        for j, b in enumerate(want):
            current.append(previous[j] + 1 if a == b else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def _authors_match(parsed, authors: list[str]) -> bool:
    """The document's author (or, for a joint submission, its members) are the expected organisations."""
    doc = parsed.document
    orgs = {o.id: o for o in parsed.organisations}
    author = orgs.get(doc.author)
    names = {norm(doc.author)}
    if author is not None:
        names |= {norm(author.name), *(norm(a) for a in author.aliases)}
        names |= {norm(m) for m in author.members}
    return all(any(norm(a) == n or norm(a) in n for n in names if n) for a in authors)


# ---------------------------------------------------------------------------------------------
# The table


def _ratio(pair) -> str:
    return f"{pair[0]}/{pair[1]}" if pair else "-"


def _span(numbers: list[int]) -> str:
    if not numbers:
        return ""
    runs: list[str] = []
    start = prev = numbers[0]
    for n in numbers[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        runs.append(f"{start}" if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    text = ",".join(runs)
    return text if len(text) <= 14 else text[:13] + "…"


def cells(row: dict) -> dict[str, str]:
    if "error" in row:
        return {"type": "error: " + row["error"]}
    attributed = row.get("attributed")
    return {
        "type": row["type"] + ("" if row["type_ok"] else " !"),
        "paras": _ratio(row.get("paras")),
        "miss": _span(row.get("missing", [])),
        "outside": str(row["outside"]) if "outside" in row else "-",
        "furn": str(row["furniture"]),
        "notes": _ratio(row.get("notes")),
        "unknown": str(row["unknown"]),
        "attrib": f"{attributed:.0%}" if attributed is not None else "-",
        "warn": str(len(row["warnings"])),
        "recs": _ratio(row.get("recommendations")) if row.get("recommendations") else "",
        "author": {True: "ok", False: "WRONG"}.get(row.get("authors_ok"), ""),
    }


COLUMNS = ("type", "paras", "miss", "outside", "furn", "notes", "unknown", "attrib", "warn", "recs", "author")


def print_table(rows: list[dict], baseline: dict[str, dict], show_warnings: bool = False) -> None:
    table = []
    for row in rows:
        now = cells(row)
        before = cells(baseline[row["name"]]) if row["name"] in baseline else None
        line = {"document": row["name"][:58]}
        for column in COLUMNS:
            value = now.get(column, "")
            if before is not None and before.get(column, "") != value:
                value = f"{before.get(column, '') or '·'} -> {value}"
            line[column] = value
        table.append(line)
    headers = ("document", *COLUMNS)
    widths = {h: max(len(h), *(len(line.get(h, "")) for line in table)) for h in headers}
    print("  ".join(h.ljust(widths[h]) for h in headers).rstrip())
    for line in table:
        print("  ".join(line.get(h, "").ljust(widths[h]) for h in headers).rstrip())
    print()
    for label, value in totals(rows).items():
        was = totals([baseline[r["name"]] for r in rows if r["name"] in baseline]).get(label) if baseline else None
        print(f"{label}: {value}" + (f"   (before: {was})" if was is not None and was != value else ""))
    if show_warnings:
        for row in rows:
            for warning in row.get("warnings", []):
                print(f"warning  {row['name']}: {warning}")


def totals(rows: list[dict]) -> dict[str, str]:
    rows = [r for r in rows if "error" not in r]
    if not rows:
        return {}
    exact = sum(r["paras"][0] for r in rows if r.get("paras"))
    printed = sum(r["paras"][1] for r in rows if r.get("paras"))
    notes = [r["notes"] for r in rows if r.get("notes")]
    typed = [r for r in rows if "type_ok" in r]
    recs = [r["recommendations"] for r in rows if r.get("recommendations")]
    return {
        "documents": str(len(rows)),
        "authors right": f"{sum(1 for r in rows if r.get('authors_ok'))}/{sum(1 for r in rows if 'authors_ok' in r)}",
        "recommendation chunks": f"{sum(r[0] for r in recs)} (listed: {sum(r[1] for r in recs)})" if recs else "-",
        "type recognised": f"{sum(1 for r in typed if r['type_ok'])}/{len(typed)}",
        "paragraphs exact": f"{exact}/{printed} ({exact / printed:.1%})" if printed else "-",
        "documents with every paragraph exact": f"{sum(1 for r in rows if r.get('paras') and r['paras'][0] == r['paras'][1])}/{sum(1 for r in rows if r.get('paras'))}",
        "words outside any paragraph": str(sum(r.get("outside", 0) for r in rows)),
        "furniture leaks": f"{sum(r['furniture'] for r in rows)} in {sum(1 for r in rows if r['furniture'])} documents",
        "note texts found": f"{sum(n[0] for n in notes)}/{sum(n[1] for n in notes)}" if notes else "-",
        "unknown speakers": str(sum(r["unknown"] for r in rows)),
        "warnings": f"{sum(len(r['warnings']) for r in rows)} in {sum(1 for r in rows if r['warnings'])} documents",
        "parse + tag seconds": f"{sum(r.get('seconds', 0) for r in rows):.1f}",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="folders or files (default: ../shared/upr-corpus and ../shared/upr-samples)")
    parser.add_argument("--expected", type=Path, default=EXPECTED, help="expected values (TOML)")
    parser.add_argument("--save", type=Path, help="write the rows as JSON")
    parser.add_argument("--baseline", type=Path, help="a --save file to print beside this run")
    parser.add_argument("--warnings", action="store_true", help="list every warning after the table")
    args = parser.parse_args(argv)

    from uprsearch.pipeline import Knowledge
    from uprsearch.reader import find_sources

    folders = args.paths or [p for p in DEFAULT_FOLDERS if p.exists()]
    if not folders:
        raise SystemExit(f"corpus.py: no documents: {DEFAULT_FOLDERS[0]} is absent; name a folder")
    files = find_sources(folders)
    expected = load_expected(args.expected)
    knowledge = Knowledge.load(sorted({p.parent for p in files}))
    rows = [measure(path, knowledge, expected.get(path.name)) for path in files]
    baseline = {}
    if args.baseline:
        baseline = {r["name"]: r for r in json.loads(args.baseline.read_text(encoding="utf-8"))}
    print_table(rows, baseline, args.warnings)
    if args.save:
        args.save.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
