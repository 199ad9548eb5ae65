"""The States registry (data/states.toml): UN Member States and observers, resolved from any alias.

States speak in Working Group reports: each recommendation names the State(s) that made it in
brackets ("(Chile) (Costa Rica)", "(Belgium, Sweden and United States of America)"), and each
paragraph of the interactive dialogue opens with a delegation ("Chile welcomed …"). They are
organisations of type `state`, kept in a registry of their own so that a State's name never
becomes a speaker in a stakeholder summary.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from uprsearch.models import Organisation
from uprsearch.orgs import Registry, alias_key

STATES_FILE = "states.toml"
STATE = "state"

# Between the names of a list of States: "A, B and C", "A; B", "A/B", "A, and B".
_SEPARATOR = re.compile(r"(\s*,\s*and\s+|\s*[,;/]\s*|\s+and\s+|\s+&\s+)")
_FUZZY_CUTOFF = 0.9  # "Lybia", "Phillipines": a misspelt name is this close to its State's


@dataclass
class States:
    """The States and their aliases; `iso3` maps a State's id to its ISO 3166 alpha-3 code."""

    registry: Registry = field(default_factory=Registry)
    iso3: dict[str, str] = field(default_factory=dict)
    observers: set[str] = field(default_factory=set)
    # short forms a text writes ("UK", "U.S."), as written: they name a State only where a
    # report's country is read from its text (metadata.country_in_text), never as aliases
    short: dict[str, str] = field(default_factory=dict)
    # (registry.changes, ISO3 codes) -> every key a State's name or code has, and every end of one
    _name_ends: tuple[tuple[int, int], set[str], set[str]] | None = field(default=None, repr=False, compare=False)

    def add(self, state: Organisation, iso3: str = "", observer: bool = False, short: list[str] = ()) -> None:
        merged = self.registry.add(state)
        if iso3:
            self.iso3[merged.id] = iso3
        for form in short:
            self.short[form] = merged.id
        if observer:
            self.observers.add(merged.id)

    def resolve(self, name: str, fuzzy: bool = True) -> Organisation | None:
        """The State any of its names, its ISO3 code (in capitals: "CAN", never "can") or a near
        spelling of a long name stands for."""
        name = name.strip().strip(".,;:")
        if not name:
            return None
        if len(name) == 3 and name.isupper() and name in self._by_iso3():
            return self.registry.organisations[self._by_iso3()[name]]
        found = self.registry.resolve(name)
        if found is not None or len(name) < 7 or not fuzzy:
            return found
        return self._near(alias_key(name))

    def _by_iso3(self) -> dict[str, str]:
        return {code: state_id for state_id, code in self.iso3.items()}

    def _near(self, key: str) -> Organisation | None:
        import difflib

        keys = self._keys()
        close = difflib.get_close_matches(key, keys, n=1, cutoff=_FUZZY_CUTOFF)
        return self.registry.organisations[keys[close[0]]] if close else None

    def _keys(self) -> dict[str, str]:
        # alias key -> id, built once per registry size (add() invalidates it by changing the count)
        cached = getattr(self, "_key_cache", None)
        if cached is None or cached[0] != self.registry.changes:
            keys = {}
            for org in self.registry:
                for alias in (org.id, org.name, *org.aliases):
                    if len(alias) >= 7:
                        keys[alias_key(alias)] = org.id
            cached = (self.registry.changes, keys)
            self._key_cache = cached
        return cached[1]

    def names_in(self, text: str, fuzzy: bool = True) -> list[str] | None:
        """The States a list names ("Belgium, Sweden and United States of America" ->
        ["Belgium", "Sweden", "United States of America"]); None unless every part is a State.
        Names with "and" in them ("Trinidad and Tobago") are tried whole before being split."""
        text = text.strip()
        if not text or len(text) > 400 or (not fuzzy and not self._may_end_list(text)):
            return None
        pieces = _SEPARATOR.split(text)
        names, seps = pieces[0::2], pieces[1::2]
        found: list[str] = []
        i = 0
        while i < len(names):
            for j in range(len(names) - 1, i - 1, -1):
                candidate = names[i] + "".join(seps[k] + names[k + 1] for k in range(i, j))
                state = self.resolve(candidate, fuzzy and i == j)  # a near spelling of one name, never of a run
                if state is not None:
                    if state.id not in found:
                        found.append(state.id)
                    i = j + 1
                    break
            else:
                return None
        return found or None

    def _may_end_list(self, text: str) -> bool:
        """Whether a list of States may end with text's last word, spelt exactly: whatever run of
        the list's parts names the last State, its key ends with that word's key, or (a separator
        inside the word, "Belgium/Sweden") is an end of it. Most clauses a report opens with end
        with no State's name, and are then not split and looked up part by part."""
        last = text.rsplit(None, 1)[-1].rstrip(".,;:")
        if not last.isascii():
            return True  # (case and spacing beyond ASCII: not worth the care)
        key = alias_key(last)
        if not key:
            return True
        keys, ends = self._ends()
        return key in ends or any(key[i:] in keys for i in range(1, len(key)))

    def _ends(self) -> tuple[set[str], set[str]]:
        stamp = (self.registry.changes, len(self.iso3))
        if self._name_ends is None or self._name_ends[0] != stamp:
            keys = {*self.registry.alias_keys(), *(code.lower() for code in self.iso3.values())}
            self._name_ends = (stamp, keys, {key[i:] for key in keys for i in range(len(key))})
        return self._name_ends[1], self._name_ends[2]

    def organisations(self, ids) -> list[Organisation]:
        """Copies of the named States, for a document's list of the organisations it names."""
        out = []
        for state_id in ids:
            org = self.registry.organisations.get(state_id)
            if org is not None:
                code = self.iso3.get(org.id)
                aliases = [*org.aliases, *([code] if code and code not in org.aliases else [])]
                out.append(Organisation(org.id, org.name, aliases, STATE))
        return out

    def __iter__(self):
        return iter(self.registry)

    def __len__(self) -> int:
        return len(self.registry)


def load_states(extra_dirs: list[Path] = ()) -> States:
    """The shipped States, extended by a states.toml in any of extra_dirs (e.g. the corpus)."""
    extra = tuple(str(Path(d) / STATES_FILE) for d in extra_dirs if (Path(d) / STATES_FILE).is_file())
    return _load(extra)


@lru_cache(maxsize=8)
def _load(extra: tuple[str, ...]) -> States:
    from uprsearch.reader import read_toml

    states = States()
    for source in [files("uprsearch.data") / STATES_FILE, *(Path(p) for p in extra)]:
        for entry in read_toml(source).get("state", []):
            iso3 = entry.get("iso3", "")
            # the ISO3 code is not indexed as an alias: lower-cased, "can" and "are" are words
            states.add(
                Organisation(id=entry["id"], name=entry.get("name", ""), aliases=list(entry.get("aliases", [])), type=STATE),
                iso3=iso3,
                observer=bool(entry.get("observer")),
                short=list(entry.get("short", [])),
            )
    return states
