"""The console script's ending (``cli.run``): the same output and status as the command, exit
handlers and running threads honoured, unwritable output one line, on real processes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.clirun import run_cli
from tests.hostile.conftest import make_project

MIRAGE = Path(sys.executable).parent / "mirage-i18n"


def _script(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MIRAGE), "--project", str(project), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_console_script_says_what_the_command_says(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    for args in (["validate"], ["validate", "--format", "json"], ["status"]):
        done = _script(project, *args)
        code, out, err = run_cli(project, *args)
        assert (done.returncode, done.stdout, done.stderr) == (code, out, err), args
    assert _script(project, "validate").returncode == 1  # the untranslated entries


def _python(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )


def test_exit_handlers_run(tmp_path: Path) -> None:
    done = _python(
        """
        import atexit, sys
        from mirage_i18n import cli
        atexit.register(lambda: print("handler ran", flush=True))
        sys.argv = ["mirage-i18n", "--version"]
        cli.run()
        """,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "handler ran"


def test_a_running_thread_is_waited_for(tmp_path: Path) -> None:
    done = _python(
        """
        import sys, threading, time
        from pathlib import Path
        from mirage_i18n import cli
        def late():
            time.sleep(0.5)
            Path("written-late").write_text("done")
        threading.Thread(target=late).start()
        sys.argv = ["mirage-i18n", "--version"]
        cli.run()
        """,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "written-late").read_text() == "done"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["--version"], ["--help"], ["validate", "--list-checks"]])
def test_output_that_cannot_be_written_is_one_line(tmp_path: Path, args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [str(MIRAGE), *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
            cwd=tmp_path,
        )
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["cannot write the output: No space left on device"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [["validate"], ["validate", "--format", "json"], ["status"], ["extract"], ["check-sync"]],
)
def test_a_report_that_cannot_be_written_says_so(tmp_path: Path, args: list[str]) -> None:
    project = make_project(tmp_path / "project")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [str(MIRAGE), "--project", str(project), *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["cannot write the output: No space left on device"]
