"""A second build with nothing changed is skipped by content hash, and only then."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mirage_i18n import pipeline
from mirage_i18n.config import load_settings
from mirage_i18n.publish import skip
from mirage_i18n.publish.skip import build_inputs


def _build(project: Path, **kw: object) -> object:
    return pipeline.build(load_settings(project), **kw)  # type: ignore[arg-type]


def test_unchanged_inputs_skip_and_say_so(sample_project: Path) -> None:
    first = _build(sample_project)
    assert not isinstance(first, pipeline.BuildSkipped)
    second = _build(sample_project)
    assert isinstance(second, pipeline.BuildSkipped)
    assert "skipped" in second.lines()[0] and second.files == first.files


def test_a_changed_catalogue_rebuilds(sample_project: Path) -> None:
    _build(sample_project)
    po = sample_project / "locales/sv/LC_MESSAGES/shared.po"
    po.write_text(po.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not isinstance(_build(sample_project), pipeline.BuildSkipped)


def test_a_deleted_output_rebuilds(sample_project: Path) -> None:
    report = _build(sample_project)
    assert not isinstance(report, pipeline.BuildSkipped)
    (report.out_dir / report.files[0]).unlink()
    again = _build(sample_project)
    assert not isinstance(again, pipeline.BuildSkipped)
    assert (again.out_dir / report.files[0]).exists()


def test_force_and_other_output_folder_rebuild(sample_project: Path, tmp_path: Path) -> None:
    _build(sample_project)
    assert not isinstance(_build(sample_project, force=True), pipeline.BuildSkipped)
    assert not isinstance(_build(sample_project, out=tmp_path / "elsewhere"), pipeline.BuildSkipped)


def test_packaged_templates_are_build_inputs(
    sample_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new package version with other templates must rebuild: the site's and the
    dashboard's packaged templates are hashed like the project's own files."""
    inputs = {p.resolve() for p in build_inputs(load_settings(sample_project))}
    for name in ("article.html", "newsletter.txt", "report/index.html", "report/badge.svg"):
        assert (skip.PACKAGED_TEMPLATES / name).resolve() in inputs
    packaged = tmp_path / "packaged"
    shutil.copytree(skip.PACKAGED_TEMPLATES, packaged)
    monkeypatch.setattr(skip, "PACKAGED_TEMPLATES", packaged)
    _build(sample_project)
    assert isinstance(_build(sample_project), pipeline.BuildSkipped)
    badge = packaged / "report/badge.svg"
    badge.write_text(badge.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not isinstance(_build(sample_project), pipeline.BuildSkipped)


def test_a_project_template_is_a_build_input(sample_project: Path) -> None:
    _build(sample_project)
    (sample_project / "templates/report").mkdir(parents=True)
    (sample_project / "templates/report/badge.svg").write_text("<svg>{{ label }}</svg>\n")
    assert not isinstance(_build(sample_project), pipeline.BuildSkipped)
    assert (sample_project / "dist/report/badges/sv.svg").read_text() == "<svg>sv</svg>\n"
