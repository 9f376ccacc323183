"""The one slug rule (``mirage_i18n.slug``): short, stable, unique, at a word boundary; and a
translated title of any length builds a page (it was ``OSError: File name too long``)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from mirage_i18n.catalog.store import catalog_path, load_catalog, save_catalog
from mirage_i18n.config import load_settings
from mirage_i18n.publish.build import build
from mirage_i18n.slug import MAX_SLUG, page_slug, slugify

LONG = "The partners discussed the results of the survey on labour market integration " * 4


def test_a_long_title_is_cut_at_a_word_boundary_with_a_hash_of_the_whole() -> None:
    full = slugify(LONG, max_length=10_000)
    slug = slugify(LONG)
    assert len(slug) <= MAX_SLUG
    head, digest = slug.rsplit("-", 1)
    assert re.fullmatch(r"[0-9a-f]{6}", digest)
    assert full.startswith(head + "-")  # a word boundary of the whole slug
    assert slugify(LONG) == slug  # stable


def test_two_long_titles_with_the_same_beginning_get_two_slugs() -> None:
    assert slugify(LONG + "in Sweden") != slugify(LONG + "in Cyprus")


def test_one_word_longer_than_the_limit_is_cut_inside_the_word() -> None:
    slug = slugify("x" * 300)
    assert len(slug) == MAX_SLUG and slug.startswith("x" * 70) and "--" not in slug


def test_short_titles_are_unchanged() -> None:
    assert slugify("MIraGE partnermöte, Oktober 2021") == "mirage-partnermote-oktober-2021"


@given(st.text(max_size=600))
def test_any_text_gives_a_short_safe_slug(text: str) -> None:
    slug = slugify(text)
    assert len(slug) <= MAX_SLUG
    assert re.fullmatch(r"(?:[a-z0-9]+(?:-[a-z0-9]+)*)?", slug), slug


def test_which_text_the_slug_comes_from() -> None:
    front = {"title": "Title", "slug": "Own Slug", "slugs": {"sv": "Egen sida"}}
    assert page_slug(front, "sv", "en", "Titel", "file") == ("egen-sida", "slugs")
    assert page_slug(front, "en", "en", "Title", "file") == ("own-slug", "slug")
    assert page_slug(front, "fr", "en", "Titre", "file") == ("titre", "title")  # slug: en only
    assert page_slug({"slug": "../../etc"}, "en", "en", "T", "file") == ("etc", "slug")
    assert page_slug({}, "sv", "en", "!!!", "2021-news") == ("2021-news", None)
    name_slug, key = page_slug({}, "sv", "en", "!!!", "---")
    assert key is None and re.fullmatch(r"page-[0-9a-f]{6}", name_slug)


def test_a_translated_title_of_300_characters_builds_a_page(sample_project: Path) -> None:
    settings = load_settings(sample_project)
    path = catalog_path(settings, "sv", "news/2021-10-partner-meeting")
    catalog = load_catalog(settings, path)
    # keeps the source's name and number, or its error findings would (rightly) withhold it
    title = ("MIraGE partnermöte oktober 2021 om arbetsmarknadens integration och kompetens " * 4)[
        :300
    ]
    assert len(title) == 300 and len(title.encode()) > 255
    messages = tuple(
        replace(m, msgstr=title) if m.msgid == "MIraGE partner meeting, October 2021" else m
        for m in catalog.messages
    )
    assert messages != catalog.messages
    save_catalog(path, replace(catalog, messages=messages))

    report = build(settings)
    assert "sv" in report.published("news/2021-10-partner-meeting"), [
        d.reason for d in report.decisions if d.lang == "sv"
    ]

    slug = slugify(title)
    assert len(slug) <= MAX_SLUG
    page = sample_project / "dist" / "site" / "sv" / slug / "index.html"
    assert f"<h1>{title.strip()}</h1>" in page.read_text(encoding="utf-8")
    assert (sample_project / "dist" / "markdown/content/sv/news" / f"{slug}.md").is_file()
    assert "sv" in report.published("news/2021-10-partner-meeting")
