"""Finding one's way in the review page: articles, filters, progress, keyboard, direction."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from mirage_i18n.catalog.store import template_domains
from mirage_i18n.config import load_settings
from mirage_i18n.handoff import review_page

from ..clirun import run_cli
from .chromium import console_errors, open_browser, open_page, screenshot
from .corpus import write_corpus
from .test_review_in_chromium import card, open_article

pytestmark = pytest.mark.slow  # a real Chromium


def state(drv) -> dict:
    return drv.execute_script(
        """
        const focused = document.activeElement.closest('section.entry');
        return {
          focused: focused ? focused.querySelector('.raw').textContent : null,
          focusedState: focused ? focused.dataset.state : null,
          shown: Array.from(document.querySelectorAll('section.entry')).map(c => c.dataset.state),
          overall: document.getElementById('overall').textContent,
          current: document.querySelector('button.article.current .title').textContent,
          counts: Array.from(document.querySelectorAll('button.article .count')).map(c => c.textContent),
        };
        """
    )


def test_filters_progress_and_keyboard(sample_project: Path, tmp_path: Path) -> None:
    assert run_cli(sample_project, "extract")[0] == 0
    assert run_cli(sample_project, "update")[0] == 0
    page = tmp_path / "review.html"
    assert run_cli(sample_project, "review", "-l", "sv", "-o", str(page))[0] == 0
    with open_browser(tmp_path / "profile") as drv:
        open_page(drv, page)
        first = state(drv)
        # "Needs work" is the default filter: only untranslated or fuzzy entries are shown.
        assert first["shown"] and set(first["shown"]) <= {"untranslated", "fuzzy"}
        assert first["overall"].startswith("20 of 47 reviewed")  # the empty disclaimer: neither
        drv.find_element(By.CSS_SELECTOR, '.filters button[data-filter="all"]').click()
        open_article(drv, "partner meeting", "all")
        assert set(state(drv)["shown"]) == {"reviewed"}
        open_article(drv, "partner meeting", "work")
        assert state(drv)["shown"] == []  # nothing to do there
        assert "Nothing needs work" in drv.find_element(By.ID, "main").text
        open_article(drv, "training toolkit", "findings")
        assert state(drv)["shown"] == []  # untranslated entries have no findings

        # Alt+N: the next entry needing work, across articles; Alt+C copies the English;
        # Ctrl+Enter accepts it and moves on.
        body = drv.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.ALT, "n")
        now = state(drv)
        assert now["focused"] is not None and now["focusedState"] == "untranslated"
        english = now["focused"]
        active = drv.switch_to.active_element
        active.send_keys(Keys.ALT, "c")
        assert active.get_attribute("value") == english
        # the English itself passes every live check but the one saying it is still English
        found = card(drv, english).find_elements(By.CSS_SELECTOR, ".findings.live .check")
        assert {f.text for f in found} <= {"same-as-source"}
        active.send_keys(Keys.CONTROL, Keys.ENTER)
        after = state(drv)
        assert after["focused"] != english
        assert after["overall"].startswith("21 of 47 reviewed")
        # Alt+N past the last entry of an article goes to the next article
        titles = set()
        for _ in range(16):
            drv.switch_to.active_element.send_keys(Keys.ALT, "n")
            titles.add(state(drv)["current"])
        assert len(titles) >= 2
        screenshot(drv, "review-navigation")
        assert console_errors(drv) == []


def test_right_to_left_language(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "generated", count=5)
    settings = load_settings(root)
    page = review_page(settings, "ar", template_domains(settings), tmp_path / "ar.html")
    with open_browser(tmp_path / "profile") as drv:
        open_page(drv, page)
        drv.find_element(By.CSS_SELECTOR, '.filters button[data-filter="all"]').click()
        area = drv.find_element(By.CSS_SELECTOR, "section.entry textarea")
        assert area.get_attribute("dir") == "rtl" and area.get_attribute("lang") == "ar"
        assert (
            drv.find_element(By.CSS_SELECTOR, "section.entry .preview").get_attribute("dir")
            == "rtl"
        )
        assert (
            drv.find_element(By.CSS_SELECTOR, "section.entry .source").get_attribute("lang") == "en"
        )
        area.clear()
        area.send_keys("مرحبا ١٢")
        assert drv.execute_script("return getComputedStyle(arguments[0]).direction", area) == "rtl"
        screenshot(drv, "review-rtl")
        assert console_errors(drv) == []


def test_continue_from_a_saved_file_on_another_computer(
    sample_project: Path, tmp_path: Path
) -> None:
    from .test_saved_file import page_file, write

    assert run_cli(sample_project, "extract")[0] == 0
    assert run_cli(sample_project, "update")[0] == 0
    page = tmp_path / "review.html"
    assert run_cli(sample_project, "review", "-l", "sv", "-o", str(page))[0] == 0
    caption = "Training session, March 2021"
    saved = write(
        tmp_path / "r.json",
        page_file(sample_project, "sv", {caption: ("Utbildning, mars 2021", True)}),
    )
    with open_browser(tmp_path / "fresh-profile") as drv:  # a browser that never saw the page
        open_page(drv, page)
        drv.find_element(By.ID, "open").send_keys(str(saved))
        for _ in range(100):
            if "Continued from r.json" in drv.find_element(By.ID, "stored").text:
                break
            time.sleep(0.05)
        assert "Continued from r.json" in drv.find_element(By.ID, "stored").text
        assert drv.find_element(By.ID, "translator").get_attribute("value") == "Astrid Lind"
        open_article(drv, "training toolkit")
        entry = card(drv, caption)
        assert (
            entry.find_element(By.TAG_NAME, "textarea").get_attribute("value")
            == "Utbildning, mars 2021"
        )
        assert entry.get_attribute("data-state") == "fuzzy"
        assert console_errors(drv) == []
