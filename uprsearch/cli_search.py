"""The commands that answer from the index: search, said, show, similar, uptake and the
registries (orgs, themes, docs); cli.py adds them to the group."""
from __future__ import annotations

import click

from uprsearch.cli_common import (
    CONTEXT_SETTINGS,
    Output,
    emit,
    filter_options,
    filters_of,
    open_library,
    output_options,
    stdin_words,
)
from uprsearch.completion import documents, organisations


@click.command("search", context_settings=CONTEXT_SETTINGS, short_help="Ranked search, the matched words highlighted.")
@click.argument("query", nargs=-1)
@filter_options
@click.option("--statements", is_flag=True,
              help="One hit per matching statement (a sentence and who said it), not per paragraph: the query, "
                   "--org, --by-type, --kind and --theme are the statement's own; --facets count statements.")
@output_options(cite=True)
@click.pass_context
def search_command(ctx: click.Context, query: tuple[str, ...], statements: bool, out: Output, **filters) -> None:
    """Ranked search of every paragraph, with the matched words highlighted.

    QUERY is Whoosh syntax: words (all must match), OR, NOT, "phrases", wild*, fuzzy~,
    org:, theme:, kind:, doc:, section:, response:, and footnote: (the texts of the paragraph's
    footnotes). Words match every form (recommend finds recommended, recommendations), numbers
    are words ("ICCPR-OP 2") and abbreviations match names (NSS, "National Security Service").
    Without QUERY, the chunks the filters select are listed in document order.

    \b
    Examples:
      uprsearch search "incommunicado detention"
      uprsearch search torture --org AI --kind recommendation
      uprsearch search "death penalty" --kind recommendation --statements --facets
    """
    from uprsearch import render

    library = open_library(ctx.obj)
    limit, limited = out.effective_limit()
    fields = "none" if out.count else "id" if out.fmt == "ids" else "all"
    outcome = library.search(query, filters_of(filters), sort=out.sort or "relevance", limit=limit, facets=out.facets,
                             fields=fields, statements=statements)
    emit(library, "statements" if statements else "hits", outcome, out, limited)
    if outcome.total == 0:
        render.no_hits(" ".join(query), outcome.suggestion)
    ctx.exit(0 if outcome.total else 1)


@click.command("said", context_settings=CONTEXT_SETTINGS, short_help="Everything an organisation said, in document order.")
@click.argument("speaker", metavar="ORG", shell_complete=organisations)
@click.argument("query", nargs=-1)
@filter_options
@click.option("--paragraphs", is_flag=True,
              help="Print each paragraph the organisation speaks in, whole, its sentences highlighted: in colour on "
                   "a terminal, between ** and ** without colour (piped, --color never, NO_COLOR).")
@output_options(cite=True)
@click.pass_context
def said_command(ctx: click.Context, speaker: str, query: tuple[str, ...], paragraphs: bool, out: Output, **filters) -> None:
    """Everything an organisation said: its statements, in document order.

    The sentences attributed to ORG across all documents, under one header for each paragraph
    (chunk id, document, section, paragraph), each with its kind: "- observation: …", and
    "» recommendation: …" for a recommendation. ORG is any alias in any case (AI, amnesty,
    "Amnesty International"). QUERY narrows the statements to those that match it.

    \b
    Examples:
      uprsearch said "Human Rights Watch"
      uprsearch said AI --kind recommendation
      uprsearch said JS1 torture --format jsonl | jq -r .text
    """
    from uprsearch import render

    library = open_library(ctx.obj)
    limit, limited = out.effective_limit()
    outcome = library.said(speaker, query, filters_of(filters), paragraphs=paragraphs,
                           sort=out.sort or "document", limit=limit, facets=out.facets)
    for message in outcome.notices:
        render.notice(message)
    emit(library, "paragraphs" if paragraphs else "said", outcome, out, limited)
    if outcome.total == 0 and query:
        render.no_hits(" ".join(query), outcome.suggestion)
    ctx.exit(0 if outcome.total else 1)


@click.command("show", context_settings=CONTEXT_SETTINGS, short_help="The full chunks with these ids.")
@click.argument("ids", nargs=-1, required=True, shell_complete=documents)
@click.option("-C", "--context", type=click.IntRange(min=0), default=0, metavar="N", help="Add N chunks before and after each.")
@click.option("--why", is_flag=True, help="Say why each theme was given: the words, or the heading (in JSON: theme_evidence).")
@output_options(sort=False, full=False, cite=True)
@click.pass_context
def show_command(ctx: click.Context, ids: tuple[str, ...], context: int, why: bool, out: Output) -> None:
    """The full chunks with these ids: text, section, orgs, themes, footnotes.

    An id is a chunk id (kaz-2010-summary:16), a statement id (its chunk: kaz-2010-summary:16.3),
    a symbol and paragraph (A/HRC/WG.6/7/KAZ/3 16, A/HRC/WG.6/7/KAZ/3:16, or KAZ/3:16 where
    one symbol ends so), or a document alone (every chunk of it). - reads them from standard input.

    \b
    Examples:
      uprsearch show kaz-2010-summary:16
      uprsearch show A/HRC/WG.6/7/KAZ/3 16 --context 1 --why
      uprsearch search habeas corpus --format ids | uprsearch show -
    """
    library = open_library(ctx.obj)
    limit, _ = out.effective_limit(default_on_terminal=False)
    if "-" in ids:  # the references piped in, one a line (ids, citations, "SYMBOL PARA")
        ids = tuple(word for given in ids for word in (stdin_words() if given == "-" else [given]))
    outcome = library.show(ids, context, limit=limit, facets=out.facets)
    emit(library, "show", outcome, out, why=why)
    ctx.exit(0 if outcome.total else 1)


