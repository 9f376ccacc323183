"""A partner translator's day with the review page, in Debian's headless Chromium, from file://.

Pack Swedish (one entry of the seed article is fuzzy: its English changed), unzip, open
review.html, accept the fuzzy entry, translate an untranslated one and watch a live finding
come and go, close the browser, open the page again (the work is back), save, and merge the
saved file with ``unpack``: the catalogues end up byte for byte as if the same edits had been
made in a PO editor and the pack's zip returned. Screenshots of each state go to test-artifacts/.
"""

from __future__ import annotations

import json
import shutil
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement

from mirage_i18n.catalog.poreader import read_po_bytes
from mirage_i18n.catalog.powriter import format_po

from ..clirun import run_cli, snapshot
from ..gnu import msgfmt_check, run_tool
from .chromium import console_errors, open_browser, open_page, requests_made, screenshot

pytestmark = pytest.mark.slow  # a real Chromium

SEED = "news/2021-10-partner-meeting"
SEED_FILE = "news--2021-10-partner-meeting.po"
TOOLKIT = "news/2021-06-training-toolkit"
TOOLKIT_FILE = "news--2021-06-training-toolkit.po"
OLD = "dissemination activities"
NEW = "communication activities"
CAPTION = "Training session, March 2021"
CAPTION_SV = "Utbildningstillfälle, mars 2021"
TITLE = "The MIraGE training toolkit is online"
TITLE_SV = "MIraGE:s utbildningsmaterial finns på nätet"
NAME = "Astrid Lind"


def edit_source(project: Path, domain: str, old: str, new: str) -> None:
    src = project / "source_texts" / f"{domain}.md"
    text = src.read_text(encoding="utf-8")
    assert old in text
    src.write_text(text.replace(old, new), encoding="utf-8")


def prepared(project: Path) -> None:
    assert run_cli(project, "extract")[0] == 0
    assert run_cli(project, "update")[0] == 0


def card(drv, msgid: str) -> WebElement:
    found = drv.execute_script(
        "return Array.from(document.querySelectorAll('section.entry'))"
        ".find(c => c.querySelector('.raw').textContent === arguments[0]) || null",
        msgid,
    )
    assert found is not None, f"no card for {msgid!r}"
    return found


def open_article(drv, title_part: str, show: str = "all") -> None:
    drv.find_element(By.CSS_SELECTOR, f'.filters button[data-filter="{show}"]').click()
    for button in drv.find_elements(By.CSS_SELECTOR, "button.article"):
        if title_part in button.text:
            button.click()
            return
    raise AssertionError(f"no article {title_part!r}")


def live_checks(element: WebElement) -> list[str]:
    return [
        li.find_element(By.CSS_SELECTOR, ".check").text
        for li in element.find_elements(By.CSS_SELECTOR, ".findings.live li")
    ]


def only_the_page(drv, page: Path) -> None:
    """The DevTools network log holds the page itself and nothing that leaves the machine
    (blob: is the saved file, data: is read from memory)."""
    urls = requests_made(drv, page)
    assert page.resolve().as_uri() in urls  # the log works: it saw the page itself
    assert all(u == page.resolve().as_uri() or u.startswith(("blob:", "data:")) for u in urls), urls


def wait_for_download(folder: Path) -> Path:
    for _ in range(200):
        done = [p for p in folder.glob("*.json") if not p.name.endswith(".crdownload")]
        if done:
            return done[0]
        time.sleep(0.05)
    raise AssertionError(f"nothing downloaded to {folder}")


def po_editor_save(
    data: bytes, tmp: Path, translations: dict[str, str], review: set[str], headers: dict[str, str]
) -> bytes:
    """The same edits as a person in a PO editor: translate, clear "fuzzy", save (wrapped at 79)."""
    catalog = read_po_bytes(data, "x.po")
    messages = []
    for m in catalog.messages:
        if m.msgid in translations:
            m = replace(
                m, msgstr=translations[m.msgid], flags=tuple(f for f in m.flags if f != "fuzzy")
            )
        elif m.msgid in review:
            m = replace(m, flags=tuple(f for f in m.flags if f != "fuzzy"))
        messages.append(m)
    catalog = replace(catalog, messages=tuple(messages))
    for name, value in headers.items():
        catalog = catalog.with_header(name, value)
    raw = tmp / "edited.po"
    raw.write_text(format_po(catalog), encoding="utf-8")
    wrapped = run_tool("msgcat", "--width=79", str(raw))
    assert wrapped.returncode == 0, wrapped.stderr
    return wrapped.stdout


