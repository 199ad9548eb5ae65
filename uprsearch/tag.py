"""Tag chunks: statements and who said them, statement kinds, organisations, themes (temporary)."""
from __future__ import annotations

from uprsearch.models import ParsedDocument, Statement
from uprsearch.orgs import Registry
from uprsearch.themes import Taxonomy


def tag_document(parsed: ParsedDocument, registry: Registry, acronyms: dict[str, str], taxonomy: Taxonomy) -> None:
    for chunk in parsed.chunks:
        chunk.statements = [Statement(chunk.text, list(chunk.orgs))]
        chunk.themes = taxonomy.tag(chunk.text, chunk.section)
