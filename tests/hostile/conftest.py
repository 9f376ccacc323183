"""A small project built in the test (init + extract + update), and helpers to edit its packs."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from mirage_i18n.scaffold import init_project
from tests.clirun import run_cli

ARTICLE = "news/2024-01-02-welcome"  # the domain of the one article init writes
ARTICLE_FILE = "news--2024-01-02-welcome.po"  # its name in a pack


def make_project(root: Path, languages: tuple[str, ...] = ("sv", "it")) -> Path:
    init_project(root, "Demo", "en", list(languages), "info@example.org", dt.date(2024, 1, 2))
    for command in ("extract", "update"):
        code, out, err = run_cli(root, command)
        assert code == 0, (out, err)
    return root


@pytest.fixture
def small_project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def zip_bytes(members: dict[str, bytes] | list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    items = members.items() if isinstance(members, dict) else members
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in items:
            zf.writestr(name, data)
    return buf.getvalue()


def make_pack(project: Path, out: Path, lang: str = "sv") -> dict[str, bytes]:
    code, stdout, err = run_cli(project, "pack", "-l", lang, "-o", str(out))
    assert code == 0, (stdout, err)
    return zip_members(out.read_bytes())
