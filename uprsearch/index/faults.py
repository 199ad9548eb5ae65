"""The one-line errors for an index that cannot be used as it is, each with the command that mends it.

A damaged index (a lost or garbled pointer, metadata or segment) and one an older schema wrote are
rebuilt from the files they recorded by `uprsearch index --repair`; one a newer schema wrote is
refused. Nothing rebuilds or replaces an index but a command that says so (see health.py).
"""
from __future__ import annotations

import pickle
import struct
import zlib
from pathlib import Path

from uprsearch.errors import IndexDamaged, IndexOutdated, IndexTooNew, UprError
from uprsearch.index.location import index_command
from uprsearch.index.schema import SCHEMA_VERSION

# What reading a truncated or garbled Whoosh file raises (an EOFError would otherwise reach
# Click, which takes it for Ctrl-C at a prompt). Whoosh's own errors are added where it is imported.
READ_ERRORS: tuple[type[BaseException], ...] = (
    EOFError, struct.error, pickle.UnpicklingError, zlib.error, ValueError, KeyError, TypeError, IndexError,
    AttributeError,
)


def damaged(location: Path, reason: str) -> IndexDamaged:
    """The one-line error for a damaged index, with the commands that mend it."""
    command = index_command(location)
    return IndexDamaged(
        f"the index at {location} is damaged ({reason}); rebuild it from the files it recorded with "
        f"`{command} --repair`, or from the paths you name with `{command} --rebuild PATH…`"
    )


def foreign_version(location: Path, version: object) -> UprError:
    """The one-line error for an index another schema wrote (or one whose version is unreadable)."""
    command = index_command(location)
    if not isinstance(version, int):
        return damaged(location, "its metadata names no schema version")
    if version > SCHEMA_VERSION:
        return IndexTooNew(
            f"the index at {location} was built by a newer version of uprsearch (schema {version}; this one reads "
            f"{SCHEMA_VERSION}); use that version, or replace the index with `{command} --rebuild PATH…`"
        )
    return IndexOutdated(
        f"the index at {location} was built by an older version of uprsearch (schema {version}; this one reads "
        f"{SCHEMA_VERSION}); rebuild it from the files it recorded with `{command} --repair`"
    )
