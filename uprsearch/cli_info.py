"""`uprsearch info`: the index in use, why it was chosen, what it holds (uprsearch.info gathers it)."""
from __future__ import annotations

import click


# (cli.py adds it to the group, with the group's context settings)
@click.command("info", short_help="Which index is in use, and what it holds.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def info_command(settings, fmt: str) -> None:
    """Which index is in use and why, and what it holds.

    The index is --index-dir's, else UPRSEARCH_INDEX's, else the checkout's index/ when uprsearch
    runs from a source checkout, else the one in the user data folder. Its documents, chunks,
    statements, schema version and size are listed; nothing is built or changed.

    \b
    Examples:
      uprsearch info
      uprsearch --index-dir /tmp/upr-index info
      uprsearch info --format json | jq .location
    """
    from uprsearch import render
    from uprsearch.info import index_info

    render.print_info(index_info(settings.index_dir, settings.index_dir_from_env), fmt)
