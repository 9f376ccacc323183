"""GNU gettext as the reference every catalogue we write is checked against."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def gettext_tool(name: str) -> str:
    """GNU gettext is installed by scripts/test.sh; its absence is a failure, not a skip."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"GNU gettext's {name} is missing: run scripts/test.sh (it installs gettext)")
    return path


def run_tool(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [gettext_tool(args[0]), *args[1:]], input=input, capture_output=True, check=False
    )


def msgfmt_check(path: Path) -> None:
    result = run_tool("msgfmt", "--check", "-o", "/dev/null", str(path))
    assert result.returncode == 0, result.stderr.decode()


def msgcat_fixed_point(path: Path) -> None:
    """The file is exactly what ``msgcat --no-wrap`` would write: Poedit-style saves don't churn."""
    result = run_tool("msgcat", "--no-wrap", str(path))
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode() == path.read_text(encoding="utf-8")
