"""Everything that reaches into Whoosh's private internals for speed: valid for whoosh-reloaded 2.7.5 only.

The modules here subclass, patch or read parts of Whoosh that are not its public API and may
change in any release; importing this package checks the installed version and refuses to run
with another one (setup.cfg pins whoosh-reloaded==2.7.5): upgrading Whoosh means checking each
module here against the new release and changing WHOOSH_VERSION. Nothing outside this folder
uses a private Whoosh name. Each module says what it replaces or patches, why, and what stands
in when its shortcut does not apply; the measured gains are in bench/README.md.

    build_writer.py    SegmentWriter subclassed (BuildWriter), W3PostingsWriter's blocks filled
                       directly, whoosh3.dumps patched: the build's one-pass writer
    posting_buffer.py  SegmentWriter's posting pool
    scoring.py         BM25F and BM25FScorer subclassed; field lengths and posting blocks read
                       from the codec's internals
    collector.py       Searcher.search's collector; two-word and phrase matching
    file_views.py      whoosh.codec.base.CompoundStorage replaced, process-wide
    lean_import.py     stand-ins in sys.modules while Whoosh is imported

The private names relied on, by Whoosh module:

    whoosh.writing       SegmentWriter._check_state, _check_fields, _added, _merge_segments,
                         _finalize_segment, _close_segment, _commit_toc, _finish, `_lk=`
    whoosh.codec.whoosh3 dumps, _lenfield, W3FieldWriter._postwriter, W3PostingsWriter._blocklimit,
                         _ids, _weights, _values, _maxweight, _minlength, _maxlength, _write_block;
                         W3LeafMatcher._data, _ids, _weights, _values, _i, _byteids, _read_data,
                         _read_ids, _read_weights, _read_values, _next_block; W3PerDocReader
                         (SegmentReader._perdoc) _doccount, _cached_reader; its length column's
                         _fixedlen, _dbfile, _basepos, _count, _defaultbytes
    whoosh.scoring       BM25F._field_B
    whoosh.searching     Searcher._filter_to_comb
    whoosh.system        _INT_SIZE (the layout of a Positions value)
    whoosh.filedb        CompoundStorage._source, BufferFile._buf, _name
    whoosh.compat, whoosh.reading, whoosh.query: what they import (lean_import.py)
"""
from uprsearch.errors import WhooshVersionError

WHOOSH_VERSION = (2, 7, 5)


def check_whoosh_version(found: tuple | None = None) -> None:
    """Refuse to run with a Whoosh other than the one these modules were written for."""
    if found is None:
        import whoosh

        found = tuple(whoosh.__version__[:3])
    if tuple(found) != WHOOSH_VERSION:
        want, have = ".".join(map(str, WHOOSH_VERSION)), ".".join(map(str, found))
        raise WhooshVersionError(
            f"uprsearch needs whoosh-reloaded {want} (found {have}): its speed-ups in "
            f"uprsearch/index/whoosh_internals/ rely on that version's internals; "
            f"install it with: pip install 'whoosh-reloaded=={want}'"
        )


check_whoosh_version()
