"""Compound segment files opened as views of the file, not copies of it.

Replaces: whoosh.codec.base.CompoundStorage (whoosh.filedb.compound.CompoundStorage), patched
process-wide by install_file_views() when an Index opens; its parts are BufferFile subclasses.
Relies on: CompoundStorage's `_source` (its mmap of the whole file), `range()`, `is_closed` and
BufferFile's `_buf` and `_name`.

Why: Whoosh reads a compound segment through one mmap of the whole file, but wraps each part in a
BufferFile whose BytesIO copies the part into memory when a reader opens, so every cold query
first copies the postings and terms of every segment, more as the index grows (the measurement
is in bench/README.md). Here each part is its own read-only mmap of the same file.

Fallback: where a part cannot be mapped (no mmap, an empty part, a closed storage) Whoosh's own
open_file is used; without this module Whoosh's CompoundStorage reads the same bytes, copied.
"""
from __future__ import annotations

import os


def install_file_views() -> None:
    """Open a segment's parts as views of the file, not copies of it (once per process).

    Each part is its own read-only mmap of the same file (from the page boundary before it),
    seek/tell shifted by the offset within the first page; get() still slices Whoosh's whole-file
    map. Reads give the same bytes; writers never use these (a compound file is only ever read)."""
    import mmap

    from whoosh.codec import base as codec_base
    from whoosh.filedb.compound import CompoundStorage
    from whoosh.filedb.structfile import BufferFile

    if getattr(codec_base.CompoundStorage, "_upr_views", False):
        return

    class _PartFile(BufferFile):
        def __init__(self, part, delta: int, buf, name=None):
            self._buf = buf
            self._name = name
            self.file = part
            self._delta = delta
            self.onclose = None
            self.is_real = False
            self.is_closed = False
            part.seek(delta)

        def seek(self, pos, whence=0):
            return self.file.seek(pos + self._delta if whence == 0 else pos, whence)

        def tell(self):
            return self.file.tell() - self._delta

    class _ViewCompoundStorage(CompoundStorage):
        _upr_views = True

        def __init__(self, dbfile, use_mmap=True, basepos=0):
            self._upr_fd = None
            if use_mmap:
                try:
                    self._upr_fd = os.dup(dbfile.fileno())
                except (AttributeError, OSError, ValueError):
                    self._upr_fd = None
            try:
                super().__init__(dbfile, use_mmap=use_mmap, basepos=basepos)
            except BaseException:
                self._close_fd()
                raise
            if self._source is None:
                self._close_fd()

        def open_file(self, name, *args, **kwargs):
            if self._upr_fd is None or self._source is None or self.is_closed:
                return super().open_file(name, *args, **kwargs)
            offset, length = self.range(name)
            if length == 0:
                return super().open_file(name, *args, **kwargs)
            start = offset - offset % mmap.ALLOCATIONGRANULARITY
            part = mmap.mmap(self._upr_fd, offset - start + length, access=mmap.ACCESS_READ, offset=start)
            return _PartFile(part, offset - start, memoryview(self._source)[offset:offset + length], name=name)

        def _close_fd(self):
            if self._upr_fd is not None:
                os.close(self._upr_fd)
                self._upr_fd = None

        def close(self):
            self._close_fd()
            super().close()

    codec_base.CompoundStorage = _ViewCompoundStorage
