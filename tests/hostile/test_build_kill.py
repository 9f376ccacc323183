"""``build`` killed with SIGKILL at random moments (issue 13): after every kill ``dist/`` is
the previous build or the new one, whole, a file the user put in ``dist/`` is never lost, no
process of the command is left running; the next build removes every temporary folder and
converges on the new build.

Seeded: the same moments on every run. About 25 kills of real processes, bounded in time.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from mirage_i18n.publish.staging import BUILD_ENTRIES
from tests.clirun import run_cli

from .buildkit import (
    SV_NEWS,
    TITLE,
    cli_command,
    leftovers,
    session_processes,
    set_translation,
    tree,
    wait_until,
)

KILLS = 24
SEED = 20211025
BUDGET = 600  # seconds for the whole loop, whatever the machine's load


def _build_part(dist: Path) -> dict[str, str]:
    """dist/ as the build wrote it (what the user added there left aside)."""
    return {k: v for k, v in tree(dist).items() if k.split("/", 1)[0] in BUILD_ENTRIES}


def _start(root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        cli_command(root, "build", "--force"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _start_and_wait_for_staging(root: Path) -> tuple[subprocess.Popen[bytes], float]:
    """Start a build and return once its staging folder exists (its writing begins: Python's
    start-up, half a second or more, is not worth most of the kills)."""
    proc = _start(root)
    prefix = f".dist.building-{proc.pid}-"
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if any(name.startswith(prefix) for name in leftovers(root)):
            break
        time.sleep(0.002)
    return proc, time.monotonic()


@pytest.mark.slow
def test_build_survives_sigkill_at_any_moment(sample_project: Path, tmp_path: Path) -> None:
    root = sample_project
    dist = root / "dist"
    assert run_cli(root, "build")[0] == 0
    (dist / "CNAME").write_text("news.example.org\n")
    old = _build_part(dist)
    set_translation(root, SV_NEWS, TITLE, "MIraGE partnermöte, oktober 2021 (ny version)")
    # the new build, made once elsewhere from the same project: how long its work takes
    elsewhere = tmp_path / "reference"
    shutil.copytree(root, elsewhere, ignore=shutil.ignore_patterns("dist", ".mirage-cache"))
    proc, work_started = _start_and_wait_for_staging(elsewhere)
    assert proc.wait() == 0
    work = time.monotonic() - work_started
    new = _build_part(elsewhere / "dist")
    assert new != old

    saved_old = tmp_path / "old-dist"
    shutil.copytree(dist, saved_old, symlinks=True)

    rng = random.Random(SEED)
    kills, runs = 0, 0
    hits = {"old": 0, "new": 0, "with leftovers": 0, "rerun killed": 0}
    deadline = time.monotonic() + BUDGET
    while kills < KILLS and runs < 3 * KILLS and time.monotonic() < deadline:
        runs += 1
        shutil.rmtree(dist)
        shutil.copytree(saved_old, dist, symlinks=True)  # every trial: the old build to replace
        # most kills while it writes and swaps; some during start-up
        if rng.random() < 0.8:
            proc, _ = _start_and_wait_for_staging(root)
            delay = rng.uniform(0.0, work)
        else:
            proc, delay = _start(root), rng.uniform(0.0, 0.8)
        if not _kill_after(proc, delay):
            continue  # it finished first: not a kill
        kills += 1
        assert dist.is_dir(), f"no dist/ after a kill {delay:.2f} s in"
        state = _build_part(dist)
        assert state in (old, new), f"dist/ is neither build after a kill {delay:.2f} s in"
        hits["new" if state == new else "old"] += 1
        hits["with leftovers"] += bool(leftovers(root))
        # the user's file: in dist/, or in a staging folder the next build moves it back from
        holders = [dist, *(root / name for name in leftovers(root))]
        assert sum((h / "CNAME").is_file() for h in holders) == 1, leftovers(root)
        if leftovers(root) and rng.random() < 0.4:  # the rerun killed while it cleans up
            hits["rerun killed"] += _kill_after(_start(root), rng.uniform(0.3, 1.0))
            assert dist.is_dir() and _build_part(dist) in (old, new)
        done = subprocess.run(cli_command(root, "build"), capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert leftovers(root) == [], "the rerun left folders"
        assert _build_part(dist) == new
        assert (dist / "CNAME").read_text() == "news.example.org\n"
    print("build kills:", kills, "of", runs, "runs;", hits)
    assert kills >= 20, f"only {kills} kills in {runs} runs"
    assert min(hits["old"], hits["new"], hits["with leftovers"]) > 0, hits  # the work was hit

    again = subprocess.run(cli_command(root, "build"), capture_output=True, text=True)
    assert again.returncode == 0 and "skipped" in again.stdout, again.stdout


def _kill_after(proc: subprocess.Popen[bytes], delay: float) -> bool:
    """SIGKILL ``proc`` after ``delay`` seconds unless it ended first; then check that
    dist/ exists and no process of its session is left. Whether it was killed."""
    time.sleep(delay)
    killed = proc.poll() is None
    if killed:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    gone = wait_until(lambda: not session_processes(proc.pid), 5)
    stray = session_processes(proc.pid)
    if stray:
        os.killpg(proc.pid, signal.SIGKILL)  # ours: the session of the command above
    assert gone, f"a kill {delay:.2f} s in left processes {stray}"
    return killed
