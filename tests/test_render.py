"""The renderer: cleaning document text, highlighting spans, fragments, colour rules, machine formats."""
from __future__ import annotations

import csv
import io
import json

import pytest

from uprsearch import render, textview
from uprsearch.models import Document
from uprsearch.library import Outcome


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def hit(text: str, highlights: list, **fields) -> dict:
    record = {
        "id": "doc:1", "doc": "doc", "symbol": "", "country": "", "cycle": None, "section": ["A. Heading"], "para": 1,
        "kind": "paragraph", "orgs": ["AI"], "themes": ["torture"], "text": text, "footnotes": [], "score": 1.0,
        "highlights": highlights,
    }
    record.update(fields)
    return record


def printed(listing: str, records: list[dict], monkeypatch, stream=None, **options) -> str:
    out = stream or io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    documents = {"doc": Document(id="doc", title="A title: with a subtitle")}
    render.emit(listing, Outcome(records, len(records), None, None, documents), render.OutputOptions(**options))
    return out.getvalue()


@pytest.fixture(autouse=True)
def plain_env(monkeypatch):
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM", "COLORTERM", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)


def test_clean_strips_escape_sequences_and_control_characters_and_moves_spans():
    raw = "a\x1b[31mred\x1b[0m \x07bell\x1b]0;title\x07 \u202eok\x00"
    text, spans = render.clean_spans(raw, [(raw.index("red"), raw.index("red") + 3), (raw.index("ok"), raw.index("ok") + 2)])
    assert text == "ared bell ok"
    assert [text[s:e] for s, e in spans] == ["red", "ok"]
    assert render.clean("line\nbreak\ttab") == "line break tab"
    assert render.clean("line\nbreak", newlines=True) == "line\nbreak"


def test_document_text_is_never_parsed_as_markup(monkeypatch):
    out = printed("hits", [hit("Use [bold]x[/bold] and :smile: literally", [])], monkeypatch, full=True)
    assert out.splitlines()[1] == "Use [bold]x[/bold] and :smile: literally"


def test_escape_sequences_in_documents_do_not_reach_the_terminal(monkeypatch):
    text = "evil \x1b[2J\x1b]8;;http://x\x07link torture"
    out = printed("hits", [hit(text, [[text.index("torture"), len(text)]])], monkeypatch, Terminal(), color="always", full=True)
    body = out.splitlines()[1]
    assert "\x1b[2J" not in out and "\x1b]8" not in out
    assert body == "evil link \x1b[1;31mtorture\x1b[0m"


def test_highlight_spans_are_styled_on_a_terminal_and_plain_when_piped(monkeypatch):
    record = hit("no torture here; torture there", [[3, 10], [17, 24]])
    coloured = printed("hits", [record], monkeypatch, Terminal(), full=True)
    assert coloured.splitlines()[1] == "no \x1b[1;31mtorture\x1b[0m here; \x1b[1;31mtorture\x1b[0m there"
    piped = printed("hits", [record], monkeypatch, full=True)
    assert piped == "doc:1  A title  § A. Heading  ¶1  AI  #torture\nno torture here; torture there\n"


@pytest.mark.parametrize("env, color, coloured", [
    ({}, "auto", True),
    ({"NO_COLOR": "1"}, "auto", False),
    ({"TERM": "dumb"}, "auto", False),
    ({}, "never", False),
    ({"NO_COLOR": "1"}, "always", True),
])
def test_colour_follows_the_option_and_the_environment_on_a_terminal(monkeypatch, env, color, coloured):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    out = printed("hits", [hit("torture", [[0, 7]])], monkeypatch, Terminal(), color=color, full=True)
    assert ("\x1b[1;31m" in out) is coloured
    if color == "never" or env.get("TERM") == "dumb":
        assert "\x1b" not in out


@pytest.mark.parametrize("env, color, coloured", [
    ({}, "auto", False),
    ({"FORCE_COLOR": "1"}, "auto", True),
    ({}, "always", True),
])
def test_colour_when_piped(monkeypatch, env, color, coloured):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    out = printed("hits", [hit("torture " * 40, [[0, 7]])], monkeypatch, color=color, full=True)
    assert ("\x1b[" in out) is coloured
    assert len(out.splitlines()) == 2  # never wrapped at 80 columns when piped


