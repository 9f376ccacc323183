"""The static multilingual site: pages, language indexes, Atom feeds and the sitemap.

Everything here is pure: :func:`iter_site` yields ``(relative path, text)`` and the build
writes it; the feeds and the sitemap, as large as the project, come as
:class:`~.templating.Streamed` text, rendered while they are written. Links between pages are relative (``../../sv/<slug>/``) so the folder works on any
host and path; hreflang alternates, feeds and the sitemap use absolute URLs from ``base_url``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import jinja2
from markupsafe import Markup, escape

from .content import Strings, Text, Version
from .locale import format_date, native_language_name, rfc3339, text_direction
from .markdown import render_markdown
from .templating import Streamed, render


@dataclass(frozen=True)
class SiteOptions:
    base_url: str  # "https://www.example.eu/" or "" (then absolute URLs are root-relative)
    source_language: str
    contact_email: str | None = None
    feed_title: str | None = None
    author: str = ""


@dataclass(frozen=True)
class Alternate:
    lang: str
    name: str
    href: str  # relative to the current page
    absolute: str
    current: bool


# A language index's and a feed's items: attributes, not a dict's keys, for the thousands a
# template reads (Jinja tries an attribute first); item["href"] still works in a template.
@dataclass(frozen=True, slots=True)
class IndexItem:
    version: Version
    href: str  # relative to the language's index
    date_text: str


@dataclass(frozen=True, slots=True)
class FeedItem:
    version: Version
    url: str
    updated: str  # RFC 3339
    body: str  # the HTML its page shows


def _own_body(version: Version) -> str:
    return version.body


def article_path(version: Version) -> str:
    return f"{version.lang}/{version.slug}/"


def _absolute(options: SiteOptions, path: str) -> str:
    base = options.base_url.rstrip("/")
    return f"{base}/{path}"


def _date_text(version: Version, lang: str) -> str:
    return format_date(version.date, lang) if version.date else ""


def _newest_first(versions: Sequence[Version]) -> list[Version]:
    return sorted(versions, key=lambda v: (v.date or dt.date.min, v.domain), reverse=True)


def contact_html(strings: Strings, email: str | None) -> Markup:
    """The contact line from the shared texts (Markdown); the address is always a mailto link."""
    html = strings.html("contact", markdown=True) if "contact" in strings.texts else Markup("")
    if email and f'href="mailto:{email}"' not in html:
        link = Markup('<a href="mailto:{0}">{0}</a>').format(email)
        html = Markup("{} {}").format(html, link) if html else link
    return html


def _language_context(
    lang: str, strings: Strings, disclaimer: Text, options: SiteOptions
) -> dict[str, object]:
    """What every page of a language shows alike (its contact line is inline Markdown,
    rendered here once per language rather than once per page)."""
    return {
        "lang": lang,
        "dir": text_direction(lang),
        "strings": strings,
        "site_title": strings.text("site.title"),
        "disclaimer": disclaimer,
        "contact": contact_html(strings, options.contact_email),
    }


def _page_context(
    shared: Mapping[str, object],
    home: str,
    alternates: list[Alternate],
    unreviewed: bool,
    canonical: str | None,
) -> dict[str, object]:
    """One page's context: its language's (:func:`_language_context`) and its own. Its
    alternates are there as the list (for a project's own templates) and as the lines the
    packaged ``base.html`` shows (:func:`alternate_links`, :func:`language_menu`)."""
    return {
        **shared,
        "home": home,
        "alternates": alternates,
        "alternate_links": alternate_links(alternates),
        "language_menu": language_menu(alternates),
        "unreviewed": unreviewed,
        "canonical": canonical,
    }


# The alternates' lines, written here rather than looped over in base.html and sitemap.xml:
# a page names each of its languages six times, and each name and link, escaped by the
# template, was a fifth of a page's rendering. A language's code and name are escaped once.
_escaped = lru_cache(maxsize=256)(escape)
_CURRENT = ' aria-current="page"'


def alternate_links(alternates: Sequence[Alternate]) -> Markup:
    """``<link rel="alternate" hreflang href>``, one line per language."""
    return Markup(
        "".join(
            f'<link rel="alternate" hreflang="{_escaped(a.lang)}" href="{escape(a.absolute)}">\n'
            for a in alternates
        )
    )


def language_menu(alternates: Sequence[Alternate]) -> Markup:
    """The language menu's ``<li>`` lines, the current language marked."""
    return Markup(
        "".join(
            f'<li><a href="{escape(a.href)}" hreflang="{_escaped(a.lang)}" '
            f'lang="{_escaped(a.lang)}"{_CURRENT if a.current else ""}>{_escaped(a.name)}</a></li>\n'
            for a in alternates
        )
    )


def sitemap_links(alternates: Sequence[Alternate]) -> Markup:
    """An URL's ``<xhtml:link rel="alternate">`` lines (the same for each of an article's
    languages: made once per article)."""
    return Markup(
        "".join(
            f'<xhtml:link rel="alternate" hreflang="{_escaped(a.lang)}" '
            f'href="{escape(a.absolute)}"/>\n'
            for a in alternates
        )
    )


def iter_site(
    env: jinja2.Environment,
    options: SiteOptions,
    articles: Mapping[str, Mapping[str, Version]],
    strings: Mapping[str, Strings],
    disclaimers: Mapping[str, Text],
    languages: Sequence[str],
    body_of: Callable[[Version], str] = _own_body,
) -> Iterator[tuple[str, str | Streamed]]:
    """(relative path, text) of every page, one at a time, for a build that writes each as it
    comes. ``articles``: domain → lang → version, only published ones; ``languages`` in menu
    order; ``body_of``: a version's Markdown (the build keeps translated bodies on disk until
    their page is rendered)."""
    by_lang: dict[str, list[Version]] = {lang: [] for lang in languages}
    for versions in articles.values():
        for lang, version in versions.items():
            by_lang.setdefault(lang, []).append(version)
    live = [lang for lang in languages if by_lang.get(lang)]

    def alternates_for(
        versions: Mapping[str, Version], current: str, depth: str
    ) -> list[Alternate]:
        out = []
        for lang in live:
            if lang in versions:
                path = article_path(versions[lang])
                out.append(
                    Alternate(
                        lang,
                        native_language_name(lang),
                        depth + path,
                        _absolute(options, path),
                        lang == current,
                    )
                )
        return out

    index_alts = {
        lang: [
            Alternate(
                other,
                native_language_name(other),
                f"../{other}/",
                _absolute(options, f"{other}/"),
                other == lang,
            )
            for other in live
        ]
        for lang in live
    }
    # language by language: the feed reuses the bodies its pages rendered (each body is
    # rendered once), and only one language's bodies are held at a time
    for lang, versions_here in by_lang.items():
        shared = _language_context(lang, strings[lang], disclaimers[lang], options)
        bodies: dict[str, str] = {}
        dates: dict[str, str] = {}  # domain → its date as the page and the index show it
        for version in versions_here:
            alts = alternates_for(articles[version.domain], lang, "../../")
            body = render_markdown(body_of(version))
            bodies[version.domain] = str(body)
            date_text = dates[version.domain] = _date_text(version, lang)
            context = _page_context(
                shared, "../", alts, version.unreviewed, _absolute(options, article_path(version))
            )
            context.update(article=version, date_text=date_text, body=body)
            yield article_path(version) + "index.html", render(env, "article.html", context)
        if lang not in live:
            continue
        items = [IndexItem(v, f"{v.slug}/", dates[v.domain]) for v in _newest_first(versions_here)]
        context = _page_context(
            shared,
            "./",
            index_alts[lang],
            any(v.unreviewed for v in versions_here),
            _absolute(options, f"{lang}/"),
        )
        context["items"] = items
        yield f"{lang}/index.html", render(env, "language_index.html", context)
        yield f"{lang}/feed.xml", _feed(env, options, lang, strings[lang], versions_here, bodies)

    src = options.source_language
    root_alts = [
        Alternate(
            lang, native_language_name(lang), f"{lang}/", _absolute(options, f"{lang}/"), False
        )
        for lang in live
    ]
    shared = _language_context(src, strings[src], disclaimers[src], options)
    context = _page_context(shared, "./", [], False, _absolute(options, ""))
    context["languages"] = [
        {"lang": a.lang, "name": a.name, "href": a.href, "count": len(by_lang[a.lang])}
        for a in root_alts
    ]
    yield "index.html", render(env, "root_index.html", context)
    yield "sitemap.xml", _sitemap(env, options, articles, live, index_alts)


def _feed(
    env: jinja2.Environment,
    options: SiteOptions,
    lang: str,
    strings: Strings,
    versions: list[Version],
    bodies: Mapping[str, str],
) -> Streamed:
    """The language's Atom feed; ``bodies``: domain → the HTML its page showed."""
    ordered = _newest_first(versions)
    items = [
        FeedItem(
            v,
            _absolute(options, article_path(v)),
            rfc3339(v.date or dt.date(1970, 1, 1)),
            bodies[v.domain],
        )
        for v in ordered
    ]
    return Streamed(
        env,
        "feed.xml",
        {
            "lang": lang,
            "feed_title": options.feed_title or strings.text("site.title"),
            "self_url": _absolute(options, f"{lang}/feed.xml"),
            "index_url": _absolute(options, f"{lang}/"),
            "updated": items[0].updated if items else rfc3339(dt.date(1970, 1, 1)),
            "author": options.author or strings.text("site.title"),
            "items": items,
        },
    )


def _sitemap(
    env: jinja2.Environment,
    options: SiteOptions,
    articles: Mapping[str, Mapping[str, Version]],
    live: list[str],
    index_alts: Mapping[str, list[Alternate]],
) -> Streamed:
    urls = []
    for lang in live:
        alts = index_alts[lang]
        urls.append(
            {
                "loc": _absolute(options, f"{lang}/"),
                "lastmod": None,
                "alternates": alts,
                "links": sitemap_links(alts),
            }
        )
    for versions in articles.values():
        alts = [
            Alternate(
                lang,
                native_language_name(lang),
                "",
                _absolute(options, article_path(versions[lang])),
                False,
            )
            for lang in live
            if lang in versions
        ]
        if len(alts) <= 1:
            alts = []
        links = sitemap_links(alts)
        for lang in live:
            if lang in versions:
                v = versions[lang]
                urls.append(
                    {
                        "loc": _absolute(options, article_path(v)),
                        "lastmod": v.date.isoformat() if v.date else None,
                        "alternates": alts,
                        "links": links,
                    }
                )
    return Streamed(env, "sitemap.xml", {"urls": urls})
