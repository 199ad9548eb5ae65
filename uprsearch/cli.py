"""The command line: options wired to the library, results handed to the renderer.

Nothing here formats output (render.py does) or touches Whoosh (the index package does); the
library (library.py), the renderer and the index are imported inside the commands, so
`uprsearch --help` loads none of them (only the light declarations of filters.py and listings.py).
"""
from __future__ import annotations

import functools
import gc
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from uprsearch import __version__
from uprsearch.cli_info import info_command
from uprsearch.completion import FILTER_COMPLETION, documents, organisations
from uprsearch.errors import UprError
from uprsearch.filters import FILTER_FIELDS, FILTER_NAMES
from uprsearch.listings import FORMATS, TABLE_FORMATS
from uprsearch.terminal import clean

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Settings:
    def __init__(self, index_dir: str | None, corpus: str | None, debug: bool, index_dir_from_env: bool = False,
                 no_pager: bool = False):
        self.index_dir = index_dir
        self.corpus = corpus
        self.debug = debug
        self.index_dir_from_env = index_dir_from_env  # --index-dir's value is UPRSEARCH_INDEX's (for `info`)
        self.no_pager = no_pager  # `uprsearch --no-pager COMMAND`, as git has it


class UprGroup(click.Group):
    """Click's group, with our exit codes whoever calls it (the console script or CliRunner):
    0 hits, 1 none, 2 error with one line on stderr, 130 on Ctrl-C, 0 on a closed pipe."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        argv = list(sys.argv[1:] if args is None else args)

        def call():
            _check_text_arguments(argv)
            return super(UprGroup, self).main(
                args=argv, prog_name="uprsearch", complete_var=complete_var, standalone_mode=False, **extra
            )

        code = _run(call, debug="--debug" in argv)
        if standalone_mode:
            sys.exit(code)
        return code

    def invoke(self, ctx: click.Context):
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()
            return result
        except BrokenPipeError:
            # Before Click sees it: Click ends a broken pipe with exit 1, which means "no hits" here.
            raise click.exceptions.Exit(_quiet_broken_pipe()) from None
        except EOFError as exc:
            # Before Click sees it: Click takes an EOFError for Ctrl-C at a prompt (exit 130, nothing
            # said); here it is a file that ended early, a fault to report like any other
            raise RuntimeError(f"unexpected end of a file ({exc})") from exc


def _run(call, debug: bool) -> int:
    try:
        result = call()
        sys.stdout.flush()
    except UprError as exc:
        if debug:
            raise
        _error(str(exc))
        return 2
    except (click.exceptions.Abort, KeyboardInterrupt):
        return 130
    except click.exceptions.NoArgsIsHelpError as exc:
        exc.show()
        return 2
    except click.UsageError as exc:
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
        _error(f"{exc.format_message()}{hint}")
        return 2
    except click.ClickException as exc:
        _error(exc.format_message())
        return 2 if exc.exit_code == 1 else exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except OSError as exc:  # a folder that cannot be written, a file that vanished...
        if debug:
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        _error(f"{where}{exc.strerror or exc}")
        return 2
    except Exception as exc:  # a bug: still one line, the traceback only with --debug
        if debug:
            raise
        _error(f"internal error ({type(exc).__name__}: {exc}); run again with --debug for the traceback and report it")
        return 2
    return result if isinstance(result, int) else 0


_PATH_OPTIONS = {"--index-dir", "--corpus"}
_PATH_COMMANDS = {"parse", "index"}


def _check_text_arguments(argv: list[str]) -> None:
    """Queries, names and ids must be UTF-8 text: bytes that are not (kept by Python as lone
    surrogates) match nothing in the index and cannot be printed. File and folder names may be
    any bytes: the arguments of parse and index, and the values of --index-dir and --corpus."""
    command = next((a for a in argv if a in cli.commands), None)
    if command in _PATH_COMMANDS:
        return
    for previous, arg in zip([None, *argv], argv):
        if previous in _PATH_OPTIONS or arg.split("=", 1)[0] in _PATH_OPTIONS:
            continue
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raise UprError(f"the argument '{clean(arg, escape=True)}' is not UTF-8 text; give it in UTF-8") from None


def _error(message: str) -> None:
    """The one line an error is: control characters and newlines shown escaped, never acted on."""
    click.echo(f"uprsearch: error: {clean(message, escape=True)}", err=True)


def _quiet_broken_pipe() -> int:
    # Python flushes stdout at exit and would complain again; point it at devnull (see the
    # Python docs' note on SIGPIPE). A closed pipe is a normal end: exit 0.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout without a file descriptor (a test runner's buffer)
        pass
    return 0


# ------------------------------------------------------------------------------------------------
# Shared options


@dataclass
class Output:
    """The output options as given, and what they mean together."""

    fmt: str
    color: str
    limit: int | None
    all: bool
    count: bool
    sort: str | None
    facets: bool
    full: bool
    cite: bool = False
    bibtex: bool = False
    pager: bool = True
    headers: bool = True  # a table's header row (--no-headers)
    output: str | None = None  # --output FILE

    def effective_limit(self, default_on_terminal: bool = True) -> tuple[int | None, bool]:
        """(limit, whether the terminal default cut it): --all, else -n, else 10 on a terminal for
        the text view, else everything."""
        if self.all:
            return None, False
        if self.limit is not None:
            return self.limit, False
        if default_on_terminal and self.fmt == "text" and not self.count and _stdout_is_terminal():
            return 10, True
        return None, False

    def options(self, limited: bool = False, why: bool = False):
        from uprsearch.render import OutputOptions

        return OutputOptions(self.fmt, self.color, self.count, self.facets, self.full, limited, why, self.pager)


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def output_options(*, facets: bool = True, sort: bool = True, full: bool = True, cite: bool = False):
    """The output options, declared once for every listing command; the command gets `out`."""

    def decorate(command):
        @functools.wraps(command)
        def wrapper(*args, **kwargs):
            out = Output(
                fmt=kwargs.pop("fmt"),
                color=kwargs.pop("color"),
                limit=kwargs.pop("limit"),
                all=kwargs.pop("all_"),
                count=kwargs.pop("count"),
                sort=kwargs.pop("sort", None),
                facets=kwargs.pop("facets", False),
                full=kwargs.pop("full", False),
                cite=kwargs.pop("cite", False),
                bibtex=kwargs.pop("bibtex", False),
                pager=not (kwargs.pop("no_pager") or getattr(click.get_current_context().find_root().obj, "no_pager", False)),
                headers=not kwargs.pop("no_headers"),
                output=kwargs.pop("output"),
            )
            if out.facets and out.fmt not in ("text", "json"):
                raise click.UsageError("--facets works with --format text or json", click.get_current_context())
            if out.fmt == "xlsx" and out.output is None and not out.count and _stdout_is_terminal():
                raise click.UsageError("--format xlsx writes a workbook: give --output FILE.xlsx, or redirect it "
                                       "(> FILE.xlsx)", click.get_current_context())
            return command(*args, out=out, **kwargs)

        options = [
            click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
                         help="text: the rich view on a terminal, plain when piped; jsonl/json: records; csv/tsv/xlsx: "
                              "a table (statements and paragraphs: a row per statement and speaker); ids: one id a line."),
            click.option("--output", metavar="FILE", type=click.Path(dir_okay=False, writable=True),
                         help="Write the output to FILE instead of standard output."),
            click.option("--no-headers", is_flag=True, help="csv, tsv, xlsx: no header row."),
            click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
                         help="Colour the text view (auto honours NO_COLOR, FORCE_COLOR and TERM=dumb)."),
            click.option("-n", "--limit", type=click.IntRange(min=1), default=None, metavar="N",
                         help="Show at most N (default: 10 on a terminal, all when piped or with a machine format)."),
            click.option("--all", "all_", is_flag=True, help="Show every one."),
            click.option("--count", is_flag=True, help="Print only how many there are."),
            click.option("--no-pager", is_flag=True,
                         help="Print long text output straight to the terminal, not through $UPRSEARCH_PAGER, "
                              "$PAGER or less -FRX (a pager is never used when piped)."),
        ]
        if sort:
            options.append(click.option("--sort", type=click.Choice(["relevance", "document"]), default=None,
                                        help="Best matches first, or in document order (default: relevance with a query, else document)."))
        if facets:
            options.append(click.option("--facets", is_flag=True,
                                        help="Add counts by org, theme, section and document over all hits (text or json)."))
        if full:
            options.append(click.option("--full", is_flag=True, help="Whole chunks, not fragments around the matches."))
        if cite:
            options.append(click.option("--cite", is_flag=True,
                                        help="Print only the citations (A/HRC/WG.6/7/KAZ/3, para. 16), each once."))
            options.append(click.option("--bibtex", is_flag=True, help="Print a BibTeX entry for each document the hits are in."))
        for option in reversed(options):
            wrapper = option(wrapper)
        return wrapper

    return decorate


def filter_options(command):
    """One option per filter field (filters.FILTER_FIELDS): repeat = either, different = all."""
    for spec in reversed(FILTER_FIELDS):
        option = f"--{spec.name.replace('_', '-')}"
        names = [option] if spec.short is None else [spec.short, option]
        command = click.option(*names, multiple=True, metavar=spec.metavar, help=spec.help,
                               shell_complete=FILTER_COMPLETION.get(spec.name))(command)
    return command


def _filters(values: dict):
    from uprsearch.library import Filters

    return Filters(**{name: tuple(values.pop(name)) for name in FILTER_NAMES})


def _emit(library, listing: str, outcome, out: Output, limited: bool = False, why: bool = False) -> None:
    """The outcome in the format asked for: its citations alone (--cite, --bibtex), a table
    (listings.TABLE_FORMATS: a listing of statements or paragraphs as listings.EXPORT rows), or a
    listing; into --output FILE where given."""
    from uprsearch import render

    if out.cite or out.bibtex:
        if out.count:
            raise click.UsageError("--cite and --bibtex print the citations, not a count", click.get_current_context())
        if out.bibtex:
            click.echo(clean(library.bibtex(outcome.records), newlines=True, escape=True), nl=False)
        else:
            render.write_records(outcome.records, ("citation",), "ids", ids_column="citation")
        return
    if out.output is not None:
        _emit_to_file(library, listing, outcome, out, limited, why)
        return
    if out.fmt in TABLE_FORMATS and not out.count:
        from uprsearch import export, records
        from uprsearch.listings import COLUMNS, EXPORT, EXPORTED

        if listing in EXPORTED:
            export.write_table(records.export_rows(library, listing, outcome.records), EXPORT, out.fmt,
                               headers=out.headers)
        else:
            export.write_table(outcome.records, COLUMNS[listing], out.fmt, headers=out.headers)
        return
    render.emit(listing, outcome, out.options(limited, why))


def _emit_to_file(library, listing: str, outcome, out: Output, limited: bool, why: bool) -> None:
    """--output FILE: what _emit would print, into FILE (bytes for xlsx; UTF-8 text else)."""
    import contextlib
    import dataclasses

    to_stdout = dataclasses.replace(out, output=None, pager=False)
    try:
        if out.fmt == "xlsx" and not out.count:
            import io

            buffer = io.BytesIO()
            with contextlib.redirect_stdout(io.TextIOWrapper(buffer, encoding="utf-8")) as wrapper:
                _emit(library, listing, outcome, to_stdout, limited, why)
                wrapper.flush()
                data = buffer.getvalue()
            with open(out.output, "wb") as fh:
                fh.write(data)
        else:
            with open(out.output, "w", encoding="utf-8", newline="") as fh, contextlib.redirect_stdout(fh):
                _emit(library, listing, outcome, to_stdout, limited, why)
    except OSError as exc:
        raise click.FileError(out.output, exc.strerror) from exc


def _stdin_words() -> list[str]:
    return sys.stdin.read().split()


def _library(settings: Settings):
    """The library over the index, which is built here on first use (and only here)."""
    from uprsearch import render
    from uprsearch.index import open_index
    from uprsearch.library import Library

    return Library(open_index(settings.index_dir, settings.corpus, render.notice))


# ------------------------------------------------------------------------------------------------
# Commands


@click.group(cls=UprGroup, context_settings=CONTEXT_SETTINGS)
@click.option("--index-dir", envvar="UPRSEARCH_INDEX", metavar="DIR", help="Where the index lives (env UPRSEARCH_INDEX).")
@click.option("--corpus", envvar="UPRSEARCH_CORPUS", metavar="DIR", help="Folder of documents to index (env UPRSEARCH_CORPUS); default: the bundled Kazakhstan corpus.")
@click.option("--debug", is_flag=True, hidden=True, help="Show tracebacks.")
@click.option("--no-pager", is_flag=True, help="Never page long text output (as each command's --no-pager).")
@click.version_option(__version__, "--version", prog_name="uprsearch")
@click.pass_context
def cli(ctx: click.Context, index_dir: str | None, corpus: str | None, debug: bool, no_pager: bool) -> None:
    """Search UN Universal Periodic Review documents: who said what, where.

    By paragraph, organisation and theme, offline, from the terminal.

    \b
    Examples:
      uprsearch search "incommunicado detention"
      uprsearch said HRW
      uprsearch search torture --format jsonl | jq -r .id
    """
    from_env = ctx.get_parameter_source("index_dir") == click.core.ParameterSource.ENVIRONMENT
    ctx.obj = Settings(index_dir, corpus, debug, from_env, no_pager)


@cli.command("parse", context_settings=CONTEXT_SETTINGS, short_help="Print the chunks documents yield, without indexing.")
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
        _error(str(error))
    if run.errors:
        sys.exit(2)


@cli.command("index", context_settings=CONTEXT_SETTINGS, short_help="Index the corpus, or the files and folders given.")
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


@cli.command("search", context_settings=CONTEXT_SETTINGS, short_help="Ranked search, the matched words highlighted.")
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

    library = _library(ctx.obj)
    limit, limited = out.effective_limit()
    fields = "none" if out.count else "id" if out.fmt == "ids" else "all"
    outcome = library.search(query, _filters(filters), sort=out.sort or "relevance", limit=limit, facets=out.facets,
                             fields=fields, statements=statements)
    _emit(library, "statements" if statements else "hits", outcome, out, limited)
    if outcome.total == 0:
        render.no_hits(" ".join(query), outcome.suggestion)
    ctx.exit(0 if outcome.total else 1)


@cli.command("said", context_settings=CONTEXT_SETTINGS, short_help="Everything an organisation said, in document order.")
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

    library = _library(ctx.obj)
    limit, limited = out.effective_limit()
    outcome = library.said(speaker, query, _filters(filters), paragraphs=paragraphs,
                           sort=out.sort or "document", limit=limit, facets=out.facets)
    for message in outcome.notices:
        render.notice(message)
    _emit(library, "paragraphs" if paragraphs else "said", outcome, out, limited)
    if outcome.total == 0 and query:
        render.no_hits(" ".join(query), outcome.suggestion)
    ctx.exit(0 if outcome.total else 1)


@cli.command("show", context_settings=CONTEXT_SETTINGS, short_help="The full chunks with these ids.")
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
    from uprsearch import render

    library = _library(ctx.obj)
    limit, _ = out.effective_limit(default_on_terminal=False)
    if "-" in ids:  # the references piped in, one a line (ids, citations, "SYMBOL PARA")
        ids = tuple(word for given in ids for word in (_stdin_words() if given == "-" else [given]))
    outcome = library.show(ids, context, limit=limit, facets=out.facets)
    _emit(library, "show", outcome, out, why=why)
    ctx.exit(0 if outcome.total else 1)


@cli.command("similar", context_settings=CONTEXT_SETTINGS, short_help="The chunks most like this one.")
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
    from uprsearch import render

    library = _library(ctx.obj)
    limit, limited = out.effective_limit()
    outcome = library.similar(chunk_id, _filters(filters), limit=limit, facets=out.facets)
    _emit(library, "hits", outcome, out, limited)
    ctx.exit(0 if outcome.total else 1)


@cli.command("uptake", context_settings=CONTEXT_SETTINGS, short_help="Which stakeholder recommendations States took up.")
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
    from uprsearch import render

    library = _library(ctx.obj)
    limit, limited = out.effective_limit()
    outcome = library.uptake(org, docs, top=top, summary=summary)
    if limit is not None:
        outcome.records = outcome.records[:limit]
    _emit(library, "uptake_summary" if summary else "uptake", outcome, out, limited)
    ctx.exit(0 if outcome.total else 1)


@cli.command("orgs", context_settings=CONTEXT_SETTINGS, short_help="The organisations that speak, with counts.")
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


@cli.command("themes", context_settings=CONTEXT_SETTINGS, short_help="The theme vocabulary, with counts.")
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


@cli.command("docs", context_settings=CONTEXT_SETTINGS, short_help="The indexed documents, with counts.")
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
    from uprsearch import render

    library = _library(ctx.obj)
    limit, limited = out.effective_limit()
    outcome = getattr(library, listing)(**options)
    if limit is not None:
        outcome.records = outcome.records[:limit]
    _emit(library, listing, outcome, out, limited)
    ctx.exit(0)


def _override_setting(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        setattr(ctx.find_root().obj, param.name, value)
        if param.name == "index_dir":
            ctx.find_root().obj.index_dir_from_env = False


info_command.context_settings.update(CONTEXT_SETTINGS)
cli.add_command(info_command)

# The global options are accepted after the command too ("uprsearch search torture --index-dir X"),
# as users type them; given there, they win over the ones before the command.
for _command in cli.commands.values():
    _command.params += [
        click.Option(["--index-dir", "index_dir"], metavar="DIR", expose_value=False, callback=_override_setting,
                     help="Where the index lives (also before the command; env UPRSEARCH_INDEX)."),
        click.Option(["--corpus", "corpus"], metavar="DIR", expose_value=False, callback=_override_setting,
                     help="Folder of documents to index (also before the command; env UPRSEARCH_CORPUS)."),
    ]


def main() -> None:
    """Entry point: run the CLI, turning library errors, closed pipes and Ctrl-C into exit codes."""
    # A command loads a few hundred thousand long-lived objects (the index's metadata, per-document
    # values, posting blocks) and makes few cycles: with Python's default threshold of 700
    # allocations the collector re-walked them again and again (~70 ms of a cold search at
    # 100,000 paragraphs). Collections still run, far less often.
    gc.set_threshold(100_000, 50, 100)
    cli.main(prog_name="uprsearch")
