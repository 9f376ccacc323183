"""A build does each piece of work once (issue 14): every catalogue and template parsed once,
shared by the gates, the validation and the dashboard; every body rendered once per language,
the Atom feeds reusing the pages' HTML."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from mirage_i18n import pipeline
from mirage_i18n.catalog import store
from mirage_i18n.config import load_settings
from mirage_i18n.publish import site


def test_every_file_parsed_once_every_body_rendered_once(
    sample_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MIRAGE_WORKERS", "1")  # the validation's languages in this process too
    parsed: Counter[str] = Counter()
    real_parse = store.parse_po

    def counting_parse(text: str, shown: str):  # type: ignore[no-untyped-def]
        parsed[shown] += 1
        return real_parse(text, shown)

    rendered: Counter[str] = Counter()
    real_render = site.render_markdown

    def counting_render(text: str):  # type: ignore[no-untyped-def]
        rendered[text] += 1
        return real_render(text)

    monkeypatch.setattr(store, "parse_po", counting_parse)
    monkeypatch.setattr(site, "render_markdown", counting_render)
    settings = load_settings(sample_project)
    report = pipeline.build(settings, force=True)
    files = set(report.files)

    catalogues = {p.relative_to(sample_project).as_posix() for p in sample_project.rglob("*.po")}
    templates = {p.relative_to(sample_project).as_posix() for p in sample_project.rglob("*.pot")}
    assert catalogues and templates
    assert set(parsed) == catalogues | templates  # the validation checked them all…
    assert set(parsed.values()) == {1}  # …and nothing was parsed twice
    pages = [f for f in files if f.startswith("site/") and f.count("/") == 3]  # lang/slug/
    feeds = [f for f in files if f.endswith("/feed.xml")]
    assert feeds and len(pages) == sum(rendered.values())  # the feeds rendered nothing more
    assert (settings.dist_dir / "report/index.html").is_file()  # the same validation's dashboard
