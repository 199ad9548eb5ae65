"""uprsearch benchmark: build, re-index, warm queries and cold CLI at N paragraphs, beside SQLite FTS5.

    python bench/run.py                                   # 100,000 paragraphs
    python bench/run.py --paragraphs 20000 --out bench/results-20000.json
    python bench/run.py --paragraphs 5000 --profile       # + top functions of an index build
    python bench/run.py --paragraphs 20000 --no-wg-reports  # summaries only, as before issue 11

Not part of the test suite. The synthetic corpus (bench/synth.py: summaries, and Working Group
reports with their recommendations, half with an addendum) is generated once per N into
bench/cache/<N>/ (<N>-summaries/ without reports) and reused; everything else (the index, the FTS5 database) is rebuilt per run in
bench/cache/<N>-work/. The uprsearch build is the real `uprsearch --index-dir DIR index CORPUS`
in a child process, measured by wall clock and that child's own peak RSS (os.wait4), so this
process's memory never counts. FTS5 indexes the very chunks the uprsearch index holds (read back
through the library), so both engines answer over the same paragraphs.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import synth  # noqa: E402
from uprsearch.filters import FACET_FIELDS  # noqa: E402

BUNDLED = ROOT / "corpus"

# The query set: the same on both engines. (uprsearch words, FTS5 MATCH expression, org filter, facets)
QUERIES = {
    "single": (["torture"], "text: torture", None, False),
    "and": (["freedom", "expression"], "text: (freedom AND expression)", None, False),
    "phrase": (['"human rights defenders"'], 'text: "human rights defenders"', None, False),
    "filtered": (["detention"], "text: detention", "AI", False),
    "facets": (["women"], "text: women", None, True),
}
# Statement-level search (search --statements): one word, against an FTS5 table of the same statements
STATEMENT_QUERIES = {"statements": (["torture"], "text: torture")}
CLI_WORD = "torture"

# Targets at 100,000 paragraphs (issue 5). "max" = at most, "min" = at least.
TARGETS = {
    "build_pps": (2000, "min"),
    "peak_rss_mb": (400, "max"),
    "reindex_unchanged_s": (2.0, "max"),
    "single": (20, "max"),
    "and": (40, "max"),
    "phrase": (100, "max"),
    "filtered": (40, "max"),
    "facets": (100, "max"),
    "statements": (20, "max"),
    "cli_help": (120, "max"),
    "cli_search_bundled": (250, "max"),
    "cli_search": (400, "max"),
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def uprsearch_cmd() -> list[str]:
    """The installed console script beside this Python (the real CLI), else `python -m uprsearch`."""
    script = Path(sys.executable).parent / "uprsearch"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "uprsearch"]


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("UPRSEARCH_")}
    env.update(NO_COLOR="1", TERM="dumb")
    # Bytecode cached as for an installed user. (PYTHONDONTWRITEBYTECODE="0" still disables it:
    # Python honours any non-empty value, so every cold run recompiled the changed modules.)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


# ---------------------------------------------------------------------------------------------
# Child processes


def measured(cmd: list[str], log_file: Path | None = None) -> tuple[float, float, int]:
    """Run cmd; (wall seconds, the child's own peak RSS in MB, exit code)."""
    out = open(log_file, "wb") if log_file else subprocess.DEVNULL
    try:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=child_env())
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if log_file:
            out.close()
    return wall, usage.ru_maxrss / 1024, proc.returncode  # ru_maxrss is in KiB on Linux


def cold_ms(cmd: list[str], runs: int, ok: tuple[int, ...] = (0,)) -> float:
    """Median wall time of a fresh process, after one untimed run (page cache warm, as for a user)."""
    times = []
    for i in range(runs + 1):
        started = time.perf_counter()
        result = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=child_env())
        elapsed = (time.perf_counter() - started) * 1000
        if result.returncode not in ok:
            raise SystemExit(f"bench: {' '.join(cmd)} exited {result.returncode}: {result.stderr.decode()[-500:]}")
        if i:
            times.append(elapsed)
    return statistics.median(times)


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


