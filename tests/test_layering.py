"""The package's layering (docs/architecture.md): which package may import which, checked on every module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "pmo_xl"
DOC = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"

#: The layers of pmo_xl and the layers each may import (its own always allowed).
TEXTS = {"i18n", "texts"}  # the words: every layer above the model may take them
ALLOWED = {
    "errors": set(),
    "model": {"errors"},
    "texts": {"errors", "model"},
    "i18n": {"errors", "model", "texts"},
    "engine": {"model", "errors"} | TEXTS,
    "io": {"model", "errors", "engine"} | TEXTS,
    "service": {"model", "errors", "engine", "io", "reports"} | TEXTS,
    "reports": {"model", "errors", "engine", "io", "service"} | TEXTS,
    "excel": {"model", "errors", "engine", "io", "service", "reports"} | TEXTS,
    "demo": {"model", "errors", "engine", "io", "service", "reports"} | TEXTS,
    "cli": {"model", "errors", "engine", "io", "service", "reports", "excel", "demo"} | TEXTS,
}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "pmo_xl" and len(parts) > 1 else None


def _module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in ``path`` that names a module of pmo_xl."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.startswith("pmo_xl")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.startswith("pmo_xl"):
                found.append((node.lineno, module))
    return found


def _modules():
    return sorted(PACKAGE.rglob("*.py"))


def test_every_layer_is_known():
    layers = {_layer(_module_name(path)) for path in _modules()} - {None}
    assert layers <= set(ALLOWED), sorted(layers - set(ALLOWED))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_the_layering(path):
    own = _layer(_module_name(path))
    if own is None:
        return
    wrong = [f"line {line}: {module}" for line, module in _imports(path)
             if _layer(module) not in (None, own) and _layer(module) not in ALLOWED[own]]
    assert not wrong, f"{own} may import only {sorted(ALLOWED[own])}: " + "; ".join(wrong)


def longest_functions(count: int = 10) -> list[tuple[int, str]]:
    """(lines, 'module:function') of the ``count`` longest functions of pmo_xl."""
    sizes = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                sizes.append((node.end_lineno - node.lineno + 1, f"{_module_name(path)}:{node.name}"))
    return sorted(sizes, reverse=True)[:count]


def test_longest_functions_are_listed():
    text = DOC.read_text(encoding="utf-8")
    missing = [name for _, name in longest_functions() if f"`{name}`" not in text]
    assert not missing, f"docs/architecture.md does not explain these long functions: {missing}"
