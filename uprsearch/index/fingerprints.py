"""Fingerprints that tell an update what changed: each source file's sha256 and catalogue entry,
and the data files a parse depends on (the organisation registry, acronyms, themes, States,
shipped and per folder), which re-tag everything when they change; for the checkout's own index/,
the code as well."""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from uprsearch.index.location import is_checkout_index


def knowledge_dirs(sources: Iterable[str | Path]) -> list[Path]:
    """The folders whose data files a parse of these sources reads."""
    return sorted({Path(s).parent for s in sources})


def knowledge_fingerprint(dirs: list[Path], location: Path | None = None) -> str:
    """A hash of the data files a parse depends on (shipped and per-folder), so an edit re-tags;
    for the checkout's own index/, of the code as well."""
    from importlib.resources import files

    from uprsearch.actions import ACTIONS_FILE
    from uprsearch.orgs import ACRONYMS_FILE, REGISTRY_FILE
    from uprsearch.states import STATES_FILE
    from uprsearch.themes import THEMES_FILE

    from uprsearch import __version__

    digest = hashlib.sha256(__version__.encode())  # a new release may parse and tag differently
    if location is not None and is_checkout_index(location):
        digest.update(checkout_code_fingerprint().encode())
    names = (REGISTRY_FILE, ACRONYMS_FILE, THEMES_FILE, ACTIONS_FILE, STATES_FILE)
    for name in names:
        digest.update((files("uprsearch.data") / name).read_bytes())
    for folder in dirs:
        for name in names:
            path = folder / name
            if path.is_file():
                digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def checkout_code_fingerprint() -> str:
    """A hash of the package's code, for the checkout's own index/: there an edited parser
    re-tags the index as a new release does. (Installed, the version stands for the code; an
    index given with --index-dir or UPRSEARCH_INDEX is left alone.)"""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def catalog_fingerprint(path: Path, cache: dict[Path, dict]) -> str:
    """A short hash of a file's catalogue entry ("" for none): an edited entry re-parses the file."""
    from uprsearch.reader import catalog_entry

    entry = catalog_entry(path, cache)
    if entry is None:
        return ""
    return hashlib.sha256(json.dumps(entry.to_record(), sort_keys=True).encode()).hexdigest()[:16]


def file_sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