# ---------------------------------------------------------------------------------------------
# FTS5


def chunks_from_index(location: Path) -> tuple[list[dict], float]:
    """Every chunk of the uprsearch index as records, in document order, via the library."""
    from uprsearch.index import Index
    from uprsearch.library import Filters, Library

    started = time.perf_counter()
    index = Index.open(location)
    try:
        outcome = Library(index).search((), Filters(), sort="document", limit=None)
    finally:
        index.close()
    return outcome.records, time.perf_counter() - started


def build_fts5(db_path: Path, records: list[dict]) -> float:
    """An FTS5 table (porter tokenizer) with the facet fields, plus one facet row per value."""
    if db_path.exists():
        db_path.unlink()
    started = time.perf_counter()
    con = sqlite3.connect(db_path)
    con.executescript(
        """
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        CREATE VIRTUAL TABLE chunks USING fts5(
            id UNINDEXED, doc UNINDEXED, kind UNINDEXED, org, theme, section, text,
            tokenize = 'porter unicode61'
        );
        CREATE TABLE facet (rowid INTEGER, field TEXT, value TEXT);
        """
    )
    rows, facets = [], []
    for rowid, r in enumerate(records, 1):
        rows.append((rowid, r["id"], r["doc"], r["kind"], " ; ".join(r["orgs"]), " ; ".join(r["themes"]),
                     " ; ".join(r["section"]), r["text"]))
        for field, values in (("org", r["orgs"]), ("theme", r["themes"]), ("section", r["section"]), ("doc", [r["doc"]])):
            facets.extend((rowid, field, v) for v in dict.fromkeys(values))
    con.executemany("INSERT INTO chunks (rowid, id, doc, kind, org, theme, section, text) VALUES (?,?,?,?,?,?,?,?)", rows)
    con.executemany("INSERT INTO facet VALUES (?,?,?)", facets)
    # the statements of the same chunks (each record's, as the index gives them)
    con.execute("CREATE VIRTUAL TABLE statements USING fts5(id UNINDEXED, org, text, tokenize = 'porter unicode61')")
    con.executemany("INSERT INTO statements (id, org, text) VALUES (?,?,?)",
                    [(st["id"], " ; ".join(st["orgs"]), st["text"]) for r in records for st in r["statements"]])
    con.execute("CREATE INDEX facet_by_row ON facet (rowid, field)")
    con.execute("CREATE INDEX facet_by_value ON facet (field, value, rowid)")
    con.commit()
    con.close()
    return time.perf_counter() - started


class Fts5:
    def __init__(self, db_path: Path):
        self.con = sqlite3.connect(db_path)

    def run(self, match: str, org: str | None, facets: bool) -> int:
        sql = "SELECT rowid, id, doc, org, theme, section, text, bm25(chunks) FROM chunks WHERE chunks MATCH ?"
        args: list = [match]
        if org:  # the org column holds the chunk's organisations: FTS5's own column filter
            args = [f'{match} AND org: "{org}"']
        hits = self.con.execute(sql + " ORDER BY rank LIMIT 10", args).fetchall()
        total = self.con.execute(sql.replace("rowid, id, doc, org, theme, section, text, bm25(chunks)", "count(*)"), args).fetchone()[0]
        if facets:
            for field in FACET_FIELDS:
                self.con.execute(
                    "SELECT f.value, count(*) AS n FROM facet f WHERE f.field = ? AND f.rowid IN "
                    "(SELECT rowid FROM chunks WHERE chunks MATCH ?) GROUP BY f.value ORDER BY n DESC",
                    (field, match),
                ).fetchall()
        return total if hits or total else 0

    def run_statements(self, match: str) -> int:
        """The best 10 statements and how many match."""
        self.con.execute("SELECT id, org, text, bm25(statements) FROM statements WHERE statements MATCH ? "
                         "ORDER BY rank LIMIT 10", (match,)).fetchall()
        return self.con.execute("SELECT count(*) FROM statements WHERE statements MATCH ?", (match,)).fetchone()[0]


