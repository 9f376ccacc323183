"""The review page of a pack: its size, and how long Chromium takes to open it.

``python benchmarks/review_page.py`` packs a deterministic project of 20 articles (one
language), takes review.html out of the zip, and opens it from file:// in Debian's headless
Chromium several times (a fresh profile each time). The open time is the page's own clock:
``performance`` from navigation start to the mark its script sets when the first article is
shown and checked (the page shows one article at a time). As a reference in the same run, a
plain HTML file of the same size (the same texts as one <pre>, no script) is opened the same
way, to its load event.

Targets (issue 16): under 1 MB and under 1 s for 20 articles. Exit code 1 when one is missed.

    python benchmarks/review_page.py                 # 20 articles, 5 opens
    python benchmarks/review_page.py -n 100 --opens 3
"""

from __future__ import annotations

import argparse
import html
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))

from corpus import generate  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

from mirage_i18n import pipeline  # noqa: E402
from mirage_i18n.config import load_settings  # noqa: E402

MAX_BYTES = 1_000_000
MAX_SECONDS = 1.0
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
READY = (
    "const m = performance.getEntriesByName(arguments[0]);return m.length ? m[0].startTime : null;"
)


def open_ms(page: Path, mark: str | None) -> float:
    """Milliseconds from navigation start to ``mark`` (or to the load event), fresh profile."""
    profile = tempfile.mkdtemp(prefix="mirage-bench-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    drv = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    try:
        drv.get(page.as_uri())
        for _ in range(400):
            if mark is None:
                value = drv.execute_script(
                    "const n = performance.getEntriesByType('navigation')[0];"
                    "return n && n.loadEventEnd > 0 ? n.loadEventEnd : null;"
                )
            else:
                value = drv.execute_script(READY, mark)
            if value is not None:
                return float(value)
            time.sleep(0.025)
        raise RuntimeError(f"{page} never became ready")
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--articles", type=int, default=20)
    parser.add_argument("--opens", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mirage-review-bench-") as tmp:
        root = Path(tmp) / "project"
        generate(root, articles=args.articles, languages=1, newsletters=0)
        settings = load_settings(root)
        lang = settings.languages[0]
        start = time.perf_counter()
        report = pipeline.pack(settings, lang, Path(tmp) / "pack.zip")
        pack_s = time.perf_counter() - start
        with zipfile.ZipFile(report.path) as zf:
            data = zf.read("review.html")
        page = Path(tmp) / "review.html"
        page.write_bytes(data)
        entries = data.count(b'"msgid":')
        # the reference: the same bytes of text as a plain page, no script
        plain = Path(tmp) / "plain.html"
        text = html.escape(data.decode("utf-8"))
        plain.write_text(f"<!DOCTYPE html><meta charset=utf-8><pre>{text}</pre>", encoding="utf-8")
        page_ms = [open_ms(page, "mirage-review-ready") for _ in range(args.opens)]
        plain_ms = [open_ms(plain, None) for _ in range(args.opens)]
    size = len(data)
    median, ref = statistics.median(page_ms), statistics.median(plain_ms)
    print(
        f"articles: {args.articles} ({len(report.documents)} catalogues, {entries} entries), language {lang}"
    )
    print(f"pack (incl. validate and page): {pack_s:.2f} s")
    print(f"review.html: {size:,} bytes (target < {MAX_BYTES:,})")
    print(
        f"open in Chromium, navigation start → ready (first article shown, its entries checked): median {median:.0f} ms "
        f"of {args.opens} (min {min(page_ms):.0f}, max {max(page_ms):.0f}; target < {MAX_SECONDS * 1000:.0f} ms)"
    )
    print(
        f"reference, a plain page of the same size, to its load event: median {ref:.0f} ms → ratio {median / ref:.2f}x"
    )
    if args.articles != 20:
        print("(the targets are for 20 articles: no verdict)")
        return 0
    ok = size < MAX_BYTES and median < MAX_SECONDS * 1000
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
