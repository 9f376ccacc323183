"""Site rendering from translated versions: structure, languages, disclaimer, security, overrides."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from mirage_i18n.errors import PublishError
from mirage_i18n.publish.content import Strings, Text, Version
from mirage_i18n.publish.site import SiteOptions, iter_site
from mirage_i18n.publish.templating import make_environment

DISCLAIMER_EN = (
    "This project was funded by the European Union’s Asylum, Migration and Integration Fund."
)
OPTIONS = SiteOptions(
    base_url="https://news.example.eu/", source_language="en", contact_email="info@example.eu"
)


class Tree(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def find(self, tag, **attrs):
        return [
            a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]


def version(
    lang, title, slug, body="Body text.", date=dt.date(2021, 10, 25), domain="news/meet", **kw
):
    return Version(
        domain=domain,
        lang=lang,
        title=title,
        lede=kw.pop("lede", "A lede"),
        slug=slug,
        date=date,
        body=body,
        **kw,
    )


def strings(lang, **texts):
    base = {
        "contact": Text("Contact: <info@example.eu>", "en"),
        "disclaimer": Text(DISCLAIMER_EN, "en"),
    }
    base.update({k.replace("_", "."): Text(v, lang) for k, v in texts.items()})
    return Strings(lang, base)


def build(articles, langs=("en", "sv", "it", "ar"), disclaimers=None, env=None, **strs):
    s = {lang: strings(lang) for lang in langs}
    d = {lang: Text(DISCLAIMER_EN, "en") for lang in langs}
    d.update(disclaimers or {})
    pages = iter_site(env or make_environment(), OPTIONS, articles, s, d, list(langs))
    return {path: str(text) for path, text in pages}  # a feed or the sitemap: Streamed


SV = version(
    "sv",
    "MIraGE partnermöte, Oktober 2021",
    "mirage-partnermote-oktober-2021",
    body="Det sista mötet.\n\nAndra stycket.",
)
EN = version("en", "MIraGE partner meeting, October 2021", "mirage-partner-meeting-october-2021")


def test_layout_and_languages():
    files = build({"news/meet": {"en": EN, "sv": SV}})
    assert set(files) == {
        "index.html",
        "sitemap.xml",
        "en/index.html",
        "en/feed.xml",
        "sv/index.html",
        "sv/feed.xml",
        "en/mirage-partner-meeting-october-2021/index.html",
        "sv/mirage-partnermote-oktober-2021/index.html",
    }
    page = Tree(files["sv/mirage-partnermote-oktober-2021/index.html"])
    assert page.find("html") == [{"lang": "sv", "dir": "ltr"}]
    assert {a["hreflang"] for a in page.find("link", rel="alternate")} == {"en", "sv"}
    switcher = [a for a in page.find("a") if "hreflang" in a]
    assert [a["href"] for a in switcher] == [
        "../../en/mirage-partner-meeting-october-2021/",
        "../../sv/mirage-partnermote-oktober-2021/",
    ]
    assert page.find("a", **{"aria-current": "page"})[0]["hreflang"] == "sv"
    text = "".join(page.text)
    assert "25 okt. 2021" in text and "okt 25, 2021" not in text
    assert text.count(DISCLAIMER_EN) == 1
    assert page.find("p", **{"class": "disclaimer", "lang": "en"})
    assert page.find("a", href="mailto:info@example.eu")
    assert page.find("time", datetime="2021-10-25")


def test_reviewed_disclaimer_has_no_fallback_marker():
    files = build(
        {"news/meet": {"en": EN, "sv": SV}},
        disclaimers={"sv": Text("Projektet finansierades av EU.", "sv")},
    )
    page = files["sv/mirage-partnermote-oktober-2021/index.html"]
    assert page.count("Projektet finansierades av EU.") == 1 and DISCLAIMER_EN not in page
    assert Tree(page).find("p", **{"class": "disclaimer"}) == [{"class": "disclaimer"}]


def test_right_to_left_language():
    ar = version("ar", "اجتماع الشركاء", "ajtma-alshrka")
    files = build({"news/meet": {"en": EN, "ar": ar}})
    assert Tree(files["ar/ajtma-alshrka/index.html"]).find("html") == [{"lang": "ar", "dir": "rtl"}]


def test_index_newest_first_and_feeds_and_sitemap():
    old = version("en", "Old news", "old-news", date=dt.date(2020, 1, 1), domain="news/old")
    files = build({"news/meet": {"en": EN, "sv": SV}, "news/old": {"en": old}})
    index = files["en/index.html"]
    assert index.index("partner-meeting") < index.index("old-news")
    assert "old-news" not in files["sv/index.html"]
    atom = ET.fromstring(files["en/feed.xml"])
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.findtext("a:id", namespaces=ns) for e in atom.findall("a:entry", ns)] == [
        "https://news.example.eu/en/mirage-partner-meeting-october-2021/",
        "https://news.example.eu/en/old-news/",
    ]
    sitemap = ET.fromstring(files["sitemap.xml"])
    sm = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = {u.findtext("s:loc", namespaces=sm): u for u in sitemap.findall("s:url", sm)}
    sv_url = urls["https://news.example.eu/sv/mirage-partnermote-oktober-2021/"]
    assert {(x.get("hreflang"), x.get("href")) for x in sv_url.findall("x:link", sm)} == {
        ("en", "https://news.example.eu/en/mirage-partner-meeting-october-2021/"),
        ("sv", "https://news.example.eu/sv/mirage-partnermote-oktober-2021/"),
    }


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "![x](data:text/html;base64,PHNjcmlwdD4=)",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_translation_is_never_markup(payload):
    evil = version(
        "sv",
        f"Titel {payload}",
        "titel",
        body=f"Stycke {payload}\n\n{payload}",
        lede=f"Ingress {payload}",
    )
    page = build({"news/meet": {"en": EN, "sv": evil}})["sv/titel/index.html"]
    tree = Tree(page)
    assert not tree.find("script") and not tree.find("svg")
    for _, attrs in tree.elements:
        assert not any(k.startswith("on") for k in attrs), attrs
        for value in attrs.values():
            assert not (value or "").strip().lower().startswith(("javascript:", "data:text"))
    assert not [t for t, _ in tree.elements if t == "img"]


def test_project_templates_override_packaged_ones(tmp_path):
    (tmp_path / "article.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1 class="custom">{{ article.title }}</h1>{% endblock %}'
    )
    files = build({"news/meet": {"en": EN}}, langs=("en",), env=make_environment(tmp_path))
    page = files["en/mirage-partner-meeting-october-2021/index.html"]
    assert '<h1 class="custom">MIraGE partner meeting, October 2021</h1>' in page
    assert page.count(DISCLAIMER_EN) == 1  # the packaged base still supplies the footer


@pytest.mark.parametrize(
    "source,line",
    [
        ("{% extends 'base.html' %}\n{% block main %}\n{{ article.title }\n{% endblock %}", 3),
        (
            "{% extends 'base.html' %}\n{% block main %}\n\n{{ no_such_name.title }}\n{% endblock %}",
            4,
        ),
    ],
)
def test_template_error_is_path_line(tmp_path, source, line):
    (tmp_path / "article.html").write_text(source)
    with pytest.raises(PublishError) as info:
        build({"news/meet": {"en": EN}}, langs=("en",), env=make_environment(tmp_path))
    assert info.value.path.endswith("article.html") and info.value.line == line
    assert str(info.value).startswith(f"{info.value.path}:{line}: template error")


@pytest.mark.parametrize("name", ["feed.xml", "sitemap.xml"])
def test_an_error_in_a_streamed_template_is_path_line_too(tmp_path, name):
    """Feeds and the sitemap are rendered while they are written: an error in them is still
    reported at the template's line."""
    (tmp_path / name).write_text('<?xml version="1.0"?>\n<x>\n\n{{ no_such_name.x }}\n</x>\n')
    with pytest.raises(PublishError) as info:
        build({"news/meet": {"en": EN}}, langs=("en",), env=make_environment(tmp_path))
    assert info.value.path.endswith(name) and info.value.line == 4
    assert str(info.value).startswith(f"{info.value.path}:4: template error")