# ---------------------------------------------------------------------------------------------
# Warm queries


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def time_queries(fn, runs: int) -> tuple[float, float, int]:
    total = fn()
    for _ in range(2):
        fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    p50, p95 = percentiles(samples)
    return p50, p95, total


def warm_queries(location: Path, db_path: Path, runs: int) -> dict:
    from uprsearch.index import Index
    from uprsearch.library import Filters, Library

    index = Index.open(location)
    library = Library(index)
    fts = Fts5(db_path)
    out: dict[str, dict] = {"uprsearch": {}, "fts5": {}, "uprsearch_p95": {}, "fts5_p95": {}, "hits": {}}
    try:
        for name, (words, match, org, facets) in QUERIES.items():
            filters = Filters(org=(org,)) if org else Filters()
            p50, p95, n_upr = time_queries(lambda: library.search(words, filters, limit=10, facets=facets).total, runs)
            out["uprsearch"][name], out["uprsearch_p95"][name] = round(p50, 2), round(p95, 2)
            p50, p95, n_fts = time_queries(lambda: fts.run(match, org, facets), runs)
            out["fts5"][name], out["fts5_p95"][name] = round(p50, 2), round(p95, 2)
            out["hits"][name] = {"uprsearch": n_upr, "fts5": n_fts}
            log(f"bench:   {name:<9} uprsearch p50 {out['uprsearch'][name]:>8.2f} ms ({n_upr} hits)   "
                f"fts5 p50 {out['fts5'][name]:>7.2f} ms ({n_fts} hits)")
        for name, (words, match) in STATEMENT_QUERIES.items():
            p50, p95, n_upr = time_queries(lambda: library.search(words, Filters(), limit=10, statements=True).total, runs)
            out["uprsearch"][name], out["uprsearch_p95"][name] = round(p50, 2), round(p95, 2)
            p50, p95, n_fts = time_queries(lambda: fts.run_statements(match), runs)
            out["fts5"][name], out["fts5_p95"][name] = round(p50, 2), round(p95, 2)
            out["hits"][name] = {"uprsearch": n_upr, "fts5": n_fts}
            log(f"bench:   {name:<9} uprsearch p50 {out['uprsearch'][name]:>8.2f} ms ({n_upr} statements)   "
                f"fts5 p50 {out['fts5'][name]:>7.2f} ms ({n_fts} statements)")
    finally:
        index.close()
    return out


# ---------------------------------------------------------------------------------------------
# Profile of an index build


def profile_build(corpus: Path, work: Path, paragraphs: int, top: int = 10) -> list[dict]:
    """cProfile of `uprsearch index --jobs 1` over the first files of the corpus (about
    `paragraphs`): in one process, so that the profile sees the work the workers would do."""
    import pstats

    sample = work / "profile-corpus"
    shutil.rmtree(sample, ignore_errors=True)
    sample.mkdir(parents=True)
    manifest = json.loads((corpus / "manifest.json").read_text())
    count = 0
    for name, info in manifest["files"].items():
        if count >= paragraphs:
            break
        shutil.copy2(corpus / name, sample / name)
        count += info["paragraphs"]
    shutil.copy2(corpus / "catalog.toml", sample / "catalog.toml")
    prof, index_dir = work / "build.prof", work / "profile-index"
    shutil.rmtree(index_dir, ignore_errors=True)
    cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "uprsearch", "--index-dir", str(index_dir), "index", "--jobs", "1", str(sample)]
    wall, _, code = measured(cmd, work / "profile.log")
    if code != 0:
        log(f"bench: the profiled build exited {code}; see {work / 'profile.log'}")
    stats = pstats.Stats(str(prof))
    rows = []
    for (file, line, func), (cc, nc, tt, ct, _) in stats.stats.items():
        rows.append({"function": f"{Path(file).name}:{line}({func})", "calls": nc, "tottime_s": round(tt, 3), "cumtime_s": round(ct, 3)})
    by_tottime = sorted(rows, key=lambda r: -r["tottime_s"])[:top]
    log(f"\nProfile of `uprsearch index --jobs 1` over {count:,} paragraphs ({wall:.1f} s under cProfile), top {top} by own time:")
    log(f"  {'own s':>8} {'cum s':>8} {'calls':>10}  function")
    for r in by_tottime:
        log(f"  {r['tottime_s']:>8.2f} {r['cumtime_s']:>8.2f} {r['calls']:>10}  {r['function']}")
    by_cum = sorted(rows, key=lambda r: -r["cumtime_s"])
    wanted = ("update", "parse_paths", "parse_document", "tag_document", "tag", "_prepare_document", "add_values", "commit")
    phases = [r for r in by_cum if r["function"].split("(")[-1].rstrip(")") in wanted][:10]
    log("  phases (cumulative): " + ", ".join(f"{r['function']} {r['cumtime_s']:.1f}s" for r in phases))
    return by_tottime


