"""The theme taxonomy (UPR Info's issue list) and tagging chunks with it."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from uprsearch.models import Theme

THEMES_FILE = "themes.toml"


@dataclass
class Taxonomy:
    themes: list[Theme] = field(default_factory=list)

    def resolve(self, name: str) -> Theme | None:
        """A theme by slug or label, case-insensitively."""
        key = name.strip().lower()
        for theme in self.themes:
            if key in (theme.slug.lower(), theme.label.lower()):
                return theme
        return None

    def tag(self, text: str, section: list[str]) -> list[str]:
        """Slugs of the themes a chunk is about. (Placeholder until the taxonomy lands.)"""
        return []


def load_taxonomy(extra_dirs: list[Path] = ()) -> Taxonomy:
    sources = [files("uprsearch.data") / THEMES_FILE]
    sources += [Path(d) / THEMES_FILE for d in extra_dirs if (Path(d) / THEMES_FILE).is_file()]
    themes: list[Theme] = []
    for source in sources:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
        for entry in data.get("theme", []):
            themes.append(Theme(entry["slug"], entry["label"], list(entry.get("patterns", []))))
    return Taxonomy(themes)
