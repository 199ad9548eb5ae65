"""The pager: which command the environment asks for, and the real command on a terminal (a pty)
and in a pipe. A pager that marks each line ("PAGED ") shows whether output went through it."""
from __future__ import annotations

import fcntl
import io
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from uprsearch import pager

BIN = Path(sys.executable).parent / "uprsearch"
COMMAND = [str(BIN)] if BIN.exists() else [sys.executable, "-m", "uprsearch"]
MARKING = "sed 's/^/PAGED /'"


@pytest.mark.parametrize("environ, command", [
    ({}, "less -FRX"),
    ({"PAGER": "more"}, "more"),
    ({"PAGER": "more", "UPRSEARCH_PAGER": "less -S"}, "less -S"),
    ({"PAGER": ""}, None),
    ({"PAGER": "cat"}, None),
    ({"PAGER": "more", "UPRSEARCH_PAGER": ""}, None),
    ({"PAGER": "", "UPRSEARCH_PAGER": "most"}, "most"),
])
def test_the_pager_command_follows_the_environment_as_git_does(environ, command):
    assert pager.pager_command(environ) == command


def test_output_shorter_than_the_terminal_is_printed_directly():
    out = io.StringIO()
    pager.CommandPager("false", height=3, stream=out).show("one\ntwo\n")
    assert out.getvalue() == "one\ntwo\n"


def test_a_pager_that_is_not_installed_prints_directly_and_says_so(capsys):
    out = io.StringIO()
    pager.CommandPager("no-such-pager-here -R", height=1, stream=out).show("one\ntwo\nthree\n")
    assert out.getvalue() == "one\ntwo\nthree\n"
    assert capsys.readouterr().err == ("uprsearch: pager 'no-such-pager-here -R' not found; printing directly "
                                       "(--no-pager or PAGER= to stop trying)\n")


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "PAGER", "UPRSEARCH_PAGER", "LESS")}
    return {**env, "TERM": "xterm", "COLUMNS": "100", "LINES": "12", **extra}


def on_a_terminal(*args: str, **env: str) -> str:
    """What the command writes to a terminal of 100 x 12 (a pty), escape sequences and all."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 12, 100, 0, 0))
    process = subprocess.Popen([*COMMAND, *args], stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.PIPE,
                               env=environment(**env))
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the other end closed (Linux: EIO)
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert process.wait(timeout=120) == 0, process.stderr.read()
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def lines_of(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.strip()]


@pytest.mark.usefixtures("corpus_index")
def test_long_output_on_a_terminal_goes_through_the_pager():
    lines = lines_of(on_a_terminal("said", "AI", "--all", PAGER=MARKING))
    assert len(lines) > 12 and all(line.startswith("PAGED ") for line in lines)
    assert lines == lines_of(on_a_terminal("said", "AI", "--all", PAGER="", UPRSEARCH_PAGER=MARKING))


@pytest.mark.usefixtures("corpus_index")
@pytest.mark.parametrize("args, env", [
    (("--no-pager", "said", "AI", "--all"), {"PAGER": MARKING}),  # as git has it, before the command
    (("said", "AI", "--all", "--no-pager"), {"PAGER": MARKING}),
    (("said", "AI", "--all"), {"PAGER": "cat"}),
    (("said", "AI", "--all"), {"PAGER": MARKING, "UPRSEARCH_PAGER": ""}),
    (("said", "AI", "-n", "1"), {"PAGER": MARKING}),  # fits the terminal
])
def test_no_pager_when_turned_off_or_when_the_output_fits(args, env):
    output = on_a_terminal(*args, **env)
    assert "PAGED" not in output and "Amnesty International (AI) noted positive measures" in output


@pytest.mark.usefixtures("corpus_index")
def test_never_a_pager_when_piped():
    done = subprocess.run([*COMMAND, "said", "AI", "--all"], capture_output=True, text=True, timeout=120,
                          env=environment(PAGER=MARKING))
    assert done.returncode == 0 and done.stderr == ""
    assert "PAGED" not in done.stdout and len(done.stdout.splitlines()) > 100
    forced = subprocess.run([*COMMAND, "said", "AI", "--all", "--color", "always"], capture_output=True, text=True,
                            timeout=120, env=environment(PAGER=MARKING))
    assert "PAGED" not in forced.stdout and "\x1b[" in forced.stdout


def test_parse_pages_its_text_listing_on_a_terminal_and_not_when_asked_not_to():
    corpus = str(Path(__file__).resolve().parents[1] / "corpus" / "kaz-2009-amnesty-international-upr-submission.txt")
    lines = lines_of(on_a_terminal("parse", corpus, PAGER=MARKING))
    assert len(lines) > 12 and all(line.startswith("PAGED ") for line in lines)
    assert lines[0] == "PAGED # kaz-2009-ai  stakeholder-submission  Amnesty International submission to the UPR: " \
                       "Kazakhstan (2009)  (38 chunks)"
    unpaged = lines_of(on_a_terminal("parse", corpus, "--no-pager", PAGER=MARKING))
    assert [line.removeprefix("PAGED ") for line in lines if line.strip() != "PAGED"] == unpaged
