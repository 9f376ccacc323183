"""Writers against each other and against kills (issue 13): one writer at a time, with a clear
message for the second; readers never blocked; leftovers of killed runs removed; a failed
add-language changes nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.clirun import run_cli, snapshot
from tests.hostile.conftest import make_pack

HOLD = """
import os, sys, time
from pathlib import Path
from mirage_i18n.config import load_settings
from mirage_i18n.lock import project_lock
with project_lock(load_settings(Path(sys.argv[1])), sys.argv[2]):
    if sys.argv[3] == "fork":
        if os.fork() == 0:
            # the child says its pid once its at-fork handler has run: said by the parent, it
            # could reach the test (which then kills the parent) before the child was scheduled
            print(os.getpid(), flush=True)
            time.sleep(60)
            os._exit(0)
    else:
        print(os.getpid(), flush=True)
    sys.stdin.read()
"""


def hold_lock(project: Path, command: str, fork: bool = False) -> tuple[subprocess.Popen[str], int]:
    """A real process holding the project's write lock until its stdin closes."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(project), command, "fork" if fork else "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip().isdigit(), line
    return proc, int(line)


@pytest.fixture
def update_running(small_project: Path) -> Iterator[subprocess.Popen[str]]:
    proc, _ = hold_lock(small_project, "update")
    yield proc
    if proc.poll() is None:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=30)


WRITERS = [
    ("extract",),
    ("update",),
    ("update", "-l", "sv"),
    ("prefill", "-l", "sv"),
    ("unpack", "PACK"),
    ("add-language", "de"),
    ("new", "A new article"),
    ("build",),
]


@pytest.mark.parametrize("args", WRITERS, ids=[" ".join(a) for a in WRITERS])
def test_a_second_writer_stops_at_once_naming_the_first(
    small_project: Path,
    tmp_path: Path,
    update_running: subprocess.Popen[str],
    args: tuple[str, ...],
) -> None:
    pack = tmp_path / "sv.zip"
    make_pack(small_project, pack)  # pack is a reader: it works while update runs
    before = snapshot(small_project)
    argv = [str(pack) if a == "PACK" else a for a in args]
    code, out, err = run_cli(small_project, *argv)
    assert code == 2, (out, err)
    assert err == f"update is running (pid {update_running.pid}); try again when it ends\n"
    assert snapshot(small_project) == before


READERS = [
    ("validate",),
    ("status",),
    ("check-sync",),
    ("pack", "-l", "sv", "-o", "OUT/sv.zip"),
    ("review", "-l", "sv", "-o", "OUT/review.html"),
    ("prefill", "-l", "sv", "--dry-run"),
]


@pytest.mark.parametrize("args", READERS, ids=[" ".join(a) for a in READERS])
def test_readers_keep_working_while_a_writer_runs(
    small_project: Path,
    tmp_path: Path,
    update_running: subprocess.Popen[str],
    args: tuple[str, ...],
) -> None:
    argv = [a.replace("OUT", str(tmp_path)) for a in args]
    code, out, err = run_cli(small_project, *argv)
    assert code in (0, 1), (out, err)
    assert "running" not in err


def test_the_lock_is_free_once_the_writer_ends_or_is_killed(small_project: Path) -> None:
    proc, _ = hold_lock(small_project, "unpack")
    assert run_cli(small_project, "update")[0] == 2
    proc.kill()  # SIGKILL: the kernel drops the lock with the process
    proc.wait(timeout=30)
    code, out, err = run_cli(small_project, "update")
    assert code == 0, (out, err)
    lock = small_project / ".mirage-cache/lock"
    assert lock.read_bytes() == b""  # no stale name left by a finished writer


def test_a_forked_worker_does_not_keep_a_killed_writers_lock(small_project: Path) -> None:
    """build forks its background validation: killing build must free the project, even while
    the forked worker still runs."""
    proc, child = hold_lock(small_project, "build", fork=True)
    try:
        proc.kill()
        proc.wait(timeout=30)
        os.kill(child, 0)  # the worker is still alive
        code, out, err = run_cli(small_project, "update")
        assert code == 0, (out, err)
    finally:
        os.kill(child, signal.SIGKILL)


# ---------------------------------------------------------------------------- leftovers


LEFTOVERS = [
    "locales/sv/LC_MESSAGES/.shared.po.k3j_x9a2.mirage-tmp",
    "locales/sv/LC_MESSAGES/news/.2024-01-02-welcome.po.a1b2c3d4.tmp",  # as versions before wrote
    "locales/templates/.shared.pot.zzzzzzzz.mirage-tmp",
    ".mirage-cache/.update-manifest.json.abcdefgh.mirage-tmp",
    "source_texts/news/.2024-01-09-x.md.q1w2e3r4.mirage-tmp",
    ".mirage-i18n.toml.0a1b2c3d.mirage-tmp",
]
NOT_OURS = [
    "locales/sv/LC_MESSAGES/.notes.tmp",
    "locales/sv/LC_MESSAGES/shared.po.bak",
    ".review.html.abcdefgh.mirage-tmp",  # a reader's (review) write in progress at the root
    "source_texts/.draft.md.swp",
]


def test_the_next_writer_removes_what_killed_writers_left(small_project: Path) -> None:
    for rel in LEFTOVERS + NOT_OURS:
        (small_project / rel).write_bytes(b"partial")
    assert run_cli(small_project, "validate")[0] in (0, 1)  # readers touch nothing
    assert all((small_project / rel).exists() for rel in LEFTOVERS)
    code, out, err = run_cli(small_project, "update")
    assert code == 0, (out, err)
    assert [rel for rel in LEFTOVERS if (small_project / rel).exists()] == []
    assert all((small_project / rel).exists() for rel in NOT_OURS)


# ---------------------------------------------------------------------------- add-language


def test_add_language_that_fails_changes_nothing_broken_template(small_project: Path) -> None:
    template = small_project / "locales/templates/shared.pot"
    template.write_text(template.read_text(encoding="utf-8") + 'msgid "x"\n', encoding="utf-8")
    before = snapshot(small_project)
    code, out, err = run_cli(small_project, "add-language", "de")
    assert code == 2, (out, err)
    assert err.startswith("locales/templates/shared.pot:"), err
    assert snapshot(small_project) == before
    assert not (small_project / "locales/de").exists()


def test_add_language_that_fails_halfway_removes_what_it_created(small_project: Path) -> None:
    """shared.po is created first; then a file where the news folder must go stops it."""
    blocker = small_project / "locales/de/LC_MESSAGES/news"
    blocker.parent.mkdir(parents=True)
    blocker.write_text("not a folder")
    before = snapshot(small_project)
    code, out, err = run_cli(small_project, "add-language", "de")
    assert code == 2, (out, err)
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert snapshot(small_project) == before
    assert sorted(p.name for p in (small_project / "locales/de").rglob("*")) == [
        "LC_MESSAGES",
        "news",
    ]
    blocker.unlink()
    code, out, err = run_cli(small_project, "add-language", "de")
    assert code == 0, (out, err)
    assert '"de"' in (small_project / "mirage-i18n.toml").read_text(encoding="utf-8")
    assert (small_project / "locales/de/LC_MESSAGES/shared.po").is_file()