def test_a_streamed_file_in_pieces_is_the_file_rendered_whole(monkeypatch):
    from mirage_i18n import chunks
    from mirage_i18n.publish import templating

    monkeypatch.setattr(chunks, "PIECE", 64)
    articles = {
        f"news/n{i}": {
            "en": version(
                "en", f"News {i}", f"news-{i}", body=f"Body {i} é.\n", domain=f"news/n{i}"
            )
        }
        for i in range(6)
    }
    env = make_environment()
    texts = {"en": strings("en")}
    disclaimers = {"en": Text(DISCLAIMER_EN, "en")}
    pages = iter_site(env, OPTIONS, articles, texts, disclaimers, ["en"])
    streamed = {path: text for path, text in pages if not isinstance(text, str)}
    assert sorted(streamed) == ["en/feed.xml", "sitemap.xml"]
    for text in streamed.values():
        pieces = list(text)
        assert len(pieces) > 3 and all(len(p) >= 64 for p in pieces[:-1])
        whole = templating.render(env, text.name, text.context)
        assert "".join(pieces) == str(text) == whole


def test_tables_render_as_tables():
    # segmentation extracts GFM table cells, so the page must render them as a table too
    body = "| Partner | Country |\n|---|---|\n| CSI | Sweden |\n"
    page = build(
        {"news/meet": {"en": version("en", "Tables", "tables", body=body)}}, langs=("en",)
    )["en/tables/index.html"]
    tree = Tree(page)
    assert len(tree.find("th")) == 2 and len(tree.find("td")) == 2
    assert "|---|" not in page


