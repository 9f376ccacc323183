"""The built sample site in a real browser: Debian's headless Chromium driven by Selenium.

scripts/install-test-deps.sh installs chromium and chromium-driver; Selenium is told where the
driver is, so it never tries to download one. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import tempfile
import threading
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from mirage_i18n.config import load_settings
from mirage_i18n.publish.build import build

pytestmark = pytest.mark.slow  # a real Chromium per module

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SV = "sv/mirage-partnermote-oktober-2021/"
EN = "en/mirage-partner-meeting-october-2021/"


@pytest.fixture
def server(sample_project):
    build(load_settings(sample_project))
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(sample_project / "dist/site")
    )
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def browser():
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.fail("chromium and chromedriver are missing: run scripts/install-test-deps.sh")
    profile = tempfile.mkdtemp(prefix="mirage-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1100,1400",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _errors(drv) -> list[str]:
    return [e["message"] for e in drv.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def test_switcher_goes_sv_en_sv_without_console_errors(server, browser):
    browser.get(server + SV)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "sv"
    assert browser.find_element(By.TAG_NAME, "h1").text == "MIraGE partnermöte, Oktober 2021"
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "article-sv.png"))
    assert (ARTIFACTS / "article-sv.png").stat().st_size > 1000

    browser.find_element(By.CSS_SELECTOR, 'nav.languages a[hreflang="en"]').click()
    assert browser.current_url == server + EN
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert browser.find_element(By.TAG_NAME, "h1").text == "MIraGE partner meeting, October 2021"
    browser.save_screenshot(str(ARTIFACTS / "article-en.png"))

    browser.find_element(By.CSS_SELECTOR, 'nav.languages a[hreflang="sv"]').click()
    assert browser.current_url == server + SV
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "sv"
    for path in ("", "sv/", "en/"):
        browser.get(server + path)
    assert _errors(browser) == []
