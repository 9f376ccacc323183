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


def _odd_tree(root: Path) -> None:
    """Names whose string order is not pathlib's ("a-b" < "a/b" as text, after as parts),
    linked files and folders, a dangling link, a pipe, a folder that cannot be listed."""
    import os

    for rel in ("a/b/z.po", "a-b/c.po", "a.b", "a/b.po", "A/x", "b/a/c", "é/ü.md"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(rel, encoding="utf-8")
    (root / "link-file").symlink_to(root / "a.b")
    (root / "link-folder").symlink_to(root / "a")
    (root / "dangling").symlink_to(root / "nowhere")
    (root / "loop").symlink_to(root / "loop")
    os.mkfifo(root / "pipe")
    (root / "closed").mkdir()
    (root / "closed/hidden.po").write_text("x", encoding="utf-8")
    (root / "closed").chmod(0)


def test_files_in_lists_what_rglob_lists(tmp_path: Path) -> None:
    """The no-change build walks the inputs on strings; the list (and so the hash) is
    pathlib's, order included."""
    _odd_tree(tmp_path)
    try:
        expected = sorted(p for p in tmp_path.rglob("*") if p.is_file())
        assert [Path(p) for p in skip.files_in(str(tmp_path))] == expected
        assert Path(tmp_path / "link-file") in expected  # the cases are really there
        assert all("link-folder" not in p.parts[-2:-1] for p in expected)
    finally:
        (tmp_path / "closed").chmod(0o755)


def test_inputs_hash_reads_what_is_a_file(sample_project: Path, tmp_path: Path) -> None:
    """A missing input, a dangling or looping link, a folder and a pipe hash as missing
    (what ``Path.is_file`` calls no file), without waiting on the pipe; a file as its bytes."""
    import os

    settings = load_settings(sample_project)
    (tmp_path / "f").write_bytes(b"bytes")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    os.mkfifo(tmp_path / "pipe")
    for name in ("missing", "dangling", "loop", "pipe", "."):
        assert skip._bytes_or_none(str(tmp_path / name)) == b"<none>", name
    assert skip._bytes_or_none(str(tmp_path / "f")) == b"bytes"
    one = skip.inputs_hash(settings, [tmp_path / "f", tmp_path / "pipe"])
    (tmp_path / "f").write_bytes(b"other")
    assert skip.inputs_hash(settings, [tmp_path / "f", tmp_path / "pipe"]) != one


def test_outputs_state_is_the_hash_of_its_lines_joined(tmp_path: Path) -> None:
    """Hashed a line at a time, it stays what existing manifests recorded: the hash of
    ``rel:size:mtime`` lines joined by newlines."""
    import os

    from mirage_i18n.manifest import content_hash
    from mirage_i18n.publish.skip import outputs_state

    names = ["site/index.html", "site/é/feed.xml", "catalogs/sv.json"]
    lines = []
    for name in names:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name * 3, encoding="utf-8")
        st = os.stat(path)
        lines.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    assert outputs_state(tmp_path, names) == content_hash("\n".join(lines).encode("utf-8"))
    assert outputs_state(tmp_path, []) == content_hash(b"")
    assert outputs_state(tmp_path, [*names, "gone.html"]) == "missing"
