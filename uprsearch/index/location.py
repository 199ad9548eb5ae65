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
    return index_choice(option)[0]


# Why an index location was chosen (index_choice), as `uprsearch info` says it
OPTION, ENVIRONMENT, CHECKOUT, USER_DATA = (
    "--index-dir", "UPRSEARCH_INDEX", "the checkout's index/ (uprsearch runs from a source checkout)",
    "the user data folder (no --index-dir, no UPRSEARCH_INDEX, not run from a checkout)",
)


def index_choice(option: str | os.PathLike | None = None, from_environment: bool = False) -> tuple[Path, str]:
    """Where the index lives and why (OPTION, ENVIRONMENT, CHECKOUT or USER_DATA). `option` is
    --index-dir's value; `from_environment` says the command line took it from UPRSEARCH_INDEX."""
    if option:
        return Path(option).expanduser(), ENVIRONMENT if from_environment else OPTION
    if os.environ.get("UPRSEARCH_INDEX"):
        return Path(os.environ["UPRSEARCH_INDEX"]).expanduser(), ENVIRONMENT
    checkout = checkout_index_dir()
    if checkout is not None:
        return checkout, CHECKOUT
    import platformdirs

    return Path(platformdirs.user_data_dir("uprsearch", appauthor=False)) / "index", USER_DATA


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
