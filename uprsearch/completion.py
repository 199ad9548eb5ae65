"""Shell completion of the names in the index: organisation ids (--org, `said ORG`), theme slugs
(--theme), document ids and symbols (--doc, `show`, `similar`).

Click completes commands and options itself (`eval "$(_UPRSEARCH_COMPLETE=bash_source uprsearch)"`);
these add the values. They read the live generation's small metadata only (no Whoosh, nothing
built): without an index there is nothing to offer, and completion offers nothing.
"""
from __future__ import annotations

from typing import Callable

import click
from click.shell_completion import CompletionItem


def _info(ctx: click.Context):
    """The live index's IndexInfo (organisations, themes, documents), or None."""
    from uprsearch.errors import UprError
    from uprsearch.index.generations import live_generation
    from uprsearch.index.location import index_location
    from uprsearch.index.meta import IndexInfo, read_meta

    try:
        location = index_location(ctx.find_root().params.get("index_dir"))
        generation = live_generation(location)
        if generation is None:
            return None
        return IndexInfo.load(generation) or IndexInfo.from_meta(read_meta(generation))
    except (UprError, OSError, ValueError, KeyError, TypeError, Exception):  # noqa: BLE001 - never break the shell
        return None


def _matching(candidates: list[tuple[str, str]], incomplete: str) -> list[CompletionItem]:
    """The (value, help) pairs whose value starts with what was typed (any case), each once."""
    key = incomplete.lower()
    seen: set[str] = set()
    items = []
    for value, help_text in candidates:
        if value and value not in seen and value.lower().startswith(key):
            seen.add(value)
            items.append(CompletionItem(value, help=help_text or None))
    return items


def organisations(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    info = _info(ctx)
    if info is None:
        return []
    return _matching([(org.id, org.name if org.name != org.id else "") for org in info.organisations], incomplete)


def themes(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    info = _info(ctx)
    if info is None:
        return []
    return _matching([(theme["slug"], theme.get("label", "")) for theme in info.themes], incomplete)


def documents(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Document ids, and symbols where what was typed starts like one ("A/HRC…")."""
    info = _info(ctx)
    if info is None:
        return []
    pairs = [(doc.id, doc.symbol or doc.title) for doc in info.documents]
    pairs += [(doc.symbol, doc.id) for doc in info.documents if doc.symbol]
    return _matching(pairs, incomplete)


# The filter fields (filters.FILTER_FIELDS) whose values completion offers
FILTER_COMPLETION: dict[str, Callable] = {"org": organisations, "theme": themes, "doc": documents}
