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
    """Catalogue entries of a folder, keyed by file name. A folder without catalog.toml has none.
    Raises UprError naming the file, the entry and the field when an entry is malformed."""
    path = folder / CATALOG_NAME
    if not path.is_file():
        return {}
    data = read_toml(path)
    documents = data.get("document", [])
    if not isinstance(documents, list) or not all(isinstance(e, dict) for e in documents):
        raise UprError(f"{path}: `document` must be a list of [[document]] tables")
    entries: dict[str, Document] = {}
    for n, entry in enumerate(documents, 1):
        where = f"{path}: [[document]] {n}"
        name = entry.get("file")
        if not name or not isinstance(name, str):
            raise UprError(f"{where}: no `file` (a string); name the file it describes")
        check_fields(f"{where} ({name})", entry, CATALOG_FIELDS)
        values = {k: v for k, v in entry.items() if k in CATALOG_FIELDS}
        if "id" in values:
            check_id(values["id"], f"{where} ({name}): `id`")
        values.setdefault("id", "")  # none given: one is made from its symbol or name (uprsearch.identify)
        entries[name] = Document(**values)
    return entries


# The fields a catalogue entry may give, and their types (the rest of Document is the parser's)
CATALOG_FIELDS: dict[str, type | tuple[type, ...]] = {
    "id": str, "title": str, "symbol": str, "country": str, "iso3": str,
    "cycle": int, "session": int, "year": int, "type": str, "author": str,
}
_TYPE_NAMES = {str: "a string", int: "a whole number", list: "a list", bool: "true or false"}


def check_fields(where: str, entry: dict, fields: dict[str, type | tuple[type, ...]]) -> None:
    """Raise UprError naming `where` and the field when a data file's entry gives a field of the
    wrong type (TOML says what type a value is; a list where a string belongs is an error here,
    not a crash later)."""
    for name, wanted in fields.items():
        if name not in entry:
            continue
        value = entry[name]
        types = wanted if isinstance(wanted, tuple) else (wanted,)
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            expected = " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in types)
            raise UprError(f"{where}: `{name}` must be {expected}, not {value!r}")


_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def check_id(value: str, where: str) -> None:
    """A document id goes into every chunk id (`doc:para`), into file names and onto terminals:
    letters, digits and . _ - only, starting with a letter or digit (no ``, `../`, `:` or escapes)."""
    if not _ID.fullmatch(value) or len(value) > 100:
        raise UprError(f"{where} {value!r} must be letters, digits, '.', '_' or '-' (at most 100), "
                       "starting with a letter or digit")


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


def find_sources(paths: list[Path], errors: list[UprError] | None = None) -> list[Path]:
    """The .txt and .pdf files named, or found below the folders named, in a stable order.
    A path that does not exist or cannot be read, and a folder below that cannot be, is an error
    appended to `errors` (raised when None is given), and the rest is still found."""
    import stat

    found: list[Path] = []
    for path in paths:
        problems: list[UprError] = []
        try:
            mode = path.stat().st_mode
        except (FileNotFoundError, NotADirectoryError):
            problems.append(UprError(f"{path}: no such file or folder"))
        except OSError as exc:  # a folder above it that cannot be searched, a loop of links
            problems.append(InputError(f"{path}: cannot be read ({exc.strerror or exc})"))
        else:
            if stat.S_ISDIR(mode):
                def report(exc: OSError, top: Path = path) -> None:
                    where = exc.filename if exc.filename is not None else top
                    problems.append(InputError(f"{where}: a folder that cannot be read ({exc.strerror or exc}); "
                                               "its files are skipped"))

                found.extend(sorted(
                    Path(root) / name
                    for root, _, names in os.walk(path, onerror=report)
                    for name in names
                    if Path(name).suffix.lower() in SUPPORTED_SUFFIXES and _is_file(Path(root) / name)
                ))
            elif stat.S_ISREG(mode):
                found.append(path)
            else:
                problems.append(InputError(f"{path}: not a file or folder"))
        if problems and errors is None:
            raise problems[0]
        if errors is not None:
            errors.extend(problems)
    return found


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def read_source(path: Path, data: bytes | None = None) -> SourceText:
    """Read one file as text (`data`: its bytes, already read: standard input's). Raises
    InputError with a one-line reason when it cannot be."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:  # bytes kept as surrogates: no index, JSON or terminal can hold the name
        raise InputError(f"{path}: the file's name is not UTF-8; rename the file") from None
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
    wide = _wide_encoding(data)
    if wide:
        try:
            text = data.decode(wide)
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not valid {wide.upper()} text ({exc.reason}); convert it to UTF-8") from exc
        text = text.lstrip("\ufeff")
        if not text.strip():
            raise InputError(f"{path}: the file is empty")
        if _looks_binary(text):
            raise InputError(f"{path}: a binary file, not text; give a .txt or .pdf")
        return SourceText(path, text.replace("\r\n", "\n").replace("\r", "\n"), sha, wide.replace("-sig", ""))
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


def _wide_encoding(data: bytes) -> str | None:
    """UTF-32 or UTF-16 (as Windows' Notepad and Word save "Unicode" text): by the byte order
    mark, else by where the NUL bytes of mostly-ASCII text fall (every other byte, or three in
    four). None for anything else."""
    import codecs

    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:4096]
    sample = sample[: len(sample) - len(sample) % 4]
    if len(sample) < 8:
        return None

    def nul_share(offset: int, step: int) -> float:
        column = sample[offset::step]
        return column.count(0) / len(column)

    if all(nul_share(k, 4) > 0.9 for k in (1, 2, 3)) and nul_share(0, 4) < 0.5:
        return "utf-32-le"
    if all(nul_share(k, 4) > 0.9 for k in (0, 1, 2)) and nul_share(3, 4) < 0.5:
        return "utf-32-be"
    if nul_share(1, 2) > 0.9 and nul_share(0, 2) < 0.5:
        return "utf-16-le"
    if nul_share(0, 2) > 0.9 and nul_share(1, 2) < 0.5:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return controls > len(sample) * 0.05
