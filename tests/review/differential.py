"""validate's verdicts and the review page's, side by side, on any catalogue set.

A verdict is, per entry, the problems each live check finds, with validate's very message. ``validate`` gives them as
findings with the entry's line; the page gives them from ``mirageReview.checkAll()``, run by
Chromium on the page built from the same catalogues.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from mirage_i18n.catalog.store import template_domains
from mirage_i18n.checks.run import validate
from mirage_i18n.config import Settings
from mirage_i18n.handoff import pack_contents
from mirage_i18n.review.expect import LIVE_CHECKS
from mirage_i18n.review.page import page_data, render_page

from .chromium import console_errors, open_page

Key = tuple[str, str | None, str]  # domain, msgctxt, msgid


def compare_language(settings: Settings, lang: str, drv: object, folder: Path) -> list[str]:
    """Every entry whose live-check verdicts differ between validate and the page."""
    contents = pack_contents(settings, lang, template_domains(settings))
    report = validate(settings, [lang])
    page = folder / f"review-{lang}.html"
    page.write_bytes(
        render_page(
            page_data(
                settings,
                lang,
                contents.manifest,
                contents.catalogues,
                report.findings,
                report.checks,
            )
        )
    )
    open_page(drv, page)  # type: ignore[arg-type]
    errors = console_errors(drv)  # type: ignore[arg-type]
    assert not errors, errors

    python: dict[Key, Counter[str]] = {}
    texts: dict[Key, object] = {}
    for item in contents.catalogues:
        by_line = {m.lineno: m for m in item.catalog.active}
        for m in item.catalog.active:
            if m.msgid:
                key = (item.domain, m.context, m.msgid)
                python[key] = Counter()
                texts[key] = m.msgstr_plural if m.msgid_plural is not None else m.msgstr
        for f in report.findings:
            if f.path == item.path and f.check_id in LIVE_CHECKS and f.line in by_line:
                m = by_line[f.line]
                python[(item.domain, m.context, m.msgid)][f"{f.check_id}: {f.message}"] += 1
    browser: dict[Key, Counter[str]] = {}
    for row in drv.execute_script("return window.mirageReview.checkAll()"):  # type: ignore[attr-defined]
        key = (row["domain"], row["ctx"], row["msgid"])
        browser[key] = Counter(f"{f['check']}: {f['message']}" for f in row["findings"])
    assert set(browser) == set(python), "the page and the catalogues hold different entries"
    return [
        f"{lang} {key[0]} {key[2]!r} → {texts[key]!r}: validate {dict(python[key])}, page {dict(browser[key])}"
        for key in python
        if python[key] != browser[key]
    ]


def verdict_count(settings: Settings, lang: str) -> int:
    """How many live-check findings validate has for the language (a test must not pass empty)."""
    return sum(1 for f in validate(settings, [lang]).findings if f.check_id in LIVE_CHECKS)
