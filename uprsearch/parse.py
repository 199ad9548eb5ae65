"""Parse a document's text into chunks (temporary: plain paragraphs only)."""
from __future__ import annotations

import re

from uprsearch.models import PARAGRAPH, Chunk, Document, ParsedDocument
from uprsearch.orgs import Registry
from uprsearch.reader import SourceText


def parse_document(source: SourceText, document: Document, registry: Registry, acronyms: dict[str, str]) -> ParsedDocument:
    chunks = []
    for n, block in enumerate((b for b in re.split(r"\n\s*\n", source.text) if b.strip()), 1):
        text = " ".join(block.split())
        chunks.append(Chunk(id=f"{document.id}:{n}", doc=document.id, n=n, para=None, kind=PARAGRAPH, section=[], text=text))
    return ParsedDocument(document, chunks)
