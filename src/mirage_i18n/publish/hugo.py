"""Translated Markdown sources for Hugo: ``markdown/content/<lang>/news/<slug>.md``.

Hugo's "translation by content directory" layout; ``translationKey`` (the domain) links the
language versions of one article. Hugo runs the shortcodes of a content file: a translation's
body may only call the English's, every other call is written escaped
(:mod:`mirage_i18n.shortcodes`), whatever the gate or a suppression comment said.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

from ..shortcodes import escape_shortcodes, shortcode_calls
from .content import Version
from .frontmatter import dump_front_matter


def hugo_file(version: Version, kind_dir: str, english: Version | None = None) -> tuple[str, str]:
    """(relative path, text) of one version: the source's front matter with the translated
    title, lede and slug, then the translated body. In a translation (``english`` given: the
    source language's version) the title, lede and body may only call the shortcodes the
    English's do; every other call is written escaped."""

    def safe(text: str, source: str) -> str:
        return text if english is None else escape_shortcodes(text, shortcode_calls(source))

    front = {k: v for k, v in version.front_matter.items() if k not in ("slugs",)}
    front.update(
        title=safe(version.title, english.title if english else ""),
        slug=version.slug,
        lang=version.lang,
        translationKey=version.domain,
    )
    if version.date:
        front["date"] = _date_text(version.front_matter.get("date"), version.date)
    if version.lede:
        front["lede"] = safe(version.lede, english.lede if english else "")
    text = "---\n" + dump_front_matter(front) + "---\n\n"  # what yaml.safe_dump writes
    text += safe(version.body, english.body if english else "").lstrip("\n")
    if not text.endswith("\n"):
        text += "\n"
    return f"markdown/content/{version.lang}/{kind_dir}/{version.slug}.md", text


def iter_hugo(
    articles: Mapping[str, Mapping[str, Version]], source_language: str
) -> Iterator[tuple[str, str]]:
    """Every published version of every article: domain → lang → version."""
    for versions in articles.values():
        english = versions.get(source_language)
        for lang, version in versions.items():
            if lang == source_language:
                yield hugo_file(version, "news")
            else:  # no English version: nothing is allowed (an empty one stands in)
                yield hugo_file(version, "news", english or _NO_ENGLISH)


_NO_ENGLISH = Version(domain="", lang="", title="", lede="", slug="", date=None, body="")


def _date_text(value: object, date: dt.date) -> str:
    """The front matter's date as ISO 8601, with its time and offset when it has them: Hugo
    orders a day's articles and builds permalinks by them (``date: 2021-10-25 14:30:00+02:00``
    stays ``2021-10-25T14:30:00+02:00``, not ``2021-10-25``)."""
    if isinstance(value, str) and len(value.strip()) > 10:
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return date.isoformat()
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return date.isoformat()
