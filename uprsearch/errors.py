"""Errors a user can act on. The CLI prints them as one line and exits 2."""


class UprError(Exception):
    """An error with a message meant for the user."""


class InputError(UprError):
    """A file that cannot be read as a document (empty, binary, undecodable, no text layer)."""


class QueryError(UprError):
    """A query or filter that cannot be run."""


class IndexBusyError(UprError):
    """Another process holds the index's write lock."""
