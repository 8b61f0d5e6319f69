"""The layers hold in fact, not only by convention (issue 17), read from the source's imports:

- `governance/` (the domain and its use cases) imports no other package of the project, nor SQLAlchemy,
  psycopg, fcntl, Flask or Werkzeug;
- `projections/` (read models) imports the domain only; `infrastructure/` never imports `web/` nor
  `notifications/`; `notifications/` (mail) never imports `web/` nor Flask;
- no import circle between the project's modules (imports inside functions count too: a lazy import
  only hides a circle).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("governance", "projections", "infrastructure", "notifications", "web", "demo", "migrations")
FORBIDDEN = {
    "governance": {"projections", "infrastructure", "web", "demo", "migrations",
                   "sqlalchemy", "psycopg", "psycopg_pool", "fcntl", "flask", "flask_login", "flask_wtf", "werkzeug"},
    "projections": {"infrastructure", "web", "demo", "migrations", "flask"},
    "infrastructure": {"web", "notifications", "flask"},
    "notifications": {"web", "demo", "flask", "flask_login", "flask_wtf", "werkzeug"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "versions" not in path.parts:  # Alembic's revision files are scripts, not modules
                found[module_name(path)] = path
    return found


def imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Every module `path` imports, at the top or inside a function, as absolute dotted names (`from
    package import module` names the module, not the package)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            submodules = {f"{base}.{alias.name}" for alias in node.names} & known
            found.update(submodules)
            if len(submodules) < len(node.names):
                found.add(base)
    return found


MODULES = modules()
GRAPH = {name: imports(path, name, set(MODULES)) for name, path in MODULES.items()}


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_it_must_not(layer: str) -> None:
    breaches = {f"{name} imports {target}"
                for name, targets in GRAPH.items() if name == layer or name.startswith(layer + ".")
                for target in targets if target.split(".")[0] in FORBIDDEN[layer]}
    assert not breaches, sorted(breaches)


def test_no_import_circles() -> None:
    edges = {name: {target for target in targets if target in GRAPH and target != name}
             for name, targets in GRAPH.items()}
    circles, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(edges[node]):
            if state.get(target) == "open":
                circles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert not circles, [" -> ".join(circle) for circle in circles]