def test_fragment_cuts_at_words_around_the_densest_matches_with_ellipses():
    text = " ".join(f"w{i}" for i in range(200)) + " torture and torture again " + " ".join(f"x{i}" for i in range(200))
    start = text.index("torture")
    piece, spans = textview.fragment(text, [(start, start + 7), (start + 12, start + 19)], size=80)
    assert piece.startswith("…w") and piece.endswith("…")
    assert [piece[s:e] for s, e in spans] == ["torture", "torture"]
    assert len(piece) <= 82
    short, same = textview.fragment("short text", [(0, 5)], size=80)
    assert (short, same) == ("short text", [(0, 5)])


def said(chunk: str, text: str, kind: str = "observation", org: str = "HRW", **fields) -> dict:
    record = {"id": chunk, "doc": "doc", "para": int(chunk.split(":")[1]), "org": org, "kind": kind, "text": text,
              "section": ["I. A", "1. B"], "highlights": []}
    record.update(fields)
    return record


def test_said_text_view_groups_statements_under_one_header_per_paragraph(monkeypatch):
    records = [said("doc:3", "HRW was concerned.", "concern"), said("doc:3", "It added a fact."),
               said("doc:3", "HRW recommended a law.", "recommendation"), said("doc:4", "HRW noted more.")]
    assert printed("said", records, monkeypatch) == (
        "doc:3  A title  § 1. B  ¶3  HRW\n"
        "- concern: HRW was concerned.\n"
        "- observation: It added a fact.\n"
        "» recommendation: HRW recommended a law.\n"
        "\n"
        "doc:4  A title  § 1. B  ¶4  HRW\n"
        "- observation: HRW noted more.\n"
    )


def test_said_names_the_speaker_of_each_statement_where_a_paragraph_has_several(monkeypatch):
    records = [said("doc:3", "JS1 noted it.", org="JS1"), said("doc:3", "The other JS1 agreed.", org="JS1 of b")]
    assert printed("said", records, monkeypatch) == (
        "doc:3  A title  § 1. B  ¶3  JS1, JS1 of b\n- JS1 observation: JS1 noted it.\n"
        "- JS1 of b observation: The other JS1 agreed.\n"
    )


def test_said_a_state_recommendation_with_its_response(monkeypatch):
    record = said("doc:95", "To abolish the death penalty", "recommendation", org="France", response="supported",
                  country="Kazakhstan")
    assert printed("said", [record], monkeypatch).splitlines()[1] == (
        "» recommendation, supported by Kazakhstan: To abolish the death penalty")


def test_said_statements_are_styled_on_a_terminal(monkeypatch):
    record = said("doc:3", "HRW recommended a law.", "recommendation", highlights=[[18, 21]])
    line = printed("said", [record], monkeypatch, Terminal()).splitlines()[1]
    assert line == "\x1b[1;33m» \x1b[0m\x1b[1;33mrecommendation:\x1b[0m HRW recommended a \x1b[1;31mlaw\x1b[0m."


PARAGRAPH = "FH noted a law. HRW noted a torture case. BF agreed. HRW recommended reform."


def paragraph(**fields) -> dict:
    first, second = PARAGRAPH.index("HRW noted"), PARAGRAPH.index("HRW recommended")
    spans = [[first, PARAGRAPH.index(" BF")], [second, len(PARAGRAPH)]]
    return hit(PARAGRAPH, spans, said_spans=spans, orgs=["FH", "HRW", "BF"], **fields)


def test_said_paragraphs_piped_marks_the_organisations_sentences_in_the_whole_paragraph(monkeypatch):
    out = printed("paragraphs", [paragraph()], monkeypatch)
    assert out == ("doc:1  A title  § A. Heading  ¶1  FH, HRW, BF  #torture\n"
                   "FH noted a law. **HRW noted a torture case.** BF agreed. **HRW recommended reform.**\n")
    uncoloured = printed("paragraphs", [paragraph()], monkeypatch, Terminal(), color="never")
    assert "**HRW noted a torture case.**" in uncoloured and "\x1b" not in uncoloured


