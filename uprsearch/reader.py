"""Read files: find the corpus, load the catalogue, decode text and fingerprint it."""
from __future__ import annotations

import hashlib
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from uprsearch.errors import InputError, UprError
from uprsearch.models import Document

SUPPORTED_SUFFIXES = (".txt", ".pdf")
CATALOG_NAME = "catalog.toml"


@dataclass
class SourceText:
    path: Path
    text: str
    sha256: str
    encoding: str
    pages: list[str] | None = None  # the text page by page, where the source has pages (PDF)


def bundled_corpus_dir() -> Path:
    """The corpus shipped with uprsearch: corpus/ in a checkout, package data once installed."""
    checkout = Path(__file__).resolve().parent.parent / "corpus"
    if (checkout / CATALOG_NAME).is_file():
        return checkout
    # installed: package data at uprsearch/corpus (setup.cfg maps the top-level corpus/ there)
    return Path(__file__).resolve().parent / "corpus"


def corpus_dir(option: str | os.PathLike | None = None) -> Path:
    """The corpus to use: the --corpus option, else UPRSEARCH_CORPUS, else the bundled one."""
    chosen = option or os.environ.get("UPRSEARCH_CORPUS")
    if not chosen:
        return bundled_corpus_dir()
    path = Path(chosen).expanduser()
    if not path.is_dir():
        raise UprError(f"corpus folder {str(path)!r} does not exist; give --corpus a folder of .txt/.pdf files")
    return path


def read_toml(source) -> dict:
    """A TOML data file (a Path or a package resource): the catalogue, the registry, the taxonomy.
    Raises UprError with a one-line reason when it cannot be read."""
    try:
        return tomllib.loads(source.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise UprError(f"{source}: cannot be read as TOML ({exc}); fix the file or remove it") from exc


def load_catalog(folder: Path) -> dict[str, Document]:
    """Catalogue entries of a folder, keyed by file name. A folder without catalog.toml has none."""
    path = folder / CATALOG_NAME
    if not path.is_file():
        return {}
    data = read_toml(path)
    entries: dict[str, Document] = {}
    fields = set(Document.__dataclass_fields__)
    for entry in data.get("document", []):
        name = entry.get("file")
        if not name:
            raise UprError(f"{path}: a [[document]] entry has no `file`; name the file it describes")
        values = {k: v for k, v in entry.items() if k in fields}
        values.setdefault("id", "")  # none given: one is made from its symbol or name (uprsearch.identify)
        entries[name] = Document(**values)
    return entries


def catalog_entry(path: Path, catalogs: dict[Path, dict[str, Document]]) -> Document | None:
    """The file's entry in its folder's catalogue (read into `catalogs` the first time)."""
    folder = path.parent
    if folder not in catalogs:
        catalogs[folder] = load_catalog(folder)
    return catalogs[folder].get(path.name)


def document_id_from_name(name: str) -> str:
    """A short, stable slug from a file name."""
    stem = Path(name).stem.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    return slug[:60] or "document"


def find_sources(paths: list[Path]) -> list[Path]:
    """The .txt and .pdf files named, or found below the folders named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            )
        elif path.is_file():
            found.append(path)
        else:
            raise UprError(f"{path}: no such file or folder")
    return found


def read_source(path: Path, data: bytes | None = None) -> SourceText:
    """Read one file as text (`data`: its bytes, already read: standard input's). Raises
    InputError with a one-line reason when it cannot be."""
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    sha = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() == ".pdf" or data.startswith(b"%PDF-"):
        from uprsearch.pdf import pdf_pages

        pages = pdf_pages(path, data)
        return SourceText(path, "\n".join(pages), sha, "pdf", pages)
    if not data.strip():
        raise InputError(f"{path}: the file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: a binary file, not text; give a .txt or .pdf")
    for encoding in ("utf-8-sig", _legacy_encoding(data)):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # cp1252 leaves five bytes undefined
        raise InputError(f"{path}: neither UTF-8 nor Windows-1252 text; convert it to UTF-8")
    if _looks_binary(text):
        raise InputError(f"{path}: a binary file, not text; give a .txt or .pdf")
    return SourceText(path, text.replace("\r\n", "\n").replace("\r", "\n"), sha, encoding.replace("-sig", ""))


# Classic Mac text (Mac Roman, CR line ends) writes ’ “ ” – — as D5 D2 D3 D0 D1; Windows-1252
# writes them as 92 93 94 96 97, and D0–D5 there are capital letters with accents (Ð Ñ Ò Ó Ô Õ).
_MAC_PUNCTUATION = b"\xd0\xd1\xd2\xd3\xd4\xd5"
_WINDOWS_PUNCTUATION = b"\x91\x92\x93\x94\x96\x97"


def _legacy_encoding(data: bytes) -> str:
    """The 8-bit encoding of text that is not UTF-8: Mac Roman where its line ends or its
    punctuation say so, else Windows-1252."""
    mac = sum(data.count(bytes([b])) for b in _MAC_PUNCTUATION)
    windows = sum(data.count(bytes([b])) for b in _WINDOWS_PUNCTUATION)
    cr_lines = data.count(b"\r") > 2 * data.count(b"\n")
    return "mac_roman" if mac > windows or (cr_lines and not windows) else "cp1252"


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return controls > len(sample) * 0.05
