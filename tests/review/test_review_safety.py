"""Hostile text in the review page stays text, and the page sends nothing anywhere.

A translation (and an English text) holding ``</script>``, ``<script>``, ``onerror``,
``javascript:`` links and a remote image is shown in the editor, the preview and the English
column as characters; no script runs, no element or attribute comes from it, no request
leaves the browser (DevTools network log), and the saved file and the merged catalogue keep
the exact characters.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from mirage_i18n.catalog.poreader import read_po_bytes
from mirage_i18n.catalog.powriter import format_po

from ..clirun import run_cli
from ..gnu import msgfmt_check
from .chromium import console_errors, open_browser, open_page, requests_made, screenshot
from .test_review_in_chromium import card, open_article, wait_for_download

pytestmark = pytest.mark.slow  # a real Chromium

TOOLKIT = "news/2021-06-training-toolkit"
ENGLISH = "Never paste `</script><script>window.pwned=9</script>` into a page."
HOSTILE = (
    '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2"> '
    "[klick](javascript:window.pwned=3) ![spår](https://tracker.example/p.png) "
    '<b onmouseover="window.pwned=4">fet</b> <a href="https://tracker.example/">a</a> '
    "\u2028 &lt;i&gt; <!-- x --> ]]>"
)
TYPED = '<svg onload="window.pwned=5"><script>window.pwned=6</script>'
CAPTION = "Training session, March 2021"


def hostile_project(project: Path) -> None:
    src = project / "source_texts" / f"{TOOLKIT}.md"
    src.write_text(src.read_text(encoding="utf-8") + f"\n{ENGLISH}\n", encoding="utf-8")
    assert run_cli(project, "extract")[0] == 0
    assert run_cli(project, "update")[0] == 0
    po = project / "locales/sv/LC_MESSAGES" / f"{TOOLKIT}.po"
    catalog = read_po_bytes(po.read_bytes(), str(po))
    messages = tuple(
        replace(m, msgstr=HOSTILE, flags=("fuzzy",)) if m.msgid == ENGLISH else m
        for m in catalog.messages
    )
    po.write_text(format_po(replace(catalog, messages=messages)), encoding="utf-8")


def assert_inert(drv) -> None:
    state = drv.execute_script(
        """
        const attrs = [];
        for (const node of document.querySelectorAll('*'))
          for (const a of node.attributes) if (/^on/i.test(a.name)) attrs.push(node.tagName + ' ' + a.name);
        return {
          pwned: window.pwned === undefined ? null : window.pwned,
          scripts: document.scripts.length,
          images: document.images.length,
          links: document.querySelectorAll('a[href], [src], iframe, object, embed, svg').length,
          handlers: attrs,
        };
        """
    )
    assert state == {"pwned": None, "scripts": 3, "images": 0, "links": 0, "handlers": []}


def test_hostile_text_stays_text_and_nothing_is_requested(
    sample_project: Path, tmp_path: Path
) -> None:
    hostile_project(sample_project)
    pack = tmp_path / "sv.zip"
    assert run_cli(sample_project, "pack", "-l", "sv", "-o", str(pack))[0] == 0
    with zipfile.ZipFile(pack) as zf:
        zf.extract("review.html", tmp_path)
    page = tmp_path / "review.html"
    html = page.read_text(encoding="utf-8")
    assert html.count("</script>") == 3  # the three blocks' own ends, none from the texts
    assert "window.pwned" in html  # the texts are there, escaped inside the JSON

    with open_browser(tmp_path / "profile", tmp_path / "downloads") as drv:
        open_page(drv, page)
        open_article(drv, "training toolkit")
        entry = card(drv, ENGLISH)
        area = entry.find_element(By.TAG_NAME, "textarea")
        assert area.get_attribute("value") == HOSTILE
        preview = entry.find_element(By.CSS_SELECTOR, ".preview").text
        assert (
            "<script>window.pwned=1</script>" in preview and 'onerror="window.pwned=2"' in preview
        )
        assert entry.find_element(By.CSS_SELECTOR, ".rendered code").text.startswith("</script>")
        assert_inert(drv)
        drv.execute_script("arguments[0].scrollIntoView({block: 'center'})", entry)
        screenshot(drv, "review-xss")

        other = card(drv, CAPTION).find_element(By.TAG_NAME, "textarea")
        other.send_keys(TYPED)
        entry.find_element(By.CSS_SELECTOR, ".reviewed input").click()
        assert_inert(drv)
        drv.find_element(By.ID, "save").click()
        saved = wait_for_download(tmp_path / "downloads")
        urls = requests_made(drv, page)
        assert page.resolve().as_uri() in urls
        assert all(
            u == page.resolve().as_uri() or u.startswith(("blob:", "data:")) for u in urls
        ), urls
        assert not any("tracker.example" in u for u in urls)
        assert console_errors(drv) == []  # no CSP violation either: nothing even tried

    review = json.loads(saved.read_text(encoding="utf-8"))
    texts = {e["msgid"]: e.get("msgstr") for c in review["catalogues"] for e in c["entries"]}
    assert texts[ENGLISH] == HOSTILE and texts[CAPTION] == TYPED
    code, out, err = run_cli(sample_project, "unpack", str(saved))
    assert code == 0, err
    po = sample_project / "locales/sv/LC_MESSAGES" / f"{TOOLKIT}.po"
    msgfmt_check(po)
    merged = {m.msgid: m for m in read_po_bytes(po.read_bytes(), str(po)).active}
    assert merged[ENGLISH].msgstr == HOSTILE and not merged[ENGLISH].fuzzy
    assert merged[CAPTION].msgstr == TYPED
