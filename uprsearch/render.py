"""All output formatting: the rich terminal view, plain text for pipes, and machine formats."""
from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from uprsearch.pipeline import ParseRun


def print_parse(run: "ParseRun", fmt: str) -> None:
    """`uprsearch parse`: every chunk, as JSON Lines or a plain readable listing."""
    out = sys.stdout
    for parsed in run.documents:
        if fmt == "jsonl":
            for chunk in parsed.chunks:
                out.write(json.dumps(chunk.to_record(), ensure_ascii=False) + "\n")
            continue
        doc = parsed.document
        out.write(f"# {doc.id}  {doc.type}  {doc.symbol or doc.title or doc.source}  ({len(parsed.chunks)} chunks)\n")
        for note in parsed.notes:
            out.write(f"# note: {note}\n")
        out.write("\n")
        for chunk in parsed.chunks:
            para = f" ¶{chunk.para}" if chunk.para is not None else ""
            out.write(f"[{chunk.id}] {chunk.kind}{para}  § {' > '.join(chunk.section) or '-'}\n")
            out.write(f"  orgs: {', '.join(chunk.orgs) or '-'}   themes: {', '.join(chunk.themes) or '-'}\n")
            out.write(f"  {chunk.text}\n")
            for st in chunk.statements:
                out.write(f"    - [{st.kind}] {'/'.join(st.orgs) or '?'}: {st.text}\n")
            if chunk.footnotes:
                notes = "; ".join(f"{f.number}" + (f" {f.text}" if f.text else "") for f in chunk.footnotes)
                out.write(f"  footnotes: {notes}\n")
            out.write("\n")
