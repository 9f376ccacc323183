"""Translated Markdown sources for Hugo: ``markdown/content/<lang>/news/<slug>.md``.

Hugo's "translation by content directory" layout; ``translationKey`` (the domain) links the
language versions of one article.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import yaml

from .content import Version


def hugo_file(version: Version, kind_dir: str) -> tuple[str, str]:
    """(relative path, text) of one version: the source's front matter with the translated
    title, lede and slug, then the translated body."""
    front = {k: v for k, v in version.front_matter.items() if k not in ("slugs",)}
    front.update(
        title=version.title, slug=version.slug, lang=version.lang, translationKey=version.domain
    )
    if version.date:
        front["date"] = version.date.isoformat()
    if version.lede:
        front["lede"] = version.lede
    text = (
        "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"
    )
    text += version.body.lstrip("\n")
    if not text.endswith("\n"):
        text += "\n"
    return f"markdown/content/{version.lang}/{kind_dir}/{version.slug}.md", text


def iter_hugo(articles: Mapping[str, Mapping[str, Version]]) -> Iterator[tuple[str, str]]:
    """Every published version of every article: domain → lang → version."""
    for versions in articles.values():
        for version in versions.values():
            yield hugo_file(version, "news")
