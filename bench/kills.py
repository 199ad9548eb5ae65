"""Random kills of index builds: does the index survive every one, and does the next write clean up?

    .venv/bin/python bench/kills.py [--kills 100] [--seed 14] [--corpus DIR] [--keep]

Builds an index of the corpus (default: the bundled one) with the real CLI, then runs writes in
a subprocess and SIGKILLs each at a random moment, uniform over the time an uninterrupted run of
the same write takes (start-up, parse, write, commit): in turn `index --rebuild -j 2` (worker
processes), `index --rebuild -j 1` and an incremental `index` of a changed file (from hard links
to the live generation). After every kill a reader must open the index and answer as before
(`search torture --count`, `docs --format ids`, exit 0, nothing on stderr) and CURRENT must name
a complete generation: a survival. At the end it counts what the kills left (generations never
completed, complete ones never made live, CURRENT's temporary files), runs the next write
(`uprsearch index`, which has nothing to index) and counts again: nothing may be left but the live
generation and the one before it. Not part of the test suite (tests/index/test_kills.py runs 10).
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from uprsearch.index.generations import POINTER  # noqa: E402
from uprsearch.index.health import inspect  # noqa: E402
from uprsearch.reader import bundled_corpus_dir  # noqa: E402

CHANGED = "\n\nThe delegation noted further developments in the period under review.\n"


def cli(location: Path, *args: str, timeout: float | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "uprsearch", "--index-dir", str(location), *args],
                          capture_output=True, text=True, timeout=timeout)


def answers(location: Path) -> tuple[int, str, str, str]:
    """What a reader sees: (exit codes, hits, documents, stderr)."""
    count = cli(location, "search", "torture", "--count")
    documents = cli(location, "docs", "--format", "ids")
    return (count.returncode or documents.returncode, count.stdout, documents.stdout, count.stderr + documents.stderr)


def folder(location: Path) -> dict[str, int]:
    state = inspect(location)
    never_live = [g for g in state.complete if g != state.live]
    return {
        "partial": sum(p.is_dir() for p in state.partial),
        "tmp": sum(p.is_file() for p in state.partial),
        "complete_not_live": len(never_live),
        "generations": len(state.complete) + sum(p.is_dir() for p in state.partial),
        "bytes": sum(f.stat().st_size for f in location.rglob("*") if f.is_file()),
        "sound": int(state.live is not None and state.problem is None),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--corpus", type=Path, default=bundled_corpus_dir())
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    options = parser.parse_args()
    rng = random.Random(options.seed)
    work = Path(tempfile.mkdtemp(prefix="uprsearch-kills-"))
    corpus, location = work / "corpus", work / "ix"
    shutil.copytree(options.corpus, corpus)
    changing = sorted(corpus.glob("*.txt"))[0]
    original = changing.read_text(encoding="utf-8")
    assert cli(location, "index", str(corpus)).returncode == 0
    expected = answers(location)
    assert expected[0] == 0 and expected[3] == "", expected

    def flip() -> list[str]:  # the incremental write: the file changes, then changes back
        text = changing.read_text(encoding="utf-8")
        changing.write_text(original if text != original else original + CHANGED, encoding="utf-8")
        return ["index"]

    kinds = {
        "rebuild -j 2": lambda: ["index", "--rebuild", "-j", "2"],
        "rebuild -j 1": lambda: ["index", "--rebuild", "-j", "1"],
        "incremental": flip,
    }
    durations = {}
    for name, args in kinds.items():  # an uninterrupted run of each: the span kills are drawn from
        started = time.monotonic()
        assert cli(location, *args()).returncode == 0
        durations[name] = time.monotonic() - started
    survived, where = 0, {"partial generation left": 0, "complete, never live": 0, "nothing left": 0}
    failures = []
    names = list(kinds)
    for k in range(options.kills):
        name = names[k % len(names)]
        moment = rng.uniform(0, durations[name])
        process = subprocess.Popen([sys.executable, "-m", "uprsearch", "--index-dir", str(location), *kinds[name]()],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(moment)
        process.send_signal(signal.SIGKILL)
        process.wait()
        seen = answers(location)
        state = folder(location)
        ok = seen == expected and state["sound"] == 1 and (location / POINTER).is_file()
        survived += ok
        if not ok:
            failures.append({"kill": k, "kind": name, "moment": round(moment, 3), "seen": seen, "state": state})
        if state["partial"]:
            where["partial generation left"] += 1
        elif state["complete_not_live"] > 1:
            where["complete, never live"] += 1
        else:
            where["nothing left"] += 1
        print(f"kill {k + 1:3}: {name:13} at {moment:5.2f} s  {'survived' if ok else 'LOST'}  {state}", flush=True)
        if not ok:
            print("   seen:", seen, "\n   expected:", expected, flush=True)
    before = folder(location)
    changing.write_text(original, encoding="utf-8")
    started = time.monotonic()
    next_write = cli(location, "index")
    after = folder(location)
    result = {
        "corpus": str(options.corpus), "seed": options.seed, "kills": options.kills, "survived": survived,
        "uninterrupted_seconds": {k: round(v, 2) for k, v in durations.items()},
        "after_kills": where,
        "leftovers_before_next_write": before,
        "next_write": {"exit": next_write.returncode, "seconds": round(time.monotonic() - started, 2),
                       "stdout": next_write.stdout.strip()},
        "leftovers_after_next_write": after,
        "answers_after": answers(location) == expected,
        "failures": failures,
    }
    print(json.dumps(result, indent=2))
    if not options.keep:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if survived == options.kills and after["partial"] == after["tmp"] == 0
             and after["generations"] <= 2 else 1)


if __name__ == "__main__":
    main()
