"""Uptake matching against a hand key of stakeholder -> State recommendation pairs.

    .venv/bin/python bench/uptake.py [KEY] [--shared DIR]

KEY (default bench/uptake_key.toml) names, per review, the Working Group report (and addendum)
under the shared corpus (--shared, default ../shared/upr-corpus/) and the stakeholder documents,
and for each stakeholder recommendation the State recommendations of the review that ask for
the same thing (judged by reading). For each way of matching, printed per review and in total:

  P@1     share of the recommendations with a counterpart whose first-ranked State
          recommendation is one of them
  P@3     share of the first three that are (at most 1 where a recommendation has fewer than three)
  hit@3   share with a counterpart among the first three
  taken   share with a counterpart whose first score reaches the uptake threshold
  false   share of those without any counterpart that still reach it (a false uptake)

Ways: "words" (TF-IDF over stems, acronyms spelt out), "words+themes" (what uprsearch uses),
and, where the wordllama package is installed (pip install 'wordllama>=0.3.9,<0.5': its
256-dimension weights ship in its wheel), "embeddings" (WordLlama's cosine alone) and
"words+themes+embeddings" (half and half). The embedding ways are measured here only: they did
not beat "words+themes" on the key, so uprsearch does not depend on them.
"""
from __future__ import annotations

import argparse
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from uprsearch import addendum, uptake  # noqa: E402
from uprsearch.models import RECOMMENDATION  # noqa: E402
from uprsearch.pipeline import Knowledge, parse_paths  # noqa: E402

SHARED = ROOT.parent / "shared" / "upr-corpus"


def _parse(path: Path, knowledge: Knowledge):
    run = parse_paths([path], knowledge)
    if run.errors or not run.documents:
        raise SystemExit(f"{path}: not read ({'; '.join(str(e) for e in run.errors)})")
    return run.documents[0]


def _statement(chunks_by_id: dict, sid: str):
    chunk_id, _, n = sid.rpartition(".")
    chunk = chunks_by_id.get(chunk_id)
    if chunk is None or not n.isdigit() or int(n) > len(chunk.statements):
        return None
    return chunk.statements[int(n) - 1]


class EmbeddingMatcher(uptake.Matcher):
    """The word matcher blended with WordLlama's embeddings (weight 1.0: embeddings alone)."""

    def __init__(self, state_chunks, acronyms, taxonomy, model, weight: float, theme_weight: float):
        super().__init__(state_chunks, acronyms, taxonomy, theme_weight)
        self.model, self.weight = model, weight
        self.vectors_e = self._embed([c.text for c in self.chunks])

    def _embed(self, texts):
        import numpy as np

        vectors = np.asarray(self.model.embed(texts), dtype="float32")
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)

    def rank(self, text, themes=()):
        by_chunk = {id(c.chunk): c.score for c in super().rank(text, themes)}
        similarity = self.vectors_e @ self._embed([text])[0]
        scores = [(1 - self.weight) * by_chunk[id(c)] + self.weight * float(e) for c, e in zip(self.chunks, similarity)]
        return [uptake.Candidate(self.chunks[i], s) for s, i in sorted(zip(scores, range(len(scores))), key=lambda x: -x[0])]


def load_wordllama():
    """WordLlama's model from the files in its wheel (pointed there as its cache, downloads off); None without it."""
    try:
        import wordllama
        from wordllama import WordLlama
    except ImportError:
        return None
    return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)