def test_review_a_pack_in_the_browser_and_merge_it_back(
    sample_project: Path, tmp_path: Path
) -> None:
    edit_source(sample_project, SEED, OLD, NEW)  # the Swedish entry of that paragraph turns fuzzy
    prepared(sample_project)
    pack = tmp_path / "MIraGE-sv.zip"
    code, out, err = run_cli(sample_project, "pack", "-l", "sv", "-o", str(pack))
    assert code == 0, err
    twin = tmp_path / "twin"  # the same project, for the PO editor's round
    shutil.copytree(sample_project, twin)
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(pack) as zf:
        zf.extractall(folder)
        readme = zf.read("README-translators.txt").decode()
    assert readme.index("review.html") < readme.index("Poedit")  # the page first, Poedit second
    page = folder / "review.html"
    seed_po = read_po_bytes((folder / SEED_FILE).read_bytes(), SEED_FILE)
    fuzzy = next(m for m in seed_po.messages if m.fuzzy)
    assert NEW in fuzzy.msgid and OLD in (fuzzy.previous_msgid or "")

    profile, downloads = tmp_path / "profile", tmp_path / "downloads"
    with open_browser(profile, downloads) as drv:
        open_page(drv, page)
        screenshot(drv, "review-1-opened")
        # The fuzzy entry: the English's change is shown word by word, then accepted.
        open_article(drv, "partner meeting")
        entry = card(drv, fuzzy.msgid)
        assert entry.get_attribute("data-state") == "fuzzy"
        assert [e.text for e in entry.find_elements(By.CSS_SELECTOR, ".diff del")] == [
            "dissemination"
        ]
        assert [e.text for e in entry.find_elements(By.CSS_SELECTOR, ".diff ins")] == [
            "communication"
        ]
        drv.execute_script("arguments[0].scrollIntoView({block: 'center'})", entry)
        screenshot(drv, "review-2-fuzzy")
        entry.find_element(By.CSS_SELECTOR, ".reviewed input").click()
        assert entry.get_attribute("data-state") == "reviewed"
        # An untranslated entry: a wrong year is found while typing, and the finding goes away.
        open_article(drv, "training toolkit")
        entry = card(drv, CAPTION)
        assert entry.get_attribute("data-state") == "untranslated"
        area = entry.find_element(By.TAG_NAME, "textarea")
        area.send_keys("Utbildningstillfälle, mars 2020")
        assert live_checks(entry) == ["number", "number-added"]  # 2021 gone, 2020 not in it
        assert "2021" in entry.find_element(By.CSS_SELECTOR, ".findings.live").text
        drv.execute_script("arguments[0].scrollIntoView({block: 'center'})", entry)
        screenshot(drv, "review-3-live-finding")
        area.send_keys("\b1")
        assert live_checks(entry) == []
        assert (
            entry.get_attribute("data-state") == "reviewed"
        )  # translated, never fuzzy: as in Poedit
        screenshot(drv, "review-4-finding-gone")
        title = card(drv, TITLE).find_element(By.TAG_NAME, "textarea")
        title.send_keys(TITLE_SV)
        drv.find_element(By.ID, "translator").send_keys(NAME)
        assert console_errors(drv) == []
        only_the_page(drv, page)

    # Closing the browser loses nothing: the same profile opens the page with the work in it.
    with open_browser(profile, downloads) as drv:
        open_page(drv, page)
        assert "restored" in drv.find_element(By.ID, "stored").text
        open_article(drv, "training toolkit")
        assert (
            card(drv, CAPTION).find_element(By.TAG_NAME, "textarea").get_attribute("value")
            == CAPTION_SV
        )
        assert (
            card(drv, TITLE).find_element(By.TAG_NAME, "textarea").get_attribute("value")
            == TITLE_SV
        )
        open_article(drv, "partner meeting")
        assert card(drv, fuzzy.msgid).get_attribute("data-state") == "reviewed"
        assert drv.find_element(By.ID, "translator").get_attribute("value") == NAME
        screenshot(drv, "review-5-restored")
        drv.find_element(By.ID, "save").click()
        saved = wait_for_download(downloads)
        screenshot(drv, "review-6-saved")
        assert console_errors(drv) == []
        only_the_page(drv, page)
    assert saved.name.startswith("MIraGE-sv-") and saved.name.endswith("-review.json")
    review = json.loads(saved.read_text(encoding="utf-8"))
    headers = review["headers"]
    assert headers["Last-Translator"] == NAME

    # The same edits in a PO editor, returned as the pack's zip, into the twin project.
    with zipfile.ZipFile(pack) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members[SEED_FILE] = po_editor_save(members[SEED_FILE], tmp_path, {}, {fuzzy.msgid}, headers)
    members[TOOLKIT_FILE] = po_editor_save(
        members[TOOLKIT_FILE], tmp_path, {CAPTION: CAPTION_SV, TITLE: TITLE_SV}, set(), headers
    )
    returned = tmp_path / "returned.zip"
    with zipfile.ZipFile(returned, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)

    # Meanwhile the English of the title changes in both: that entry must come back fuzzy.
    for project in (sample_project, twin):
        edit_source(project, TOOLKIT, "toolkit is online", "toolkit is now online")
        prepared(project)
    before_other_languages = {
        lang: snapshot(sample_project / "locales" / lang) for lang in ("it", "de", "fr")
    }
    code, page_out, err = run_cli(sample_project, "unpack", str(saved))
    assert code == 0, err
    code, editor_out, err = run_cli(twin, "unpack", str(returned))
    assert code == 0, err
    assert page_out == editor_out
    assert f"{TOOLKIT}: 1 taken, 1 fuzzy (English changed)" in page_out
    assert f"{SEED}: 1 taken" in page_out
    assert snapshot(sample_project / "locales") == snapshot(twin / "locales")
    for domain in (SEED, TOOLKIT):
        msgfmt_check(sample_project / "locales/sv/LC_MESSAGES" / f"{domain}.po")
    toolkit = read_po_bytes(
        (sample_project / "locales/sv/LC_MESSAGES" / f"{TOOLKIT}.po").read_bytes(), "x"
    )
    by_id = {m.msgid: m for m in toolkit.active}
    assert by_id[CAPTION].msgstr == CAPTION_SV and not by_id[CAPTION].fuzzy
    moved = by_id["The MIraGE training toolkit is now online"]
    assert moved.msgstr == TITLE_SV and moved.fuzzy and moved.previous_msgid == TITLE
    for lang, files in before_other_languages.items():
        assert snapshot(sample_project / "locales" / lang) == files
