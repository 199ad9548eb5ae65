"""How many chunks `similar` returns for each chunk of an index, with and without its cut-off.

    .venv/bin/python bench/similar.py [INDEX_DIR]

INDEX_DIR defaults to the index the command would use (index/ in a checkout). "more-like-this"
is every chunk the index's more-like-this query finds (what `similar` printed piped before the
cut-off); "similar" is what it prints piped now (Library.similar: SIMILAR_SHARE of the best score
and SIMILAR_WORDS shared key words).
"""
from __future__ import annotations

import statistics
import sys
from pathlib import Path

from uprsearch.index import Index, index_location
from uprsearch.library import Filters, Library


def main() -> None:
    location = Path(sys.argv[1]) if len(sys.argv) > 1 else index_location(None)
    library = Library(Index.open(location))
    ids = library.index.values("id")
    before, after = [], []
    for chunk_id in ids:
        before.append(len(library.index.similar(library.index.get(chunk_id), {}, limit=None).hits))
        after.append(library.similar(chunk_id, Filters(), limit=None).total)
    print(f"{len(ids)} chunks in {location}")
    for name, counts in (("more-like-this", before), ("similar", after)):
        print(f"{name:>15}: mean {statistics.mean(counts):.1f}  median {statistics.median(counts):g}  "
              f"max {max(counts)}  none {sum(c == 0 for c in counts)}  more than 10 {sum(c > 10 for c in counts)}")


if __name__ == "__main__":
    main()
