"""Importing Whoosh for a query without the standard library it drags in and never uses here."""
from __future__ import annotations


def import_whoosh() -> None:
    """Import Whoosh for a query without the standard library it drags in and never uses here.

    whoosh.compat imports urllib.request (for a download helper; with it http.client, email and
    ssl) and whoosh.reading the cached_property package (which imports asyncio): about half of
    Whoosh's import time. Both are imported here with stand-ins: urlretrieve that imports the real
    urllib.request when called, and functools.cached_property (the same caching in the instance
    dict). whoosh.query imports whoosh.lang.morph_en, which compiles some hundred regular
    expressions (~10 ms) for the Variations query uprsearch never makes: its stand-in's
    variations() imports the real one when called. The stand-ins leave sys.modules straight away,
    so any other import gets the real ones.
    """
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
