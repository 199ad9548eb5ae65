"""UPR Info's action categories (1 minimal ... 5 specific action) of recommendations, read off the
verb a recommendation opens with, by the rules of data/actions.toml (format described there)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from uprsearch.errors import UprError
from uprsearch.matching import pattern_list

ACTIONS_FILE = "actions.toml"
CATEGORIES = (1, 2, 3, 4, 5)
DEFAULT_SEARCH_WORDS = 14


@dataclass
class ActionRule:
    category: int
    patterns: list[str]
    why: str = ""


@dataclass
class ActionReason:
    """Why a recommendation got its category: the words the rule matched (empty: the default)."""

    category: int
    words: str
    why: str


@dataclass
class ActionCoder:
    labels: dict[int, str] = field(default_factory=dict)
    rules: list[ActionRule] = field(default_factory=list)
    search_words: int = DEFAULT_SEARCH_WORDS
    default: int = 4
    _regex: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False)

    def classify(self, text: str) -> int | None:
        """The action category of a recommendation's text (None for an empty text)."""
        reason = self.explain(text)
        return reason.category if reason else None

    def explain(self, text: str) -> ActionReason | None:
        """The category and the opening words that decided it."""
        if not text.strip():
            return None
        regex = self._compile()
        opening = _opening(text, self.search_words)
        m = regex.search(text, 0, opening)
        if m is None:
            return ActionReason(self.default, "", "no verb found in the opening")
        rule = self.rules[int(m.lastgroup[1:])]
        return ActionReason(rule.category, m.group(), rule.why)

    def _compile(self) -> re.Pattern[str]:
        if self._regex is None:
            # one alternation, a group per rule: a search finds the earliest word where any rule
            # matches, and there the first rule in order (re tries alternatives left to right)
            groups = "|".join(f"(?P<r{i}>{'|'.join(f'(?:{p})' for p in rule.patterns)})" for i, rule in enumerate(self.rules))
            self._regex = re.compile(r"\b(?:" + (groups or "(?!)") + ")", re.IGNORECASE)
        return self._regex


_WORDS: dict[int, re.Pattern[str]] = {}


def _opening(text: str, words: int) -> int:
    """Where the first `words` words of text end."""
    regex = _WORDS.get(words)
    if regex is None:
        regex = _WORDS[words] = re.compile(r"(?:\W*+\w++){1,%d}" % words)
    m = regex.match(text)
    return m.end() if m else len(text)


# -- loading ---------------------------------------------------------------------------------
def load_actions(extra_dirs: list[Path] = ()) -> ActionCoder:
    """The shipped rules; an actions.toml in any of extra_dirs adds rules tried before them and may
    change search_words, default and the categories' descriptions."""
    from uprsearch.reader import read_toml

    coder = ActionCoder()
    shipped = files("uprsearch.data") / ACTIONS_FILE
    _merge(coder, read_toml(shipped), shipped, first=False)
    for folder in extra_dirs:
        path = Path(folder) / ACTIONS_FILE
        if path.is_file():
            _merge(coder, read_toml(path), path, first=True)
    return coder


def _merge(coder: ActionCoder, data: dict[str, Any], source: Any, first: bool) -> None:
    if "search_words" in data:
        coder.search_words = _whole(data["search_words"], source, "search_words", low=1)
    if "default" in data:
        coder.default = _category(data["default"], source, "default")
    categories = data.get("categories", {})
    if not isinstance(categories, dict):
        raise UprError(f"{source}: [categories] must be a table of numbers 1-5 to descriptions")
    for key, label in categories.items():
        number = _category(int(key) if str(key).isdigit() else key, source, f"[categories] {key!r}")
        if not isinstance(label, str):
            raise UprError(f"{source}: [categories] {key} must be a description in quotes")
        coder.labels[number] = label
    rules: list[ActionRule] = []
    for n, entry in enumerate(data.get("rule", []), 1):
        where = f"[[rule]] {n}"
        category = _category(entry.get("category"), source, f"{where} category")
        patterns = pattern_list(entry, "patterns", source, where)
        if not patterns:
            raise UprError(f"{source}: {where}: `patterns` must be a list of regular expressions, not empty")
        rules.append(ActionRule(category, patterns, str(entry.get("why", ""))))
    coder.rules = rules + coder.rules if first else coder.rules + rules
    coder._regex = None


def _category(value: Any, source: Any, where: str) -> int:
    if isinstance(value, bool) or value not in CATEGORIES:
        raise UprError(f"{source}: {where} must be an action category, 1 to 5")
    return int(value)


def _whole(value: Any, source: Any, where: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise UprError(f"{source}: {where} must be a whole number of at least {low}")
    return value
