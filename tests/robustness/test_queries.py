"""Queries that made internal errors or ran away (issue 14, items 3 and 4): each is now an answer,
no hits (exit 1) or a one-line error (exit 2), within the documented limits (README, "Limits")."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from uprsearch.cli import cli
from uprsearch.errors import QueryError
from uprsearch.index import query as Q


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("uprsearch: error: ") and "internal error" not in result.stderr
    return result.stderr


@pytest.mark.parametrize("command", [["search"], ["said", "AI"]])
def test_a_prefix_as_long_as_the_word_is_a_query_error(corpus_index, command):
    # before: internal error (IndexError: string index out of range)
    error = one_line_error(run(*command, "torture~1/7"))
    assert "the prefix after '/' must be a number of characters shorter than the word" in error


@pytest.mark.parametrize("query", ["HRWzzzqqq~2death~2/40", "kind:incommunicado~2/40expressionHRW*NSS",
                                   "a~2/40b", "detention-HRW~2/40~1000a", "torture~2/7x"])
def test_a_prefix_glued_inside_a_token_is_a_query_error(corpus_index, query):
    # before (found by bench/faults.py): internal error (IndexError: string index out of range)
    error = one_line_error(run("search", query))
    assert "the prefix after '/' must be a number of characters shorter than the word" in error


def test_a_fuzzy_distance_over_the_limit_is_refused_not_misread(corpus_index):
    # before: torture~1000 was read as torture~1 and a word 000, and answered
    error = one_line_error(run("search", "torture~1000"))
    assert error == ("uprsearch: error: bad query: 'torture~1000' asks for 1000 edits; word~ allows at most 2 "
                     "at character 1 of 'torture~1000'\n")
    assert run("search", "torture~2", "--format", "ids").exit_code == 0


def test_a_fuzzy_word_near_nothing_is_no_hits(corpus_index):
    # before: exit 2, "the query 'zzzqqq~1' has no searchable words"
    result = run("search", "zzzqqq~1")
    assert (result.exit_code, result.stdout) == (1, "")


@pytest.mark.parametrize("command", [["search", "zz\udcff"], ["show", "zz\udcff"], ["said", "zz\udcff"],
                                     ["search", "torture", "--org", "zz\udcff"], ["similar", "zz\udcff"]])
def test_bytes_that_are_not_utf8_are_an_argument_error(corpus_index, command):
    # before: internal error (UnicodeEncodeError: … surrogates not allowed)
    error = one_line_error(run(*command))
    assert error == "uprsearch: error: the argument 'zz\\xff' is not UTF-8 text; give it in UTF-8\n"


def test_the_query_language_refuses_bytes_that_are_not_utf8():
    with pytest.raises(QueryError, match="bytes that are not UTF-8 text; give the query in UTF-8 at character 3"):
        Q.check_syntax("zz\udcff")


@pytest.mark.parametrize("joiner", [" ", " AND "])
@pytest.mark.parametrize("command", [["search"], ["said", "AI"]])
def test_a_thousand_not_clauses_are_answered(corpus_index, joiner, command):
    # before: internal error (RecursionError: maximum recursion depth exceeded in comparison)
    query = "torture " + joiner.join(f"NOT x{i}" for i in range(1000))
    plain = run(*command, "torture", "--format", "ids")
    result = run(*command, query, "--format", "ids")
    assert result.exit_code == 0 and result.stdout == plain.stdout


def test_a_long_word_is_refused_at_once(corpus_index):
    # before: 28 s (5,000 characters) to over 70 s (30,000) in the "did you mean" suggestion
    error = one_line_error(run("search", "a" * 5000))
    assert "a word of 5,000 characters; words are at most 200" in error
    error = one_line_error(run("search", "a" * 30000))
    assert error == "uprsearch: error: the query has 30,000 characters; at most 20,000\n"
    error = one_line_error(run("search", "a" * 50 + "~2"))
    assert "word~ works on words of up to 40 characters" in error


def test_the_suggestion_skips_long_words_and_tries_ten(corpus_index, monkeypatch):
    tried: list[str] = []
    original = Q.QueryLanguage._nearest

    def spy(self, word):
        tried.append(word)
        return original(self, word)

    monkeypatch.setattr(Q.QueryLanguage, "_nearest", spy)
    result = run("search", " ".join([f"tortrue{i}" for i in range(30)] + ["b" * 60]))
    assert result.exit_code == 1
    assert len(tried) == Q.MAX_SUGGESTED and all(len(w) <= Q.MAX_FUZZY_LENGTH for w in tried)


def test_a_still_good_suggestion(corpus_index):
    result = run("search", "tortrue")
    assert result.exit_code == 1 and "did you mean 'torture'?" in result.stderr


def test_deep_nesting_and_chains_are_refused_with_the_limit(corpus_index):
    error = one_line_error(run("search", "(" * 60 + "torture" + ")" * 60))
    assert "parentheses nested more than 50 deep" in error
    error = one_line_error(run("search", "torture " + " ".join(f"ANDNOT x{i}" for i in range(150))))
    assert "more than 100 ANDNOT/ANDMAYBE" in error
    error = one_line_error(run("search", " ".join(f"w{i}" for i in range(1100))))
    assert error == "uprsearch: error: the query has 1100 words; at most 1024\n"


@pytest.mark.parametrize("words", [[f"b{i}" for i in range(1000)], [f"b{i}" for i in range(300)]])
def test_many_words_not_in_the_index_are_no_hits(corpus_index, words):
    # before: internal error (RecursionError): Whoosh chained the unmatched words' matchers
    for joiner in (" ", " OR "):
        result = run("search", joiner.join(words), "--format", "ids")
        assert (result.exit_code, result.stdout) == (1, "")
        assert len(result.stderr.splitlines()) <= 1 and len(result.stderr) < 600


def test_fuzzy_and_wildcard_words_are_limited(corpus_index):
    # before: 1,000 word~2 took 43 s (each is matched against the whole vocabulary)
    error = one_line_error(run("search", " ".join(f"b{i}~2" for i in range(1000))))
    assert "more than 20 words with ~, * or ?" in error
    assert run("search", " OR ".join(f"tortur{i}~1" for i in range(20)), "--format", "ids").exit_code in (0, 1)
