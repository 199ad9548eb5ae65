"""`uprsearch parse` and `uprsearch index`: documents read and parsed, and the index built from
them (cli.py adds the commands to the group)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from uprsearch.cli_common import CONTEXT_SETTINGS, Settings, print_error


@click.command("parse", context_settings=CONTEXT_SETTINGS, short_help="Print the chunks documents yield, without indexing.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True)
@click.option("--no-pager", is_flag=True, help="Print the text listing straight to the terminal, not through the pager.")
@click.pass_obj
def parse_command(settings: Settings, paths: tuple[Path, ...], fmt: str, no_pager: bool) -> None:
    """Print the chunks documents yield, without indexing (no PATH: the corpus).

    PATH - reads one document (text or PDF) from standard input.

    \b
    Examples:
      uprsearch parse --format jsonl | jq -c '{id, orgs, themes}'
      uprsearch parse my-summary.txt
      pdftotext report.pdf - | uprsearch parse - --format jsonl | jq -r .text
    """
    from uprsearch import render
    from uprsearch.pipeline import parse_paths, parse_stdin
    from uprsearch.reader import corpus_dir

    if str(Path("-")) in map(str, paths):
        if len(paths) > 1:
            raise click.UsageError("- (standard input) is parsed alone", click.get_current_context())
        run = parse_stdin(sys.stdin.buffer.read())
    else:
        run = parse_paths(list(paths) or [corpus_dir(settings.corpus)])
    render.print_parse(run, fmt, pager=not (no_pager or settings.no_pager))
    for line in run.skipped:
        render.notice(line)
    for parsed in run.documents:
        line = render.warning_line(parsed.document)
        if line:
            click.echo(line, err=True)
    for error in run.errors:
        print_error(str(error))
    if run.errors:
        sys.exit(2)


@click.command("index", context_settings=CONTEXT_SETTINGS, short_help="Index the corpus, or the files and folders given.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--rebuild", is_flag=True,
    help="Parse again into a fresh index, swapped in when done: everything indexed so far, or only the PATHs given.",
)
@click.option("--repair", is_flag=True,
              help="Rebuild a damaged index, or one an older uprsearch built, from the files it recorded.")
@click.option("--status", is_flag=True,
              help="Say where the index is, what it holds, whether it is up to date, and what interrupted builds left.")
@click.option("--author", metavar="NAME", help="The organisation that wrote the files given, for reports that do not say.")
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), metavar="N",
    help="Parse and write a new or rebuilt index with N processes (default: one per CPU, at most 4; 1 for a few files).",
)
@click.pass_context
def index_command(ctx: click.Context, paths: tuple[Path, ...], rebuild: bool, repair: bool, status: bool,
                  author: str | None, jobs: int | None) -> None:
    """Index the corpus, or the files and folders given; unchanged files are skipped.

    Changed files are replaced and files that no longer exist are dropped. Queries keep
    answering from the previous index until the new one is complete. A file that cannot be
    read is reported and skipped, the rest is indexed, and the exit code is 2. With no PATH:
    the folders the index was built from (the corpus, for a new index). --status says what
    the index holds; --repair rebuilds a damaged one from the files it recorded.

    \b
    Examples:
      uprsearch index ~/upr/kazakhstan/ new-submission.pdf
      uprsearch index report.pdf --author "Human Rights Watch"
      uprsearch index --status
    """
    from uprsearch import index as ix
    from uprsearch import render

    settings: Settings = ctx.obj
    location = ix.index_location(settings.index_dir)
    if status or repair:
        given = [name for name, on in (("PATH", paths), ("--rebuild", rebuild), ("--author", author),
                                       ("--repair", repair and status)) if on]
        if given:
            raise click.UsageError(f"--{'status' if status else 'repair'} takes no {' or '.join(given)}", ctx)
    if status:
        found = ix.index_status(location)
        render.index_status(found)
        if found.error is not None:
            raise found.error
        ctx.exit(0)
    targets = list(paths) or ix.index_targets(location, settings.corpus, rebuild)
    with render.Progress() as progress:
        report = ix.update(
            location, targets, rebuild=rebuild, refresh_known=not paths, on_plan=progress.plan,
            on_file=progress.advance, author=author, include_known=rebuild and not paths, jobs=jobs, repair=repair,
        )
    for document in report.warned:
        render.notice(render.warning_line(document))
    for line in report.skipped:
        render.notice(line)
    for error in report.errors:
        render.notice(f"uprsearch: error: {error}")
    render.index_summary(report, location)
    ctx.exit(2 if report.errors else 0)

