"""Long text output on a terminal through a pager, as git does.

The pager is $UPRSEARCH_PAGER, else $PAGER, else `less -FRX`; an empty value or `cat` turns it
off, and so does --no-pager. It is never used when stdout is not a terminal (the renderer asks
only then). As git does, LESS defaults to FRX (quit if one screen, keep colours, leave the text on
the screen) and LV to -c, so a bare PAGER=less keeps the colours too.

Rich's Console.pager() captures what the console prints, styles kept, and hands it to a Pager
object at the end: that is the mechanism used here. Its own SystemPager goes through
pydoc.pager, which knows neither UPRSEARCH_PAGER nor the -FRX default nor a pager that is not
installed, so this module gives it one that does. Output shorter than the terminal is printed
directly, whatever the pager (git relies on less -F for that).
"""
from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
from typing import Mapping, TextIO

from rich.pager import Pager

DEFAULT = "less -FRX"
ENVIRONMENT = ("UPRSEARCH_PAGER", "PAGER")  # the first that is set wins
OFF = ("", "cat")


def pager_command(environ: Mapping[str, str] | None = None) -> str | None:
    """The pager command the environment asks for; None when paging is turned off."""
    environ = os.environ if environ is None else environ
    for name in ENVIRONMENT:
        if name in environ:
            value = environ[name].strip()
            return None if value in OFF else value
    return DEFAULT


def installed(command: str) -> bool:
    """Whether the program a pager command starts with can be found (a missing one would lose the
    output: the shell only says "not found")."""
    try:
        words = shlex.split(command)
    except ValueError:
        return False
    words = [w for w in words if "=" not in w or w.startswith(("/", "."))]  # "LESS=R less": the program
    return bool(words) and shutil.which(words[0]) is not None


def page(content: str, stream: TextIO | None = None) -> None:
    """Text printed without a Rich console (`parse`) through the pager the environment asks for,
    as CommandPager shows it; printed directly where paging is off."""
    stream = stream if stream is not None else sys.stdout
    command = pager_command()
    if command is None:
        stream.write(content)
        return
    CommandPager(command, shutil.get_terminal_size().lines, stream).show(content)


class CommandPager(Pager):
    """Shows Rich's captured output through a shell command, or prints it when it fits the
    terminal's height or the command cannot be run."""

    def __init__(self, command: str, height: int, stream: TextIO | None = None):
        self.command = command
        self.height = height
        self.stream = stream if stream is not None else sys.stdout

    def show(self, content: str) -> None:
        if content.count("\n") < self.height:
            self.stream.write(content)
            return
        if not installed(self.command):
            sys.stderr.write(f"uprsearch: pager {self.command!r} not found; printing directly (--no-pager or PAGER= to stop trying)\n")
            self.stream.write(content)
            return
        environ = dict(os.environ)
        environ.setdefault("LESS", "FRX")
        environ.setdefault("LV", "-c")
        self.stream.flush()
        encoding = getattr(self.stream, "encoding", None) or "utf-8"
        process = subprocess.Popen(self.command, shell=True, stdin=subprocess.PIPE, env=environ)
        # Ctrl-C belongs to the pager while it runs (less uses it to stop a search), as in git:
        # ignored here, after the pager started with the default disposition.
        try:
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        except ValueError:  # not the main thread: signals stay as they are
            previous = None
        try:
            process.communicate(content.encode(encoding, "replace"))  # a pager quit early: no error
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
