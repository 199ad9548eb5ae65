"""Importing Whoosh for a query without the standard library it drags in and never uses here.

Patches: sys.modules, for the length of one import of whoosh.compat, whoosh.query and
whoosh.reading. Relies on what those modules import in 2.7.5: whoosh.compat urllib.request (for a
download helper; with it http.client, email and ssl), whoosh.reading the cached_property package
(which imports asyncio), whoosh.query whoosh.lang.morph_en (a hundred regular expressions, for
the Variations query uprsearch never makes).

Why: those imports were a large part of a cold query's start (bench/README.md).

Fallback: the stand-ins leave sys.modules straight away, so any later import gets the real
modules, and each stand-in imports the real module when it is used; without this module Whoosh
imports them all, as it does for any program.
"""
from __future__ import annotations


def import_whoosh() -> None:
    """Import Whoosh for a query with stand-ins for what it drags in: urlretrieve that imports
    the real urllib.request when called, functools.cached_property (the same caching in the
    instance dict), and a morph_en whose variations() imports the real one when called."""
    import sys

    if "whoosh.compat" in sys.modules:
        return
    import functools
    import types

    def urlretrieve(*args, **kwargs):
        import urllib.request

        return urllib.request.urlretrieve(*args, **kwargs)

    def variations(word):
        import importlib

        return importlib.import_module("whoosh.lang.morph_en").variations(word)

    stubs = {}
    if "whoosh.lang.morph_en" not in sys.modules:
        stubs["whoosh.lang.morph_en"] = types.ModuleType("whoosh.lang.morph_en")
        stubs["whoosh.lang.morph_en"].variations = variations
    if "urllib.request" not in sys.modules:
        stubs["urllib.request"] = types.ModuleType("urllib.request")
        stubs["urllib.request"].urlretrieve = urlretrieve
    if "cached_property" not in sys.modules:
        stubs["cached_property"] = types.ModuleType("cached_property")
        stubs["cached_property"].cached_property = functools.cached_property
    sys.modules.update(stubs)
    try:
        import whoosh.compat  # noqa: F401
        import whoosh.query  # noqa: F401
        import whoosh.reading  # noqa: F401
    finally:
        for name, module in stubs.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
