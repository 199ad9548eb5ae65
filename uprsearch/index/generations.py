"""The index folder: generations, the pointer to the live one, the writers' lock.

Layout of an index folder::

    CURRENT           the name of the live generation (replaced atomically)
    LOCK              the writers' lock file
    gen-<stamp>/      one complete generation: Whoosh's files, meta.json and the read path's sidecars

Every change (a first build, an incremental update, a rebuild) is written to a new generation
beside the live one and made live by replacing CURRENT, so a failed or killed build leaves the
previous index answering queries. An incremental update starts from hard links to the live
generation's files (Whoosh never rewrites a file it has written), so it costs little. A
generation is never changed once it is live. What a killed build leaves (a generation without
meta.json, CURRENT's temporary file) is removed at the start of the next write (health.py).
"""
from __future__ import annotations

import os
import re
import shutil
import time
import uuid
from pathlib import Path
from typing import Any

from uprsearch.errors import IndexBusyError, UprError

POINTER = "CURRENT"
LOCK_FILE = "LOCK"
META = "meta.json"  # in each generation: written last, so a generation without it is incomplete
LOCK_WAIT = 5.0  # seconds a second writer waits before giving up
GENERATION_NAME = re.compile(r"gen-[A-Za-z0-9_-]+")
POINTER_TMP = f".{POINTER}.*.tmp"  # write_atomic's temporary file for CURRENT


def read_pointer(location: Path) -> str | None:
    """CURRENT's text, stripped; None if there is none. Bytes that are no UTF-8 read as U+FFFD
    (no generation name has them: the pointer is then damaged, not an error of its own)."""
    try:
        data = (location / POINTER).read_bytes()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    except OSError as exc:
        raise UprError(f"cannot read the index at {location} ({exc.strerror or exc})") from exc
    return data.decode("utf-8", errors="replace").strip()


def is_generation_name(name: str) -> bool:
    """A name CURRENT may hold: a gen-… folder of the index's own, never a path ('..', '/')."""
    return GENERATION_NAME.fullmatch(name) is not None


def live_generation(location: Path) -> Path | None:
    """The live generation's folder, None if there is none (or CURRENT names no complete one)."""
    name = read_pointer(location)
    if name is None or not is_generation_name(name):
        return None
    gen = location / name
    return gen if (gen / META).is_file() else None


class Lock:
    """The writers' lock: an OS file lock, released by the OS if the holder dies."""

    def __init__(self, location: Path):
        self.path = location / LOCK_FILE
        self._lock = None

    def __enter__(self) -> "Lock":
        from whoosh.util.filelock import FileLock, try_for

        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(str(self.path))
        if not try_for(lambda: self._lock.acquire(blocking=False), timeout=LOCK_WAIT, delay=0.1):
            self._lock = None
            raise IndexBusyError(
                f"the index is being updated by another process ({self.path.parent}); try again when it is done"
            )
        return self

    def __exit__(self, *exc) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def new_generation(location: Path) -> Path:
    """A new, empty generation folder (not live)."""
    gen = location / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
    gen.mkdir()
    return gen


def link_files(base: Path, gen: Path) -> None:
    """Start `gen` from hard links to `base`'s Whoosh files (copies where links fail): not its
    metadata (a new one is written) nor its lock files."""
    for item in base.iterdir():
        if item.name == META or item.name.endswith("LOCK"):
            continue
        try:
            os.link(item, gen / item.name)
        except OSError:
            shutil.copy2(item, gen / item.name)


def make_live(location: Path, gen: Path, previous: Path | None) -> None:
    """Point CURRENT at a complete generation; remove the others but the one it replaces."""
    write_atomic(location / POINTER, gen.name + "\n")
    prune(location, keep={gen.name, previous.name if previous else ""})


def discard(location: Path, gen: Path) -> None:
    """Remove a generation being written, unless it became live after all."""
    live = live_generation(location)
    if live is None or live.resolve() != gen.resolve():
        shutil.rmtree(gen, ignore_errors=True)


def prune(location: Path, keep: set[str]) -> None:
    """Remove generations other than the live one and the one it replaced (a reader may still be
    opening that one); files held open by readers stay readable on POSIX."""
    for item in location.iterdir():
        if item.is_dir() and is_generation_name(item.name) and item.name not in keep:
            shutil.rmtree(item, ignore_errors=True)
    for item in location.glob(POINTER_TMP):  # only the index's own: the folder may hold other files
        try:
            item.unlink()
        except OSError:
            pass


def write_atomic(path: Path, text: str) -> None:
    """Replace a file's text in one step (written beside it, synced, renamed over it)."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def write_pickle(path: Path, data: Any) -> None:
    """Replace a file with a pickle of `data` in one step (a generation's sidecars)."""
    import pickle

    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with open(tmp, "wb") as fh:  # replaces (never writes through) a hard link from the base
        pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
