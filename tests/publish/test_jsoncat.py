"""JSON catalogue: the documented Jed 1.x shape, and a lookup in node."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from mirage_i18n.model import Message
from mirage_i18n.publish.compiled import jed_bytes, jed_chunks
from mirage_i18n.publish.jsoncat import dumps_jed, jed_document

from .helpers import catalog

HERE = Path(__file__).parent
NEWS = catalog(
    Message("Title", "Titel"),
    Message("Title", "Rubrik", context="heading"),
    Message("one partner", msgid_plural="%d partners", msgstr_plural=("en partner", "%d partner")),
    Message("Machine guess", "Maskin", flags=("fuzzy",)),
    Message("Nothing yet", ""),
    Message("Gone", "Borta", obsolete=True),
)
SHARED = catalog(Message("Read more", "Läs mer", context="site.read_more"))


def test_shape_is_jed_1x_as_wp_make_json_writes_it():
    doc = jed_document({"news/x": NEWS, "shared": SHARED}, "sv")
    assert set(doc) == {"translation-revision-date", "generator", "domain", "locale_data"}
    assert doc["domain"] == "shared"
    news = doc["locale_data"]["news/x"]
    assert news[""] == {
        "domain": "news/x",
        "lang": "sv",
        "plural-forms": "nplurals=2; plural=(n != 1);",
    }
    assert news["Title"] == ["Titel"]
    assert news["heading\x04Title"] == ["Rubrik"]
    assert news["one partner"] == ["en partner", "%d partner"]
    for key, value in news.items():
        if key:
            assert isinstance(value, list) and all(isinstance(v, str) and v for v in value)
    assert "Machine guess" not in news and "Nothing yet" not in news and "Gone" not in news
    assert list(news)[0] == ""


@pytest.mark.parametrize(
    "catalogs",
    [
        {},
        {"shared": SHARED},
        {"news/x": NEWS},
        {"news/x": NEWS, "shared": SHARED, 'news/é \u2028"q"': NEWS, "a": catalog()},
    ],
)
@pytest.mark.parametrize("fuzzy", [False, True])
def test_written_a_domain_at_a_time_it_is_json_dumps_of_the_document(catalogs, fuzzy):
    """The build writes a language's file a domain at a time (it holds every entry the
    language publishes); the text is the whole document's ``json.dumps``, byte for byte."""
    whole = json.dumps(jed_document(catalogs, "sv", fuzzy), ensure_ascii=False, indent=1) + "\n"
    assert dumps_jed(catalogs, "sv", fuzzy) == whole
    chunks = list(jed_chunks("sv", catalogs, fuzzy))
    assert len(chunks) == (1 if not catalogs else len(catalogs) + 2)
    assert b"".join(chunks) == jed_bytes("sv", catalogs, fuzzy) == whole.encode("utf-8")


def test_include_fuzzy_only_when_asked():
    doc = jed_document({"news/x": NEWS}, "sv", include_fuzzy=True)
    assert doc["locale_data"]["news/x"]["Machine guess"] == ["Maskin"]


def test_node_reads_it(tmp_path):
    node = shutil.which("node")
    assert node, "node is needed for the JSON catalogue test"
    path = tmp_path / "sv.json"
    path.write_text(dumps_jed({"news/x": NEWS, "shared": SHARED}, "sv"), encoding="utf-8")
    queries = [
        {"domain": "news/x", "msgid": "Title"},
        {"domain": "news/x", "context": "heading", "msgid": "Title"},
        {"domain": "news/x", "msgid": "one partner", "plural": "%d partners", "n": 1},
        {"domain": "news/x", "msgid": "one partner", "plural": "%d partners", "n": 4},
        {"domain": "news/x", "msgid": "Machine guess"},
        {"context": "site.read_more", "msgid": "Read more"},
    ]
    out = subprocess.run(
        [node, str(HERE / "jed_lookup.js"), str(path), json.dumps(queries)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(out) == [
        "Titel",
        "Rubrik",
        "en partner",
        "%d partner",
        "Machine guess",
        "Läs mer",
    ]
