"""The filter fields, each declared once.

A filter field is something a chunk is selected by: `--org AI` on the command line, `org:AI` in a
query, a keyword field of the index (each value one whole term) and, for some, a facet counted
over the hits. Each is declared here with its name, how its values are read from a chunk, its
command-line option, whether it is a facet and, where a statement has values of its own (its
speakers, kind and themes), how they are read from it; the index schema and each chunk's indexed
values, the library's filters and the values a statement answers `said` queries, filters and
facets with, the CLI options and the facets all derive from this declaration. How a value a user types becomes index values (an
organisation's alias its id, a heading's words its headings) is the library's `resolve`: a field
it has no rule for takes the index's own values, in any case. A filter may select on another
filter's index field rather than one of its own: `--by-type state` selects chunks by their
organisations, the library resolving a type to the organisations of that type.

The order is the one the fields are listed in: in `--help`, and in the error that names the
fields a query may use.

Light to import: the CLI reads it for its options on every `uprsearch --help`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, NamedTuple

if TYPE_CHECKING:
    from uprsearch.models import Chunk, Document, Statement


class FilterField(NamedTuple):  # a NamedTuple, not a dataclass: a tenth of the cost at import
    name: str  # the option --NAME (an underscore a hyphen); the index field and NAME: in a query unless it `selects`
    # The chunk's values (empty ones and repeats are dropped where it is indexed). With its document,
    # the document's values where it has them; without (a statement in `said`), the chunk's own.
    values: Callable[[Chunk, Document | None], list[str]]
    short: str | None  # the option's one-letter form
    metavar: str
    help: str
    facet: bool = False  # counted by --facets
    # A statement's own values (`said`: --theme keeps the statements about the theme, the facets
    # count statements); None: a statement answers with its chunk's.
    statement: Callable[[Statement], list[str]] | None = None
    selects: str = ""  # the index field it selects on, where it has none of its own (nor a NAME: in a query)


def _kinds(chunk: Chunk, document: Document | None) -> list[str]:
    return [chunk.kind, *(statement.kind for statement in chunk.statements)]


def _country(chunk: Chunk, document: Document | None) -> list[str]:
    if document is None:
        return [chunk.country] if chunk.country else []
    return [v for v in (document.country or chunk.country, document.iso3) if v]


def _action(chunk: Chunk, document: Document | None) -> list[str]:
    return [str(chunk.action)] if chunk.action is not None else []


def _cycle(chunk: Chunk, document: Document | None) -> list[str]:
    cycle = chunk.cycle if chunk.cycle is not None or document is None else document.cycle
    return [str(cycle)] if cycle is not None else []


def _response(chunk: Chunk, document: Document | None) -> list[str]:
    # a recommendation's (an addendum's paragraph that answers some carries theirs, not its own)
    return [chunk.response] if chunk.kind == "recommendation" else []


FILTER_FIELDS = (
    FilterField("org", lambda chunk, document: chunk.orgs, "-o", "ORG",
                "Chunks this organisation speaks in (any alias, any case).", facet=True,
                statement=lambda statement: statement.orgs),
    FilterField("theme", lambda chunk, document: chunk.themes, "-t", "THEME",
                "Tagged with this theme (slug or label); with said, statements about it.", facet=True,
                statement=lambda statement: statement.themes),
    FilterField("kind", _kinds, "-k", "KIND",
                "paragraph, recommendation, summary; or a statement kind: concern, welcome, observation.",
                statement=lambda statement: [statement.kind]),
    FilterField("action", _action, None, "N",
                "Recommendations of this action category (UPR Info's): 1 minimal, 2 continuing, 3 considering, "
                "4 general, 5 specific action."),
    FilterField("section", lambda chunk, document: chunk.section, "-s", "TEXT",
                "Under a heading containing TEXT (a whole heading, as --facets lists it, means that one).", facet=True),
    FilterField("doc", lambda chunk, document: [chunk.doc], "-d", "DOC", "From this document (id or symbol).", facet=True),
    FilterField("country", _country, None, "NAME", "Documents about this country (name or ISO code)."),
    FilterField("cycle", _cycle, None, "N", "Documents of this review cycle."),
    FilterField("response", _response, None, "RESPONSE",
                "State recommendations the State under review supported, noted, partially-supported, or has "
                "yet to answer (pending)."),
    FilterField("by_type", lambda chunk, document: chunk.orgs, None, "TYPE",
                "Chunks an organisation of this type speaks in: state, ngo, un, nhri, joint-submission, "
                "intergovernmental.", statement=lambda statement: statement.orgs, selects="org"),
)
FILTER_NAMES = tuple(f.name for f in FILTER_FIELDS)
INDEXED_NAMES = tuple(f.name for f in FILTER_FIELDS if not f.selects)  # the index's keyword fields
INDEX_FIELD = {f.name: f.selects or f.name for f in FILTER_FIELDS}  # the index field each filter selects on
FACET_FIELDS = tuple(f.name for f in FILTER_FIELDS if f.facet)
