"""Numbered documents that lose nothing: the numbering chosen as a run, every anomaly reported.

Small texts in the shapes that lost paragraphs before (issue 10): a heading and the next paragraph's
number on one line, a number without its full stop, a "Notes" heading printed before the last
paragraph ended, page furniture inside sentences, headings and organisation names."""
from __future__ import annotations

import json

from click.testing import CliRunner

from uprsearch import numbering
from uprsearch.cli import cli
from uprsearch.pipeline import parse_paths

HEAD = """United Nations A/HRC/WG.6/52/NAM/3
General Assembly Distr.: General
4 February 2026
Original: English
Human Rights Council
Working Group on the Universal Periodic Review
Fifty-second session
Summary of stakeholders’ submissions on Namibia*
Report of the Office of the United Nations High Commissioner for Human Rights
I. Background
1. The present report was prepared pursuant to Human Rights Council resolutions 5/1 and
16/21.1 It is a summary of 12 stakeholders’ submissions2 for the universal periodic review.
II. Information provided by stakeholders
A. Scope of international obligations and cooperation with human rights mechanisms3
2. JS1 recommended that Namibia ratify the Optional Protocol to the Convention against
Torture.4 AI recommended that Namibia accede to the 1961 Convention.5
3. JS7 noted that the Government had not yet submitted its report to the Committee.6
B. National human rights framework
"""
BODY = """1. Constitutional and legislative framework 4. JS7 stated that the Access to Information
Act (2022) had not been implemented.7 It recommended that Namibia allocate resources.8
5. JS2 noted that the Ombudsman lacked funding.9
4 GE.26-02004
A/HRC/WG.6/52/NAM/3
C. Promotion and protection of human rights
1. Cross-cutting issues
Equality and non-discrimination
6. AI stated that the law GE.26-02004 did not protect lesbian, gay, bisexual and transgender
persons.10 JS1 recommended decriminalising consensual same-sex relations.11
7 Just Atonement Inc. (JAI) commended the adoption of the Child Care Act.12 JAI
recommended that Namibia fund it.13
8. Madres Autónomas (MAPY) GE.26-02004 reported on violence against women.14 It
recommended shelters.15
Notes
9. JS3 recommended that Namibia adopt a law on
domestic violence.16
10. HRW noted that the police used excessive force.17
Please recycle
"""
NOTES = """1 A/HRC/37/9 and A/HRC/37/2.
2 The stakeholders listed below have contributed information for this summary; the full texts of all
original submissions are available at: www.ohchr.org.
Civil society
Individual submissions:
AI Amnesty International, London (United Kingdom of Great Britain and Northern Ireland);
HRW Human Rights Watch, Geneva (Switzerland);
JAI Just Atonement Inc., New York (United States of America);
MAPY Madres Autónomas, Asunción (Paraguay);
Joint submissions:
JS1 Joint submission 1 submitted by: Namibia Coalition A; Namibia Coalition B;
JS2 Joint submission 2 submitted by: Group C; Group D;
JS3 Joint submission 3 submitted by: Group E and Group F;
JS7 Joint submission 7 submitted by: Group G;
3 For relevant recommendations, see A/HRC/37/9, paras. 121.1–121.10.
4 JS1, p. 2.
5 AI, p. 3.
6 JS7, p. 4.
7 JS7, para. 5.
8 JS7, para. 6.
9 JS2, p. 2.
10 AI, p. 5.
11 JS1, p. 7.
12 JAI, para. 3.
13 JAI, para. 4.
14 MAPY, p. 2.
15 MAPY, p. 3.
16 JS3, p. 3.
17 HRW, p. 8. See also AI, p. 9.
"""


