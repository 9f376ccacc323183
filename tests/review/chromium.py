"""Debian's headless Chromium through Selenium, for the review page's tests.

The flags keep the browser from talking to anything by itself (no component updates, sync,
QUIC or background requests), so that the DevTools performance log holds only what the page
asked for. ``open_browser`` takes the profile folder, so that a test can close the browser and
open it again on the same profile, as a translator closing and reopening the page would.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1000",
)


@contextmanager
def open_browser(profile: Path, downloads: Path | None = None) -> Iterator[webdriver.Chrome]:
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.fail("chromium and chromedriver are missing: run scripts/install-test-deps.sh")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    if downloads is not None:
        options.add_experimental_option(
            "prefs",
            {
                "download.default_directory": str(downloads),
                "download.prompt_for_download": False,
            },
        )
    drv = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    try:
        if downloads is not None:
            drv.execute_cdp_cmd(
                "Browser.setDownloadBehavior",
                {"behavior": "allow", "downloadPath": str(downloads)},
            )
        yield drv
    finally:
        drv.quit()


def open_page(drv: webdriver.Chrome, page: Path) -> None:
    """Load the page from file:// and wait until its script has run."""
    drv.get(page.resolve().as_uri())
    for _ in range(100):
        if drv.execute_script("return document.documentElement.dataset.ready") == "true":
            return
        time.sleep(0.05)
    raise AssertionError(f"the page's script did not finish: {console_errors(drv)}")


def console_errors(drv: webdriver.Chrome) -> list[str]:
    return [e["message"] for e in drv.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def requests_made(drv: webdriver.Chrome, page: Path) -> list[str]:
    """The URL of every request the DevTools performance log saw since the last call that was
    made for the page (or by it: the document that loads it is the page's own). The browser's
    own start page (chrome://) is not the page's business."""
    own = page.resolve().as_uri()
    out = []
    for entry in drv.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") != "Network.requestWillBeSent":
            continue
        params = message["params"]
        url = params["request"]["url"]
        if params.get("documentURL") == own or url == own or not url.startswith("chrome"):
            out.append(url)
    return out


def screenshot(drv: webdriver.Chrome, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    drv.save_screenshot(str(path))
    assert path.stat().st_size > 1000
    return path
