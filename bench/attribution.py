"""Statement-level attribution accuracy against hand-made sentence keys.

    python bench/attribution.py                                  # every tests/keys/attribution-*.toml
    python bench/attribution.py tests/keys/attribution-A_HRC_WG.6_50_USA_3.toml --documents ../shared
    python bench/attribution.py --out after.json --compare before.json
    /other/checkout/.venv/bin/python bench/attribution.py --out before.json   # measure that checkout's code

A key (see tests/keys/) lists sentences of one document, each with its paragraph, its first words,
who said it and its kind. The document is parsed and tagged by the uprsearch the running Python
imports (so another checkout's interpreter measures that checkout), and each key sentence is
looked up among its paragraph's statements: a statement that starts with it, else one that holds
it (sentences the splitter merged; counted apart as "merged").

Printed per key and in total:
  found      key sentences that open a statement / sit inside one / are missing
  precision  correct (sentence, speaker) pairs over the pairs the tool gives for the key sentences
  recall     correct pairs over the key's pairs (a missing sentence gives none)
  exact      sentences whose speaker set is exactly the key's
  kind       sentences of the right kind, over the key's sentences
  invented   speaker ids, anywhere in the document, that are neither in its stakeholder list
             (as the key gives it) nor in the shipped registry (each counted once)
Speakers are compared by identity: a key name and a speaker id are the same organisation when
the document's organisations give them the same id (by id, name or alias).

Not part of the test suite (tests/test_attribution_key.py asserts the keys exactly).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_KEYS = sorted((ROOT / "tests" / "keys").glob("attribution-*.toml"))
DEFAULT_DOCUMENTS = [ROOT.parent / "shared"]


@dataclass
class KeySentence:
    para: int
    start: str
    speakers: list[str]
    kind: str


@dataclass
class Key:
    path: Path
    document: str  # path relative to a documents folder
    stakeholders: list[str]  # the document's stakeholder list, as the key's reader found it
    sentences: list[KeySentence]


def load_key(path: Path) -> Key:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    sentences = [KeySentence(s["para"], s["start"], list(s["speakers"]), s["kind"]) for s in data["sentence"]]
    return Key(path, data["document"], list(data.get("stakeholders", [])), sentences)


def find_document(relative: str, folders: list[Path]) -> Path | None:
    """The key's document under one of the folders: by its relative path, else by its file name."""
    for folder in folders:
        if (folder / relative).is_file():
            return folder / relative
    name = Path(relative).name
    for folder in folders:
        for found in sorted(folder.rglob(name)):
            return found
    return None


_SPACE = re.compile(r"\s+")


def normal(text: str) -> str:
    text = text.replace("’", "'").replace("“", '"').replace("”", '"')
    return _SPACE.sub(" ", text).strip()


@dataclass
class Tagged:
    """A parsed and tagged document: statements by paragraph, organisation identity."""

    statements: dict[int, list]  # para -> [Statement]
    identity: dict[str, str]  # any name or id (alias_key) -> organisation id
    all_speakers: set[str]


def tag_file(path: Path) -> Tagged:
    from uprsearch.pipeline import parse_paths

    run = parse_paths([path])
    if not run.documents:
        raise SystemExit(f"{path}: {'; '.join(map(str, run.errors)) or 'no document'}")
    parsed = run.documents[0]
    identity: dict[str, str] = {}
    for org in parsed.organisations:
        for name in (org.id, org.name, *org.aliases):
            if name:
                identity.setdefault(_identity_key(name), org.id)
    statements: dict[int, list] = {}
    speakers: set[str] = set()
    for chunk in parsed.chunks:
        if chunk.para is not None:
            statements.setdefault(chunk.para, []).extend(chunk.statements)
        for statement in chunk.statements:
            speakers.update(statement.orgs)
    return Tagged(statements, identity, speakers)


def _identity_key(name: str) -> str:
    from uprsearch.orgs import alias_key

    return alias_key(name)


@dataclass
class Score:
    sentences: int = 0
    at_start: int = 0
    merged: int = 0
    missing: int = 0
    predicted_pairs: int = 0
    key_pairs: int = 0
    correct_pairs: int = 0
    exact: int = 0
    right_kind: int = 0
    invented: list[str] = field(default_factory=list)
    # every sentence that is not exactly right: (key file, ¶, start, what the tool gave)
    errors: list[tuple[str, int, str, str]] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        for name in ("sentences", "at_start", "merged", "missing", "predicted_pairs", "key_pairs", "correct_pairs",
                     "exact", "right_kind"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.invented += other.invented
        self.errors += other.errors

    def figures(self) -> dict[str, float | int]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 3) if b else 0.0

        return {
            "sentences": self.sentences, "at_start": self.at_start, "merged": self.merged, "missing": self.missing,
            "precision": ratio(self.correct_pairs, self.predicted_pairs), "recall": ratio(self.correct_pairs, self.key_pairs),
            "exact": ratio(self.exact, self.sentences), "kind": ratio(self.right_kind, self.sentences),
            "invented": len(self.invented),
        }


