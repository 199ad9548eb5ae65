"""Themes and action categories against UPR Info's hand coding of recommendations.

    python bench/themes.py [KEY.csv] [--held-out 4,8,12,16,20] [--split all|fit|held-out]
                           [--theme SLUG] [--examples 15] [--out FILE] [--baseline FILE]
                           [--speed [FOLDER]]

KEY is UPR Info's export (columns Text, Issue, Action, Session; default
../shared/upr-corpus/keys/uprinfo-recommendations.csv). Each recommendation's text is tagged as
the pipeline tags a recommendation chunk without a heading, and its themes are compared with the
key's issues, mapped to our slugs by each theme's `upr_info` names in themes.toml (its label where
it has none). "General" and "Other" are no theme of ours and are left out; any other issue the
taxonomy does not name is reported and left out.

Printed for all rows, for the sessions the taxonomy may be fitted on ("fit") and for the held-out
sessions (--held-out; fit the data files on the other sessions only, so that these say how the
rules do on reviews they were not written from):
micro and macro precision, recall and F1 (macro over the issues the key uses), the share of
recommendations left without a theme, and the action category's accuracy; then, for --split, a
table per theme sorted by F1 and the action categories' confusion matrix. --theme SLUG lists that
theme's most frequent false positives (grouped by the words that gave the theme) and misses.

--out FILE writes the figures as JSON; --baseline FILE prints them beside this run's (run on an
older checkout with --out for a before/after table). --speed times the tagging of every chunk of a
corpus folder (default: bench/cache/20000 if run.py made it, else the bundled corpus), as the
pipeline tags chunks, in chunks per CPU second; run it on two checkouts in turn to compare them.
"""
from __future__ import annotations

import argparse
import csv
import gc
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

DEFAULT_KEY = ROOT.parent / "shared" / "upr-corpus" / "keys" / "uprinfo-recommendations.csv"
DEFAULT_HELD_OUT = "4,8,12,16,20"
NOT_THEMES = {"general", "other"}  # UPR Info's catch-alls: no theme of ours
SPLITS = ("all", "fit", "held-out")
ACTIONS = (1, 2, 3, 4, 5)


@dataclass
class Row:
    text: str
    issues: set[str]  # our slugs
    action: int | None
    session: int | None
    review: str


@dataclass
class Scores:
    rows: int = 0
    untagged: int = 0
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    action_rows: int = 0
    action_right: int = 0
    confusion: Counter = field(default_factory=Counter)  # (key, ours) -> rows

    def add(self, row: Row, themes: set[str], action: int | None) -> None:
        self.rows += 1
        self.untagged += not themes
        for slug in themes & row.issues:
            self.tp[slug] += 1
        for slug in themes - row.issues:
            self.fp[slug] += 1
        for slug in row.issues - themes:
            self.fn[slug] += 1
        if row.action is not None:
            self.action_rows += 1
            self.action_right += action == row.action
            self.confusion[(row.action, action)] += 1

    def summary(self) -> dict[str, Any]:
        tp, fp, fn = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        per = self.per_theme()
        used = [s for s in per.values() if s["support"]]  # the issues the key uses in these rows
        return {
            "rows": self.rows,
            "micro": _prf(tp, fp, fn),
            "macro": {k: _mean([s[k] for s in used]) for k in ("p", "r", "f1")},
            "untagged": self.untagged / self.rows if self.rows else 0.0,
            "action_accuracy": self.action_right / self.action_rows if self.action_rows else 0.0,
        }

    def per_theme(self) -> dict[str, dict[str, float]]:
        out = {}
        for slug in set(self.tp) | set(self.fp) | set(self.fn):
            tp, fp, fn = self.tp[slug], self.fp[slug], self.fn[slug]
            out[slug] = dict(_prf(tp, fp, fn), support=tp + fn, tp=tp, fp=fp, fn=fn)
        return out


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _name_key(name: str) -> str:
    return re.sub(r"[\s\-‐–—_'’]+", "", name.strip().lower())


