"""What the commands print: each listing's record columns in output order (SPEC.md), the column
that names a record (for --format ids), and the formats every listing prints in. Declared once
for the library, which makes the records, the renderer, which prints them, and the CLI, which
offers the formats.

Light to import: the CLI reads FORMATS for its options on every `uprsearch --help`.
"""

FORMATS = ("text", "jsonl", "json", "csv", "tsv", "ids")

COLUMNS = {
    # a chunk: its fields (the document's symbol, country and cycle where the chunk has none; a
    # State recommendation's number and response, "" for other chunks), then the hit's score and
    # the character spans of the matched words
    # citation and url: how to cite the chunk and its document's official address (uprsearch.cite)
    # theme_evidence: theme -> the words (or "heading: ...") that gave it; action: a recommendation's
    # UPR Info action category
    "hits": ("id", "doc", "symbol", "country", "cycle", "section", "para", "kind", "action", "orgs", "themes",
             "theme_evidence", "text", "number", "response", "response_source", "response_text", "footnotes", "citation",
             "url", "score", "highlights"),
    "said": ("id", "doc", "para", "org", "kind", "text", "citation", "url"),
    # a statement (search --statements): its id ("<chunk id>.<n>"), text, speakers ({id, name,
    # type}), kind and themes; the chunk it stands in (its id and kind) and the chunk's metadata;
    # the score and the matched spans of the statement's text
    "statements": ("id", "text", "speakers", "kind", "themes", "chunk", "chunk_kind", "doc", "symbol", "country",
                   "cycle", "doc_type", "section", "para", "number", "response", "response_source", "citation",
                   "url", "score", "highlights"),
    # a document's own organisation (a joint submission, its own abbreviation) names its document
    "orgs": ("id", "name", "aliases", "type", "doc", "members", "chunks", "statements"),
    "themes": ("slug", "label", "chunks", "statements"),
    "docs": ("id", "title", "symbol", "country", "iso3", "cycle", "session", "year", "type", "author", "source",
             "chunks", "statements", "organisations", "warnings"),
    # a stakeholder's recommendation (a statement: "<chunk id>.<n>") and the State recommendations
    # of its review's report that ask for the same thing (id, number, states, response,
    # response_source, score, text), best first
    "uptake": ("id", "doc", "para", "orgs", "text", "review", "taken_up", "supported", "matches"),
    "uptake_summary": ("org", "recommendations", "taken_up", "supported", "taken_up_share", "supported_share"),
}
ID_COLUMN = {"hits": "id", "said": "id", "statements": "id", "orgs": "id", "themes": "slug", "docs": "id", "uptake": "id",
             "uptake_summary": "org"}
