"""What the commands share: the settings of the group, the output and filter options declared
once, and how an outcome is emitted (render.py formats it; this only picks the listing and the
destination). The library and the renderer are imported inside the functions, so importing this
module (for `uprsearch --help`) loads neither."""
from __future__ import annotations

import functools
import sys
from dataclasses import dataclass

import click

from uprsearch.completion import FILTER_COMPLETION
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


def print_error(message: str) -> None:
    """The one line an error is: control characters and newlines shown escaped, never acted on."""
    click.echo(f"uprsearch: error: {clean(message, escape=True)}", err=True)


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
        if default_on_terminal and self.fmt == "text" and not self.count and stdout_is_terminal():
            return 10, True
        return None, False

    def options(self, limited: bool = False, why: bool = False):
        from uprsearch.render import OutputOptions

        return OutputOptions(self.fmt, self.color, self.count, self.facets, self.full, limited, why, self.pager)


def stdout_is_terminal() -> bool:
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
            if out.fmt == "xlsx" and out.output is None and not out.count and stdout_is_terminal():
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


def filters_of(values: dict):
    from uprsearch.library import Filters

    return Filters(**{name: tuple(values.pop(name)) for name in FILTER_NAMES})


def emit(library, listing: str, outcome, out: Output, limited: bool = False, why: bool = False) -> None:
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
                emit(library, listing, outcome, to_stdout, limited, why)
                wrapper.flush()
                data = buffer.getvalue()
            with open(out.output, "wb") as fh:
                fh.write(data)
        else:
            with open(out.output, "w", encoding="utf-8", newline="") as fh, contextlib.redirect_stdout(fh):
                emit(library, listing, outcome, to_stdout, limited, why)
    except OSError as exc:
        raise click.FileError(out.output, exc.strerror) from exc


def stdin_words() -> list[str]:
    return sys.stdin.read().split()


def open_library(settings: Settings):
    """The library over the index, which is built here on first use (and only here)."""
    from uprsearch import render
    from uprsearch.index import open_index
    from uprsearch.library import Library

    return Library(open_index(settings.index_dir, settings.corpus, render.notice))