# -- the key ----------------------------------------------------------------------------------
def upr_info_names(taxonomy: Any) -> dict[str, str]:
    """UPR Info's issue name (normalised) -> our slug: each theme's `upr_info` names, else its label."""
    names: dict[str, str] = {}
    for theme in taxonomy.themes:
        rule = taxonomy.rules.get(theme.slug)
        for name in getattr(rule, "upr_info", None) or [theme.label]:
            names[_name_key(name)] = theme.slug
    return names


def read_key(path: Path, names: dict[str, str]) -> tuple[list[Row], Counter]:
    """The key's rows with their issues as our slugs, and the issue names we do not have."""
    rows: list[Row] = []
    unknown: Counter = Counter()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"Text", "Issue"} - set(reader.fieldnames or ())
        if missing:
            raise SystemExit(f"themes bench: {path} has no column {', '.join(sorted(missing))}")
        for record in reader:
            issues: set[str] = set()
            for name in (record.get("Issue") or "").split(","):
                key = _name_key(name)
                if not key or key in NOT_THEMES:
                    continue
                if key in names:
                    issues.add(names[key])
                else:
                    unknown[name.strip()] += 1
            action = (record.get("Action") or "").strip()
            session = (record.get("Session") or "").strip()
            rows.append(Row(
                text=" ".join((record.get("Text") or "").split()),
                issues=issues,
                action=int(action) if action.isdigit() else None,
                session=int(session) if session.isdigit() else None,
                review=record.get("review") or "",
            ))
    return rows, unknown


def split_of(row: Row, held_out: set[int]) -> str:
    return "held-out" if row.session in held_out else "fit"


# -- tagging ----------------------------------------------------------------------------------
def load_tools() -> tuple[Any, Any]:
    """The taxonomy and the action coder of the checkout this runs in (None where it has none)."""
    from uprsearch.themes import load_taxonomy

    try:
        from uprsearch.actions import load_actions
    except ImportError:  # an older checkout
        coder = None
    else:
        coder = load_actions()
    return load_taxonomy(), coder


def evidence_of(taxonomy: Any, text: str) -> dict[str, str]:
    """Why each theme was given, as one string per theme."""
    if hasattr(taxonomy, "evidence"):
        return {slug: "; ".join(words) for slug, words in taxonomy.evidence(text, []).items()}
    return taxonomy.explain(text, [])


# -- output -----------------------------------------------------------------------------------
def _figure(value: float) -> str:
    return f"{value:.3f}"


def print_summaries(summaries: dict[str, dict], baseline: dict | None) -> None:
    print(f"{'':10} {'rows':>6}  {'micro P':>8} {'R':>6} {'F1':>6}  {'macro P':>8} {'R':>6} {'F1':>6}  {'untagged':>8}  {'action':>6}")
    for split, s in summaries.items():
        lines = [("", s)]
        if baseline and split in baseline.get("summaries", {}):
            lines = [("before", baseline["summaries"][split]), ("after", s)]
        for tag, fig in lines:
            label = f"{split} {tag}".strip()
            print(
                f"{label:10.10} {fig['rows']:>6}  {_figure(fig['micro']['p']):>8} {_figure(fig['micro']['r']):>6} "
                f"{_figure(fig['micro']['f1']):>6}  {_figure(fig['macro']['p']):>8} {_figure(fig['macro']['r']):>6} "
                f"{_figure(fig['macro']['f1']):>6}  {fig['untagged']:>8.1%}  "
                + (f"{fig['action_accuracy']:>6.3f}" if fig.get("action_accuracy") else f"{'-':>6}")
            )


def print_theme_table(per: dict[str, dict], before: dict[str, dict] | None) -> None:
    head = f"{'theme':26} {'key':>5} {'ours':>5} {'P':>6} {'R':>6} {'F1':>6}"
    print(head + (f"  {'F1 before':>9}" if before else ""))
    for slug, s in sorted(per.items(), key=lambda item: (-item[1]["f1"], item[0])):
        if not s["support"] and not s["fp"]:
            continue
        line = f"{slug:26.26} {s['support']:>5} {s['tp'] + s['fp']:>5} {_figure(s['p']):>6} {_figure(s['r']):>6} {_figure(s['f1']):>6}"
        if before:
            old = before.get(slug)
            line += f"  {_figure(old['f1']) if old else '-':>9}"
        print(line)


