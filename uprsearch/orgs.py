"""The organisation registry: shipped well-known stakeholders plus what each document defines."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from uprsearch.models import Organisation

REGISTRY_FILE = "organisations.toml"
ACRONYMS_FILE = "acronyms.toml"


_THE = re.compile(r"^the\s+", re.I)
_PUNCT = re.compile(r"[\s\-'.,()]+")


@lru_cache(maxsize=65536)  # every document's registry copy keys the same few hundred names again
def alias_key(name: str) -> str:
    """Case-, space-, hyphen- and quote-insensitive form of a name, so damaged spellings meet."""
    name = name.replace("’", "'").replace("–", "-").replace("—", "-")
    name = _THE.sub("", name.strip())
    return _PUNCT.sub("", name).lower()


@dataclass
class Registry:
    organisations: dict[str, Organisation] = field(default_factory=dict)
    _by_alias: dict[str, str] = field(default_factory=dict)
    # How many adds changed anything: while it stays the same, so does every answer of resolve
    # (a caller may keep what it worked out from them).
    changes: int = 0

    def add(self, org: Organisation) -> Organisation:
        """Add or merge an organisation; a known id gains the new aliases and, if it had none, the name."""
        existing = self.organisations.get(org.id) or self._lookup(org.id)
        changed = existing is None
        if existing is None:
            existing = Organisation(org.id, org.name, [], org.type)
            self.organisations[org.id] = existing
        if org.name and not existing.name:
            existing.name = org.name
            changed = True
        if org.type and org.type != "ngo" and existing.type == "ngo":
            existing.type = org.type
            changed = True
        for alias in (org.id, org.name, *org.aliases):
            if not alias:
                continue
            if alias != existing.id and alias not in existing.aliases:
                existing.aliases.append(alias)
                changed = True
            key = alias_key(alias)
            if key not in self._by_alias:
                self._by_alias[key] = existing.id
                changed = True
        key = alias_key(existing.id)
        if self._by_alias.get(key) != existing.id:
            self._by_alias[key] = existing.id
            changed = True
        if changed:
            self.changes += 1
        return existing

    def _lookup(self, name: str) -> Organisation | None:
        org_id = self._by_alias.get(alias_key(name))
        return self.organisations.get(org_id) if org_id else None

    def resolve(self, name: str) -> Organisation | None:
        """The organisation any alias names, case-insensitively; None if unknown."""
        return self._lookup(name)

    def __iter__(self):
        return iter(self.organisations.values())

    def __len__(self) -> int:
        return len(self.organisations)

    def copy(self) -> "Registry":
        clone = Registry()
        for org in self.organisations.values():
            clone.add(Organisation(org.id, org.name, list(org.aliases), org.type))
        return clone


def load_registry(extra_dirs: list[Path] = ()) -> Registry:
    """The shipped registry, extended by an organisations.toml in any of extra_dirs (e.g. the corpus)."""
    from uprsearch.reader import read_toml  # only to build: a query reads the registry from the index

    registry = Registry()
    sources = [files("uprsearch.data") / REGISTRY_FILE]
    sources += [Path(d) / REGISTRY_FILE for d in extra_dirs if (Path(d) / REGISTRY_FILE).is_file()]
    for source in sources:
        for entry in read_toml(source).get("org", []):
            registry.add(
                Organisation(
                    id=entry["id"],
                    name=entry.get("name", ""),
                    aliases=list(entry.get("aliases", [])),
                    type=entry.get("type", "ngo"),
                )
            )
    return registry


def load_acronyms(extra_dirs: list[Path] = ()) -> dict[str, str]:
    """Treaty, body and institution acronyms that are not speakers: short form -> long form."""
    from uprsearch.reader import read_toml

    acronyms: dict[str, str] = {}
    sources = [files("uprsearch.data") / ACRONYMS_FILE]
    sources += [Path(d) / ACRONYMS_FILE for d in extra_dirs if (Path(d) / ACRONYMS_FILE).is_file()]
    for source in sources:
        for entry in read_toml(source).get("acronym", []):
            acronyms[entry["short"]] = entry["long"]
    return acronyms
