"""The installed command in real processes: pipes, exit codes, Ctrl-C, first-run build, lazy imports."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from uprsearch.reader import bundled_corpus_dir

pytestmark = pytest.mark.usefixtures("corpus_index")

BIN = Path(sys.executable).parent / "uprsearch"
COMMAND = [str(BIN)] if BIN.exists() else [sys.executable, "-m", "uprsearch"]


def sh(script: str, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{Path(COMMAND[0]).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(["bash", "-c", f"set -o pipefail; {script}"], capture_output=True, text=True, env=env,
                          timeout=120, **kw)


def uprsearch(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, timeout=120, **kw)


def command_corpus_dir() -> Path:
    """The bundled corpus as the command under test finds it. Asked of the command's own Python
    as a console script runs it (-P: without the current directory, which would give this
    process's copy: the checkout's, when the tests run from a checkout and the package is
    installed without -e)."""
    probe = "from uprsearch.reader import bundled_corpus_dir; print(bundled_corpus_dir())"
    flags = ["-P"] if BIN.exists() else []
    done = subprocess.run([sys.executable, *flags, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    return Path(done.stdout.strip())


def test_exit_codes_of_the_real_command():
    assert uprsearch("search", "torture", "--count").returncode == 0
    none = uprsearch("search", "zzyzx")
    assert (none.returncode, none.stdout, none.stderr) == (1, "", "")
    bad = uprsearch("search", "--org", "nobody-at-all")
    assert bad.returncode == 2
    assert bad.stderr.startswith("uprsearch: error: unknown organisation 'nobody-at-all'") and bad.stderr.count("\n") == 1
    usage = uprsearch("search", "--no-such-option")
    assert (usage.returncode, usage.stderr) == (
        2, "uprsearch: error: No such option '--no-such-option'. Did you mean '--section'? (see 'uprsearch search --help')\n")


def test_a_closed_pipe_ends_quietly_with_0():
    done = sh("uprsearch search --format jsonl | head -1 > /dev/null; echo ${PIPESTATUS[0]}")
    assert done.stdout == "0\n"
    assert done.stderr == ""
    done = sh("uprsearch search | head -c 20 > /dev/null")
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
def test_jsonl_into_jq():
    done = sh("uprsearch said HRW --format jsonl | jq -r '.para' | sort -n | uniq -c | awk '{print $2\":\"$1}'")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["9:1", "34:2", "36:2", "37:4", "38:3"]
    done = sh("uprsearch search torture --format jsonl | jq -r 'select(.orgs | index(\"ICJ\")) | .id'")
    assert done.stdout.split() == sh("uprsearch search torture --org ICJ --format ids").stdout.split()


def test_ids_into_xargs_show():
    done = sh("uprsearch search habeas corpus --format ids | xargs uprsearch show --format ids")
    assert done.stdout == "kaz-2010-summary:17\n"


def test_piped_text_is_not_wrapped():
    done = uprsearch("search", "habeas corpus", "--full")
    lines = done.stdout.splitlines()
    assert len(lines) == 2 and len(lines[1]) > 1000 and "\x1b" not in done.stdout


def test_first_run_builds_the_index_with_one_line_on_stderr(tmp_path):
    location = tmp_path / "fresh"
    done = uprsearch("--index-dir", str(location), "search", "torture", "--count")
    assert done.returncode == 0
    assert done.stderr == (
        f"uprsearch: building the index of {command_corpus_dir()} in {location} (first use; this takes a moment)\n"
    )
    assert int(done.stdout) > 0
    again = uprsearch("--index-dir", str(location), "search", "torture", "--count")
    assert (again.stderr, again.stdout) == ("", done.stdout)


def test_index_command_prints_a_summary_and_skips_unchanged_files(tmp_path):
    location = tmp_path / "ix"
    first = uprsearch("--index-dir", str(location), "index")
    assert first.returncode == 0 and first.stderr == ""
    assert first.stdout.startswith("indexed 3 documents (rebuilt, 3 added), 318 chunks, ")
    second = uprsearch("--index-dir", str(location), "index")
    assert second.stdout.startswith("indexed 3 documents (3 unchanged), 318 chunks, ")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    third = uprsearch("--index-dir", str(location), "index", str(bad))
    assert third.returncode == 2
    assert third.stderr == f"uprsearch: error: {(bad / 'empty.txt').resolve()}: the file is empty\n"


def test_ctrl_c_ends_with_130_and_no_traceback(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(30):  # enough text that the first-run build is still going when Ctrl-C comes
        for source in bundled_corpus_dir().glob("*.txt"):
            # each copy its own document (a copy of the same text or symbol is skipped as a duplicate)
            code = "K" + chr(65 + i // 26) + chr(65 + i % 26)
            text = source.read_text(encoding="utf-8").replace("/KAZ/", f"/{code}/")
            (corpus / f"{i:02d}-{source.name}").write_text(f"{text}\n\nCopy {i}.\n", encoding="utf-8")
    # Ctrl-C as a terminal gives it: a test run started in the background of a shell without job
    # control inherits SIGINT ignored, and so would the command
    proc = subprocess.Popen([*COMMAND, "--index-dir", str(tmp_path / "ix"), "--corpus", str(corpus), "search", "torture"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    first_line = proc.stderr.readline()
    assert first_line.startswith("uprsearch: building the index")
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    _, rest = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "Traceback" not in rest and "KeyboardInterrupt" not in rest
    assert not (tmp_path / "ix" / "CURRENT").exists() and not list((tmp_path / "ix").glob("gen-*"))


def test_help_imports_neither_whoosh_nor_rich():
    probe = (
        "import sys, atexit\n"
        "atexit.register(lambda: sys.stderr.write(repr(sorted({m.split('.')[0] for m in sys.modules} & {'whoosh', 'rich'}))))\n"
        "sys.argv = ['uprsearch', '--help']\n"
        "from uprsearch.cli import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "Usage: uprsearch" in done.stdout
    assert done.stderr == "[]"


def readme_pipelines() -> list[tuple[str, str]]:
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.S):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("$ uprsearch ") and "|" in line:
                output = []
                for follow in lines[i + 1:]:
                    if follow.startswith("$ "):
                        break
                    output.append(follow)
                found.append((line[2:], "\n".join(output) + "\n"))
    return found


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
@pytest.mark.parametrize("pipeline, output", readme_pipelines())
def test_readme_pipelines_are_real_output(pipeline, output):
    done = sh(pipeline)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == output
