"""The values the library takes and gives: the filters as a user gave them, what a command found
(an Outcome), and the organisation a name stands for in which documents (an Identity)."""
from __future__ import annotations

from dataclasses import dataclass, field, make_dataclass
from typing import Any

from uprsearch.filters import FILTER_NAMES
from uprsearch.models import Document, Organisation

# Filter values as given, one tuple per filter field (filters.FILTER_FIELDS, in that order): the
# same filter twice means either value; different ones AND.
Filters = make_dataclass(
    "Filters",
    [(name, tuple[str, ...], field(default=())) for name in FILTER_NAMES],
    namespace={"items": lambda self: ((name, getattr(self, name)) for name in FILTER_NAMES)},
)


@dataclass
class Outcome:
    """What a command found: records to print, how many there are in all, facets, a suggestion."""

    records: list[dict[str, Any]]
    total: int
    facets: dict[str, dict[str, int]] | None = None
    suggestion: str | None = None
    documents: dict[str, Document] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)  # what the user should know about the answer (stderr)


@dataclass(frozen=True, eq=False)
class Identity:
    """One organisation a name stands for, and where: a document's own organisations (its joint
    submissions, its own abbreviations) are theirs; the registry's, every document's but those
    where a document's own one of the same id shadows it."""

    org: Organisation
    docs: frozenset[str] | None  # None: every document

    def speaks_in(self, doc: str) -> bool:
        return self.docs is None or doc in self.docs

    def label(self) -> str:
        """"JS1 of a-hrc-wg-6-28-ukr-3 (Centre for Civil Liberties, DeJuRe Foundation)", "CS (Cultural Survival)"."""
        where = f" of {', '.join(sorted(self.docs))}" if self.docs is not None and self.org.doc else ""
        about = ", ".join(self.org.members) if self.org.members else self.org.name if self.org.name != self.org.id else ""
        return f"{self.org.id}{where}" + (f" ({about})" if about else "")