@click.command("similar", context_settings=CONTEXT_SETTINGS, short_help="The chunks most like this one.")
@click.argument("chunk_id", metavar="ID", shell_complete=documents)
@filter_options
@output_options(sort=False, cite=True)
@click.pass_context
def similar_command(ctx: click.Context, chunk_id: str, out: Output, **filters) -> None:
    """The chunks most like this one (more-like-this on its text); filters apply.

    Only those that score at least 40% of the best and share at least 3 of its key words, best
    first (the first 10 on a terminal, all of them piped).

    \b
    Examples:
      uprsearch similar kaz-2010-summary:52
      uprsearch similar kaz-2009-ai:20 --doc kaz-2010-summary
      uprsearch similar kaz-2010-summary:16 --format ids
    """
    library = open_library(ctx.obj)
    limit, limited = out.effective_limit()
    outcome = library.similar(chunk_id, filters_of(filters), limit=limit, facets=out.facets)
    emit(library, "hits", outcome, out, limited)
    ctx.exit(0 if outcome.total else 1)


@click.command("uptake", context_settings=CONTEXT_SETTINGS, short_help="Which stakeholder recommendations States took up.")
@click.argument("org", required=False, metavar="[ORG]", shell_complete=organisations)
@click.option("-d", "--doc", "docs", multiple=True, metavar="REVIEW", shell_complete=documents,
              help="Only this review: any of its documents (its report, summary, a submission), id or symbol.")
@click.option("--top", type=click.IntRange(min=1), default=3, show_default=True, metavar="N",
              help="State recommendations shown for each.")
@click.option("--summary", is_flag=True, help="Only, per organisation, the share of its recommendations taken up and supported.")
@output_options(facets=False, sort=False, full=False)
@click.pass_context
def uptake_command(ctx: click.Context, org: str | None, docs: tuple[str, ...], top: int, summary: bool, out: Output) -> None:
    """Which stakeholder recommendations States took up in the review.

    For each recommendation an organisation made (ORG's, any alias; or every stakeholder's),
    in its submission or as the summary reports it, the recommendations States made in the
    same review's Working Group report that ask for the same thing, best first, each with its
    score, States and the response. A recommendation is taken up where the best scores at
    least 0.4, and supported where the State under review supported one that does.

    \b
    Examples:
      uprsearch uptake AI
      uprsearch uptake --summary
      uprsearch uptake JS1 --format jsonl | jq -c '{id, taken_up, best: .matches[0].number}'
    """
    library = open_library(ctx.obj)
    limit, limited = out.effective_limit()
    outcome = library.uptake(org, docs, top=top, summary=summary)
    if limit is not None:
        outcome.records = outcome.records[:limit]
    emit(library, "uptake_summary" if summary else "uptake", outcome, out, limited)
    ctx.exit(0 if outcome.total else 1)


@click.command("orgs", context_settings=CONTEXT_SETTINGS, short_help="The organisations that speak, with counts.")
@click.option("--type", "type_", metavar="TYPE", help="Only organisations of this type: state, ngo, un, nhri, joint-submission, intergovernmental.")
@output_options(facets=False, sort=False, full=False)
@click.pass_context
def orgs_command(ctx: click.Context, type_: str | None, out: Output) -> None:
    """The organisations that speak in the index, with chunk and statement counts.

    \b
    Examples:
      uprsearch orgs --type state
      uprsearch orgs --format csv > organisations.csv
      uprsearch orgs --format jsonl | jq -r 'select(.type == "joint-submission") | .id'
    """
    _registry(ctx, "orgs", out, type_=type_)


@click.command("themes", context_settings=CONTEXT_SETTINGS, short_help="The theme vocabulary, with counts.")
@output_options(facets=False, sort=False, full=False)
@click.pass_context
def themes_command(ctx: click.Context, out: Output) -> None:
    """The theme vocabulary (UPR Info's issues), with chunk and statement counts.

    \b
    Examples:
      uprsearch themes
      uprsearch themes --format jsonl | jq -r 'select(.chunks > 0) | .slug'
      uprsearch themes --format ids
    """
    _registry(ctx, "themes", out)


@click.command("docs", context_settings=CONTEXT_SETTINGS, short_help="The indexed documents, with counts.")
@output_options(facets=False, sort=False, full=False)
@click.pass_context
def docs_command(ctx: click.Context, out: Output) -> None:
    """The indexed documents in document order, with chunk and statement counts.

    \b
    Examples:
      uprsearch docs
      uprsearch docs --format json | jq '.[].symbol'
      uprsearch docs --format ids
    """
    _registry(ctx, "docs", out)


def _registry(ctx: click.Context, listing: str, out: Output, **options) -> None:
    library = open_library(ctx.obj)
    limit, limited = out.effective_limit()
    outcome = getattr(library, listing)(**options)
    if limit is not None:
        outcome.records = outcome.records[:limit]
    emit(library, listing, outcome, out, limited)
    ctx.exit(0)

