"""Newsletter issues: which articles an issue features, and each issue in each language as
inlined-CSS HTML, plain text and a ready ``.eml``.

The HTML uses a table layout and has its CSS inlined with css-inline; ``@media`` rules stay in a
``<style>`` block (they cannot be inlined) so mobile clients still get them. The ``.eml`` is
``multipart/alternative`` with the text part first, as RFC 2046 asks (clients show the last part
they understand, i.e. the HTML).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from email.header import Header
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path

import css_inline
import jinja2

from ..chars import FORBIDDEN
from ..errors import PublishError
from ..model import SourceDocument
from .content import Strings, Text, Version
from .locale import format_date, text_direction
from .markdown import render_markdown
from .plaintext import markdown_to_text
from .site import article_path, contact_html
from .templating import render
from .versions import front_matter_line

MAX_HTML_BYTES = 100 * 1024  # Gmail clips messages above ~102 KB


@dataclass(frozen=True)
class Featured:
    """An article as the issue shows it: in the issue's language, or the English fallback."""

    title: str
    lede: str
    url: str
    lang: str  # the language of title, lede and the page linked to


@dataclass(frozen=True)
class NewsletterOptions:
    sender: str  # "MIraGE <info@mirageproject.eu>"
    contact_email: str | None = None


@dataclass(frozen=True)
class RenderedIssue:
    html: str
    text: str
    eml: bytes


def render_issue(
    env: jinja2.Environment,
    options: NewsletterOptions,
    issue: Version,
    items: Sequence[Featured],
    strings: Strings,
    disclaimer: Text,
) -> RenderedIssue:
    lang = issue.lang
    date_text = format_date(issue.date, lang, "long") if issue.date else ""
    contact = contact_html(strings, options.contact_email)
    common = {
        "lang": lang,
        "dir": text_direction(lang),
        "issue": issue,
        "items": list(items),
        "strings": strings,
        "disclaimer": disclaimer,
        "date_text": date_text,
    }
    raw_html = render(
        env, "newsletter.html", {**common, "intro": render_markdown(issue.body), "contact": contact}
    )
    html = css_inline.CSSInliner(keep_at_rules=True).inline(raw_html)
    if len(html.encode("utf-8")) > MAX_HTML_BYTES:
        raise PublishError(
            f"newsletter HTML is {len(html.encode()) // 1024} KB in {lang}; "
            "mail clients clip above 100 KB"
        )
    contact_text = markdown_to_text(strings.text("contact")) if "contact" in strings.texts else ""
    if options.contact_email and options.contact_email not in contact_text:
        contact_text = f"{contact_text} {options.contact_email}".strip()
    text = render(
        env,
        "newsletter.txt",
        {**common, "intro": markdown_to_text(issue.body), "contact": contact_text},
    )
    return RenderedIssue(html=html, text=text, eml=_eml(options, issue, html, text))


class _HeaderClasses(HeaderRegistry):
    """The email package's header factory, with the class it makes for a header name made
    once: the package's own makes a new class for every header it parses or sets (29 an
    e-mail), a third of the time of making an issue's ``.eml``, and cyclic garbage each."""

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[str, type[BaseHeader]] = {}

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = super().__getitem__(name)
        return made


# CRLF line ends throughout (RFC 5322); no header is ever re-folded from decoded text
EML_POLICY = SMTP.clone(refold_source="none", raise_on_defect=True, header_factory=_HeaderClasses())
SAFE_ID = re.compile(r"[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+")


