"""QA checks: a registry of checks, the validate engine and its reports (the dashboard is in publish/)."""

from __future__ import annotations

import importlib

CHECK_MODULES = (
    "catalog",
    "state",
    "markup",
    "placeholders",
    "numbers",
    "text",
    "encoding",
    "output",
    "leftovers",
    "coverage",
    "language",
    "names",
    "glossary",
    "disclaimer",
    "consistency",
    "suppress",
)


def load_all() -> None:
    """Import every check module so that its ``@check`` functions register."""
    for name in CHECK_MODULES:
        importlib.import_module(f"{__name__}.{name}")