def print_confusion(confusion: Counter) -> None:
    print("action category: rows by the key's category (rows) and ours (columns)")
    columns = list(ACTIONS) + [None]
    print(f"{'key':>5} " + " ".join(f"{str(c) if c else 'none':>6}" for c in columns) + f" {'recall':>7}")
    for key in ACTIONS:
        total = sum(confusion[(key, c)] for c in columns)
        cells = " ".join(f"{confusion[(key, c)]:>6}" for c in columns)
        recall = confusion[(key, key)] / total if total else 0.0
        print(f"{key:>5} {cells} {recall:>7.3f}")
    precision = []
    for c in ACTIONS:
        given = sum(confusion[(k, c)] for k in ACTIONS)
        precision.append(f"{confusion[(c, c)] / given if given else 0.0:>6.3f}")
    print(f"{'prec':>5} " + " ".join(precision))


_WORD = re.compile(r"[A-Za-z][\w-]+")
_STOP = frozenset(
    "the and of to in for its on all a an as by with that be or from this at which is are into it their"
    " including particular ensure take further continue measures efforts".split()
)


def print_theme_errors(slug: str, rows: list[Row], tagged: list[set[str]], taxonomy: Any, examples: int) -> None:
    false_positives: dict[str, list[Row]] = defaultdict(list)
    misses: list[Row] = []
    for row, themes in zip(rows, tagged):
        if slug in themes and slug not in row.issues:
            why = evidence_of(taxonomy, row.text).get(slug, "?")
            false_positives[why].append(row)
        elif slug in row.issues and slug not in themes:
            misses.append(row)
    print(f"\n{slug}: {sum(len(v) for v in false_positives.values())} false positives, by the words that gave it")
    for why, hits in sorted(false_positives.items(), key=lambda item: -len(item[1]))[:examples]:
        print(f"  {len(hits):>4}  {why}")
        print(f"        e.g. {hits[0].text[:160]}  [{', '.join(sorted(hits[0].issues)) or '-'}]")
    print(f"\n{slug}: {len(misses)} misses; the words most often in them (rows)")
    words: Counter = Counter()
    for row in misses:
        words.update({w.lower() for w in _WORD.findall(row.text)} - _STOP)
    print("  " + ", ".join(f"{w} {n}" for w, n in words.most_common(40)))
    texts = Counter(row.text for row in misses)
    print(f"  the most frequent missed texts:")
    for text, n in texts.most_common(examples):
        print(f"  {n:>4}  {text[:200]}")


# -- speed -------------------------------------------------------------------------------------
def speed(folder: Path, rounds: int = 7, block: int = 500) -> dict[str, float]:
    """Chunks per CPU second of theme tagging, as the pipeline tags a chunk: the chunks timed in
    blocks, each block's best of rounds (on a busy machine the slowest runs are other work)."""
    from uprsearch.pipeline import Knowledge, parse_paths
    from uprsearch.reader import find_sources, load_catalog

    knowledge = Knowledge.load([folder])
    parsed = parse_paths(find_sources([folder]), knowledge, catalogs={folder: load_catalog(folder)})
    chunks = [c for d in parsed.documents for c in d.chunks]
    taxonomy = knowledge.taxonomy
    if hasattr(taxonomy, "tag_chunk"):
        tag = taxonomy.tag_chunk
    else:  # an older checkout: themes per chunk only
        tag = lambda c: taxonomy.tag(c.text, c.section)  # noqa: E731
    for chunk in chunks:  # compile, warm caches
        tag(chunk)
    # The parsed corpus is one long-lived heap here (a build holds a file's chunks at a time): keep
    # the collector from walking it on every cycle, which would time the heap, not the tagging.
    gc.collect()
    gc.freeze()
    blocks = [chunks[i : i + block] for i in range(0, len(chunks), block)]
    best = [float("inf")] * len(blocks)
    for _ in range(rounds):
        for n, run in enumerate(blocks):
            t = time.process_time()
            for chunk in run:
                tag(chunk)
            best[n] = min(best[n], time.process_time() - t)
    total = sum(best)
    return {"chunks": len(chunks), "cpu_s": total, "chunks_per_s": len(chunks) / total if total else 0.0}


