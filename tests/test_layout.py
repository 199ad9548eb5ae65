"""The layout the code keeps: one way from the CLI down to the records, Whoosh only inside the
index package, and Whoosh's private internals only inside its fenced folder."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "uprsearch"


def modules() -> dict[str, ast.Module]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return found


def imported(name: str, tree: ast.Module) -> set[str]:
    """Every module a module imports, anywhere in it (in functions too)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out.update(f"{node.module}.{alias.name}" for alias in node.names)  # `from pkg import module`
    return out


def test_no_module_imports_itself_back_through_another():
    tree = modules()
    graph = {name: {m for m in imported(name, t) if m in tree and m != name} for name, t in tree.items()}
    # a package's face imports its modules; a module of the package importing the face would be a circle
    circles = []

    def visit(name: str, path: list[str]) -> None:
        for nxt in sorted(graph[name]):
            if nxt in path:
                circles.append(path[path.index(nxt):] + [nxt])
            elif len(path) < 30:
                visit(nxt, path + [nxt])

    for start in sorted(graph):
        visit(start, [start])
    assert circles == []


def test_whoosh_is_imported_only_inside_the_index_package():
    outside = sorted(name for name, t in modules().items()
                     if not name.startswith("uprsearch.index")
                     and any(m == "whoosh" or m.startswith("whoosh.") for m in imported(name, t)))
    assert outside == []


def test_only_whoosh_internals_reach_into_other_objects_private_names():
    """Outside index/whoosh_internals/, an index module touches no underscore name of another
    object, and imports none from Whoosh."""
    found = []
    for name, tree in modules().items():
        if not name.startswith("uprsearch.index") or name.startswith("uprsearch.index.whoosh_internals"):
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                    and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))):
                found.append(f"{name}:{node.lineno} .{node.attr}")
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("whoosh"):
                found += [f"{name}:{node.lineno} {alias.name}" for alias in node.names if alias.name.startswith("_")]
    assert found == []


def test_every_package_of_the_source_is_installed():
    """setup.cfg lists its packages by name: a new package folder must be listed, or an install
    without -e leaves it out."""
    import configparser

    config = configparser.ConfigParser()
    config.read(PACKAGE.parent / "setup.cfg", encoding="utf-8")
    listed = set(config["options"]["packages"].split())
    folders = {".".join(p.parent.relative_to(PACKAGE.parent).parts) for p in PACKAGE.rglob("__init__.py")}
    assert folders - listed == set()
