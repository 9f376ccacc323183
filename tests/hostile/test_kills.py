"""SIGKILL at random moments, and two writers started together (issue 13), on real processes.

Each kill leaves every catalogue either as it was or as the uninterrupted run writes it (so
each passes ``msgfmt -c``, checked once for both states); the rerun removes every temporary
file and converges on the uninterrupted run's bytes. Seeds are fixed, so a failure repeats.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mirage_i18n.fsutil import temp_target
from tests.clirun import snapshot
from tests.gnu import msgfmt_check
from tests.hostile.conftest import make_project, zip_bytes, zip_members

pytestmark = pytest.mark.slow

MIRAGE = Path(sys.executable).parent / "mirage-i18n"
ARTICLES = 20
KILLS = 20
TIMEOUT = 120  # seconds any one command may take on a loaded machine


def cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MIRAGE), "--project", str(project), *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def ok(project: Path, *args: str) -> float:
    started = time.monotonic()
    result = cli(project, *args)
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return time.monotonic() - started


def write_articles(root: Path, words: str) -> None:
    for i in range(ARTICLES):
        paragraphs = "\n\n".join(f"Paragraph {j} of article {i}, {words}." for j in range(5))
        (root / f"source_texts/news/2024-02-{i:03d}.md").write_text(
            f'---\ntitle: "Article {i}"\ndate: 2024-02-01\n---\n\n{paragraphs}\n',
            encoding="utf-8",
        )


def translate_all(po: bytes) -> bytes:
    """What a translator returns: every empty msgstr filled."""
    lines = po.decode("utf-8").split("\n")
    out = []
    msgid = None
    for line in lines:
        if line.startswith('msgid "') and line != 'msgid ""':
            msgid = line[len('msgid "') : -1]
        if line == 'msgstr ""' and msgid:
            line = f'msgstr "SV {msgid}"'
            msgid = None
        out.append(line)
    return "\n".join(out).encode("utf-8")


def catalogues(root: Path) -> dict[str, bytes]:
    return {k: v for k, v in snapshot(root).items() if k.endswith(".po")}


def temp_files(root: Path) -> list[str]:
    return [p.name for p in root.rglob("*") if temp_target(p.name) is not None]


def start_and_wait_for_lock(
    project: Path, args: list[str]
) -> tuple[subprocess.Popen[bytes], float]:
    """Start the command and return once it holds the project lock (its work begins: Python's
    start-up, about half a second, is not worth killing 20 times)."""
    lock = project / ".mirage-cache/lock"
    proc = subprocess.Popen(
        [str(MIRAGE), "--project", str(project), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + TIMEOUT
    while proc.poll() is None and time.monotonic() < deadline:
        if lock.exists() and lock.stat().st_size:
            break
        time.sleep(0.002)
    return proc, time.monotonic()


def kill_loop(before: Path, args: list[str], seed: int, tmp_path: Path) -> dict[str, int]:
    """Run ``args`` on copies of ``before``, killed at random moments of its work, and check
    each outcome. Returns counts of what the kills hit, so the test can show they hit writes."""
    reference = tmp_path / "reference"
    shutil.copytree(before, reference)
    proc, locked = start_and_wait_for_lock(reference, args)
    assert proc.wait(timeout=TIMEOUT) == 0
    work_time = time.monotonic() - locked
    old, new = catalogues(before), catalogues(reference)
    assert old != new
    for rel in set(old) | set(new):  # both states of every catalogue are valid gettext
        for root in (before, reference):
            if (root / rel).exists():
                msgfmt_check(root / rel)
    expected = snapshot(reference)
    rng = random.Random(seed)
    hits = {"untouched": 0, "partial": 0, "complete": 0, "with leftovers": 0}
    for trial in range(KILLS):
        work = tmp_path / f"trial-{trial}"
        shutil.copytree(before, work)
        proc, _ = start_and_wait_for_lock(work, args)
        time.sleep(rng.uniform(0.0, 1.1) * work_time)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=TIMEOUT)
        now = catalogues(work)
        assert set(now) <= set(old) | set(new), trial
        for rel, data in now.items():
            assert data in (old.get(rel), new.get(rel)), (trial, rel)  # whole, old or new
        changed = sum(now.get(rel) != old.get(rel) for rel in set(old) | set(new))
        done = sum(now.get(rel) == new.get(rel) for rel in new)
        hits["untouched" if changed == 0 else "complete" if done == len(new) else "partial"] += 1
        hits["with leftovers"] += bool(temp_files(work))
        ok(work, *args)  # the rerun
        assert temp_files(work) == [], trial
        assert snapshot(work) == expected, trial
        shutil.rmtree(work)
    return hits


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("base") / "project", ("sv", "it"))
    write_articles(root, "with some words")
    ok(root, "extract")
    ok(root, "update")
    return root


def test_update_killed_at_random_moments(base: Path, tmp_path: Path) -> None:
    before = tmp_path / "before"
    shutil.copytree(base, before)
    write_articles(before, "with other words")  # every catalogue changes
    ok(before, "extract")
    hits = kill_loop(before, ["update"], seed=13, tmp_path=tmp_path)
    print("update kills:", hits)
    assert hits["partial"] + hits["with leftovers"] > 0, hits  # the kills hit the writes


def returned_pack(project: Path, out: Path) -> Path:
    pack = out / "sv.zip"
    ok(project, "pack", "-l", "sv", "-o", str(pack))
    members = zip_members(pack.read_bytes())
    for name in members:
        if name.endswith(".po"):
            members[name] = translate_all(members[name])
    pack.write_bytes(zip_bytes(members))
    return pack


def test_unpack_killed_at_random_moments(base: Path, tmp_path: Path) -> None:
    before = tmp_path / "before"
    shutil.copytree(base, before)
    pack = returned_pack(before, tmp_path)
    hits = kill_loop(before, ["unpack", str(pack)], seed=31, tmp_path=tmp_path)
    print("unpack kills:", hits)
    assert hits["partial"] + hits["with leftovers"] > 0, hits


def test_update_and_unpack_together_never_lose_the_translation(base: Path, tmp_path: Path) -> None:
    """Before the lock, 4 of 8 such races lost every returned entry, both commands exiting 0.
    Now one of them may stop with the lock message; run again, it gives the merged result."""
    before = tmp_path / "before"
    shutil.copytree(base, before)
    pack = returned_pack(before, tmp_path)
    write_articles(before, "with other words")  # update has work to do meanwhile
    ok(before, "extract")
    title = "Article 7"
    outcomes = []
    for trial in range(8):
        work = tmp_path / f"race-{trial}"
        shutil.copytree(before, work)
        commands = [["update"], ["unpack", str(pack)]]
        if trial % 2:
            commands.reverse()
        procs = [
            subprocess.Popen(
                [str(MIRAGE), "--project", str(work), *args],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for args in commands
        ]
        results = [
            (args, *p.communicate(timeout=TIMEOUT), p.returncode)
            for args, p in zip(commands, procs)
        ]
        for args, out, err, code in results:
            if code == 2:
                assert " is running (pid " in err and "try again when it ends" in err, err
                ok(work, *args)  # the rerun the message asks for
            else:
                assert code == 0, (args, out, err)
        outcomes.append(tuple(code for *_, code in results))
        po = (work / "locales/sv/LC_MESSAGES/news/2024-02-007.po").read_text(encoding="utf-8")
        assert f'msgid "{title}"\nmsgstr "SV {title}"' in po, (trial, results)
        msgfmt_check(work / "locales/sv/LC_MESSAGES/news/2024-02-007.po")
        shutil.rmtree(work)
    print("exit codes (first, second):", outcomes)
