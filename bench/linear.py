"""Parsing time against the length of one unpunctuated paragraph (issue 14, item 3).

    python bench/linear.py [--words 16000,32000,160000] [--out FILE]

The bundled Kazakhstan summary with its paragraph 2 replaced by N words of its own text, every
punctuation mark taken out (so the paragraph is one sentence of N words, with the names, verbs and
brackets a summary's sentences hold), parsed and tagged as `uprsearch parse` does. Each size runs
in a child process of its own: its CPU seconds (user + system) and peak RSS (os.wait4), and the
words per CPU second. Linear work keeps words/s about flat as N grows; quadratic work halves it
each time N doubles. 160,000 words is about 1 MB of text. Not part of the test suite
(tests/test_linear_attribution.py counts the work instead of timing it).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUMMARY = ROOT / "corpus" / "A_HRC_WG.6_7_KAZ_3-summary-of-stakeholders-information.txt"

CHILD = """
import sys
from pathlib import Path
from uprsearch.pipeline import parse_paths
run = parse_paths([Path(sys.argv[1])])
assert not run.errors, run.errors
print(max(len(c.text) for d in run.documents for c in d.chunks))
"""


def document(words: int) -> str:
    """The summary with paragraph 2 made of `words` unpunctuated words of its own text."""
    text = SUMMARY.read_text(encoding="utf-8")
    start = text.index("\n2.\n") + 4
    end = text.index("\n3.\n")
    pool = re.findall(r"[^\W_]+", text[text.index("\n1.\n") :])
    body = " ".join(pool[i % len(pool)] for i in range(words))
    return text[:start] + body + text[end:]


def measure(words: int, folder: Path) -> dict:
    path = folder / f"unpunctuated-{words}.txt"
    path.write_text(document(words), encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, cwd=ROOT)
    out = child.stdout.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit(f"linear: the parse of {words} words failed")
    cpu = usage.ru_utime + usage.ru_stime
    return {"words": words, "chars": path.stat().st_size, "longest_chunk": int(out.split()[-1]),
            "cpu_s": round(cpu, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
            "words_per_cpu_s": round(words / cpu)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", default="16000,32000,160000", help="paragraph lengths, comma-separated")
    parser.add_argument("--out", type=Path, help="write the rows as JSON")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="uprsearch-linear-") as tmp:
        base = measure(0, Path(tmp))  # the document without the long paragraph: start-up and the rest
        print(f"{'words':>8} {'MB':>6} {'CPU s':>7} {'peak RSS MB':>12} {'extra CPU s':>12}")
        for words in [int(w) for w in args.words.split(",")]:
            row = measure(words, Path(tmp))
            row["extra_cpu_s"] = round(row["cpu_s"] - base["cpu_s"], 2)
            rows.append(row)
            print(f"{words:>8,} {row['chars'] / 1e6:>6.2f} {row['cpu_s']:>7.2f} {row['peak_rss_mb']:>12.1f} "
                  f"{row['extra_cpu_s']:>12.2f}")
    print(f"(the document without the paragraph: {base['cpu_s']:.2f} CPU s, {base['peak_rss_mb']:.1f} MB)")
    if args.out:
        args.out.write_text(json.dumps({"base": base, "rows": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