# -- main -------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("key", nargs="?", type=Path, default=DEFAULT_KEY, help="UPR Info's CSV export")
    parser.add_argument("--held-out", default=DEFAULT_HELD_OUT, help="sessions kept out of fitting (comma-separated)")
    parser.add_argument("--split", choices=SPLITS, default="all", help="the rows the tables are for")
    parser.add_argument("--theme", help="list this theme's false positives and misses")
    parser.add_argument("--examples", type=int, default=15)
    parser.add_argument("--out", type=Path, help="write the figures as JSON")
    parser.add_argument("--baseline", type=Path, help="JSON of an earlier run (--out) to print beside")
    parser.add_argument("--speed", nargs="?", type=Path, const=Path(""), help="time tagging a corpus folder's chunks")
    args = parser.parse_args(argv)

    if args.speed is not None:
        folder = args.speed if str(args.speed) else (HERE / "cache" / "20000" if (HERE / "cache" / "20000").is_dir() else ROOT / "corpus")
        result = speed(folder)
        print(f"{folder}: {result['chunks']} chunks tagged in {result['cpu_s']:.3f} CPU s: {result['chunks_per_s']:,.0f} chunks/s"
              " (each block of 500 its best of 7 rounds)")
        return 0

    if not args.key.is_file():
        raise SystemExit(f"themes bench: no key file at {args.key} (UPR Info's export; see ../shared/upr-corpus/SOURCES.md)")
    try:
        held_out = {int(s) for s in args.held_out.split(",") if s.strip()}
    except ValueError:
        raise SystemExit(f"themes bench: --held-out takes session numbers separated by commas, not {args.held_out!r}")
    taxonomy, coder = load_tools()
    rows, unknown = read_key(args.key, upr_info_names(taxonomy))
    baseline = json.loads(args.baseline.read_text(encoding="utf-8")) if args.baseline else None

    print(f"{args.key}: {len(rows)} recommendations, {len({r.review for r in rows})} reviews; "
          f"held out: sessions {', '.join(map(str, sorted(held_out)))}")
    if unknown:
        print("issues the taxonomy does not name (left out): " + ", ".join(f"{k} ({n})" for k, n in unknown.most_common()))
    scores = {split: Scores() for split in SPLITS}
    tagged: list[set[str]] = []
    for row in rows:
        themes = set(taxonomy.tag(row.text, []))
        action = coder.classify(row.text) if coder else None
        tagged.append(themes)
        scores["all"].add(row, themes, action)
        scores[split_of(row, held_out)].add(row, themes, action)

    summaries = {split: s.summary() for split, s in scores.items()}
    print()
    print_summaries(summaries, baseline)
    chosen = scores[args.split]
    print(f"\nper theme ({args.split}), by F1; key = rows the key gives it, ours = rows we give it")
    print_theme_table(chosen.per_theme(), baseline["themes"].get(args.split) if baseline else None)
    if coder:
        print()
        print_confusion(chosen.confusion)
    if args.theme:
        slug = args.theme
        if slug not in {t.slug for t in taxonomy.themes}:
            raise SystemExit(f"themes bench: no theme {slug!r}")
        in_split = [(r, t) for r, t in zip(rows, tagged) if args.split == "all" or split_of(r, held_out) == args.split]
        print_theme_errors(slug, [r for r, _ in in_split], [t for _, t in in_split], taxonomy, args.examples)
    if args.out:
        out = {
            "key": str(args.key),
            "held_out": sorted(held_out),
            "summaries": summaries,
            "themes": {split: s.per_theme() for split, s in scores.items()},
            "confusion": {split: {f"{k}>{o}": n for (k, o), n in s.confusion.items()} for split, s in scores.items()},
        }
        args.out.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