# ---------------------------------------------------------------------------------------------
# The table


def verdict(key: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    target, how = TARGETS[key]
    good = value >= target if how == "min" else value <= target
    return "ok" if good else "MISSED"


def table(results: dict) -> str:
    b, q, c = results["build"], results["query_ms"], results["cli_ms"]
    n = results["paragraphs"]
    lines = [
        f"uprsearch benchmark — {n:,} paragraphs in {results['corpus']['documents']:,} documents "
        f"({results['corpus']['mb']:.1f} MB of text)",
        f"machine: {results['machine']['cpus']} CPUs, {results['machine']['system']}, Python {results['machine']['python']}, "
        f"SQLite {results['machine']['sqlite']}; {results['date']}",
        "targets are for 100,000 paragraphs" + ("" if n == 100_000 else f" (this run: {n:,})"),
        "",
        f"{'measure':<42} {'uprsearch':>12} {'target':>10} {'FTS5':>10}  verdict",
        "-" * 88,
    ]

    def row(label, value, unit, key=None, fts=None, fmt="{:,.1f}"):
        v = "—" if value is None else fmt.format(value) + unit
        f = "" if fts is None else fmt.format(fts) + unit
        if key:
            target, how = TARGETS[key]
            t = ("≥ " if how == "min" else "≤ ") + f"{target:,g}{unit}"
            lines.append(f"{label:<42} {v:>12} {t:>10} {f:>10}  {verdict(key, value)}")
        else:
            lines.append(f"{label:<42} {v:>12} {'':>10} {f:>10}")

    row("build: wall time", b["seconds"], " s", fts=b["fts5_seconds"])
    row("build: paragraphs/s", b["paragraphs_per_s"], "", "build_pps", b["fts5_paragraphs_per_s"], "{:,.0f}")
    row("build: peak RSS (child)", b["peak_rss_mb"], " MB", "peak_rss_mb")
    row("build: index size", b["index_mb"], " MB", fts=b["fts5_mb"])
    row("re-index unchanged corpus", results["reindex_unchanged_s"], " s", "reindex_unchanged_s", fmt="{:,.2f}")
    labels = {
        "single": "one word", "and": "two words (AND)", "phrase": "phrase", "filtered": "one word --org",
        "facets": "one word --facets", "statements": "one word --statements",
    }
    for name, label in labels.items():
        if name not in q["uprsearch"]:  # (a run before the row was added)
            continue
        p95 = results["query_ms_p95"]["uprsearch"][name]
        row(f"warm p50 {label} (p95 {p95:,.0f} ms)", q["uprsearch"][name], " ms", name, q["fts5"][name], "{:,.1f}")
    row("cold: uprsearch --help", c["help"], " ms", "cli_help", fmt="{:,.0f}")
    row("cold: search WORD --format ids (KAZ)", c.get("search_bundled"), " ms", "cli_search_bundled", fmt="{:,.0f}")
    row(f"cold: search WORD --format ids ({n:,})", c["search"], " ms", "cli_search", fmt="{:,.0f}")
    row("cold: grep -ril WORD (same files)", c["grep"], " ms", fmt="{:,.0f}")
    row("cold: rg -il WORD (same files)", c.get("rg"), " ms", fmt="{:,.0f}")
    lines.append("-" * 88)
    hits = results["hits"]
    lines.append("hits (uprsearch / FTS5): " + ", ".join(f"{k} {v['uprsearch']}/{v['fts5']}" for k, v in hits.items()))
    lines.append("FTS5: porter tokenizer, facet rows joined for --org and facets, in-process; run took "
                 f"{results['phases_s']['total']:,.0f} s")
    lines.append("phases (s): " + ", ".join(f"{k} {v:,.1f}" for k, v in results["phases_s"].items()))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=100_000, help="size of the synthetic corpus (default 100,000)")
    parser.add_argument("--out", type=Path, help="write the figures as JSON to this file")
    parser.add_argument("--runs", type=int, default=30, help="timed repetitions of each warm query (default 30)")
    parser.add_argument("--cli-runs", type=int, default=10, help="timed repetitions of each cold command (default 10)")
    parser.add_argument("--cache", type=Path, default=synth.CACHE, help="where corpora and work files go (default bench/cache)")
    parser.add_argument("--profile", nargs="?", const=2000, type=int, metavar="PARAGRAPHS",
                        help="also profile an index build over this many paragraphs (default 2,000)")
    parser.add_argument("--no-wg-reports", dest="wg_reports", action="store_false",
                        help="summaries only (the corpus before Working Group reports joined it)")
    args = parser.parse_args(argv)
    run_started = time.perf_counter()
    phases: dict[str, float] = {}

    # The corpus: once per N, then reused.
    t = time.perf_counter()
    corpus, manifest = synth.generate(args.paragraphs, cache=args.cache, log=log, wg_reports=args.wg_reports)
    phases["corpus"] = time.perf_counter() - t
    n = manifest["paragraphs"]
    log(f"bench: corpus {corpus}: {manifest['documents']:,} files, {n:,} paragraphs, {manifest['bytes'] / 1e6:.1f} MB")

    work = args.cache / f"{corpus.name}-work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    index_dir = work / "index"
    cli = uprsearch_cmd()

    # Build, in a child process: the real command.
    log(f"bench: building the uprsearch index ({' '.join(cli)} --index-dir {index_dir} index {corpus}) …")
    build_s, rss_mb, code = measured([*cli, "--index-dir", str(index_dir), "index", str(corpus)], work / "build.log")
    phases["build"] = build_s
    if code != 0:
        log((work / "build.log").read_text()[-2000:])
        raise SystemExit(f"bench: the index build exited {code}")
    log(f"bench: built in {build_s:.1f} s ({n / build_s:,.0f} paragraphs/s), peak RSS {rss_mb:.0f} MB")
    log("bench:   " + (work / "build.log").read_text().strip().splitlines()[-1][:200])

    log("bench: re-indexing the unchanged corpus …")
    reindex_s, _, code = measured([*cli, "--index-dir", str(index_dir), "index", str(corpus)], work / "reindex.log")
    phases["reindex"] = reindex_s
    if code != 0:
        raise SystemExit(f"bench: the re-index exited {code}; see {work / 'reindex.log'}")
    reindex_line = (work / "reindex.log").read_text().strip().splitlines()[-1]
    log(f"bench:   {reindex_s:.2f} s: {reindex_line[:200]}")
    reindex_noop = "rebuilt" not in reindex_line and " added" not in reindex_line and "replaced" not in reindex_line
    if not reindex_noop:
        log("bench: warning: the re-index was not a no-op (did uprsearch/data or the code change during the run?)")

    # The same chunks into FTS5.
    log("bench: reading the indexed chunks back and building the FTS5 table …")
    records, export_s = chunks_from_index(index_dir)
    phases["read back all chunks"] = export_s
    per_doc: dict[str, int] = {}
    for r in records:
        per_doc[r["doc"]] = per_doc.get(r["doc"], 0) + 1
    expected = {f["id"]: f["paragraphs"] for f in manifest["files"].values()}
    if per_doc != expected:
        wrong = sorted(k for k in expected.keys() | per_doc.keys() if per_doc.get(k) != expected.get(k))
        log(f"bench: warning: the index holds {len(records):,} chunks for {n:,} generated paragraphs; "
            f"{len(wrong)} documents differ, e.g. {wrong[:3]}")
    fts_dir = work / "fts5"
    fts_dir.mkdir()
    fts_s = build_fts5(fts_dir / "chunks.db", records)
    phases["fts5 build"] = fts_s
    with_orgs = sum(1 for r in records if r["orgs"])
    with_themes = sum(1 for r in records if r["themes"])
    del records
    log(f"bench:   FTS5 built in {fts_s:.1f} s ({n / fts_s:,.0f} paragraphs/s); "
        f"{with_orgs / max(n, 1):.0%} of chunks have orgs, {with_themes / max(n, 1):.0%} themes")

    log(f"bench: warm queries, {args.runs} runs each …")
    t = time.perf_counter()
    warm = warm_queries(index_dir, fts_dir / "chunks.db", args.runs)
    phases["warm queries"] = time.perf_counter() - t

    log(f"bench: cold commands, median of {args.cli_runs} …")
    t = time.perf_counter()
    bundled_index = work / "bundled-index"
    code = measured([*cli, "--index-dir", str(bundled_index), "index", str(BUNDLED)], work / "bundled.log")[2]
    cli_ms = {
        "help": cold_ms([*cli, "--help"], args.cli_runs),
        "search": cold_ms([*cli, "--index-dir", str(index_dir), "search", CLI_WORD, "--format", "ids"], args.cli_runs),
        "search_bundled": cold_ms(
            [*cli, "--index-dir", str(bundled_index), "search", CLI_WORD, "--format", "ids"], args.cli_runs
        ) if code == 0 else None,
        "grep": cold_ms(["grep", "-ril", CLI_WORD, str(corpus)], args.cli_runs),
    }
    if shutil.which("rg"):
        cli_ms["rg"] = cold_ms(["rg", "-il", CLI_WORD, str(corpus)], args.cli_runs)
    phases["cold commands"] = time.perf_counter() - t

    profile = profile_build(corpus, work, args.profile) if args.profile else None

    phases["total"] = time.perf_counter() - run_started
    results = {
        "paragraphs": n,
        "build": {
            "seconds": round(build_s, 2),
            "paragraphs_per_s": round(n / build_s, 1),
            "index_mb": round(dir_mb(index_dir), 2),
            "peak_rss_mb": round(rss_mb, 1),
            "fts5_seconds": round(fts_s, 2),
            "fts5_paragraphs_per_s": round(n / fts_s, 1),
            "fts5_mb": round(dir_mb(fts_dir), 2),
        },
        "reindex_unchanged_s": round(reindex_s, 3),
        "reindex_summary": reindex_line,
        "query_ms": {"uprsearch": warm["uprsearch"], "fts5": warm["fts5"]},
        "query_ms_p95": {"uprsearch": warm["uprsearch_p95"], "fts5": warm["fts5_p95"]},
        "hits": warm["hits"],
        "cli_ms": {k: (round(v, 1) if v is not None else None) for k, v in cli_ms.items()},
        "targets": {k: {"value": v[0], "bound": v[1]} for k, v in TARGETS.items()},
        "corpus": {"documents": manifest["documents"], "mb": manifest["bytes"] / 1e6, "seed": manifest["seed"],
                   "sha256": manifest["sha256"], "chunks_with_orgs": with_orgs, "chunks_with_themes": with_themes},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
                    "system": f"{platform.system()} {platform.machine()}"},
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "phases_s": {k: round(v, 1) for k, v in phases.items()},
    }
    if profile:
        results["profile_top"] = profile
    sys.stderr.flush()
    print("\n" + table(results), flush=True)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n")
        log(f"bench: wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
