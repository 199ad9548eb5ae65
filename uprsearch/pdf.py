"""PDF text layers, page by page, with pypdf."""
from __future__ import annotations

import io
import logging
from pathlib import Path

from uprsearch.errors import InputError


def pdf_pages(path: Path, data: bytes) -> list[str]:
    """The text of each page. Raises InputError for a damaged PDF or one without a text layer."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns on every odd object
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as exc:  # pypdf raises several types for unsupported encryption
                raise InputError(f"{path}: an encrypted PDF; save an unencrypted copy") from exc
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError(f"{path}: not a readable PDF ({exc})") from exc
    if not any(page.strip() for page in pages):
        raise InputError(f"{path}: the PDF has no text layer; OCR it first")
    return pages


def first_page_text(data: bytes) -> str:
    """The text of a PDF's first page ("" where it cannot be read): what names the document (its
    symbol), read before the whole file is parsed, at a twentieth of the cost of every page."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        return reader.pages[0].extract_text() or "" if len(reader.pages) else ""
    except Exception:  # noqa: BLE001 - a file the parse itself reports, whatever pypdf raised
        return ""
