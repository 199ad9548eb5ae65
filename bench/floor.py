"""Where an index build's time goes, stage by stage, on the same chunks in one run.

    python bench/floor.py [--paragraphs 20000] [--out FILE]

Over the cached synthetic corpus bench/cache/<N>/ (made by run.py / synth.py), one process:

1. read + parse + tag every file (uprsearch.pipeline.parse_paths), one file at a time;
2. prepare each chunk for the index (field values and the stored chunk record);
3. a bare Whoosh writer (Whoosh's `index.writer()`, uprsearch's schema, Whoosh's own add_document and
   commit) on the very field values of step 2: what Whoosh alone costs;
4. uprsearch's build writer on the same values (its one-pass analysis and posting buffer), then its
   commit.

CPU seconds and paragraphs per CPU second for each. The build (`uprsearch index`) runs 1+2+4 in
one worker process per core, each on its own run of files writing its own segment, so on C cores
its best wall time is about (1+2+4)/C.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def cpu() -> float:
    return time.process_time()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=20_000)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)

    from whoosh import index as whoosh_index

    from uprsearch.index.schema import DOC_STRIDE, document_fields, schema, statement_fields
    from uprsearch.index.whoosh_internals.build_writer import build_writer_class
    from uprsearch.index.workers import prepare_document
    from uprsearch.index.writer import BUILD_LIMIT_MB
    from uprsearch.pipeline import Knowledge, parse_paths
    from uprsearch.reader import find_sources, load_catalog

    corpus = HERE / "cache" / str(args.paragraphs)
    if not (corpus / "manifest.json").is_file():
        raise SystemExit(f"floor: no corpus at {corpus}; run bench/run.py --paragraphs {args.paragraphs} first")
    paths = find_sources([corpus])
    knowledge = Knowledge.load([corpus])
    catalogs = {corpus: load_catalog(corpus)}
    stages: dict[str, float] = {}

    t = cpu()
    documents = []
    for path in paths:
        documents.extend(parse_paths([path], knowledge, catalogs=catalogs).documents)
    stages["1 read+parse+tag"] = cpu() - t
    n = sum(len(d.chunks) for d in documents)

    t = cpu()
    prepared = [prepare_document(d) for d in documents]
    stages["2 prepare (fields, record)"] = cpu() - t
    del documents

    chunks = []  # every index document: a chunk, then its statements (statement_fields), at the chunk's place
    for order, doc in enumerate(prepared, 1):
        held = {}  # a report's recommendations, written by the build once its addenda are read: here as they are
        for seq, chunk in doc.held:
            values = document_fields(chunk, doc.document, 0)
            held[seq] = [values, *statement_fields(chunk, doc.document)]
        for seq, documents in enumerate(doc.fields):
            chunk, *statements = documents if documents is not None else held[seq]
            chunks.append(dict(chunk, pos=order * DOC_STRIDE + seq))  # as BuildWork.write: a place for the chunk only
            chunks.extend(statements)

    work = Path(tempfile.mkdtemp(prefix="uprsearch-floor-"))
    try:
        bare = work / "bare"
        bare.mkdir()
        t = cpu()
        index = whoosh_index.create_in(str(bare), schema())
        writer = index.writer(limitmb=128)
        for values in chunks:
            writer.add_document(**values)
        added = cpu()
        writer.commit()
        stages["3 bare Whoosh writer: add_document"] = added - t
        stages["3 bare Whoosh writer: commit"] = cpu() - added
        index.close()

        ours = work / "ours"
        ours.mkdir()
        t = cpu()
        index = whoosh_index.create_in(str(ours), schema())
        writer = build_writer_class()(index, limitmb=BUILD_LIMIT_MB)
        for values in chunks:
            writer.add_values(values)
        added = cpu()
        writer.commit()
        stages["4 uprsearch build writer: add"] = added - t
        stages["4 uprsearch build writer: commit"] = cpu() - added
        index.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    bare_total = stages["3 bare Whoosh writer: add_document"] + stages["3 bare Whoosh writer: commit"]
    ours_total = stages["4 uprsearch build writer: add"] + stages["4 uprsearch build writer: commit"]
    parse_total = stages["1 read+parse+tag"] + stages["2 prepare (fields, record)"]
    print(f"{n:,} paragraphs from {corpus}")
    print(f"{'stage':<42} {'CPU s':>8} {'paragraphs/CPU s':>17}")
    for name, seconds in stages.items():
        print(f"{name:<42} {seconds:>8.2f} {n / seconds:>17,.0f}")
    print(f"{'bare Whoosh writer, total':<42} {bare_total:>8.2f} {n / bare_total:>17,.0f}")
    print(f"{'uprsearch build writer, total':<42} {ours_total:>8.2f} {n / ours_total:>17,.0f}")
    whole = parse_total + ours_total
    print(f"{'whole build (1+2+4), one core':<42} {whole:>8.2f} {n / whole:>17,.0f}")
    print(f"best on 2 cores: {n / (whole / 2):,.0f} paragraphs/s (each core's worker does 1+2+4 for half the files)")
    if args.out:
        args.out.write_text(json.dumps({
            "paragraphs": n, "cpu_s": {k: round(v, 2) for k, v in stages.items()},
            "bare_whoosh_pps": round(n / bare_total), "build_writer_pps": round(n / ours_total),
            "parse_prepare_pps": round(n / parse_total), "one_core_pps": round(n / whole),
            "two_core_bound_pps": round(n / (whole / 2)),
        }, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
