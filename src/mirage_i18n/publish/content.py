"""What the renderers consume: documents already translated into one language, and the shared
texts of that language with the language each text is really in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from .markdown import render_inline

# English defaults for interface strings a content project's shared.yaml does not define.
DEFAULT_STRINGS: dict[str, str] = {
    "site.title": "News",
    "site.languages": "Languages",
    "site.news": "News",
    "site.feed": "Atom feed",
    "site.choose_language": "Choose a language",
    "site.unreviewed": "Preview: this page contains unreviewed translation.",
    "newsletter.read_more": "Read the article",
    "newsletter.english_only": "Not yet available in your language; the link leads to the English version.",
    "newsletter.in_this_issue": "In this issue",
}


@dataclass(frozen=True)
class Version:
    """One document (article or newsletter) in one language, ready to render."""

    domain: str  # "news/2021-10-partner-meeting", "newsletters/2021-11"
    lang: str
    title: str
    lede: str
    slug: str
    date: dt.date | None
    body: str  # Markdown
    front_matter: Mapping[str, Any] = field(default_factory=dict)
    unreviewed: bool = False  # preview build with fuzzy text inside

    @property
    def name(self) -> str:
        return self.domain.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Text:
    text: str
    lang: str


@dataclass(frozen=True)
class Strings:
    """Shared texts of one language; each knows whether it fell back to the source language."""

    lang: str
    texts: Mapping[str, Text]

    def get(self, key: str) -> Text:
        if key in self.texts:
            return self.texts[key]
        return Text(DEFAULT_STRINGS.get(key, key), "en")

    def text(self, key: str) -> str:
        return self.get(key).text

    def html(self, key: str, markdown: bool = False) -> Markup:
        """Escaped (or inline-Markdown) text, wrapped in ``<span lang>`` when it is a fallback."""
        item = self.get(key)
        inner = render_inline(item.text) if markdown else escape(item.text)
        if item.lang != self.lang:
            return Markup('<span lang="{}">{}</span>').format(item.lang, inner)
        return Markup(inner)
