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


@pytest.mark.slow
def test_build_survives_sigkill_at_any_moment(sample_project: Path, tmp_path: Path) -> None:
    root = sample_project
    dist = root / "dist"
    assert run_cli(root, "build")[0] == 0
    (dist / "CNAME").write_text("news.example.org\n")
    old = _build_part(dist)
    set_translation(root, SV_NEWS, TITLE, "MIraGE partnermöte (ny version)")
    # the new build, made once elsewhere from the same project, timed
    elsewhere = tmp_path / "reference"
    shutil.copytree(root, elsewhere, ignore=shutil.ignore_patterns("dist", ".mirage-cache"))
    started = time.monotonic()
    assert subprocess.run(cli_command(elsewhere, "build"), capture_output=True).returncode == 0
    duration = time.monotonic() - started
    new = _build_part(elsewhere / "dist")
    assert new != old

    rng = random.Random(SEED)
    kills, runs, seen = 0, 0, set()
    deadline = time.monotonic() + BUDGET
    while kills < KILLS and runs < 3 * KILLS and time.monotonic() < deadline:
        runs += 1
        delay = rng.uniform(0.0, duration)
        proc = subprocess.Popen(
            cli_command(root, "build", "--force"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
        orphans_gone = wait_until(lambda pid=proc.pid: not session_processes(pid), 5)
        stray = session_processes(proc.pid)
        if stray:
            os.killpg(proc.pid, signal.SIGKILL)  # ours: the session of the command above
        assert orphans_gone, f"kill {kills} after {delay:.2f} s left processes {stray}"
        assert dist.is_dir(), f"no dist/ after a kill {delay:.2f} s in"
        state = _build_part(dist)
        assert state in (old, new), f"dist/ is neither build after a kill {delay:.2f} s in"
        seen.add("new" if state == new else "old")
        # the user's file: in dist/, or in a staging folder the next build moves it back from
        holders = [dist, *(root / name for name in leftovers(root))]
        assert sum((h / "CNAME").is_file() for h in holders) == 1, leftovers(root)
    assert kills >= 20, f"only {kills} kills in {runs} runs"

    done = subprocess.run(cli_command(root, "build"), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert leftovers(root) == []
    assert _build_part(dist) == new
    assert (dist / "CNAME").read_text() == "news.example.org\n"
    again = subprocess.run(cli_command(root, "build"), capture_output=True, text=True)
    assert again.returncode == 0 and "skipped" in again.stdout, again.stdout
