"""PDF input: the text layer page by page, furniture at page edges removed, no-text PDFs reported."""
from __future__ import annotations

from pathlib import Path

import pytest

fpdf = pytest.importorskip("fpdf", reason="fpdf2 (a test extra) builds the PDFs")

from uprsearch.errors import InputError  # noqa: E402
from uprsearch.pipeline import parse_paths  # noqa: E402
from uprsearch.reader import read_source  # noqa: E402

SYMBOL = "A/HRC/WG.6/99/XYZ/3"


def _pdf(path: Path, pages: list[list[str]], header: str = "", numbered: bool = False) -> Path:
    pdf = fpdf.FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("helvetica", size=10)
    for n, lines in enumerate(pages, 1):
        pdf.add_page()
        if header:
            pdf.cell(0, 6, header, new_x="LMARGIN", new_y="NEXT")
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        if numbered:
            pdf.set_y(-20)
            pdf.cell(0, 6, str(n), new_x="LMARGIN", new_y="NEXT")
            pdf.cell(0, 6, "GE.24-01234(E)", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


SUMMARY_PAGES = [
    [
        "Human Rights Council",
        "Working Group on the Universal Periodic Review",
        "Ninety-ninth session",
        "1 March 2024",
        "Summary of stakeholders' submissions on Ukraine",
        "I. Background",
        "1. The present report was prepared pursuant to Human Rights Council resolutions.",
        "II. Information provided by stakeholders",
        "A. Scope of international obligations",
        "2. Amnesty International (AI) recommended that Ukraine ratify the Istanbul",
    ],
    [
        "Convention without delay. AI noted that the law was not applied.",
        "3. Several stakeholders urged Ukraine to end impunity.",
    ],
]


def test_pdf_round_trip_summary(tmp_path):
    path = _pdf(tmp_path / "summary.pdf", SUMMARY_PAGES, header=SYMBOL, numbered=True)
    source = read_source(path)
    assert source.pages is not None and len(source.pages) == 2
    run = parse_paths([path])
    assert not run.errors
    (parsed,) = run.documents
    assert parsed.document.type == "stakeholder-summary"
    assert parsed.document.country == "Ukraine"
    assert [c.para for c in parsed.chunks] == [1, 2, 3]
    p2 = parsed.chunks[1]
    assert p2.text == (
        "Amnesty International (AI) recommended that Ukraine ratify the Istanbul Convention without delay. "
        "AI noted that the law was not applied."
    )
    assert p2.orgs == ["AI"]
    for chunk in parsed.chunks:
        assert SYMBOL not in chunk.text and "GE.24" not in chunk.text
    assert parsed.chunks[2].section == ["II. Information provided by stakeholders", "A. Scope of international obligations"]


def test_pdf_round_trip_submission_with_author(tmp_path):
    pages = [
        [
            "Kazakhstan: submission to the UN Universal Periodic Review",
            "",
            "Executive summary",
        ],
        [
            "Recommendations",
            "To ratify the Rome Statute of the International Criminal Court.",
        ],
    ]
    path = _pdf(tmp_path / "report.pdf", pages, header="Amnesty International  Index: EUR 57/001/2009")
    run = parse_paths([path], author="Amnesty International")
    assert not run.errors
    (parsed,) = run.documents
    assert parsed.document.author == "AI"
    texts = [c.text for c in parsed.chunks]
    assert not any("Index: EUR" in t for t in texts)
    rec = [c for c in parsed.chunks if c.kind == "recommendation"]
    assert [c.text for c in rec] == ["To ratify the Rome Statute of the International Criminal Court."]
    assert rec[0].orgs == ["AI"]


def test_pdf_without_text_layer_is_reported_and_skipped(tmp_path):
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    blank = tmp_path / "scan.pdf"
    pdf.output(str(blank))
    good = tmp_path / "note.txt"
    good.write_text("A short note.\n", encoding="utf-8")
    with pytest.raises(InputError, match="no text layer; OCR it first"):
        read_source(blank)
    run = parse_paths([tmp_path])
    assert [p.document.source for p in run.documents] == [str(good)]
    assert len(run.errors) == 1 and "OCR it first" in str(run.errors[0])


def test_damaged_pdf_is_an_input_error(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\nthis is not really a pdf\n%%EOF")
    run = parse_paths([bad])
    assert run.documents == [] and len(run.errors) == 1
    assert "broken.pdf" in str(run.errors[0])
