"""The build keeps, of each language's findings, the ones its dashboard lists and the ones that
fail the run, and counts the others (checks.results.summarised): its dashboard is byte for byte
the one the whole validation gives, however many findings a language has."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from mirage_i18n import pipeline
from mirage_i18n.checks.results import FindingTotals, ValidationReport, summarised
from mirage_i18n.checks.run import validate
from mirage_i18n.config import load_settings
from mirage_i18n.publish.build import BuildReport
from mirage_i18n.publish.dashboard import MAX_FINDINGS_PER_LANGUAGE, report_files

REPO = Path(__file__).resolve().parents[2]
PO = "locales/sv/LC_MESSAGES/news/2021-10-partner-meeting.po"


def _garble(project: Path) -> None:
    """Every 'ö' and 'ä' of a Swedish catalogue read back as cp1252: mojibake errors in
    reviewed entries, beside the sample's warnings, and one of them fuzzy (its findings are
    listed after the others')."""
    po = project / PO
    text = po.read_text(encoding="utf-8").replace("ö", "Ã¶").replace("ä", "Ã¤")
    lede = "#: source_texts/news/2021-10-partner-meeting.md:4\n"
    assert lede in text
    po.write_text(text.replace(lede, lede + "#, fuzzy\n"), encoding="utf-8")


def _summary(full: ValidationReport, shown: int) -> ValidationReport:
    """``full`` as the build keeps it, language by language."""
    kept = []
    totals: dict[str, FindingTotals] = {}
    for status in full.languages:
        lang_kept, totals[status.lang] = summarised(full.findings_for(status.lang), shown)
        kept += lang_kept
    return replace(full, findings=tuple(kept), totals=tuple(totals.items()))


def test_the_summary_gives_the_same_dashboard_and_verdicts(sample_project: Path) -> None:
    _garble(sample_project)
    settings = load_settings(sample_project)
    full = validate(settings)
    sv = full.findings_for("sv")
    errors = [f for f in sv if f.severity == "error" and not f.fuzzy]
    assert (
        len(errors) >= 3 and any(f.fuzzy for f in sv) and any(f.severity == "warning" for f in sv)
    )
    for shown in (0, 1, 2, len(sv) // 2, len(sv), MAX_FINDINGS_PER_LANGUAGE):
        summary = _summary(full, shown)
        assert report_files(settings, summary, shown) == report_files(settings, full, shown)
        assert summary.passed == full.passed and summary.exit_code == full.exit_code
        for status in full.languages:
            lang = status.lang
            assert summary.language_passed(lang) == full.language_passed(lang)
            assert summary.totals_for(lang) == full.totals_for(lang)
        kept_sv = summary.findings_for("sv")
        assert all(f in kept_sv for f in errors)  # every error, even beyond the shown ones
        assert len(kept_sv) <= max(shown, 0) + len(errors)
    assert full.totals_for("sv") == FindingTotals(
        errors=len(errors),
        warnings=sum(1 for f in sv if f.severity == "warning" and not f.fuzzy),
        fuzzy=sum(1 for f in sv if f.fuzzy),
        total=len(sv),
    )


@pytest.fixture
def busy_project(tmp_path: Path) -> Path:
    """A generated project with more findings per language than the dashboard lists."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import corpus
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    corpus.generate(tmp_path / "busy", articles=160, languages=2, seed=11)
    return tmp_path / "busy"


def test_the_builds_dashboard_is_the_whole_validations(
    busy_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MIRAGE_WORKERS", "1")
    settings = load_settings(busy_project)
    full = validate(settings)
    out = busy_project / "dist"
    report = pipeline.build(settings, out=out, force=True)
    assert isinstance(report, BuildReport)
    checked = report.validation
    assert checked is not None
    cut = [
        s.lang
        for s in full.languages
        if full.totals_for(s.lang).total > MAX_FINDINGS_PER_LANGUAGE
        and len(checked.findings_for(s.lang)) < full.totals_for(s.lang).total
    ]
    assert cut, "no language had more findings than the dashboard lists: the test shows nothing"
    for rel, data in report_files(settings, full).items():
        assert (out / "report" / rel).read_bytes() == data, rel
