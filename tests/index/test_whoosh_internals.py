"""The fence around what reaches into Whoosh's internals: another Whoosh version is refused, loudly
and on one line, before any of it runs."""
from __future__ import annotations

import subprocess
import sys

import pytest

from uprsearch.errors import WhooshVersionError
from uprsearch.index.whoosh_internals import WHOOSH_VERSION, check_whoosh_version


def test_the_installed_whoosh_is_the_one_the_internals_were_written_for():
    import whoosh

    assert tuple(whoosh.__version__[:3]) == WHOOSH_VERSION == (2, 7, 5)
    check_whoosh_version()


def test_another_whoosh_is_refused():
    with pytest.raises(WhooshVersionError, match=r"^uprsearch needs whoosh-reloaded 2\.7\.5 \(found 2\.7\.6\): "):
        check_whoosh_version((2, 7, 6))


def test_the_command_says_so_on_one_line_and_exits_2(tmp_path):
    probe = (
        "import sys, whoosh\n"
        "whoosh.__version__ = (2, 8, 0)\n"
        f"sys.argv = ['uprsearch', '--index-dir', {str(tmp_path / 'ix')!r}, 'search', 'torture']\n"
        "from uprsearch.cli import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr == (
        "uprsearch: error: uprsearch needs whoosh-reloaded 2.7.5 (found 2.8.0): its speed-ups in "
        "uprsearch/index/whoosh_internals/ rely on that version's internals; "
        "install it with: pip install 'whoosh-reloaded==2.7.5'\n"
    )
    assert done.stdout == ""
