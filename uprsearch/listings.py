"""What the commands print: each listing's record columns in output order (SPEC.md), the column
that names a record (for --format ids), and the formats every listing prints in. Declared once
for the library, which makes the records, the renderer, which prints them, and the CLI, which
offers the formats.

Light to import: the CLI reads FORMATS for its options on every `uprsearch --help`.
"""

FORMATS = ("text", "jsonl", "json", "csv", "tsv", "xlsx", "ids")
TABLE_FORMATS = ("csv", "tsv", "xlsx")  # one row a record; a listing of statements or paragraphs: EXPORT rows

COLUMNS = {
    # a chunk: its fields (the document's symbol, country and cycle where the chunk has none; a
    # State recommendation's number and response, "" for other chunks), then the hit's score and
    # the character spans of the matched words
    # statements: its sentences, each {id, text, orgs (a submission's author too), kind, themes}
    # citation and url: how to cite the chunk and its document's official address (uprsearch.cite)
    # theme_evidence: theme -> the words (or "heading: ...") that gave it; action: a recommendation's
    # UPR Info action category
    "hits": ("id", "doc", "symbol", "country", "cycle", "section", "para", "kind", "action", "orgs", "themes",
             "theme_evidence", "text", "number", "response", "response_source", "response_text", "footnotes",
             "statements", "citation", "url", "score", "highlights"),
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
# A listing of statements or paragraphs (search, search --statements, said, said --paragraphs,
# show, similar) as a table (TABLE_FORMATS): one row per statement and speaker (a statement no
# one is named for: one row, no speaker); a paragraph's statements each. citation, url: the
# paragraph's (uprsearch.cite); doc_type: models.DOCUMENT_TYPES; section: the heading path, " › "
# between headings; para: the number the document prints, else the paragraph's place in it
# (never empty, so a spreadsheet reads the column as numbers; a State recommendation's own number,
# "95.16", is in its citation and chunk id: a column of it would read as decimals, 95.10 as 95.1);
# chunk: the paragraph's id; statement: the statement's id ("<chunk>.<n>"); kind: the
# statement's; themes: the statement's, "; " between them.
EXPORT = ("citation", "url", "symbol", "country", "cycle", "session", "year", "doc_type", "doc", "section", "para",
          "chunk", "statement", "speaker_id", "speaker_name", "speaker_type", "kind", "themes", "response",
          "text")
EXPORTED = ("hits", "show", "paragraphs", "said", "statements")  # the listings a table gives EXPORT rows of

ID_COLUMN = {"hits": "id", "said": "id", "statements": "id", "orgs": "id", "themes": "slug", "docs": "id", "uptake": "id",
             "uptake_summary": "org"}