def test_directive_and_comment_blocks_are_not_shown():
    body = (
        "<!-- i18n: note Keep it short. -->\nFirst paragraph.\n\n"
        "<!--\nTODO: photo\n-->\n\nSecond paragraph.\n"
    )
    page = build({"news/meet": {"en": version("en", "Notes", "notes", body=body)}}, langs=("en",))[
        "en/notes/index.html"
    ]
    assert "i18n:" not in page and "TODO" not in page and "&lt;!--" not in page
    assert "<p>First paragraph.</p>" in page and "<p>Second paragraph.</p>" in page


# What base.html and sitemap.xml looped over before their alternates' lines were written in
# site.py: the lines must stay the ones these loops give, escaping included.
LOOPS = {
    "head": '{% for alt in alternates %}\n<link rel="alternate" hreflang="{{ alt.lang }}" '
    'href="{{ alt.absolute }}">\n{% endfor %}\n',
    "menu": '{% for alt in alternates %}\n<li><a href="{{ alt.href }}" hreflang="{{ alt.lang }}" '
    'lang="{{ alt.lang }}"{% if alt.current %} aria-current="page"{% endif %}>{{ alt.name }}'
    "</a></li>\n{% endfor %}\n",
    "sitemap": '{% for alt in alternates %}\n<xhtml:link rel="alternate" hreflang="{{ alt.lang }}"'
    ' href="{{ alt.absolute }}"/>\n{% endfor %}\n',
}


@pytest.mark.parametrize("odd", ["", "<\"&'>", "a&b=c"])
def test_alternate_lines_are_the_template_loops(odd: str) -> None:
    from mirage_i18n.publish.site import Alternate, alternate_links, language_menu, sitemap_links

    env = make_environment()
    alternates = [
        Alternate("en", f"English{odd}", f"../../en/x{odd}/", f"https://e.eu/?q={odd}", False),
        Alternate(f"sv{odd}", "Svenska", "../../sv/y/", "https://e.eu/sv/y/", True),
        Alternate("el", "Ελληνικά", "../../el/z/", f"https://e.eu/el/{odd}/", False),
    ]
    for alts in (alternates, alternates[:1], []):
        made = {
            "head": alternate_links(alts),
            "menu": language_menu(alts),
            "sitemap": sitemap_links(alts),
        }
        for name, loop in LOOPS.items():
            assert made[name] == env.from_string(loop).render(alternates=alts), (name, alts)
