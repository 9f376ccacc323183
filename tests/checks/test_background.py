"""validate in a forked process beside the build: the same report as in-process, or the same error."""

from __future__ import annotations

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
