"""The command line: options wired to the library, results handed to the renderer."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from uprsearch import __version__
from uprsearch.errors import UprError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class CliError(click.ClickException):
    """A user-facing error: one line on stderr, exit 2 (1 means 'no hits' here)."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"uprsearch: error: {self.format_message()}", err=True)


class Settings:
    def __init__(self, index_dir: str | None, corpus: str | None, debug: bool):
        self.index_dir = index_dir
        self.corpus = corpus
        self.debug = debug


@click.group(context_settings=CONTEXT_SETTINGS)
@click.option("--index-dir", envvar="UPRSEARCH_INDEX", metavar="DIR", help="Where the index lives (env UPRSEARCH_INDEX).")
@click.option("--corpus", envvar="UPRSEARCH_CORPUS", metavar="DIR", help="Folder of documents to index (env UPRSEARCH_CORPUS); default: the bundled Kazakhstan corpus.")
@click.option("--debug", is_flag=True, hidden=True, help="Show tracebacks.")
@click.version_option(__version__, "--version", prog_name="uprsearch")
@click.pass_context
def cli(ctx: click.Context, index_dir: str | None, corpus: str | None, debug: bool) -> None:
    """Search UN Universal Periodic Review documents: who said what, by paragraph, organisation and theme."""
    ctx.obj = Settings(index_dir, corpus, debug)


@cli.command("parse", context_settings=CONTEXT_SETTINGS)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True)
@click.pass_obj
def parse_command(settings: Settings, paths: tuple[Path, ...], fmt: str) -> None:
    """Print the chunks documents yield, without indexing (no PATH: the corpus).

    \b
    Examples:
      uprsearch parse --format jsonl | jq -c '{id, orgs, themes}'
      uprsearch parse my-summary.txt
      uprsearch parse report.pdf --format jsonl | jq -r .text
    """
    from uprsearch import render
    from uprsearch.pipeline import parse_paths
    from uprsearch.reader import corpus_dir

    targets = list(paths) or [corpus_dir(settings.corpus)]
    run = parse_paths(targets)
    render.print_parse(run, fmt)
    for error in run.errors:
        click.echo(f"uprsearch: error: {error}", err=True)
    if run.errors:
        sys.exit(2)


def main() -> None:
    """Entry point: run the CLI, turning library errors, closed pipes and Ctrl-C into exit codes."""
    debug = "--debug" in sys.argv
    try:
        result = cli.main(standalone_mode=False, prog_name="uprsearch")
    except UprError as exc:
        if debug:
            raise
        click.echo(f"uprsearch: error: {exc}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if isinstance(exc, click.UsageError) else exc.exit_code)
    except BrokenPipeError:
        _quiet_broken_pipe()
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    sys.exit(result if isinstance(result, int) else 0)


def _quiet_broken_pipe() -> None:
    # Python flushes stdout at exit and would complain again; point it at devnull (see the
    # Python docs' note on SIGPIPE). A closed pipe is a normal end: exit 0.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)
