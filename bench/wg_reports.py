"""Working Group reports against UPR Info's record of their recommendations.

    .venv/bin/python bench/wg_reports.py [REPORTS] [KEY] [--addenda FOLDER] [--verbose] [--only TEXT]

REPORTS is a folder of Working Group reports (.txt and .pdf; default ../shared/upr-corpus/wg-reports/),
KEY UPR Info's CSV (default ../shared/upr-corpus/keys/uprinfo-recommendations.csv: one row per
recommending State, columns To, Text, From, Response, Session, …), and --addenda a folder of
addenda applied to their reports (default ../shared/upr-corpus/addenda/). Each file is parsed
with uprsearch's own parser (pipeline.parse_paths); a report's addendum is found by its symbol.

For each report, the key's rows of the same review (State under review and Working Group
session) are matched to the extracted recommendations by word overlap, tolerant of UPR Info's
edits (rows are one per recommending State, often without "To", sometimes reworded). Printed
per report and in total:

  rows      the key's rows for the review
  found     rows matched to an extracted recommendation
  state     … whose matched part names the row's State (rows naming a State only)
  stated    found rows whose extracted response is stated (by the report or an indexed addendum)
  resp      … with the key's response (Accepted = supported, Noted = noted; a partial support
            counts for either, and is counted in `part`)
  pend      found rows still pending (the report defers them; no addendum indexed)
  recs      recommendations extracted; extra: those no key row matched

Disagreements judged to be the key's (bench/wg_key_disagreements.toml: a wrong State, a wrong
response, a row for a recommendation the report does not contain) are listed and left out of
the second line of totals; the first line counts everything. --verbose lists every miss.
"""
from __future__ import annotations

import argparse
import csv
import difflib
import re
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from uprsearch import addendum  # noqa: E402
from uprsearch.models import ADDENDUM, NOTED, PARTIALLY_SUPPORTED, PENDING, RECOMMENDATION, SUPPORTED, WG_REPORT  # noqa: E402
from uprsearch.pipeline import Knowledge, parse_paths  # noqa: E402
from uprsearch.states import load_states  # noqa: E402

SHARED = ROOT.parent / "shared" / "upr-corpus"
DISAGREEMENTS = HERE / "wg_key_disagreements.toml"
FOUND_AT = 0.55  # the least word-overlap score that counts a key row as found
KEY_RESPONSE = {"Accepted": SUPPORTED, "Noted": NOTED}
_STOP = frozenset(
    "a an and are as at be by for from in is its it of on or that the their this to which with all "
    "any such also".split()
)


def words(text: str) -> set[str]:
    """The words that carry a recommendation's meaning, plurals folded ("Conventions Nos." = "Convention No.")."""
    text = text.lower().replace("’", "'")
    text = re.sub(r"[\-/–—]", " ", text)
    return {re.sub(r"(?<=[a-z]{3})s$", "", w) for w in re.findall(r"[a-z0-9']+", text) if w not in _STOP}


def near_overlap(row: set[str], candidate: set[str]) -> float:
    """overlap() counting a word spelt one letter differently ("ICRMW" in the key, "ICMW" printed) as found."""
    extra = {w for w in row - candidate if len(w) >= 4 and difflib.get_close_matches(w, candidate, n=1, cutoff=0.8)}
    return overlap(row, candidate | extra)


def overlap(row: set[str], candidate: set[str]) -> float:
    """How well a key row's words and a candidate's agree: the share of the row's words found in
    the candidate, and (less) the share of the candidate's found in the row. UPR Info cuts one
    recommendation into a row per State and part, so a row is often a part of what is printed."""
    if not row or not candidate:
        return 0.0
    common = len(row & candidate)
    return 0.6 * common / len(row) + 0.4 * common / len(candidate)


@dataclass
class Row:
    text: str
    state: str  # the recommending State's id in the registry, "" when UPR Info names none
    response: str
    words: set[str] = field(default_factory=set)


