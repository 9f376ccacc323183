"""The import graph of ``src/mirage_i18n`` has no cycle, lazy imports inside functions included,
and imports flow one way: cli → pipeline → stages → model/errors."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = "mirage_i18n"


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _resolve(module: str, is_package: bool, level: int, target: str | None) -> str:
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def import_graph() -> dict[str, set[str]]:
    """Module → modules it imports anywhere in its body (functions included). ``from a import
    b`` is an edge to ``a.b`` when that is a module, else to ``a``. TYPE_CHECKING-only imports
    are left out: they never run."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        type_only: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                for sub in node.body:
                    for inner in ast.walk(sub):
                        type_only.add(id(inner))
        edges: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in type_only:
                continue
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    origin = _resolve(name, path.name == "__init__.py", node.level, node.module)
                else:
                    origin = node.module or ""
                targets = [
                    f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in modules else origin
                    for alias in node.names
                ]
            else:
                continue
            edges.update(t for t in targets if t in modules and t != name)
        graph[name] = edges
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_graph_is_read_from_real_imports() -> None:
    graph = import_graph()
    assert "mirage_i18n.pipeline" in graph["mirage_i18n.cli"]
    assert "mirage_i18n.errors" in graph["mirage_i18n.config"]


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle() -> None:
    assert find_cycle(import_graph()) is None


@pytest.mark.parametrize(
    "module",
    ["mirage_i18n.model", "mirage_i18n.errors"],
)
def test_the_core_imports_no_stage(module: str) -> None:
    graph = import_graph()
    stages = {
        m
        for m in graph
        if m.count(".") >= 1 and m not in ("mirage_i18n.model", "mirage_i18n.errors")
    }
    assert not graph[module] & stages, graph[module] & stages


def test_only_the_cli_imports_click() -> None:
    offenders = [
        name
        for name, path in _modules().items()
        if name != "mirage_i18n.cli"
        and any(
            (isinstance(n, ast.Import) and any(a.name.split(".")[0] == "click" for a in n.names))
            or (isinstance(n, ast.ImportFrom) and (n.module or "").split(".")[0] == "click")
            for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    ]
    assert offenders == []


def test_the_cli_imports_only_the_pipeline() -> None:
    """The CLI is thin: every command is one call into ``pipeline`` (the package root only for
    ``__version__``)."""
    assert import_graph()["mirage_i18n.cli"] == {"mirage_i18n", "mirage_i18n.pipeline"}


def test_the_cli_uses_only_what_the_pipeline_exports() -> None:
    from mirage_i18n import pipeline

    tree = ast.parse((SRC / PACKAGE / "cli.py").read_text(encoding="utf-8"))
    used = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "pipeline"
    }
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "pipeline"
        for alias in node.names
    }
    assert (used | imported) - set(pipeline.__all__) == set()
