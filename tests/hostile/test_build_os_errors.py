"""Operating-system failures during ``build`` (issue 13): a file size limit, a full file
system, read-only folders, output paths the kernel owns. Each is one line ``path: message``,
exit 2, and ``dist/`` is the previous build, untouched, with no staging folder left.

The CLI runs as a real process. Read-only folders do not stop root, so as root the command
runs without the capabilities that override permissions; a full file system is a small tmpfs
in a user and mount namespace of the test's own (``unshare``)."""

from __future__ import annotations

import ctypes
import hashlib
import os
import re
import resource
import shutil
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.clirun import run_cli

from .buildkit import SV_NEWS, TITLE, cli_command, leftovers, run_process, set_translation, tree


@pytest.fixture
def built(sample_project: Path) -> Path:
    """The sample, built once, with a translation changed since (the next build differs)."""
    assert run_cli(sample_project, "build")[0] == 0
    set_translation(sample_project, SV_NEWS, TITLE, "MIraGE partnermöte, oktober 2021 (nytt)")
    return sample_project


EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_a_file_size_limit(built: Path) -> None:
    before = tree(built / "dist")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (8 * 1024, 8 * 1024))

    done = run_process(built, "build", preexec_fn=limit)
    assert done.returncode == 2, done
    line = _one_line(done.stderr)
    assert re.fullmatch(r"\S+: cannot (write|record the build in the cache): File too large", line)
    assert line.startswith(("dist/", ".mirage-cache/")), line
    assert tree(built / "dist") == before
    assert leftovers(built) == []


# ------------------------------------------------------------------ a full file system

SHELL = """
set -e
mount -t tmpfs -o size=8m tmpfs "$MNT"
"$@" build --out "$MNT/dist" > "$OUT/first.out" 2>&1
used=$(du -sk "$MNT" | cut -f1)
mount -o remount,size=$((used * 5 / 4 + 8))k "$MNT"
set +e
"$@" build --force --out "$MNT/dist" > "$OUT/second.out" 2> "$OUT/second.err"
echo $? > "$OUT/second.rc"
cp -a "$MNT/dist" "$OUT/dist-first-mount" 2>/dev/null || true
ls -a "$MNT" > "$OUT/listing"
"""


def _unshare() -> str:
    path = shutil.which("unshare")
    if path is None:
        pytest.skip("no unshare(1): the full file system needs a mount namespace")
    probe = subprocess.run([path, "-rm", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"no user and mount namespace here: {probe.stderr.decode().strip()}")
    return path


def test_a_full_file_system(built: Path, tmp_path: Path) -> None:
    """dist/ on a tmpfs that holds one build but not a second beside it."""
    unshare = _unshare()
    mnt, out = tmp_path / "mnt", tmp_path / "out"
    mnt.mkdir()
    out.mkdir()
    cmd = [unshare, "-rm", "sh", "-c", SHELL, "sh", *cli_command(built)]
    done = subprocess.run(
        cmd, env={**os.environ, "MNT": str(mnt), "OUT": str(out)}, capture_output=True, text=True
    )
    assert done.returncode == 0, (done.stdout, done.stderr)
    assert "wrote" in (out / "first.out").read_text()
    assert (out / "second.rc").read_text().strip() == "2", (out / "second.out").read_text()
    line = _one_line((out / "second.err").read_text())
    assert line.startswith(f"{mnt}/dist/") and line.endswith(": No space left on device"), line
    # the first build, whole: compare with a build of the same project elsewhere
    reference = tmp_path / "reference"
    assert run_process(built, "build", "--force", "--out", reference).returncode == 0
    assert tree(out / "dist-first-mount") == tree(reference)
    assert (out / "listing").read_text().split() == [".", "..", "dist"]


# ------------------------------------------------------------------ read-only folders


PR_CAPBSET_DROP = 24  # linux/prctl.h
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def _without_root_override() -> None:
    """In the child before exec: root, but without the capabilities that let root write
    where permissions say no (dropped from the bounding set, so exec does not restore them)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.fixture
def as_user(built: Path) -> tuple[Path, Callable[[], None] | None]:
    """The built project, and how to run the command so that permissions apply to it: as
    root, without root's override of them; as anyone else, as is."""
    return built, (_without_root_override if os.geteuid() == 0 else None)


def _read_only(path: Path) -> None:
    path.chmod(0o555)


@pytest.mark.parametrize(
    ("what", "message"),
    [
        ("parent", "cannot write the build output folder (build --out, or [paths] dist) there"),
        ("cache", "cannot record the build in the cache"),
        ("dist", "cannot replace it"),
    ],
)
def test_a_read_only_folder(
    as_user: tuple[Path, Callable[[], None] | None], what: str, message: str
) -> None:
    root, user = as_user
    out_parent = root / "www"
    out_parent.mkdir()
    dist = out_parent / "dist"
    assert run_process(root, "build", "--force", "--out", dist, preexec_fn=user).returncode == 0
    (dist / "CNAME").write_text("news.example.org\n")  # a dist/ whose entries must move
    before = tree(dist)
    target = {"parent": out_parent, "cache": root / ".mirage-cache", "dist": dist}[what]
    _read_only(target)
    try:
        done = run_process(root, "build", "--force", "--out", dist, preexec_fn=user)
    finally:
        target.chmod(0o755)
    assert done.returncode == 2, done
    line = _one_line(done.stderr)
    assert message in line and line.endswith(": Permission denied"), line
    assert tree(dist) == before
    assert leftovers(out_parent) == []


# ------------------------------------------------------------------ paths the kernel owns


@pytest.mark.parametrize(
    ("out", "words"),
    [
        ("/proc/x", "/proc/x: cannot write the build output folder"),
        ("/proc/self/x", "/proc/self/x: cannot write the build output folder"),
        ("/sys/x", "/sys/x: cannot write the build output folder"),
        ("/sys/kernel/x", "/sys/kernel/x: cannot write the build output folder"),
        (
            "/dev/null",
            "/dev/null: the build output folder (build --out, or [paths] dist) is a file",
        ),
        (
            "mirage-i18n.toml",
            "mirage-i18n.toml: the build output folder (build --out, or [paths] dist) is a file",
        ),
    ],
)
def test_an_output_path_that_cannot_be_a_build_folder(
    sample_project: Path, out: str, words: str
) -> None:
    before = tree(sample_project)
    done = run_process(sample_project, "build", "--out", out, cwd=sample_project)
    assert done.returncode == 2, done
    line = _one_line(done.stderr)
    assert line.startswith(words), line
    after = tree(sample_project)
    # the project's lock, taken before the output folder is made: empty once the build ended
    if after.pop(".mirage-cache/lock", None) == EMPTY_SHA256:
        after.pop(".mirage-cache", None)
    assert after == before


def test_a_read_only_dist_of_the_builds_own_is_replaced_and_stays_read_only(
    as_user: tuple[Path, Callable[[], None] | None],
) -> None:
    """dist/ with mode 0555 and nothing of the user's in it: the new build takes its place
    with the same mode, and the previous one is removed all the same."""
    root, user = as_user
    dist = root / "dist"
    dist.chmod(0o555)
    try:
        done = run_process(root, "build", preexec_fn=user)
        assert done.returncode == 0, done
        assert stat.S_IMODE(dist.stat().st_mode) == 0o555
        assert "oktober 2021 (nytt)" in (dist / "catalogs/sv.json").read_text(encoding="utf-8")
        assert leftovers(root) == []
    finally:
        dist.chmod(0o755)
