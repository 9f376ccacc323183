"""validate in a forked process beside the build: the same report as in-process, or the same error."""

from __future__ import annotations

import os
import time
from functools import partial
from pathlib import Path

import pytest

from mirage_i18n.checks.run import BackgroundValidation, validate
from mirage_i18n.config import load_settings
from mirage_i18n.errors import MirageError


def test_background_report_equals_the_in_process_one(
    sample_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MIRAGE_WORKERS", raising=False)
    settings = load_settings(sample_project)
    background = BackgroundValidation(partial(validate, settings))
    assert background._proc is not None  # forked (this machine has more than one core)
    report = background.result()
    here = validate(settings)
    assert report == here
    assert report.findings and report.gates  # the sample has findings: the test can fail


def test_a_failing_child_gives_the_error_in_the_parent(
    sample_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MIRAGE_WORKERS", raising=False)
    # check ids are known to the checks, not to the configuration: an error of the validation
    config = sample_project / "mirage-i18n.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + '\n[checks]\nselect = ["no-such-check"]\n',
        encoding="utf-8",
    )
    settings = load_settings(sample_project)
    with pytest.raises(MirageError) as here:
        validate(settings)
    with pytest.raises(MirageError) as there:
        BackgroundValidation(partial(validate, settings)).result()
    assert str(there.value) == str(here.value)


def test_cancel_stops_the_child(sample_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MIRAGE_WORKERS", raising=False)
    background = BackgroundValidation(partial(validate, load_settings(sample_project)))
    background.cancel()
    background.cancel()  # twice is harmless
    assert background.result() == validate(load_settings(sample_project))  # falls back in-process


def test_cancel_stops_the_language_workers_too(
    sample_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that fails on bad input cancels its validation mid-run: the workers the child
    forked must go with it (they were left waiting on their queue, holding the caller's
    output pipe open)."""
    monkeypatch.delenv("MIRAGE_WORKERS", raising=False)
    started = sample_project / "started"

    def slow_validation() -> object:
        from mirage_i18n.checks.parallel import map_languages

        def one(lang: str) -> str:
            started.touch()
            time.sleep(60)
            return lang

        return map_languages(one, ["sv", "de"])

    background = BackgroundValidation(slow_validation)  # type: ignore[arg-type]
    child = background._proc.pid
    deadline = time.monotonic() + 30
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started.exists()
    group = [p for p in _processes() if os.getpgid(p) == child and p != child]
    assert group  # the forked workers, in the child's own process group
    background.cancel()
    time.sleep(0.5)
    assert not [p for p in group if _alive(p)]


def _processes() -> list[int]:
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().split(") ")[-1][0]
    except OSError:
        return False
    return state != "Z"