def test_said_paragraphs_on_a_terminal_colours_the_sentences_and_the_matches(monkeypatch):
    record = paragraph()
    torture = PARAGRAPH.index("torture")
    record["highlights"] = [[torture, torture + 7]]
    body = printed("paragraphs", [record], monkeypatch, Terminal()).splitlines()[1]
    assert body == ("FH noted a law. \x1b[32mHRW noted a \x1b[0m\x1b[1;31mtorture\x1b[0m\x1b[32m case.\x1b[0m BF agreed. "
                    "\x1b[32mHRW recommended reform.\x1b[0m")


def test_said_paragraphs_without_colour_keeps_the_matches_where_they_were(monkeypatch):
    text, spans = textview.insert_marks("ab cd ef", [(3, 5), (0, 2)], [(3, 5)])
    assert text == "ab **cd** ef" and [text[s:e] for s, e in spans] == ["cd", "ab"]


def test_show_lists_who_said_each_sentence_and_the_footnote_texts(monkeypatch):
    statements = [{"text": "AI noted it.", "orgs": ["AI"], "kind": "observation"},
                  {"text": "AI and HRW urged a law.", "orgs": ["AI", "HRW"], "kind": "recommendation"},
                  {"text": "Nobody's.", "orgs": [], "kind": "observation"}]
    record = hit("AI noted it. AI and HRW urged a law. Nobody's.", [], statements=statements,
                 footnotes=[{"number": 7, "text": "AI, p. 2."}, {"number": 12, "text": ""}])
    assert printed("show", [record], monkeypatch) == (
        "doc:1  A title  ¶1  AI  #torture\n"
        "§ A. Heading\n"
        "paragraph\n"
        "AI noted it. AI and HRW urged a law. Nobody's.\n"
        "statements:\n"
        "- AI observation: AI noted it.\n"
        "» AI, HRW recommendation: AI and HRW urged a law.\n"
        "- observation: Nobody's.\n"
        "footnotes:\n"
        "   7  AI, p. 2.\n"
        "  12\n"
    )


def test_show_says_whose_a_paragraph_that_is_one_statement_is_without_repeating_it(monkeypatch):
    record = hit("FOR-USA recommended a ban.", [], orgs=["FOR-USA"],
                 statements=[{"text": "FOR-USA recommended a ban.", "orgs": ["FOR-USA"], "kind": "recommendation"}])
    assert printed("show", [record], monkeypatch).splitlines()[3:] == [
        "FOR-USA recommended a ban.", "statements:", "» FOR-USA recommendation: the whole paragraph"]


def test_show_gives_no_statement_list_for_a_recommendations_list_item(monkeypatch):
    record = hit("To abolish it", [], kind="recommendation", orgs=["France"], number="97.16", response="pending",
                 statements=[{"text": "To abolish it", "orgs": ["France"], "kind": "recommendation"}],
                 footnotes=[{"number": 3, "text": ""}, {"number": 4, "text": ""}])
    assert printed("show", [record], monkeypatch) == (
        "doc:1  A title  ¶1  » recommendation by France  pending  #torture\n"
        "§ A. Heading\n"
        "recommendation 97.16\n"
        "response: pending\n"
        "To abolish it\n"
        "footnotes: 3; 4\n"
    )


def test_a_state_recommendation_hit_names_its_states_and_the_response(monkeypatch):
    record = hit("To abolish it", [], kind="recommendation", orgs=["France", "Spain"], response="supported",
                 country="Kazakhstan")
    assert printed("hits", [record], monkeypatch, full=True).splitlines()[0] == (
        "doc:1  A title  § A. Heading  ¶1  » recommendation by France, Spain  supported by Kazakhstan  #torture")


