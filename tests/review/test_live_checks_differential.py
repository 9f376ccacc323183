"""The page's live checks give validate's verdicts: on the validation corpus, on each of its
fault-injected copies, on the sample project in every language, and on a generated set of
texts built to hit each check's edge cases.

More catalogue sets (any project folder) can be added with ``MIRAGE_REVIEW_CORPUS`` (folders
separated by ``os.pathsep``), e.g. ``MIRAGE_REVIEW_CORPUS=benchmarks/quality/…``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from mirage_i18n.config import load_settings

from ..checks.helpers import FIXTURES
from ..checks.test_fault_injection import FAULTS, RICH, inject, make
from ..clirun import run_cli
from .chromium import open_browser
from .corpus import write_corpus
from .differential import compare_language, verdict_count

pytestmark = pytest.mark.slow  # a real Chromium


@pytest.fixture(scope="module")
def drv():
    with tempfile.TemporaryDirectory(prefix="mirage-chromium-") as profile:
        with open_browser(Path(profile)) as browser:
            yield browser


def check_all(root: Path, drv, folder: Path, langs: tuple[str, ...] | None = None) -> int:
    settings = load_settings(root)
    mismatches: list[str] = []
    found = 0
    for lang in langs or settings.languages:
        mismatches += compare_language(settings, lang, drv, folder)
        found += verdict_count(settings, lang)
    assert not mismatches, "\n".join(mismatches[:30])
    return found


def test_validation_corpus_gives_the_same_verdicts(tmp_path: Path, drv) -> None:
    assert check_all(make(tmp_path), drv, tmp_path) == 0  # the good translations: no finding


@pytest.mark.parametrize("fault", FAULTS, ids=[f[0] for f in FAULTS])
def test_fault_injected_copies_give_the_same_verdicts(tmp_path: Path, drv, fault) -> None:
    _name, domain, old, new, check_id, _entry = fault
    fixture = "sv-rich.po" if domain == RICH else "sv-partner-meeting.po"
    bad = inject((FIXTURES / fixture).read_text(encoding="utf-8"), old, new)
    root = make(tmp_path, **({"rich": bad} if domain == RICH else {"meeting": bad}))
    found = check_all(root, drv, tmp_path)
    assert found >= (0 if check_id == "disclaimer" else 1)  # a live check saw the fault


def test_sample_project_in_every_language(sample_project: Path, tmp_path: Path, drv) -> None:
    assert run_cli(sample_project, "extract")[0] == 0
    assert run_cli(sample_project, "update")[0] == 0
    check_all(sample_project, drv, tmp_path)


def test_generated_edge_cases_give_the_same_verdicts(tmp_path: Path, drv) -> None:
    root = write_corpus(tmp_path / "generated")
    assert check_all(root, drv, tmp_path) > 500  # the set exercises the checks


EXTRA = [Path(p) for p in os.environ.get("MIRAGE_REVIEW_CORPUS", "").split(os.pathsep) if p]


@pytest.mark.skipif(not EXTRA, reason="MIRAGE_REVIEW_CORPUS names no extra catalogue set")
@pytest.mark.parametrize("root", EXTRA, ids=[p.name for p in EXTRA])
def test_extra_corpus_gives_the_same_verdicts(root: Path, tmp_path: Path, drv) -> None:
    check_all(root, drv, tmp_path)
