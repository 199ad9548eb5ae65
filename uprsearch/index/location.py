"""Where the index lives: --index-dir, UPRSEARCH_INDEX, the checkout's index/ or the user's data directory."""
from __future__ import annotations

import os
from pathlib import Path


def checkout_index_dir() -> Path | None:
    """index/ of the source checkout uprsearch runs from, if it runs from one."""
    root = Path(__file__).resolve().parents[2]
    if (root / "index").is_dir() and (root / "pyproject.toml").is_file() and (root / "uprsearch").is_dir():
        return root / "index"
    return None


def index_location(option: str | os.PathLike | None = None) -> Path:
    """--index-dir, else UPRSEARCH_INDEX, else the checkout's index/, else the per-user data dir."""
    chosen = option or os.environ.get("UPRSEARCH_INDEX")
    if chosen:
        return Path(chosen).expanduser()
    checkout = checkout_index_dir()
    if checkout is not None:
        return checkout
    import platformdirs

    return Path(platformdirs.user_data_dir("uprsearch", appauthor=False)) / "index"


def is_checkout_index(location: Path) -> bool:
    """Whether `location` is the checkout's own index/."""
    checkout = checkout_index_dir()
    return checkout is not None and Path(location).resolve() == checkout.resolve()


def index_command(location: Path) -> str:
    """`uprsearch index`, as the user would type it to reach `location`: with --index-dir where
    the location is not the one uprsearch finds by itself."""
    import shlex

    try:
        same = index_location(None).resolve() == Path(location).resolve()
    except (OSError, RuntimeError, ImportError):
        same = False
    return "uprsearch index" if same else f"uprsearch --index-dir {shlex.quote(str(location))} index"
