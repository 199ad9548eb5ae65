"""Generated hostile inputs, shared by the robustness tests and bench/faults.py: documents that
carry terminal escapes, damaged and odd PDFs, odd encodings, bad data files."""
from __future__ import annotations

import io
from pathlib import Path

# Escape sequences and controls that act on a terminal: an OSC 52 clipboard write, a screen clear,
# a window-title change, BEL, 8-bit CSI (U+009B), DEL, a bidi override.
ESCAPES = ["\x1b]52;c;aGk=\x07", "\x1b[2J\x1b[H", "\x1b]0;pwned\x1b\\", "\x07", "\x9b31m", "\x7f", "\u202e"]
RAW_CONTROLS = "\x1b\x07\x9b\x7f\u202e"

# What fuzzed queries are made of: words of the bundled corpus, operators, fields, fuzzy and
# wildcard syntax, escapes and controls, characters from far outside ASCII
WORDS = ["torture", "detention", "death", "penalty", "women", "children", "NSS", "HRW", "recommend", "the",
         "incommunicado", "freedom", "expression", "Kazakhstan", "zzzqqq", "a", "1", "2010", "ICCPR–OP"]
PIECES = ["AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "(", ")", '"', "*", "?", "~", "~1", "~2", "~9", "~1/7", "~1000",
          "org:", "theme:", "kind:", "doc:", "section:", "response:", "text:", "foo:", "org:AI", "kind:recommendation",
          "theme:torture", "doc:kaz-2010-summary", "\x1b[2J", "\x1b]52;c;aGk=\x07", "\x9b", "\x00", "\n", "\t",
          "\u202e", "é", "ß", "日本", "🙂", "\\", "'", "%", "[", "]", "{", "}", "^", "+", "-", "=", "@"]


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


def aes_pdf() -> bytes:
    """An AES-128 encrypted PDF with an empty user password, made without `cryptography`: the RC4
    handler's dictionary turned into the AES one (R4 derives the key the same way); opening it
    works, reading a page needs AES."""
    data = pdf_bytes(["1. Amnesty International recommended that the State abolish torture."], encrypt="")
    return data.replace(b"/V 2\n/R 3\n", b"/V 4\n/R 4\n/CF << /StdCF << /CFM /AESV2 /AuthEvent /DocOpen "
                                          b"/Length 16 >> >>\n/StmF /StdCF\n/StrF /StdCF\n", 1)


def raw_pdf(content: bytes, filters: bytes = b"/FlateDecode", page_extra: bytes = b"") -> bytes:
    """A one-page PDF whose content stream is `content` (already encoded with `filters`), with a
    correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> " + page_extra + b">>",
        b"<< /Length " + str(len(content)).encode() + b" /Filter " + filters + b" >>\nstream\n" + content + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def deflate_bomb_pdf(megabytes: int = 300) -> bytes:
    """A PDF whose page content inflates to `megabytes` MB of text-drawing operators (past pypdf's limits)."""
    import zlib

    line = b"BT /F1 12 Tf 72 720 Td (torture) Tj ET\n"
    compressor = zlib.compressobj(9)
    chunk = line * ((1 << 20) // len(line) + 1)
    body = b"".join(compressor.compress(chunk) for _ in range(megabytes)) + compressor.flush()
    return raw_pdf(body)


def mutations(data: bytes, count: int, seed: int = 0):
    """`count` damaged copies of a PDF: bytes flipped, runs deleted or repeated, the file cut,
    numbers in its objects changed. Deterministic for a seed."""
    import random

    rng = random.Random(seed)
    for _ in range(count):
        buf = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            kind = rng.randrange(5)
            at = rng.randrange(len(buf))
            if kind == 0:
                buf[at] = rng.randrange(256)
            elif kind == 1:
                del buf[at : at + rng.randint(1, 200)]
            elif kind == 2:
                buf[at:at] = buf[at : at + rng.randint(1, 200)] * rng.randint(1, 4)
            elif kind == 3:
                del buf[rng.randrange(len(buf) // 2, len(buf)) :]
            else:
                import re

                numbers = list(re.finditer(rb"\d+", bytes(buf)))
                if numbers:
                    m = rng.choice(numbers)
                    buf[m.start() : m.end()] = str(rng.choice([0, -1, 2**31, 10**12, rng.randint(0, 999)])).encode()
            if not buf:
                buf = bytearray(b"%PDF-")
        yield bytes(buf)