def _eml(options: NewsletterOptions, issue: Version, html: str, text: str) -> bytes:
    """The issue as one RFC 5322 message with CRLF line ends.

    The translated subject is data, never header syntax: its line breaks become spaces, and
    text that looks like an encoded word (``=?utf-8?q?a=0D=0ABcc:_x@y?=``, which the email
    package and mail readers would decode into a line break and a ``Bcc:``) is written as
    encoded words of its own (:func:`encoded_words`), so it cannot add a header. Addresses
    come from the configuration, which refuses line breaks; the email package refuses them
    again when they are set."""
    msg = EmailMessage(policy=EML_POLICY)
    subject = " ".join(FORBIDDEN.sub("", issue.title).split())  # one line, no control chars
    if "=?" in subject:
        msg.set_raw("Subject", encoded_words(subject))
    else:
        msg["Subject"] = subject
    msg["From"] = options.sender
    msg["To"] = options.sender
    when = dt.datetime.combine(issue.date or dt.date(1970, 1, 1), dt.time(8, 0), dt.UTC)
    msg["Date"] = format_datetime(when)
    domain = options.sender.rsplit("@", 1)[-1].strip("> ") or "localhost"
    # stable, so a rebuild changes no byte; only characters a Message-ID may hold
    local = SAFE_ID.sub("-", f"{issue.name}.{issue.lang}").strip(".-") or "issue"
    msg["Message-ID"] = f"<{local}@{SAFE_ID.sub('-', domain)}>"
    msg.set_content(text, subtype="plain", charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    msg["Content-Language"] = issue.lang  # after set_content, which drops Content-* headers
    digest = hashlib.sha256((text + html).encode("utf-8")).hexdigest()[:24]
    msg.set_boundary(f"=_mirage_{digest}")  # not random: a rebuild changes no byte
    return msg.as_bytes()


def encoded_words(text: str) -> str:
    """``text`` as a folded header value made only of UTF-8 encoded words (RFC 2047): what a
    reader decodes is ``text`` itself, even where ``text`` looks like encoded words."""
    header = Header(text, "utf-8", maxlinelen=76, header_name="Subject")
    return header.encode(splitchars=" ", linesep="\n")


def featured_articles(
    root: Path, issues: Sequence[SourceDocument], articles: Sequence[SourceDocument]
) -> dict[str, list[SourceDocument]]:
    """Issue domain → the articles its ``articles:`` list names, in its order.

    An article is named by its file name, or with its folders when two folders hold the same
    name: ``x``, ``2021/x`` and ``news/2021/x`` all name ``news/2021/x``. A name that is
    unknown or names several articles is an error at its line in the issue.
    """
    named: dict[str, list[SourceDocument]] = {}
    for d in articles:
        for alias in dict.fromkeys(
            (d.domain.rsplit("/", 1)[-1], d.domain.split("/", 1)[-1], d.domain)
        ):
            named.setdefault(alias, []).append(d)
    by_name = {alias: docs[0] for alias, docs in named.items() if len(docs) == 1}
    out: dict[str, list[SourceDocument]] = {}
    for issue in issues:
        featured = issue.front_matter.get("articles") or []
        if not isinstance(featured, list):
            raise PublishError(
                "'articles' must be a list of article names",
                issue.path,
                front_matter_line(root, issue, "articles"),
            )
        for name in featured:
            if len(named.get(str(name), ())) > 1:
                raise PublishError(
                    f"newsletter features {name!r}, which names several articles "
                    f"({', '.join(d.domain for d in named[str(name)])}); write the one meant "
                    f"with its folder",
                    issue.path,
                    _name_line(root, issue, str(name)),
                )
            if str(name) not in by_name:
                raise PublishError(
                    f"newsletter features {name!r}, but there is no such article "
                    f"(known: {', '.join(sorted(k for k in by_name if '/' not in k))})",
                    issue.path,
                    _name_line(root, issue, str(name)),
                )
        out[issue.domain] = [by_name[str(name)] for name in featured]
    return out


def _name_line(root: Path, issue: SourceDocument, name: str) -> int:
    """The line of ``name`` in the issue's ``articles:`` list (the key's line if not found)."""
    start = front_matter_line(root, issue, "articles")
    try:
        lines = (root / issue.path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return start
    return next((n for n in range(start, len(lines) + 1) if name in lines[n - 1]), start)


def iter_issues(
    env: jinja2.Environment,
    options: NewsletterOptions,
    base_url: str,
    featured: Mapping[str, Sequence[SourceDocument]],
    versions: Mapping[str, Mapping[str, Version]],
    strings: Mapping[str, Strings],
    disclaimers: Mapping[str, Text],
    source_language: str,
    body_of: Callable[[Version], str] | None = None,
) -> Iterator[tuple[str, bytes]]:
    """(relative path, bytes) of every issue's ``<lang>.html``, ``.txt`` and ``.eml``.

    ``featured``: issue domain → its articles; ``versions``: domain → lang → published version.
    A featured article not published in the issue's language is shown in the source language.
    ``body_of``: an issue's Markdown, where it is not in the version (kept on disk).
    """
    for domain, articles in featured.items():
        for lang, version in versions[domain].items():
            items = []
            for article in articles:
                shown = (
                    versions[article.domain].get(lang) or versions[article.domain][source_language]
                )
                url = base_url.rstrip("/") + "/" + article_path(shown)
                items.append(Featured(shown.title, shown.lede, url, shown.lang))
            if body_of is not None:
                version = replace(version, body=body_of(version))
            rendered = render_issue(env, options, version, items, strings[lang], disclaimers[lang])
            # the issue's path below newsletters/: 2021/11 and 2022/11 stay apart
            base = f"newsletter/{domain.split('/', 1)[-1]}/{lang}"
            yield f"{base}.html", rendered.html.encode("utf-8")
            yield f"{base}.txt", rendered.text.encode("utf-8")
            yield f"{base}.eml", rendered.eml