@dataclass
class Match:
    row: Row
    chunk: object | None = None
    score: float = 0.0
    states: list[str] = field(default_factory=list)  # the States of the matched part


def load_key(path: Path) -> dict[tuple[str, int], list[Row]]:
    states = load_states()
    out: dict[tuple[str, int], list[Row]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            under_review = states.resolve(record["To"])
            if under_review is None or not record["Session"].strip().isdigit():
                continue
            sender = states.resolve(record["From"]) if "Unknown" not in record["From"] else None
            row = Row(record["Text"], sender.id if sender else "", KEY_RESPONSE.get(record["Response"], ""))
            row.words = words(row.text)
            out.setdefault((under_review.id, int(record["Session"])), []).append(row)
    return out


def match_rows(rows: list[Row], chunks: list) -> list[Match]:
    """Each row's best recommendation: the part (statement) or whole text it overlaps most, a
    part naming the row's State preferred among near ties."""
    parts = []
    for chunk in chunks:
        whole = words(chunk.text)
        parts.append((chunk, whole, list(chunk.orgs)))
        if len(chunk.statements) > 1:
            parts += [(chunk, words(st.text), list(st.orgs)) for st in chunk.statements]
    matches = []
    for row in rows:
        ranked = []
        for chunk, part_words, part_states in parts:
            score = overlap(row.words, part_words)
            same_state = bool(row.state) and row.state in part_states
            ranked.append((score + (0.2 if same_state else 0.0), same_state, score, chunk, part_words, part_states))
        ranked.sort(key=lambda r: r[:3], reverse=True)
        best = Match(row)
        best_key = (0.0, False, 0.0)
        for _, same_state, _, chunk, part_words, part_states in ranked[:3]:
            score = near_overlap(row.words, part_words)
            key = (score + (0.2 if same_state else 0.0), same_state, score)
            if key > best_key:
                best_key, best = key, Match(row, chunk, score, part_states)
        matches.append(best)
    return matches


def load_disagreements() -> list[dict]:
    if not DISAGREEMENTS.is_file():
        return []
    return tomllib.loads(DISAGREEMENTS.read_text(encoding="utf-8")).get("disagreement", [])


def judged(disagreements: list[dict], document, row: Row, what: str) -> dict | None:
    for entry in disagreements:
        same = entry["symbol"] == document.symbol or list(entry["review"]) == [document.country, document.session]
        if same and entry["what"] == what and row.text.lower().startswith(entry["row"].lower()):
            return entry
    return None


@dataclass
class Tally:
    rows: int = 0
    found: int = 0
    with_state: int = 0
    state_ok: int = 0
    stated: int = 0
    response_ok: int = 0
    partial: int = 0
    pending: int = 0
    recs: int = 0
    extra: int = 0

    def add(self, other: "Tally") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    –"


def line(name: str, t: Tally) -> str:
    return (
        f"{name:48} {t.rows:5} {pct(t.found, t.rows)} {pct(t.state_ok, t.with_state)} {t.stated:6} "
        f"{pct(t.response_ok, t.stated)} {t.partial:4} {t.pending:5} {t.recs:5} {t.extra:5}"
    )


# --- OHCHR's thematic lists of a review's recommendations: each number with its position and its source -----

_THEMATIC_ENTRY = re.compile(r"^(\d{2,3}\.\d{1,3})\s+(.*)$")
_THEMATIC_SOURCE = re.compile(r"^Source of position:\s*(A/HRC/\S+?)\s*-\s*Para\.?\s*(\d+)", re.I)
_THEMATIC_POSITION = {"supported": SUPPORTED, "noted": NOTED}


def load_thematic(path: Path) -> dict[str, tuple[str, str, str]]:
    """Number -> (text with the States, position, source "A/HRC/43/15/Add.1, para. 3")."""
    entries: dict[str, tuple[str, str, str]] = {}
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    for i, line in enumerate(lines):
        m = _THEMATIC_ENTRY.match(line)
        if not m or i + 2 >= len(lines):
            continue
        source = _THEMATIC_SOURCE.match(lines[i + 1])
        position = _THEMATIC_POSITION.get(lines[i + 2].lower().strip())
        if source and position:
            entries[m.group(1)] = (m.group(2), position, f"{source.group(1)}, para. {source.group(2)}")
    return entries


def check_thematic(folder: Path, reports: dict[str, object], states) -> None:
    """Each thematic list against the report whose symbol its sources name (with its addendum applied)."""
    lists = sorted(folder.glob("*thematic*list*.txt")) if folder.is_dir() else []
    if not lists:
        return
    print(f"\nAgainst OHCHR's thematic lists of recommendations (position and its source per number):")
    print(f"{'list':52} {'numbers':>7} {'found':>6} {'states':>6} {'resp':>6} {'source':>6}")
    for path in lists:
        entries = load_thematic(path)
        symbols = {src.split(",")[0].replace("/Add.1", "") for _, _, src in entries.values()}
        parsed = next((reports[s] for s in symbols if s in reports), None)
        if parsed is None:
            print(f"{path.name[:52]:52} {len(entries):7}   (its report {', '.join(sorted(symbols))} is not in the folder)")
            continue
        recs = {c.number: c for c in parsed.chunks if c.kind == RECOMMENDATION}
        found = states_ok = response_ok = source_ok = 0
        misses = []
        for number, (text, position, source) in entries.items():
            chunk = recs.get(number)
            if chunk is None:
                misses.append(f"    missing  {number}")
                continue
            found += 1
            listed = [s for m in re.finditer(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)", text) for s in (states.names_in(m.group(1)) or [])]
            states_ok += set(listed) == set(chunk.orgs)
            response_ok += chunk.response == position
            source_ok += chunk.response_source.replace(" ", "").lower() == source.replace(" ", "").lower()
            if chunk.response != position or set(listed) != set(chunk.orgs):
                misses.append(f"    {number}: {position} {listed} | extracted {chunk.response} {chunk.orgs}")
        n = max(len(entries), 1)
        print(f"{path.name[:52]:52} {len(entries):7} {pct(found, n)} {pct(states_ok, n)} {pct(response_ok, n)} {pct(source_ok, n)}")
        for line in misses[:10]:
            print(line)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("reports", nargs="?", type=Path, default=SHARED / "wg-reports")
    ap.add_argument("key", nargs="?", type=Path, default=SHARED / "keys" / "uprinfo-recommendations.csv")
    ap.add_argument("--addenda", type=Path, default=SHARED / "addenda")
    ap.add_argument("--thematic", type=Path, default=SHARED / "keys", help="a folder of OHCHR thematic lists (*thematic*list*.txt)")
    ap.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    ap.add_argument("--only", default="", help="only files whose name contains this")
    args = ap.parse_args(argv)
    if not args.reports.is_dir() or not args.key.is_file():
        print(f"need a folder of reports and a key file: {args.reports}, {args.key} "
              "(../shared/upr-corpus/ comes with the project's shared samples)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    key = load_key(args.key)
    disagreements = load_disagreements()
    knowledge = Knowledge.load()
    addenda = {}
    if args.addenda.is_dir():
        for parsed in parse_paths([args.addenda], knowledge).documents:
            if parsed.document.type == ADDENDUM:
                addenda.setdefault(parsed.document.symbol, []).append(parsed)
    files = sorted(p for p in args.reports.iterdir() if p.suffix.lower() in (".txt", ".pdf") and args.only in p.name)
    print(f"{'report':48} {'rows':>5} {'found':>6} {'state':>6} {'stated':>6} {'resp':>6} {'part':>4} {'pend':>5} {'recs':>5} {'extra':>5}")
    total, total_judged = Tally(), Tally()
    judged_lines: list[str] = []
    by_symbol: dict[str, object] = {}
    parse_seconds = 0.0
    for path in files:
        t0 = time.perf_counter()
        run = parse_paths([path], knowledge)
        parse_seconds += time.perf_counter() - t0
        if run.errors or not run.documents:
            print(f"{path.name[:48]:48} not read: {'; '.join(str(e) for e in run.errors)}")
            continue
        parsed = run.documents[0]
        document = parsed.document
        if document.type != WG_REPORT:
            print(f"{path.name[:48]:48} not recognised as a Working Group report (type {document.type})")
            continue
        for answer in addenda.get(f"{document.symbol}/Add.1", []):
            addendum.apply(parsed.chunks, answer.chunks)
        if document.symbol and path.suffix.lower() == ".pdf":
            by_symbol[document.symbol] = parsed
        chunks = [c for c in parsed.chunks if c.kind == RECOMMENDATION]
        rows = key.get((document.country, document.session or 0), [])
        tally, tally_judged = Tally(recs=len(chunks)), Tally(recs=len(chunks))
        matches = match_rows(rows, chunks)
        matched_chunks = set()
        for m in matches:
            for t, skip_judged in ((tally, False), (tally_judged, True)):
                if skip_judged and judged(disagreements, document, m.row, "missing") and m.score < FOUND_AT:
                    continue
                t.rows += 1
                if m.score < FOUND_AT:
                    continue
                t.found += 1
                if m.row.state:
                    state_wrong = m.row.state not in m.states
                    if not (skip_judged and state_wrong and judged(disagreements, document, m.row, "state")):
                        t.with_state += 1
                        t.state_ok += not state_wrong
                response = m.chunk.response
                if response == PENDING or not response:
                    t.pending += 1
                    continue
                wrong = not (response == m.row.response or response == PARTIALLY_SUPPORTED)
                if skip_judged and wrong and judged(disagreements, document, m.row, "response"):
                    continue
                t.stated += 1
                t.response_ok += not wrong
                t.partial += response == PARTIALLY_SUPPORTED
            if m.score >= FOUND_AT:
                matched_chunks.add(id(m.chunk))
        for t in (tally, tally_judged):
            t.extra = sum(1 for c in chunks if id(c) not in matched_chunks) if rows else 0
        total.add(tally)
        total_judged.add(tally_judged)
        print(line(path.name[:48], tally) + ("" if rows else "   (no key rows for this review)"))
        for m in matches:
            what = None
            if m.score < FOUND_AT:
                what = "missing"
            elif m.row.state and m.row.state not in m.states:
                what = "state"
            elif m.chunk.response not in (PENDING, "", m.row.response, PARTIALLY_SUPPORTED):
                what = "response"
            if what is None:
                continue
            entry = judged(disagreements, document, m.row, what)
            detail = (
                f"    {what:8} {m.row.state or '?'} {m.row.response}: {m.row.text[:110]!r}\n"
                f"             best {m.score:.2f} {getattr(m.chunk, 'number', '')} {m.states} {getattr(m.chunk, 'response', '')}: "
                f"{(m.chunk.text if m.chunk else '')[:110]!r}"
            )
            if entry:
                judged_lines.append(f"  {path.name} ({entry['symbol']}) — the key's: {entry['why']}\n{detail}")
            elif args.verbose:
                print(detail)
        if args.verbose and rows:
            for c in chunks:
                if id(c) not in matched_chunks:
                    print(f"    extra    {c.number} {c.orgs}: {c.text[:120]!r}")
    print(line("total", total))
    print(line("total, without the key's disagreements below", total_judged))
    if judged_lines:
        print("\nDisagreements judged to be the key's (bench/wg_key_disagreements.toml):")
        print("\n".join(judged_lines))
    check_thematic(args.thematic, by_symbol, load_states())
    print(f"\n{len(files)} files in {time.perf_counter() - started:.1f} s (parsing {parse_seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
