"""Newsletter issue rendering: HTML (inlined CSS, @media kept), text part, and the .eml."""

from __future__ import annotations

import datetime as dt
import email
from email.policy import default

import pytest

from mirage_i18n.config import load_settings
from mirage_i18n.errors import PublishError
from mirage_i18n.publish.content import Strings, Text, Version
from mirage_i18n.publish.newsletter import (
    Featured,
    NewsletterOptions,
    featured_articles,
    render_issue,
)
from mirage_i18n.publish.templating import make_environment
from mirage_i18n.sources.project import load_documents

from .test_site import DISCLAIMER_EN, Tree

ISSUE = Version(
    domain="newsletters/2021-11",
    lang="sv",
    title="MIraGE nyhetsbrev, november 2021",
    lede="",
    slug="2021-11",
    date=dt.date(2021, 11, 30),
    body="Hej! Läs mer på [vår webbplats](https://news.example.eu/sv/).",
)
ITEMS = [
    Featured(
        "MIraGE partnermöte, Oktober 2021",
        "Ett hybrid möte",
        "https://news.example.eu/sv/mirage-partnermote-oktober-2021/",
        "sv",
    ),
    Featured(
        "Final conference", "The last event", "https://news.example.eu/en/final-conference/", "en"
    ),
]
STRINGS = Strings(
    "sv",
    {
        "contact": Text("Kontakt: <info@example.eu>", "sv"),
        "newsletter.read_more": Text("Läs artikeln", "sv"),
    },
)
OPTIONS = NewsletterOptions(sender="MIraGE <info@example.eu>", contact_email="info@example.eu")


def render():
    return render_issue(
        make_environment(), OPTIONS, ISSUE, ITEMS, STRINGS, Text(DISCLAIMER_EN, "en")
    )


def test_html_is_inlined_table_layout_with_media_rules_kept():
    out = render()
    tree = Tree(out.html)
    assert tree.find("html") == [{"lang": "sv", "dir": "ltr"}]
    assert tree.find("table")
    assert "@media only screen" in out.html
    assert any("style" in attrs and "font-family" in attrs["style"] for _, attrs in tree.elements)
    assert len(out.html.encode()) < 100 * 1024
    assert out.html.count(DISCLAIMER_EN) == 1
    assert tree.find("a", href="https://news.example.eu/sv/mirage-partnermote-oktober-2021/")
    assert len(tree.find("td", lang="en")) == 1  # the English fallback item is marked
    assert tree.find("a", href="mailto:info@example.eu")


def test_text_part_writes_links_out():
    text = render().text
    assert "vår webbplats <https://news.example.eu/sv/>" in text
    assert "Läs artikeln: https://news.example.eu/sv/mirage-partnermote-oktober-2021/" in text
    assert "https://news.example.eu/en/final-conference/" in text
    assert text.count(DISCLAIMER_EN) == 1 and "info@example.eu" in text
    assert "<" not in text.replace("<https://news.example.eu/sv/>", "").replace(
        "<info@example.eu>", ""
    )


def test_eml_is_multipart_alternative_text_first():
    msg = email.message_from_bytes(render().eml, policy=default)
    assert msg.get_content_type() == "multipart/alternative"
    assert msg["Subject"] == "MIraGE nyhetsbrev, november 2021"
    assert msg["Content-Language"] == "sv"
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in parts)
    assert "Läs artikeln" in parts[0].get_content() and "<table" in parts[1].get_content()
    assert render().eml == render().eml  # deterministic: a rebuild changes no byte
    raw = render().eml.split(b"\n\n", 1)[0]
    assert raw.isascii()  # headers are RFC 2047-encoded


def test_subject_with_a_line_break_is_one_line():
    # a translator pressed Enter in the subject, or the source used a YAML block scalar
    issue = Version(
        domain=ISSUE.domain,
        lang="sv",
        title="MIraGE nyhetsbrev,\nnovember 2021",
        lede="",
        slug="2021-11",
        date=ISSUE.date,
        body=ISSUE.body,
    )
    out = render_issue(
        make_environment(), OPTIONS, issue, ITEMS, STRINGS, Text(DISCLAIMER_EN, "en")
    )
    assert (
        email.message_from_bytes(out.eml, policy=default)["Subject"]
        == "MIraGE nyhetsbrev, november 2021"
    )


def test_directive_comments_stay_out_of_both_parts():
    issue = Version(
        domain=ISSUE.domain,
        lang="sv",
        title=ISSUE.title,
        lede="",
        slug="2021-11",
        date=ISSUE.date,
        body="<!-- i18n: note Keep it short. -->\n" + ISSUE.body,
    )
    out = render_issue(
        make_environment(), OPTIONS, issue, ITEMS, STRINGS, Text(DISCLAIMER_EN, "en")
    )
    assert "i18n:" not in out.text and "i18n:" not in out.html
    assert "Hej!" in out.text and "Hej!" in out.html


def test_an_unknown_featured_article_is_reported_at_its_list_line(sample_project) -> None:
    """The line of the name in ``articles:``, not the first line that mentions it (here the
    title, which quotes the same words)."""
    path = sample_project / "source_texts/newsletters/2021-11.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: MIraGE newsletter", "title: toolkit MIraGE newsletter", 1)
    path.write_text(text.replace("  - 2021-06-training-toolkit", "  - toolkit"), encoding="utf-8")
    settings = load_settings(sample_project)
    docs = load_documents(settings)
    articles = [d for d in docs if d.kind == "article"]
    issues = [d for d in docs if d.kind == "newsletter"]
    with pytest.raises(PublishError, match="features 'toolkit', but there is no such article") as e:
        featured_articles(settings.root, issues, articles)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[1].startswith("title: toolkit") and lines[6] == "  - toolkit"
    assert (e.value.path, e.value.line) == ("source_texts/newsletters/2021-11.md", 7)
    path.write_text(text.replace("articles:\n", "articles: 2021-06-training-toolkit\nx:\n"))
    issues = [d for d in load_documents(settings) if d.kind == "newsletter"]
    with pytest.raises(PublishError, match="'articles' must be a list") as e:
        featured_articles(settings.root, issues, articles)
    assert e.value.line == 5


def test_featured_articles_in_list_order(sample_project) -> None:
    docs = load_documents(load_settings(sample_project))
    articles = [d for d in docs if d.kind == "article"]
    issues = [d for d in docs if d.kind == "newsletter"]
    featured = featured_articles(sample_project, issues, articles)
    assert {k: [d.domain for d in v] for k, v in featured.items()} == {
        "newsletters/2021-11": [
            "news/2021-10-partner-meeting",
            "news/2021-06-training-toolkit",
            "news/2021-12-final-conference",
        ]
    }
