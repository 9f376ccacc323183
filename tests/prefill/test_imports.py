"""The prefill package's import graph: no cycle, imports inside functions included."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import mirage_i18n

SRC = Path(mirage_i18n.__file__).resolve().parents[1]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(package: str) -> dict[str, set[str]]:
    """Module → the modules of ``package`` it imports, anywhere in its code."""
    root = SRC.joinpath(*package.split("."))
    modules = {_module_name(p): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        base = name.split(".") if is_package else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                anchor = base[: len(base) - node.level + 1] if node.level else []
                module = ".".join([*anchor, *(node.module or "").split(".")]).strip(".")
                # "from . import x" imports the module x; "from .m import y" imports m.
                targets = [module] + [f"{module}.{a.name}" for a in node.names]
            for target in targets:
                if target in modules and target != name:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                found.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_cycles_are_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_prefill_has_no_import_cycle():
    graph = import_graph("mirage_i18n.prefill")
    # run imports factory inside a function: the graph sees imports anywhere in a module.
    assert "mirage_i18n.prefill.factory" in graph["mirage_i18n.prefill.run"]
    assert cycles(graph) == []


def test_commands_that_never_translate_do_not_load_http_or_deep_translator():
    code = (
        "import sys, mirage_i18n.cli\n"
        "loaded = {'requests', 'deep_translator'} & set(sys.modules)\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run(
        [sys.executable, "-c", code], check=True, env={**os.environ, "PYTHONPATH": str(SRC)}
    )
