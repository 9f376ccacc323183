"""Shared fixtures: a copy of the sample project, and one way to run the CLI in-process."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .clirun import run_cli
from .gnu import REPO

SAMPLE_FILES = ("mirage-i18n.toml", "glossary.toml", "source_texts", "locales")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: takes more than a few seconds (deselect with -m 'not slow')"
    )


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    """A private copy of the bundled MIraGE sample: tests never write into the repository."""
    dest = tmp_path / "project"
    dest.mkdir()
    for name in SAMPLE_FILES:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run() -> Run:
    """``run(project, *args, input=None) -> (exit code, stdout, stderr)``; see ``clirun``."""
    return run_cli
