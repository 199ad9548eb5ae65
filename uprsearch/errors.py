"""Errors a user can act on, every one of them. The CLI prints them as one line and exits 2."""


class UprError(Exception):
    """An error with a message meant for the user."""


class InputError(UprError):
    """A file that cannot be read as a document (empty, binary, undecodable, no text layer)."""


class QueryError(UprError):
    """A query or filter that cannot be run."""


class IndexMissing(UprError):
    """There is no index at the location yet."""


class IndexOutdated(UprError):
    """The index was written by an older schema version: `uprsearch index --repair` rebuilds it."""


class IndexTooNew(UprError):
    """The index was written by a newer schema version: refused, never rebuilt behind the user's back."""


class IndexDamaged(UprError):
    """The index's files cannot be read (a lost or garbled pointer, metadata or segment)."""


class IndexBusyError(UprError):
    """Another process holds the index's write lock."""


class WorkerFailed(UprError):
    """A build's worker process died, or raised what cannot be sent back; the message says which."""


class WhooshVersionError(UprError):
    """The installed Whoosh is not the version uprsearch's speed-ups were written for."""
