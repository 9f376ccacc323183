"""Symbolic links leading out of the project (issue 13). A pull request can add any symlink:
a catalogue linking to a secret made ``validate`` print its first line in CI, and a locales or
cache folder linking elsewhere was written through. Every such path is refused with
``path: resolves outside the project``, exit 2; nothing outside is read into the output or
written; symlinks that stay inside the project keep working."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.clirun import run_cli, snapshot
from tests.hostile.conftest import ARTICLE, make_pack

SECRET = "root:x:0:0:SECRET-TOKEN-1234:/root:/bin/bash\n"
REFUSED = re.compile(
    r"(.+): resolves outside (?:the project|the cache folder) \(a symbolic link\?\); refused"
)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the project, standing for /etc or a CI runner's home."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET)
    return folder


def relink(path: Path, target: Path) -> None:
    """Replace ``path`` (file or folder) by a symlink to ``target``, which gets its content."""
    if path.is_dir():
        if not target.exists():
            shutil.copytree(path, target)
        shutil.rmtree(path)
    elif path.exists():
        if not target.exists():
            shutil.copy(path, target)
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def secret_file(name: str) -> Callable[[Path, Path], str]:
    def make(project: Path, outside: Path) -> str:
        relink(project / name, outside / "secret.txt")
        return name

    return make


def outside_copy(name: str) -> Callable[[Path, Path], str]:
    def make(project: Path, outside: Path) -> str:
        relink(project / name, outside / Path(name).name)
        return name

    return make


CATALOGUE = "locales/sv/LC_MESSAGES/shared.po"
CASES: list[tuple[str, Callable[[Path, Path], str], list[str]]] = [
    (
        "catalogue to a secret",
        secret_file(CATALOGUE),
        ["validate", "status", "update", "check-sync", "pack", "prefill", "unpack", "build"],
    ),
    (
        "catalogue to a copy outside",
        outside_copy(CATALOGUE),
        ["validate", "update", "prefill", "unpack", "build"],
    ),
    (
        "LC_MESSAGES folder outside",
        outside_copy("locales/sv/LC_MESSAGES"),
        ["validate", "status", "update", "prefill", "unpack", "build", "pack"],
    ),
    ("locales folder outside", outside_copy("locales"), ["validate", "update", "extract", "build"]),
    (
        "template to a secret",
        secret_file("locales/templates/shared.pot"),
        ["validate", "status", "update", "extract", "check-sync"],
    ),
    (
        "source to a secret",
        secret_file("source_texts/news/2024-01-09-leak.md"),
        ["extract", "check-sync", "build"],
    ),
    ("shared.yaml to a secret", secret_file("source_texts/shared.yaml"), ["extract", "build"]),
    ("sources folder outside", outside_copy("source_texts"), ["extract", "build", "check-sync"]),
    ("cache folder outside", outside_copy(".mirage-cache"), ["update", "build", "prefill"]),
    (
        "cache file outside",
        outside_copy(".mirage-cache/update-manifest.json"),
        ["update"],
    ),
    ("dist folder outside", outside_copy("dist"), ["build"]),
    ("site template to a secret", secret_file("templates/article.html"), ["build"]),
]
ARGS = {
    "pack": ["pack", "-l", "sv", "-o", "PACKDIR/new.zip"],
    "prefill": ["prefill", "-l", "sv"],
    "unpack": ["unpack", "PACKDIR/sv.zip"],
    "validate": ["validate", "-l", "sv"],
}
PARAMS = [(name, make, command) for name, make, commands in CASES for command in commands]


@pytest.mark.parametrize(
    ("name", "make", "command"), PARAMS, ids=[f"{p[0]}: {p[2]}" for p in PARAMS]
)
def test_a_path_leading_out_of_the_project_is_refused(
    small_project: Path,
    outside: Path,
    tmp_path: Path,
    name: str,
    make: Callable[[Path, Path], str],
    command: str,
) -> None:
    packdir = tmp_path / "packs"
    packdir.mkdir()
    make_pack(small_project, packdir / "sv.zip")
    (small_project / "dist").mkdir(exist_ok=True)
    (small_project / "templates").mkdir(exist_ok=True)
    assert run_cli(small_project, "update")[0] == 0  # the cache exists
    linked = make(small_project, outside)
    before_outside = snapshot(outside)
    before = snapshot(small_project)
    args = [a.replace("PACKDIR", str(packdir)) for a in ARGS.get(command, [command])]
    code, out, err = run_cli(small_project, *args)
    assert code == 2, (out, err)
    assert "SECRET-TOKEN" not in out + err
    lines = err.strip().splitlines()
    if command == "status":  # status counts what it can and lists each error after
        lines += [line[len("error: ") :] for line in out.splitlines() if line.startswith("error: ")]
    else:
        assert len(lines) == 1, (out, err)
    found = [REFUSED.fullmatch(line) for line in lines]
    assert lines and all(found), (out, err)
    assert any(linked in m.group(1) or linked.startswith(m.group(1)) for m in found if m), lines
    assert snapshot(outside) == before_outside  # nothing written through the link
    assert snapshot(small_project) == before


def test_the_secret_stays_out_of_json_and_github_reports(
    small_project: Path, outside: Path
) -> None:
    secret_file(CATALOGUE)(small_project, outside)
    for fmt in ("json", "github"):
        code, out, err = run_cli(small_project, "validate", "--format", fmt)
        assert code == 2 and "SECRET-TOKEN" not in out + err, (out, err)


def test_build_out_may_be_anywhere(small_project: Path, tmp_path: Path) -> None:
    """The folder given with --out is the user's own choice, made on the command line."""
    out = tmp_path / "public"
    code, stdout, err = run_cli(small_project, "build", "--out", str(out))
    assert code == 0, (stdout, err)
    assert (out / "site").is_dir()


def test_symlinks_inside_the_project_keep_working(small_project: Path, tmp_path: Path) -> None:
    # the project reached through a link, and a language folder that links within it
    moved = small_project / "translations-sv"
    relink(small_project / "locales/sv/LC_MESSAGES", moved)
    (small_project / "locales/sv/LC_MESSAGES").unlink()
    (small_project / "locales/sv/LC_MESSAGES").symlink_to(Path("../../translations-sv"))
    link = tmp_path / "link-to-project"
    link.symlink_to(small_project)
    for args in (["update"], ["validate", "-l", "sv"], ["build"]):
        code, out, err = run_cli(link, *args)
        assert code in (0, 1), (args, out, err)
    assert (moved / f"{ARTICLE}.po").is_file()
    assert os.path.islink(small_project / "locales/sv/LC_MESSAGES")
