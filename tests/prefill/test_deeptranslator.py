"""The deep-translator installation step, pinned against the installed package's source.

:func:`mirage_i18n.prefill.deeptranslator.install` replaces the name ``requests`` in the
deep-translator modules listed in ``PATCHED``. A deep-translator release that imports
``requests`` in another module, imports names from it directly, or calls something other
than what ``PATCHED`` records would slip past the shim (no timeout, no status): these
tests read the installed source and fail first.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import threading
from pathlib import Path

import deep_translator
import requests

import mirage_i18n
from mirage_i18n.prefill import deeptranslator
from mirage_i18n.prefill.transport import HTTP, Http

PACKAGE = Path(deep_translator.__file__).parent

# Every module of deep-translator 1.11.4 that imports requests (whether we use it or not).
REQUESTS_USERS = {
    "baidu",
    "deepl",
    "detection",
    "google",
    "libre",
    "linguee",
    "microsoft",
    "mymemory",
    "papago",
    "pons",
    "qcri",
    "yandex",
}


def _tree(module: str) -> ast.Module:
    return ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))


def _imports_requests(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(
            a.name == "requests" or a.name.startswith("requests.") for a in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "requests":
            return True
    return False


def _requests_attributes(tree: ast.Module) -> set[str]:
    """Dotted attribute chains read from the name ``requests`` (``exceptions.RequestException``)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        chain: list[str] = []
        inner: ast.expr = node
        while isinstance(inner, ast.Attribute):
            chain.append(inner.attr)
            inner = inner.value
        if isinstance(inner, ast.Name) and inner.id == "requests":
            found.add(".".join(reversed(chain)))
    # Keep only the longest chains: "exceptions" is part of "exceptions.RequestException".
    return {a for a in found if not any(b.startswith(a + ".") for b in found)}


def test_the_modules_that_import_requests_are_the_pinned_ones():
    modules = sorted(p.stem for p in PACKAGE.glob("*.py") if _imports_requests(_tree(p.stem)))
    assert set(modules) == REQUESTS_USERS, (
        "deep-translator changed which modules import requests: review "
        "mirage_i18n.prefill.deeptranslator.PATCHED"
    )
    patched = {name.removeprefix("deep_translator.") for name in deeptranslator.PATCHED}
    assert patched <= REQUESTS_USERS


def test_each_patched_module_uses_exactly_the_pinned_attributes():
    for name, expected in deeptranslator.PATCHED.items():
        tree = _tree(name.removeprefix("deep_translator."))
        direct = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.ImportFrom) and (n.module or "").split(".")[0] == "requests"
        ]
        assert not direct, f"{name} imports names from requests: the shim cannot see them"
        assert _requests_attributes(tree) == expected, name


def test_the_shim_offers_every_pinned_attribute():
    for expected in deeptranslator.PATCHED.values():
        for dotted in expected:
            head, _, rest = dotted.partition(".")
            if head in ("get", "post", "request"):
                assert getattr(Http, head) is not None  # our own methods, with the timeout
                continue
            value = getattr(HTTP, head)
            real = getattr(requests, head)
            for part in rest.split(".") if rest else ():
                value, real = getattr(value, part), getattr(real, part)
            assert value is real, dotted


def test_install_is_idempotent_and_thread_safe():
    threads = [threading.Thread(target=deeptranslator.install) for _ in range(8)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    deeptranslator.install()
    assert deeptranslator.installed()
    for name in deeptranslator.PATCHED:
        assert sys.modules[name].requests is HTTP


def test_importing_does_not_patch_creating_an_engine_does():
    code = (
        "import requests, deep_translator.google as m\n"
        "import mirage_i18n.prefill.factory as f\n"
        "from mirage_i18n.config import engine_settings as es\n"
        "assert m.requests is requests, 'patched on import'\n"
        "f.create('libre', es('libre', {}), environ={})\n"
        "assert m.requests is requests, 'patched for an engine that does not need it'\n"
        "f.create('google', es('google', {}), environ={})\n"
        "from mirage_i18n.prefill.transport import HTTP\n"
        "assert m.requests is HTTP, 'not patched by create'\n"
    )
    src = str(Path(mirage_i18n.__file__).resolve().parents[1])
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "PYTHONPATH": src})
