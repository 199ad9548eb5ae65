"""The organisation registry: shipped well-known stakeholders plus what each document defines."""
from __future__ import annotations

import re
from collections.abc import Iterable
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
    # How the symbols of a UN body's documents begin -> its id ("CCPR/C/" -> "CCPR")
    symbols: dict[str, str] = field(default_factory=dict)

    def add(self, org: Organisation) -> Organisation:
        """Add or merge an organisation; a known id gains the new aliases and, if it had none, the name."""
        existing = self.organisations.get(org.id) or self._lookup(org.id)
        changed = existing is None
        if existing is None:
            existing = Organisation(org.id, org.name, [], org.type, list(org.members), org.doc)
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

    def put(self, org: Organisation) -> Organisation:
        """Add an organisation as it is, under its own id and every spelling of it, taking them
        from any organisation that had them (a document's own "HRC" shadows the registry's)."""
        old = self.organisations.get(org.id)
        if old is not None and old is not org:
            for key in [k for k, v in self._by_alias.items() if v == org.id]:
                del self._by_alias[key]
        self.organisations[org.id] = org
        for spelling in (org.id, org.name, *org.aliases):
            if spelling:
                self._by_alias[alias_key(spelling)] = org.id
        self.changes += 1
        return org

    def claim(self, spelling: str, org_id: str) -> None:
        """Let spelling name org_id (an alias a document gives it), whatever it named before."""
        org = self.organisations.get(org_id)
        key = alias_key(spelling)
        if org is None or not key or self._by_alias.get(key) == org_id:
            return
        self._by_alias[key] = org_id
        if spelling != org.id and spelling not in org.aliases:
            org.aliases.append(spelling)
        self.changes += 1

    def _lookup(self, name: str) -> Organisation | None:
        org_id = self._by_alias.get(alias_key(name))
        return self.organisations.get(org_id) if org_id else None

    def resolve(self, name: str) -> Organisation | None:
        """The organisation any alias names, case-insensitively; None if unknown."""
        return self._lookup(name)

    def alias_keys(self) -> Iterable[str]:
        """Every key (alias_key) a name resolves by."""
        return self._by_alias.keys()

    def __iter__(self):
        return iter(self.organisations.values())

    def __len__(self) -> int:
        return len(self.organisations)

    def author_of(self, symbol: str) -> Organisation | None:
        """The UN body whose document a symbol is ("CCPR/C/SVN/CO/3" -> the Human Rights Committee)."""
        for prefix, org_id in self.symbols.items():
            if symbol.startswith(prefix):
                return self.organisations.get(org_id)
        return None

    # What a copy was copied from: (id of the original, its changes then). Two copies of the same
    # state of one registry hold the same names, so what is worked out from those may be shared.
    origin: tuple[int, int] = (0, 0)

    def copy(self) -> "Registry":
        """A registry to change without changing this one (each document's copy learns its own
        names): the same entries and spellings, every organisation copied."""
        clone = Registry(symbols=dict(self.symbols), changes=self.changes, origin=(id(self), self.changes))
        clone.organisations = {
            key: Organisation(org.id, org.name, list(org.aliases), org.type, list(org.members), org.doc)
            for key, org in self.organisations.items()
        }
        clone._by_alias = dict(self._by_alias)
        return clone


def load_registry(extra_dirs: list[Path] = ()) -> Registry:
    """The shipped registry, extended by an organisations.toml in any of extra_dirs (e.g. the corpus)."""
    from uprsearch.reader import read_toml  # only to build: a query reads the registry from the index

    registry = Registry()
    sources = [files("uprsearch.data") / REGISTRY_FILE]
    sources += [Path(d) / REGISTRY_FILE for d in extra_dirs if (Path(d) / REGISTRY_FILE).is_file()]
    for source in sources:
        for n, entry in enumerate(_entries(source, "org", read_toml), 1):
            _check(source, "org", n, entry, "id", _ORG_FIELDS)
            org = registry.add(
                Organisation(
                    id=entry["id"],
                    name=entry.get("name", ""),
                    aliases=list(entry.get("aliases", [])),
                    type=entry.get("type", "ngo"),
                )
            )
            for prefix in entry.get("symbols", []):
                registry.symbols[prefix] = org.id
    return registry


def load_acronyms(extra_dirs: list[Path] = ()) -> dict[str, str]:
    """Treaty, body and institution acronyms: short form -> long form. The UN bodies of the
    registry count too (UNHCR, CESCR), unless the short form is a treaty's (CAT, CRC)."""
    from uprsearch.reader import read_toml

    acronyms: dict[str, str] = {}
    sources = [files("uprsearch.data") / ACRONYMS_FILE]
    sources += [Path(d) / ACRONYMS_FILE for d in extra_dirs if (Path(d) / ACRONYMS_FILE).is_file()]
    for source in sources:
        for n, entry in enumerate(_entries(source, "acronym", read_toml), 1):
            _check(source, "acronym", n, entry, "short", {"short": str, "long": str})
            if not isinstance(entry.get("long"), str):
                _check(source, "acronym", n, entry, "long", {})
            acronyms[entry["short"]] = entry["long"]
    for org in load_registry(extra_dirs):
        if org.type == "un" and _ACRONYM.fullmatch(org.id) and org.name:
            acronyms.setdefault(org.id, org.name)
    return acronyms


_ACRONYM = re.compile(r"[A-Z][A-Z\-]+")
_ORG_FIELDS = {"id": str, "name": str, "aliases": list, "type": str, "symbols": list}


def _entries(source, table: str, read_toml) -> list[dict]:
    """The [[table]] entries of a data file; UprError naming the file when it is not a list of tables."""
    from uprsearch.errors import UprError

    entries = read_toml(source).get(table, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise UprError(f"{source}: `{table}` must be a list of [[{table}]] tables")
    return entries


def _check(source, table: str, n: int, entry: dict, key: str, fields: dict) -> None:
    """UprError naming the file, the entry and the field when an entry lacks its key or gives a
    field of the wrong type (a list of strings where a list belongs)."""
    from uprsearch.errors import UprError
    from uprsearch.reader import check_fields

    where = f"{source}: [[{table}]] {n}"
    if not isinstance(entry.get(key), str) or not entry[key].strip():
        raise UprError(f"{where}: no `{key}` (a string); every [[{table}]] needs one")
    check_fields(f"{where} ({entry[key]})", entry, fields)
    for name, wanted in fields.items():
        if wanted is list and not all(isinstance(v, str) for v in entry.get(name, [])):
            raise UprError(f"{where} ({entry[key]}): `{name}` must be a list of strings")
