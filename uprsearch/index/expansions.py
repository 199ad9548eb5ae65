"""Abbreviations both ways: every analysed form of an acronym or an organisation's name -> all its forms.

Built at index time into meta.json (from the acronyms and the organisation registry the documents
were tagged with), read by the query language: NSS <-> "National Security Service",
HRW <-> "Human Rights Watch", JS1 <-> "Joint Submission 1".
"""
from __future__ import annotations

import re
from typing import Iterable

from uprsearch.index.analysis import analyze
from uprsearch.models import Organisation


def build_expansions(
    acronyms: dict[str, str], organisations: Iterable[Organisation]
) -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    """Every analysed form of an acronym or organisation -> all forms of the same thing."""
    groups: list[list[str]] = [[short, long] for short, long in acronyms.items()]
    for org in organisations:
        names = [n for n in [org.id, org.name, *org.aliases] if n]
        if org.type == "state":  # a State's ISO code is no word to expand: "PER", "PAN", "BEN", "CAN"
            names = [n for n in names if not (len(n) == 3 and n.isupper())]
        groups.append(names)
    table: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    analysed: dict[str, tuple[str, ...]] = {}  # every document's "Joint Submission 1" analysed once
    # the same names again (a "JS1" of each document) add nothing: each group is read once
    for group in dict.fromkeys(map(tuple, groups)):
        forms: list[tuple[str, ...]] = []
        triggers: list[tuple[str, ...]] = []
        for name in group:
            # in this order (a set of the two gave them in an order that changed from run to run)
            for variant in dict.fromkeys([name, _SEPARATORS.sub("", name)]) if _JOINED.search(name) else [name]:
                words = analysed.get(variant)
                if words is None:
                    words = analysed[variant] = tuple(analyze(variant))
                if not words or words in forms:
                    continue
                if any(c.isdigit() for c in variant) and not any(c.isdigit() for w in words for c in w):
                    continue  # "Joint submission 4" analyses to "joint submiss": it would match every JS
                forms.append(words)
                # A one-word form triggers expansion only if it is written like an acronym, so that
                # "amnesty" (a word) does not turn into AI, while "HRW" and "JS1" do.
                if len(words) > 1 or _acronym_like(variant):
                    triggers.append(words)
        if len(forms) < 2:
            continue
        for words in triggers:
            merged = table.setdefault(words, [])
            for f in forms:
                if f not in merged:
                    merged.append(f)
    return table


_JOINED = re.compile(r"\w[-/.]\w")  # "ICCPR-OP", "A/HRC": a name also written without its separators
_SEPARATORS = re.compile(r"[^\w]+")


def _acronym_like(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and " " not in name.strip() and (sum(c.isupper() for c in letters) >= 2 or any(c.isdigit() for c in name))
