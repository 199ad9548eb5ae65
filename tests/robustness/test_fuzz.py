"""Property-based query fuzzing through every command and format (issue 14): whatever the query,
filter value or id, the answer is exit 0 (hits), 1 (none) or 2 with one error line, never an
internal error, and the terminal formats print no raw control character. Hypothesis's deadline
is the guard against a query that runs away (generous: the machine is shared; speed is measured
in bench/faults.py, not here)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uprsearch.cli import cli
from uprsearch.listings import FORMATS
from tests.robustness.hostile import PIECES, WORDS, has_raw_controls

pytestmark = pytest.mark.slow

FUZZ = settings(max_examples=30, deadline=timedelta(seconds=30), derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

pieces = st.one_of(
    st.sampled_from(WORDS), st.sampled_from(PIECES),
    st.builds(lambda w, s: w + s, st.sampled_from(WORDS), st.sampled_from(["~", "~1", "~2", "~3", "~1/2", "~2/9", "*", "?"])),
    st.text(max_size=12),
    st.binary(min_size=1, max_size=4).map(lambda b: b.decode("utf-8", "surrogateescape")),  # not UTF-8
)
queries = st.one_of(
    st.lists(pieces, min_size=1, max_size=10).map(" ".join),
    st.lists(pieces, min_size=1, max_size=10).map("".join),
    st.builds(lambda w, n: w * n, st.sampled_from(WORDS + ["(", '"', "NOT ", "~"]), st.integers(100, 3000)),
).map(lambda q: q.replace("\x00", ""))  # an argument cannot hold NUL

COMMANDS = {
    "search": lambda q: ["search", q],
    "said": lambda q: ["said", "AI", q],
    "said-org": lambda q: ["said", q],
    "show": lambda q: ["show", q],
    "similar": lambda q: ["similar", q],
    "org": lambda q: ["search", "--org", q],
    "theme": lambda q: ["search", "torture", "--theme", q],
    "doc": lambda q: ["search", "--doc", q],
    "section": lambda q: ["search", "--section", q],
    "kind": lambda q: ["search", "--kind", q],
    "uptake": lambda q: ["uptake", q],
}


def check(result, fmt: str) -> None:
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    if result.exit_code == 2:
        errors = [line for line in result.stderr.splitlines() if line.startswith("uprsearch: error: ")]
        assert len(errors) == 1 and len(result.stderr.splitlines()) == 1, result.stderr
    assert not has_raw_controls(result.stderr)
    if fmt in ("text", "csv", "tsv", "ids", "jsonl", "json"):
        assert not has_raw_controls(result.stdout)


@pytest.mark.parametrize("command", sorted(COMMANDS))
@FUZZ
@given(query=queries, fmt=st.sampled_from(FORMATS))
def test_fuzzed_queries_end_in_0_1_or_2_with_one_line(corpus_index, command, query, fmt):
    result = CliRunner().invoke(cli, [*COMMANDS[command](query), "--format", fmt])
    check(result, fmt)


@FUZZ
@given(query=queries, fmt=st.sampled_from(FORMATS), extra=st.sampled_from([[], ["--count"], ["--facets"], ["--full"], ["-n", "1"]]))
def test_fuzzed_queries_with_output_options(corpus_index, query, fmt, extra):
    if "--facets" in extra and fmt not in ("text", "json"):
        extra = []
    result = CliRunner().invoke(cli, ["search", query, "--format", fmt, *extra])
    check(result, fmt)