def test_machine_formats_from_one_function():
    records = [hit("a, \"quoted\"\ttext", [[0, 1]], footnotes=[{"number": 4, "text": "A note"}, {"number": 5, "text": ""}],
                   orgs=["AI", "HRW"])]
    columns = render.COLUMNS["hits"]
    out = io.StringIO()
    render.write_records(records, columns, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["orgs"] == "AI; HRW" and rows[0]["footnotes"] == "4 A note; 5" and rows[0]["highlights"] == "0-1"
    assert rows[0]["text"] == "a, \"quoted\"\ttext" and rows[0]["cycle"] == ""
    out = io.StringIO()
    render.write_records(records, columns, "tsv", out)
    assert out.getvalue().splitlines()[1].split("\t")[columns.index("text")] == 'a, "quoted" text'
    out = io.StringIO()
    render.write_records(records, columns, "jsonl", out)
    assert json.loads(out.getvalue())["highlights"] == [[0, 1]]
    out = io.StringIO()
    render.write_records(records * 2, columns, "ids", out)
    assert out.getvalue() == "doc:1\n"
    out = io.StringIO()
    render.write_records(records, columns, "json", out, facets={"org": {"AI": 1}}, total=1)
    assert json.loads(out.getvalue())["facets"] == {"org": {"AI": 1}}


def test_count_prints_the_number_only(monkeypatch):
    assert printed("hits", [hit("x", [])], monkeypatch, count=True) == "1\n"


def test_a_terminal_limit_says_how_many_are_left(monkeypatch):
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    render.emit("hits", Outcome([hit("x", [])], 12, None, None, {}), render.OutputOptions(limited=True))
    assert out.getvalue().splitlines()[-1] == "… 1 of 12 hits shown; --all shows every one, -n N the first N"


def test_parse_view_is_unchanged():
    # print_parse belongs to another command's contract; keep its layout.
    from uprsearch.models import Chunk, ParsedDocument, Statement
    from uprsearch.pipeline import ParseRun

    doc = Document(id="d", type="document", source="d.txt")
    chunk = Chunk(id="d:1", doc="d", n=1, para=None, kind="paragraph", section=[], text="AI noted it.",
                  orgs=["AI"], statements=[Statement("AI noted it.", ["AI"], "observation")])
    out = io.StringIO()
    import sys
    saved, sys.stdout = sys.stdout, out
    try:
        render.print_parse(ParseRun([ParsedDocument(doc, [chunk])]), "text")
    finally:
        sys.stdout = saved
    assert out.getvalue() == (
        "# d  document  d.txt  (1 chunks)\n\n[d:1] paragraph  § -\n  orgs: AI   themes: -\n  AI noted it.\n"
        "    - [observation] AI: AI noted it.\n\n"
    )


def test_tables_fit_the_terminal_long_labels_cut_never_wrapped(monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    facets = {"section": {"II. PROMOTION AND PROTECTION OF HUMAN RIGHTS ON THE GROUND": 7, "Short": 12},
              "org": {"AI": 3}}
    out = Terminal()
    textview.facets_table(render.make_console("never", out), facets)
    assert max(len(line) for line in out.getvalue().splitlines()) == 40
    assert out.getvalue() == (
        "\n"
        "facet    value                    chunks\n"
        "section  II. PROMOTION AND PROT…       7\n"
        "         Short                        12\n"
        "org      AI                            3\n"
    )


def test_piped_tables_are_never_cut(monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    out = io.StringIO()
    textview.table(render.make_console("never", out), ["id", "title"], [["a", "x" * 100]])
    assert out.getvalue() == "id  title\n" + "a   " + "x" * 100 + "\n"


@pytest.mark.parametrize("widths, fixed, total, fitted", [
    ([10, 50, 6], [True, False, True], 80, [10, 50, 6]),  # fits
    ([10, 50, 6], [True, False, True], 40, [10, 20, 6]),
    ([10, 30, 30, 6], [True, False, False, True], 60, [10, 19, 19, 6]),  # the widest first, then both alike
    ([10, 30, 6], [True, False, True], 10, [10, 8, 6]),  # never below MIN_LABEL (the line is cropped)
])
def test_fit_widths(widths, fixed, total, fitted):
    assert textview.fit_widths(widths, fixed, total) == fitted
