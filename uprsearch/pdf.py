"""PDF text layers, page by page, with pypdf."""
from __future__ import annotations

import io
import logging
from pathlib import Path

from uprsearch.errors import InputError


def pdf_pages(path: Path, data: bytes) -> list[str]:
    """The text of each page. Raises InputError for a damaged PDF, an encrypted one, or one without
    a text layer: whatever pypdf raises on one file (its own errors, and the assertions, overflows,
    recursion and unimplemented features a damaged file reaches) is that file's one-line error."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # pypdf logs on every odd object
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                decrypted = reader.decrypt("")
            except (DependencyError, NotImplementedError) as exc:  # AES without `cryptography`, odd handlers
                raise InputError(f"{path}: encrypted ({exc}); give the password-free file") from exc
            if not decrypted:  # a password is needed to open it
                raise InputError(f"{path}: encrypted: give the password-free file")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except FileNotDecryptedError as exc:
        raise InputError(f"{path}: encrypted: give the password-free file") from exc
    except LimitReachedError as exc:  # a deflate bomb, or a stream past pypdf's size limits
        raise InputError(f"{path}: not read: a stream is larger than pypdf's limits ({exc})") from exc
    except DependencyError as exc:  # AES-encrypted streams, without the `cryptography` package
        raise InputError(f"{path}: encrypted ({exc}); give the password-free file") from exc
    except MemoryError as exc:
        raise InputError(f"{path}: not read: too large to decompress in memory") from exc
    except Exception as exc:  # noqa: BLE001 - a damaged file must not stop the files after it
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise InputError(f"{path}: not a readable PDF ({reason})") from exc
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