def measure(ranked: list[tuple[list[str], list[uptake.Candidate]]]) -> dict[str, float]:
    with_same = [(same, c) for same, c in ranked if same]
    without = [(same, c) for same, c in ranked if not same]
    p1 = sum(1 for same, c in with_same if c and c[0].chunk.number in same)
    p3 = sum(sum(1 for x in c[:3] if x.chunk.number in same) / min(3, len(same)) for same, c in with_same)
    hit3 = sum(1 for same, c in with_same if any(x.chunk.number in same for x in c[:3]))
    taken = sum(1 for same, c in with_same if c and c[0].score >= uptake.TAKEN_UP_AT and c[0].chunk.number in same)
    false = sum(1 for _, c in without if c and c[0].score >= uptake.TAKEN_UP_AT)
    n, m = max(len(with_same), 1), max(len(without), 1)
    return {"n": len(with_same), "P@1": p1 / n, "P@3": p3 / n, "hit@3": hit3 / n, "taken": taken / n, "none": len(without), "false": false / m}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("key", nargs="?", type=Path, default=HERE / "uptake_key.toml")
    ap.add_argument("--shared", type=Path, default=SHARED)
    args = ap.parse_args(argv)
    if not args.shared.is_dir():
        print(f"{args.shared}: the shared corpus is absent", file=sys.stderr)
        return 2
    key = tomllib.loads(args.key.read_text(encoding="utf-8"))
    knowledge = Knowledge.load()
    model = load_wordllama()
    ways = {
        "words": lambda state: uptake.Matcher(state, knowledge.acronyms, knowledge.taxonomy, theme_weight=0.0),
        "words+themes": lambda state: uptake.Matcher(state, knowledge.acronyms, knowledge.taxonomy),
    }
    if model is not None:
        ways["embeddings"] = lambda state: EmbeddingMatcher(state, knowledge.acronyms, knowledge.taxonomy, model, 1.0, 0.0)
        ways["words+themes+embeddings"] = lambda state: EmbeddingMatcher(
            state, knowledge.acronyms, knowledge.taxonomy, model, 0.5, uptake.THEME_WEIGHT
        )
    results: dict[str, list] = {way: [] for way in ways}
    per_review: dict[tuple[str, str], list] = {}
    started = time.perf_counter()
    for review in key["review"]:
        report = _parse(args.shared / review["report"], knowledge)
        if review.get("addendum"):
            addendum.apply(report.chunks, _parse(args.shared / review["addendum"], knowledge).chunks)
        chunks_by_id = {}
        for name in review["stakeholders"]:
            path = ROOT / name if name.startswith("corpus/") else args.shared / name
            for chunk in _parse(path, knowledge).chunks:
                chunks_by_id[chunk.id] = chunk
        state = [c for c in report.chunks if c.kind == RECOMMENDATION]
        pairs = [p for p in key["pair"] if p["review"] == review["name"]]
        for way, make in ways.items():
            matcher = make(state)
            ranked = []
            for pair in pairs:
                statement = _statement(chunks_by_id, pair["statement"])
                if statement is None or not statement.text.startswith(pair["text"][:30]):
                    raise SystemExit(f"key statement {pair['statement']} not found as {pair['text'][:40]!r}; the key needs updating")
                ranked.append((pair["same"], matcher.rank(statement.text)))
            results[way] += ranked
            per_review[(review["name"], way)] = ranked
    print(f"{'review':14} {'way':26} {'n':>3} {'P@1':>6} {'P@3':>6} {'hit@3':>6} {'taken':>6} {'none':>5} {'false':>6}")
    for (name, way), ranked in per_review.items():
        m = measure(ranked)
        print(f"{name:14} {way:26} {m['n']:3} {m['P@1']:6.2f} {m['P@3']:6.2f} {m['hit@3']:6.2f} {m['taken']:6.2f} {m['none']:5} {m['false']:6.2f}")
    for way, ranked in results.items():
        m = measure(ranked)
        print(f"{'total':14} {way:26} {m['n']:3} {m['P@1']:6.2f} {m['P@3']:6.2f} {m['hit@3']:6.2f} {m['taken']:6.2f} {m['none']:5} {m['false']:6.2f}")
    if model is None:
        print("\n(the embedding ways need the wordllama package: pip install 'wordllama>=0.3.9,<0.5')")
    print(f"taken and false at the uptake threshold {uptake.TAKEN_UP_AT}; by threshold (words+themes):")
    for threshold in (0.25, 0.3, 0.35, 0.4, 0.45, 0.5):
        saved, uptake.TAKEN_UP_AT = uptake.TAKEN_UP_AT, threshold
        m = measure(results["words+themes"])
        uptake.TAKEN_UP_AT = saved
        print(f"  {threshold:.2f}: taken {m['taken']:.2f}, false {m['false']:.2f}")
    print(f"\n{time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