def parse_text(tmp_path, text: str, name: str = "A_HRC_WG.6_52_NAM_3.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    run = parse_paths([path])
    assert run.errors == []
    return run.documents[0]


def test_every_paragraph_found_whatever_stands_before_its_number(tmp_path):
    parsed = parse_text(tmp_path, HEAD + BODY + NOTES)
    chunks = {c.para: c for c in parsed.chunks}
    assert list(chunks) == list(range(1, 11))
    assert parsed.warnings == []
    assert chunks[4].text == "JS7 stated that the Access to Information Act (2022) had not been implemented. It recommended that Namibia allocate resources."
    assert chunks[4].section[-1] == "1. Constitutional and legislative framework"
    assert chunks[7].text.startswith("Just Atonement Inc. (JAI) commended")  # "7 Just…", its full stop lost
    assert chunks[9].text == "JS3 recommended that Namibia adopt a law on domestic violence."  # after a stray "Notes"
    assert [f.number for f in chunks[10].footnotes] == [17]
    assert chunks[6].section[-2:] == ["1. Cross-cutting issues", "Equality and non-discrimination"]


def test_page_furniture_out_of_sentences_and_names(tmp_path):
    parsed = parse_text(tmp_path, HEAD + BODY + NOTES)
    chunks = {c.para: c for c in parsed.chunks}
    assert chunks[5].text == "JS2 noted that the Ombudsman lacked funding."  # "4 GE.26-02004" and the running head below it
    assert chunks[6].text.startswith("AI stated that the law did not protect")
    assert chunks[8].text.startswith("Madres Autónomas (MAPY) reported on violence against women.")
    assert chunks[10].text == "HRW noted that the police used excessive force."  # no "Please recycle"


def test_the_notes_begin_at_the_first_note_not_at_a_line_reading_notes(tmp_path):
    parsed = parse_text(tmp_path, HEAD + BODY + NOTES)
    assert sorted(parsed.endnotes.texts) == list(range(1, 18))
    assert parsed.endnotes.list_note == 2
    assert {s.abbr for s in parsed.endnotes.stakeholders} == {"AI", "HRW", "JAI", "MAPY", "JS1", "JS2", "JS3", "JS7"}
    citation = parsed.endnotes.citation(17)
    assert (citation.cites, citation.see_also) == (["HRW"], ["AI"])
    assert parsed.endnotes.citation(2).cites == []  # the list itself cites no one


def test_paragraphs_not_found_as_numbered_are_kept_and_reported(tmp_path):
    body = BODY.replace("5. JS2 noted", "JS2 noted").replace("6. AI stated", "AI stated")
    parsed = parse_text(tmp_path, HEAD + body + NOTES)
    chunks = {c.para: c for c in parsed.chunks}
    assert sorted(chunks) == [1, 2, 3, 4, 7, 8, 9, 10]
    assert parsed.warnings == [
        "text under “C. Promotion and protection of human rights” after ¶4 is not numbered; it is kept in ¶4",
        "paragraphs 5–6 not found as numbered; their text is kept in ¶4",
    ]
    assert "JS2 noted that the Ombudsman lacked funding." in chunks[4].text
    assert "AI stated that the law did not protect" in chunks[4].text


def test_parse_prints_one_line_per_document_with_a_problem(tmp_path):
    body = BODY.replace("5. JS2 noted", "JS2 noted")
    path = tmp_path / "A_HRC_WG.6_52_NAM_3.txt"
    path.write_text(HEAD + body + NOTES, encoding="utf-8")
    # another review's summary (the same symbol would be the same document: skipped)
    (tmp_path / "fine.txt").write_text(HEAD.replace("/52/NAM/", "/52/BWA/") + BODY + NOTES, encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", "--format", "jsonl", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stderr == "uprsearch: warning: A_HRC_WG.6_52_NAM_3.txt: paragraph 5 not found as numbered; its text is kept in ¶4\n"


def candidates(text: str):
    return numbering.choose(numbering.candidates([line.strip() for line in text.split("\n")]))


def test_a_numbered_heading_is_not_the_paragraph_of_its_number():
    chosen = candidates(
        "1. JS1 noted that the law was not applied in practice, and it recommended a review of it.\n"
        "2. Civil and political rights\n"
        "2. AI stated that torture was widespread in places of detention across the whole country.\n"
        "3. HRW noted the arrests of journalists, lawyers and human rights defenders in the capital.\n"
    ).chosen
    assert [(c.number, c.line) for c in chosen] == [(1, 0), (2, 2), (3, 3)]


def test_a_list_before_the_first_paragraph_is_not_the_numbering():
    abbreviations = "\n".join(f"{n}. ABBR{n} Some Organisation" for n in range(1, 6))
    prose = "\n".join(
        f"{n}. The Government reported on the measures it had taken in the field of human rights since the review."
        for n in range(1, 9)
    )
    chosen = candidates(abbreviations + "\nI. METHODOLOGY\n" + prose).chosen
    assert [c.number for c in chosen] == list(range(1, 9))
    assert chosen[0].line == 6


def test_paragraphs_out_of_order_are_kept_where_they_stand():
    text = "\n".join(
        f"{n}. The Government reported on the measures it had taken in the field of human rights since the review."
        for n in [1, 2, 3, 6, 7, 8, 9, 4, 5, 10, 11]
    )
    result = candidates(text)
    assert [c.number for c in result.chosen] == [1, 2, 3, 6, 7, 8, 9, 4, 5, 10, 11]
    assert result.out_of_order == [4, 5]


def test_index_reports_and_docs_counts_and_lists_the_warnings(tmp_path):
    corpus = tmp_path / "docs"
    corpus.mkdir()
    (corpus / "A_HRC_WG.6_52_NAM_3.txt").write_text(HEAD + BODY.replace("5. JS2 noted", "JS2 noted") + NOTES, encoding="utf-8")
    index = str(tmp_path / "index")
    result = CliRunner().invoke(cli, ["--index-dir", index, "index", str(corpus)])
    assert result.exit_code == 0
    assert "uprsearch: warning: A_HRC_WG.6_52_NAM_3.txt: paragraph 5 not found as numbered; its text is kept in ¶4\n" in result.stderr
    docs = CliRunner().invoke(cli, ["--index-dir", index, "docs", "--format", "jsonl"])
    assert [json.loads(line)["warnings"] for line in docs.stdout.splitlines()] == [
        ["paragraph 5 not found as numbered; its text is kept in ¶4"]
    ]
    table = CliRunner().invoke(cli, ["--index-dir", index, "docs"]).stdout.splitlines()
    assert table[0].split()[-2:] == ["warnings", "title"]
    assert table[1].split()[-8] == "1"  # the count, before the title "Summary of stakeholders' submissions on Namibia (…)"


def test_footnote_references_in_every_form_the_extraction_leaves():
    """A reference is the note due (or a few ahead): glued to a word, a year or the next word,
    alone between words where the next note follows; never a number's own digits."""
    from uprsearch.text import FootnoteTracker

    cases = [
        # (note due, text, cleaned, notes taken)
        (8, "to justice.8 AIHRC’s inquiry found 9", "to justice. AIHRC’s inquiry found 9", [8]),
        (114, "for 2017-2021114 CoE-Commissioner invited", "for 2017-2021 CoE-Commissioner invited", [114]),
        (113, "participation;113cease actions", "participation; cease actions", [113]),
        (157, "causes of poverty 157 and racial disparities.158", "causes of poverty and racial disparities.", [157, 158]),
        (267, "health care 267 IFDAA underscored fear. 268", "health care IFDAA underscored fear.", [267, 268]),
        # a count or a date between words is no reference, nor is one without the next note after it
        (19, "had not implemented 19 of the 20 recommendations.20", "had not implemented 19 of the 20 recommendations.", [20]),
        (27, "the rights 27 March 2015 of the child.28", "the rights 27 March 2015 of the child.", [28]),
        (157, "causes of poverty 157 and racial disparities.", "causes of poverty 157 and racial disparities.", []),
        # thousands and a number's decimals stay whole; a skip gives way to the note due further on
        (6, "was 3,368. Thus 34,639 died.6", "was 3,368. Thus 34,639 died.", [6]),
        (9, "(97.106, 97.109, 97.113)", "(97.106, 97.109, 97.113)", []),
        (6, "of 69.8 percent, unknown yet.6", "of 69.8 percent, unknown yet.", [6]),
        (113, "in 2017,113 the law", "in 2017, the law", [113]),
    ]
    for due, text, cleaned, notes in cases:
        tracker = FootnoteTracker(expected=due)
        assert tracker.strip(text) == (cleaned, notes), text
