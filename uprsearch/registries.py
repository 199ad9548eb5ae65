"""The registries (`orgs`, `themes`, `docs`) with their counts, as a part of the Library
(library.py) kept apart for length: they read the index's per-document counts (self.index.meta)
and the Library's organisations (self.registry, self.own_organisations)."""
from __future__ import annotations

import re

from uprsearch.errors import QueryError
from uprsearch.models import ORG_TYPES
from uprsearch.outcome import Identity, Outcome


class Registries:
    """The Library's orgs, themes and docs (class Library(Said, Registries))."""

    def _usage(self, attribute: str) -> dict[str, list[int]]:
        """[chunks, statements] by org id or theme slug (the documents' `orgs` or `themes`), summed."""
        counts: dict[str, list[int]] = {}
        for entry in self.index.meta.documents:
            for key, (chunks, statements) in getattr(entry, attribute).items():
                c = counts.setdefault(key, [0, 0])
                c[0] += chunks
                c[1] += statements
        return counts

    def orgs(self, type_: str | None = None) -> Outcome:
        """Every organisation that speaks, with counts: a document's own ones (its joint
        submissions, with their members) apart from the registry's; only those of one type if given."""
        wanted = org_type(type_) if type_ else None
        own_in: dict[tuple[str, str], Identity] = {}  # (doc, id) -> that document's own organisation
        for ids in self.own_organisations.values():
            for identity in ids:
                for doc in identity.docs:
                    own_in[(doc, identity.org.id)] = identity
        rows: dict[object, tuple[Identity | None, str, list[int]]] = {}  # identity -> its counts
        for entry in self.index.meta.documents:
            for org_id, (chunks, statements) in entry.orgs.items():
                identity = own_in.get((entry.document.id, org_id))
                if identity is None:  # the registry's
                    known = self.registry.resolve(org_id)
                    identity = Identity(known, None) if known is not None else None
                    key: object = known.id if known is not None else org_id
                else:
                    key = identity
                row = rows.setdefault(key, (identity, org_id, [0, 0]))
                row[2][0] += chunks
                row[2][1] += statements
        records = []
        for identity, org_id, (chunks, statements) in rows.values():
            org = identity.org if identity else None
            if wanted is not None and (org.type if org else "") != wanted:
                continue
            records.append(
                {
                    "id": org_id,
                    "name": org.name if org else "",
                    "aliases": [a for a in (org.aliases if org else []) if a not in (org_id, org.name if org else "")],
                    "type": org.type if org else "",
                    "doc": ", ".join(sorted(identity.docs)) if identity and identity.docs is not None else "",
                    "members": list(org.members) if org else [],
                    "chunks": chunks,
                    "statements": statements,
                }
            )
        records.sort(key=lambda r: (-r["statements"], -r["chunks"], r["id"].lower(), r["doc"]))
        return Outcome(records, len(records))

    def themes(self) -> Outcome:
        counts = self._usage("themes")
        records = [
            {"slug": t["slug"], "label": t["label"], "chunks": counts.get(t["slug"], [0, 0])[0],
             "statements": counts.get(t["slug"], [0, 0])[1]}
            for t in self.index.meta.themes
        ]
        return Outcome(records, len(records))

    def docs(self) -> Outcome:
        records = []
        for entry in self.index.meta.documents:
            record = entry.document.to_record()
            record.pop("sha256", None)
            record["chunks"] = entry.chunks
            record["statements"] = entry.statements
            record["organisations"] = len(entry.orgs)  # organisations speaking in it
            records.append(record)
        return Outcome(records, len(records), None, None, self.documents)


def org_type(name: str) -> str:
    """An organisation type as a user writes it ("State", "NGOs", "joint submission") -> ORG_TYPES."""
    key = re.sub(r"[\s_]+", "-", name.strip().lower())
    key = {"states": "state", "ngos": "ngo", "js": "joint-submission", "joint": "joint-submission"}.get(key, key)
    if key not in ORG_TYPES:
        raise QueryError(f"unknown organisation type {name!r}; types are {', '.join(ORG_TYPES)}")
    return key