def score_key(key: Key, tagged: Tagged) -> Score:
    score = Score()
    def same(name: str) -> str:
        return tagged.identity.get(_identity_key(name), _identity_key(name))

    for sentence in key.sentences:
        score.sentences += 1
        wanted = {same(s) for s in sentence.speakers}
        score.key_pairs += len(wanted)
        statement, found = find_statement(tagged.statements.get(sentence.para, []), sentence.start)
        where = (key.path.name, sentence.para, sentence.start)
        if statement is None:
            score.missing += 1
            score.errors.append((*where, f"not found; key {sorted(sentence.speakers)} {sentence.kind}"))
            continue
        if found == "start":
            score.at_start += 1
        else:
            score.merged += 1
        given = {same(o) for o in statement.orgs}
        score.predicted_pairs += len(given)
        score.correct_pairs += len(given & wanted)
        exact = given == wanted
        score.exact += exact
        score.right_kind += statement.kind == sentence.kind
        if not exact or statement.kind != sentence.kind or found != "start":
            score.errors.append((
                *where,
                f"{sorted(statement.orgs)} {statement.kind}; key {sorted(sentence.speakers)} {sentence.kind}"
                + ("" if found == "start" else " (inside a merged statement)"),
            ))
    listed = {same(s) for s in key.stakeholders}
    for speaker in sorted(tagged.all_speakers):
        if same(speaker) not in listed and not _in_registry(speaker):
            score.invented.append(f"{key.path.name}: {speaker}")
    return score


def find_statement(statements: list, start: str):
    wanted = normal(start)
    for statement in statements:
        if normal(statement.text).startswith(wanted):
            return statement, "start"
    for statement in statements:
        if wanted in normal(statement.text):
            return statement, "inside"
    return None, ""


_REGISTRY = None


def _in_registry(org_id: str) -> bool:
    global _REGISTRY
    if _REGISTRY is None:
        from uprsearch.orgs import load_registry

        _REGISTRY = load_registry()
    return _REGISTRY.resolve(org_id) is not None


def run(keys: list[Path], folders: list[Path]) -> dict[str, Score]:
    scores: dict[str, Score] = {}
    for key_path in keys:
        key = load_key(key_path)
        document = find_document(key.document, folders)
        if document is None:
            raise SystemExit(f"{key_path}: document {key.document} not found under {', '.join(map(str, folders))}")
        scores[key_path.name] = score_key(key, tag_file(document))
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("keys", nargs="*", type=Path, help="key files (default: tests/keys/attribution-*.toml)")
    parser.add_argument("--documents", action="append", type=Path,
                        help="folder the keys' documents are found under (repeatable; default ../shared)")
    parser.add_argument("--out", type=Path, help="write the figures as JSON")
    parser.add_argument("--compare", type=Path, help="a JSON written by --out (e.g. the baseline) to print beside")
    parser.add_argument("--errors", action="store_true", help="list every sentence that is not exactly right")
    args = parser.parse_args(argv)
    scores = run(args.keys or DEFAULT_KEYS, args.documents or DEFAULT_DOCUMENTS)
    total = Score()
    for score in scores.values():
        total.add(score)
    figures = {name: score.figures() for name, score in scores.items()} | {"total": total.figures()}
    baseline = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else {}
    columns = ("sentences", "at_start", "merged", "missing", "precision", "recall", "exact", "kind", "invented")
    print(f"{'key':44} " + " ".join(f"{c:>9}" for c in columns))
    for name, row in figures.items():
        print(f"{name[:44]:44} " + " ".join(f"{row[c]:>9}" for c in columns))
        if name in baseline:
            print(f"{'  baseline':44} " + " ".join(f"{baseline[name].get(c, ''):>9}" for c in columns))
    if total.invented:
        print("invented speakers: " + "; ".join(total.invented))
    if args.errors:
        for name, para, start, what in total.errors:
            print(f"{name} ¶{para} {start!r}: {what}")
    if args.out:
        args.out.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
