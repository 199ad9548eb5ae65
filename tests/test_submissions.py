"""Single-author submissions beyond the Amnesty shape: numbered paragraphs, the author's voice, PDFs."""
from __future__ import annotations

from pathlib import Path

import pytest

from uprsearch.pipeline import parse_paths

NGO = """Joint stakeholder submission by Freedom Now Foundation (FNF)

Universal Periodic Review of Ruritania

1. Freedom Now Foundation recommended that Ruritania abolish the death penalty.

2. FNF expressed concern about torture in prisons. It urged the authorities to investigate. The Committee against Torture called on Ruritania to close the camp.

Recommendations

3. Abolish the death penalty.
"""


def parse_one(path: Path):
    run = parse_paths([path])
    assert run.errors == []
    (parsed,) = run.documents
    return parsed


def test_numbered_submission_paragraphs_and_the_authors_voice(tmp_path):
    source = tmp_path / "ngo.txt"
    source.write_text(NGO)
    parsed = parse_one(source)
    assert parsed.document.author == "FNF"
    assert [(c.id, c.para, c.kind, c.text[:20]) for c in parsed.chunks] == [
        ("ngo:1", 1, "paragraph", "Freedom Now Foundati"),
        ("ngo:2", 2, "paragraph", "FNF expressed concer"),
        ("ngo:3", 3, "recommendation", "Abolish the death pe"),
    ]
    assert [(s.kind, s.text[:24]) for c in parsed.chunks for s in c.statements] == [
        ("recommendation", "Freedom Now Foundation r"),
        ("concern", "FNF expressed concern ab"),
        ("recommendation", "It urged the authorities"),
        ("observation", "The Committee against To"),  # reported speech is not the author's recommendation
        ("recommendation", "Abolish the death penalt"),
    ]


def test_numbers_out_of_sequence_are_not_paragraph_numbers(tmp_path):
    source = tmp_path / "report.txt"
    source.write_text("Intro paragraph here.\n\n2019. A year began.\n\nAnother paragraph.\n")
    parsed = parse_one(source)
    assert [c.para for c in parsed.chunks] == [None, None, None]
    assert parsed.chunks[1].text == "2019. A year began."


def test_terminal_escapes_in_a_document_are_removed(tmp_path):
    source = tmp_path / "dirty.txt"
    filler = "The authorities detained several critics of the government during the reporting period. " * 3
    source.write_text(f"{filler}The \x1b[31mState\x1b[0m detained [bold]critics[/bold].\x07\n")
    parsed = parse_one(source)
    assert parsed.chunks[0].text == f"{filler}The State detained [bold]critics[/bold]."


def test_pdf_without_blank_lines_is_cut_into_paragraphs(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.set_font("helvetica", size=11)
    pdf.add_page()
    for line in (
        "Submission of the Quokka Rights Centre (QRC) to the Universal Periodic Review of Ruritania",
        "1. The Quokka Rights Centre is concerned about arbitrary detention of journalists in Ruritania. Detainees are",
        "held incommunicado for weeks.",
        "2. QRC welcomes the abolition of the death penalty in 2019.",
    ):
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    for line in ("Recommendations", "3. To release all journalists detained for their work.", "4. To ratify OP-CAT."):
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "qrc.pdf"
    pdf.output(str(path))
    parsed = parse_one(path)
    assert parsed.document.author == "QRC"
    assert [(c.para, c.kind, c.section[-1][:15], c.text[:22]) for c in parsed.chunks] == [
        (1, "paragraph", "Submission of t", "The Quokka Rights Cent"),
        (2, "paragraph", "Submission of t", "QRC welcomes the aboli"),
        (3, "recommendation", "Recommendations", "To release all journal"),
        (4, "recommendation", "Recommendations", "To ratify OP-CAT."),
    ]
    assert parsed.chunks[0].text.endswith("Detainees are held incommunicado for weeks.")


def test_a_document_without_a_stated_title_is_titled_by_its_first_line(tmp_path):
    source = tmp_path / "ngo.txt"
    source.write_text(NGO)
    assert parse_one(source).document.title == "Joint stakeholder submission by Freedom Now Foundation (FNF)"


def test_a_title_naming_the_upr_does_not_make_every_paragraph_about_the_upr_process(tmp_path):
    source = tmp_path / "ngo.txt"
    source.write_text(NGO)
    assert [c.themes for c in parse_one(source).chunks] == [
        ["death-penalty"], ["detention", "torture", "treaty-bodies"], ["death-penalty"],
    ]


def test_a_pdf_submission_footnotes_headings_and_recommendation_items(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("helvetica", size=10)
    pages = [
        [
            "Quokka Rights Centre and Wombat Watch Joint Submission to the Universal Periodic Review of Ruritania",
            "Detention",
            "1. Journalists are held incommunicado for weeks in the capital's police stations, without a lawyer.1",
            "2. The law of 2019 allows the police to hold a suspect for 30 days before any charge is brought2 and it",
        ],
        [
            "is applied to peaceful protesters as well.",
            "Recommendations",
            "- Release all journalists detained for their work;",
            "- Amend the law of 2019.",
        ],
    ]
    notes = [["1 QRC interviews, March 2024.", "2 Law No. 12/2019, art. 4."], []]
    for lines, foot in zip(pages, notes):
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-40)
        for line in foot:
            pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "joint.pdf"
    pdf.output(str(path))
    parsed = parse_one(path)
    assert parsed.document.type == "stakeholder-submission"
    assert parsed.document.author == "Quokka Rights Centre and Wombat Watch"
    assert [(c.number, c.kind, c.section[-1], c.text) for c in parsed.chunks] == [
        ("1", "paragraph", "Detention", "Journalists are held incommunicado for weeks in the capital's police stations, without a lawyer."),
        ("2", "paragraph", "Detention", "The law of 2019 allows the police to hold a suspect for 30 days before any charge is brought and it is applied to peaceful protesters as well."),
        ("", "recommendation", "Recommendations", "Release all journalists detained for their work;"),
        ("", "recommendation", "Recommendations", "Amend the law of 2019."),
    ]
    assert [(f.number, f.text) for c in parsed.chunks for f in c.footnotes] == [(1, "QRC interviews, March 2024."), (2, "Law No. 12/2019, art. 4.")]
