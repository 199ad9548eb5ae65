"""The command line: options wired to the library, results handed to the renderer.

Here: the group, its exit codes and its global options; the commands are in cli_index.py,
cli_search.py and cli_info.py, their shared options in cli_common.py. Nothing here formats output
(render.py does) or touches Whoosh (the index package does); the library (library.py), the
renderer and the index are imported inside the commands, so
`uprsearch --help` loads none of them (only the light declarations of filters.py and listings.py).
"""
from __future__ import annotations

import gc
import os
import sys

import click

from uprsearch import __version__
from uprsearch.cli_common import CONTEXT_SETTINGS, Settings, print_error
from uprsearch.cli_index import index_command, parse_command
from uprsearch.cli_info import info_command
from uprsearch.cli_search import (
    docs_command,
    orgs_command,
    said_command,
    search_command,
    show_command,
    similar_command,
    themes_command,
    uptake_command,
)
from uprsearch.errors import UprError
from uprsearch.terminal import clean


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
        print_error(str(exc))
        return 2
    except (click.exceptions.Abort, KeyboardInterrupt):
        return 130
    except click.exceptions.NoArgsIsHelpError as exc:
        exc.show()
        return 2
    except click.UsageError as exc:
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
        print_error(f"{exc.format_message()}{hint}")
        return 2
    except click.ClickException as exc:
        print_error(exc.format_message())
        return 2 if exc.exit_code == 1 else exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except OSError as exc:  # a folder that cannot be written, a file that vanished...
        if debug:
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        print_error(f"{where}{exc.strerror or exc}")
        return 2
    except Exception as exc:  # a bug: still one line, the traceback only with --debug
        if debug:
            raise
        print_error(f"internal error ({type(exc).__name__}: {exc}); run again with --debug for the traceback and report it")
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


def _override_setting(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        setattr(ctx.find_root().obj, param.name, value)
        if param.name == "index_dir":
            ctx.find_root().obj.index_dir_from_env = False


info_command.context_settings.update(CONTEXT_SETTINGS)
for _command in (parse_command, index_command, search_command, said_command, show_command, similar_command,
                 uptake_command, orgs_command, themes_command, docs_command, info_command):
    cli.add_command(_command)

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
