"""Fault injection through the installed command: fuzzed queries over every command and format,
and mutated PDFs, each run as `uprsearch …` in a process of its own. Counts what must never
happen: internal errors, tracebacks, runs over 5 s, exit codes other than 0/1/2, error messages
of more than one line. The figures go in bench/README.md ("Faults").

    .venv/bin/python bench/faults.py --queries 5000 --pdfs 1000 --jobs 2
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.robustness.hostile import (  # noqa: E402
    PIECES, WORDS, aes_pdf, deflate_bomb_pdf, mutations, pdf_bytes, plain_pdf,
)

SHARED = ROOT.parent / "shared"
COMMAND = shutil.which("uprsearch", path=str(Path(sys.executable).parent)) or "uprsearch"
FORMATS = ["text", "jsonl", "json", "csv", "tsv", "ids"]


def fuzz_bytes(rng: random.Random) -> bytes:
    """One query argument: words, operators and hostile pieces, sometimes huge or not UTF-8."""
    roll = rng.random()
    if roll < 0.03:
        return (rng.choice(WORDS) * rng.randint(200, 6000)).encode()
    if roll < 0.06:
        return " ".join(f"NOT x{i}" for i in range(rng.randint(100, 1500))).encode() + b" torture"
    if roll < 0.08:
        return (rng.choice(["(", '"', "NOT ", "AND ", "~"]) * rng.randint(50, 2000)).encode()
    parts = []
    for _ in range(rng.randint(1, 8)):
        piece = rng.choice(WORDS) if rng.random() < 0.5 else rng.choice(PIECES)
        if rng.random() < 0.2:
            piece = rng.choice(WORDS) + rng.choice(["~", "~1", "~2", "~3", "~0", "~1/2", "~2/40", "*", "?"])
        parts.append(piece)
    text = (" " if rng.random() < 0.7 else "").join(parts).encode()
    if rng.random() < 0.05:
        text += bytes([rng.randrange(0x80, 0x100)])  # not UTF-8
    return text or b"x"


def query_runs(n: int, seed: int) -> list[list[bytes]]:
    rng = random.Random(seed)
    runs = []
    for _ in range(n):
        q = fuzz_bytes(rng)
        command = rng.choice(["search", "search", "said", "show", "similar", "filter", "docs", "orgs", "themes", "uptake"])
        fmt = ["--format", rng.choice(FORMATS)]
        extra = [rng.choice([b"--facets", b"--count", b"--full", b"-n", b"--all"])] if rng.random() < 0.3 else []
        if extra == [b"-n"]:
            extra.append(rng.choice([b"1", b"0", b"-1", b"x", b"99999999999999999999"]))
        if command == "search":
            argv = [b"search", q]
        elif command == "said":
            argv = [b"said", rng.choice([b"AI", b"HRW", b"JS1", q]), *([q] if rng.random() < 0.5 else [])]
        elif command == "show":
            argv = [b"show", rng.choice([b"kaz-2010-summary:16", b"kaz-2010-summary:99999", q, b":", b"../x:1"])]
        elif command == "similar":
            argv = [b"similar", rng.choice([b"kaz-2010-summary:52", q])]
        elif command == "filter":
            option = rng.choice([b"--org", b"--theme", b"--doc", b"--kind", b"--section", b"--response", b"--action"])
            argv = [b"search", option, q]
        elif command == "uptake":
            argv = [b"uptake", *([q] if rng.random() < 0.5 else [])]
        else:
            argv = [command.encode()]
        if command in ("docs", "orgs", "themes", "uptake") and extra and extra[0] in (b"--facets", b"--full"):
            extra = []
        runs.append(argv + [f.encode() for f in fmt] + extra)
    return runs


def run(argv: list, env: dict, timeout: float = 120) -> dict:
    """One run of the command; its CPU time (user + system, from /usr/bin/time: the machine is
    shared, so wall-clock time says more about the neighbours than about the run) and wall time."""
    argv = [a.replace(b"\0", b"") for a in argv]  # an argument cannot hold NUL
    with tempfile.NamedTemporaryFile(prefix="faults-time-") as times:
        started = time.monotonic()
        try:
            done = subprocess.run([b"/usr/bin/time", b"-f", b"%U %S", b"-o", times.name.encode(), COMMAND.encode(), *argv],
                                  env=env, capture_output=True, timeout=timeout)
            code, stderr = done.returncode, done.stderr.decode("utf-8", "replace")
        except subprocess.TimeoutExpired:
            code, stderr = None, ""
        wall = time.monotonic() - started
        try:
            user, system = Path(times.name).read_text().split()[-2:]
            cpu = float(user) + float(system)
        except (ValueError, OSError):
            cpu = wall
    lines = stderr.splitlines()
    errors = [line for line in lines if line.startswith("uprsearch: error:")]
    return {
        "argv": argv, "code": code, "seconds": cpu, "wall": wall,
        "internal": "internal error" in stderr, "traceback": "Traceback" in stderr,
        "bad_code": code not in (0, 1, 2),
        "multiline": code == 2 and (len(errors) != 1 or any(not line.startswith("uprsearch: ") for line in lines)),
    }


def summarise(name: str, results: list[dict], limit: float) -> dict:
    figures = {
        "runs": len(results),
        "internal errors": sum(r["internal"] for r in results),
        "tracebacks": sum(r["traceback"] for r in results),
        f"over {limit:g} s": sum(r["seconds"] > limit or r["code"] is None for r in results),
        "exit not 0/1/2": sum(r["bad_code"] for r in results),
        "multi-line errors": sum(r["multiline"] for r in results),
        "exit 0/1/2": "/".join(str(sum(r["code"] == c for r in results)) for c in (0, 1, 2)),
        "slowest CPU s": round(max((r["seconds"] for r in results), default=0), 2),
        "slowest wall s": round(max((r["wall"] for r in results), default=0), 2),
    }
    print(f"{name}: " + ", ".join(f"{k} {v}" for k, v in figures.items()), flush=True)
    for r in results:
        if r["internal"] or r["traceback"] or r["bad_code"] or r["seconds"] > limit or r["multiline"]:
            print("  ", r["code"], f"{r['seconds']:.1f}s CPU", f"{r['wall']:.1f}s wall", [a[:120] for a in r["argv"]], flush=True)
    return figures


def pdf_sources(count: int) -> list[bytes]:
    """The smallest PDFs of ../shared (mutations of big ones only time pypdf), and generated ones."""
    shared = sorted((p for p in SHARED.rglob("*.pdf")), key=lambda p: p.stat().st_size)[:count]
    return [p.read_bytes() for p in shared] + [plain_pdf(), pdf_bytes(["1. AI recommended torture be abolished."] * 40)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", type=int, default=5000)
    parser.add_argument("--pdfs", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--limit", type=float, default=5.0, help="CPU seconds a run may take")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="uprsearch-faults-"))
    env = {**os.environ, "UPRSEARCH_INDEX": str(work / "index"), "NO_COLOR": "1"}
    env.pop("UPRSEARCH_CORPUS", None)
    subprocess.run([COMMAND, "index"], env=env, capture_output=True, check=True)
    totals = {}
    with ThreadPoolExecutor(args.jobs) as pool:
        if args.queries:
            runs, results = query_runs(args.queries, args.seed), []
            for start in range(0, len(runs), 500):  # a line every 500 runs: a long run shows its way
                results += pool.map(lambda a: run(a, env), runs[start : start + 500])
                if len(results) < len(runs):
                    print(f"  … {len(results)} queries: internal errors {sum(r['internal'] for r in results)}, "
                          f"over {args.limit:g} s {sum(r['seconds'] > args.limit for r in results)}", flush=True)
            totals["queries"] = summarise("queries", results, args.limit)
        if args.pdfs:
            folder = work / "pdfs"
            folder.mkdir()
            sources = pdf_sources(6)
            per = -(-max(args.pdfs - 3, 0) // len(sources))
            files = []
            for k, source in enumerate(sources):
                for j, data in enumerate(mutations(source, per, seed=args.seed + k)):
                    files.append(folder / f"m{k}-{j}.pdf")
                    files[-1].write_bytes(data)
            for name, data in (("bomb.pdf", deflate_bomb_pdf()), ("aes.pdf", aes_pdf()),
                               ("rc4.pdf", pdf_bytes(["1. torture"], encrypt="secret"))):
                files.append(folder / name)
                files[-1].write_bytes(data)
            results = list(pool.map(lambda p: run([b"parse", bytes(p), b"--format", b"jsonl"], env), files))
            totals["pdfs"] = summarise("mutated PDFs (parse)", results, args.limit)
            # and all of them indexed in one run: the good ones indexed, the bad ones named
            whole = run([b"--index-dir", bytes(work / "pdf-index"), b"index", bytes(folder)], env, timeout=3600)
            print(f"index of the {len(files)} PDFs: exit {whole['code']}, internal {whole['internal']}, "
                  f"traceback {whole['traceback']}, {whole['seconds']:.0f} s", flush=True)
    shutil.rmtree(work, ignore_errors=True)
    bad = sum(t["internal errors"] + t["tracebacks"] + t[f"over {args.limit:g} s"] + t["exit not 0/1/2"]
              for t in totals.values())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
