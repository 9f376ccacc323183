"""One newsletter issue in one language: inlined-CSS HTML, plain text, and a ready ``.eml``.

The HTML uses a table layout and has its CSS inlined with css-inline; ``@media`` rules stay in a
``<style>`` block (they cannot be inlined) so mobile clients still get them. The ``.eml`` is
``multipart/alternative`` with the text part first, as RFC 2046 asks (clients show the last part
they understand, i.e. the HTML).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime

import css_inline
import jinja2

from ..errors import PublishError
from .content import Strings, Text, Version
from .locale import format_date, text_direction
from .markdown import render_markdown
from .plaintext import markdown_to_text
from .site import contact_html
from .templating import render

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


def _eml(options: NewsletterOptions, issue: Version, html: str, text: str) -> bytes:
    msg = EmailMessage(policy=default_policy)
    msg["Subject"] = " ".join(issue.title.split())  # a header cannot hold a line break
    msg["From"] = options.sender
    msg["To"] = options.sender
    when = dt.datetime.combine(issue.date or dt.date(1970, 1, 1), dt.time(8, 0), dt.UTC)
    msg["Date"] = format_datetime(when)
    domain = options.sender.rsplit("@", 1)[-1].strip("> ") or "localhost"
    msg["Message-ID"] = f"<{issue.name}.{issue.lang}@{domain}>"  # stable: rebuilds change no byte
    msg.set_content(text, subtype="plain", charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    msg["Content-Language"] = issue.lang  # after set_content, which drops Content-* headers
    digest = hashlib.sha256((text + html).encode("utf-8")).hexdigest()[:24]
    msg.set_boundary(f"=_mirage_{digest}")  # not random: a rebuild changes no byte
    return msg.as_bytes()
