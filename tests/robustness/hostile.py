"""Generated hostile inputs, shared by the robustness tests and bench/faults.py: documents that
carry terminal escapes, damaged and odd PDFs, odd encodings, bad data files."""
from __future__ import annotations

import io
from pathlib import Path

# Escape sequences and controls that act on a terminal: an OSC 52 clipboard write, a screen clear,
# a window-title change, BEL, 8-bit CSI (U+009B), DEL, a bidi override.
ESCAPES = ["\x1b]52;c;aGk=\x07", "\x1b[2J\x1b[H", "\x1b]0;pwned\x1b\\", "\x07", "\x9b31m", "\x7f", "\u202e"]
RAW_CONTROLS = "\x1b\x07\x9b\x7f\u202e"


def has_raw_controls(text: str) -> bool:
    """Whether text holds a control character a terminal acts on (tab and newline aside)."""
    return any(ch in text for ch in RAW_CONTROLS) or any(
        ord(ch) < 32 and ch not in "\n\t" or 0x7F <= ord(ch) <= 0x9F for ch in text
    )


def summary_text(inject: str = "") -> str:
    """A small stakeholder summary in the layout of the bundled one, `inject` in its paragraphs,
    headings and endnotes."""
    return (
        "Summary prepared by the Office of the High Commissioner for Human Rights\n\n"
        f"I. BACKGROUND AND FRAMEWORK{inject}\n\n"
        f"1. Amnesty International (AI) recommended that the State abolish torture{inject}.1\n\n"
        f"2. Human Rights Watch (HRW) noted reports of incommunicado detention{inject}.2\n\n"
        "Notes\n\n"
        f"1 AI submission{inject}, p. 2.\n"
        "2 HRW submission, p. 3.\n"
    )


def pdf_bytes(paragraphs: list[str], encrypt: str | None = None, algorithm: str = "RC4-128") -> bytes:
    """A PDF with a text layer (fpdf2), each paragraph on a line; encrypted with an owner password
    and user password `encrypt` when given (pypdf's writer)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for text in paragraphs:
        pdf.multi_cell(0, 6, text.encode("latin-1", "replace").decode("latin-1"))
        pdf.ln(2)
    data = bytes(pdf.output())
    if encrypt is None:
        return data
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=encrypt, owner_password="owner", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def plain_pdf() -> bytes:
    return pdf_bytes([
        "1. Amnesty International recommended that the State abolish torture.",
        "2. Human Rights Watch noted reports of incommunicado detention.",
    ])


def write(folder: Path, name: str | bytes, data: bytes | str) -> Path:
    """Write a file (a name given as bytes may be any bytes but / and NUL)."""
    import os

    raw = data.encode("utf-8") if isinstance(data, str) else data
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), name if isinstance(name, bytes) else name.encode())))
    path.write_bytes(raw)
    return path
