"""validate's verdicts and the review page's, side by side, on any set of projects.

A verdict is, per entry, the problems each live check finds, with validate's very message.
``validate`` gives them as findings with the entry's line; the page gives them from
``mirageReview.checkAll()``, run by Chromium on a page built from the same catalogues.

Projects that share one configuration (a corpus and its fault-injected copies) go into one
page per language, each project's catalogues as articles of their own, so that Chromium opens
one page and checks every entry of every copy in one evaluation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mirage_i18n.catalog.store import template_domains
from mirage_i18n.checks.run import validate
from mirage_i18n.config import load_settings
from mirage_i18n.handoff import pack_contents
from mirage_i18n.review.expect import LIVE_CHECKS
from mirage_i18n.review.page import PackedCatalog, page_data, render_page

from .chromium import console_errors, open_page

Key = tuple[str, str | None, str]  # tagged domain, msgctxt, msgid


@dataclass
class Outcome:
    """What the comparison saw: the entries that differ, and validate's live findings per
    project (by check id), so that a test can tell that the checks had something to find."""

    mismatches: list[str] = field(default_factory=list)
    found: list[Counter[str]] = field(default_factory=list)
    entries: int = 0

    @property
    def total(self) -> Counter[str]:
        return sum(self.found, Counter())


def _configuration(root: Path) -> tuple[bytes, bytes]:
    glossary = root / "glossary.toml"
    return (
        (root / "mirage-i18n.toml").read_bytes(),
        glossary.read_bytes() if glossary.exists() else b"",
    )


def compare_projects(roots: Sequence[Path], drv: object, folder: Path) -> Outcome:
    """Every entry whose live-check verdicts differ between validate and the page, over
    projects that share one configuration (the page's rules are the first project's)."""
    assert len({_configuration(r) for r in roots}) == 1, "one configuration per page"
    all_settings = [load_settings(r) for r in roots]
    outcome = Outcome(found=[Counter() for _ in roots])
    for lang in all_settings[0].languages:
        packed: list[PackedCatalog] = []
        python: dict[Key, Counter[str]] = {}
        texts: dict[Key, object] = {}
        manifest: dict[str, object] = {}
        enabled: set[str] = set()
        for number, settings in enumerate(all_settings):
            contents = pack_contents(settings, lang, template_domains(settings))
            report = validate(settings, [lang])
            manifest = manifest or dict(contents.manifest)
            enabled = enabled or set(report.checks)
            assert enabled == set(report.checks)
            for item in contents.catalogues:
                tagged = f"{number}:{item.domain}"
                packed.append(PackedCatalog(tagged, item.file, item.catalog, item.path))
                by_line = {m.lineno: m for m in item.catalog.active}
                for m in item.catalog.active:
                    if m.msgid:
                        key = (tagged, m.context, m.msgid)
                        python[key] = Counter()
                        texts[key] = m.msgstr_plural if m.msgid_plural is not None else m.msgstr
                for f in report.findings:
                    if f.path == item.path and f.check_id in LIVE_CHECKS and f.line in by_line:
                        m = by_line[f.line]
                        python[(tagged, m.context, m.msgid)][f"{f.check_id}: {f.message}"] += 1
                        outcome.found[number][f.check_id] += 1
        page = folder / f"review-{lang}.html"
        page.write_bytes(
            render_page(page_data(all_settings[0], lang, manifest, packed, (), enabled))
        )
        open_page(drv, page)  # type: ignore[arg-type]
        errors = console_errors(drv)  # type: ignore[arg-type]
        assert not errors, errors
        browser: dict[Key, Counter[str]] = {}
        for row in drv.execute_script("return window.mirageReview.checkAll()"):  # type: ignore[attr-defined]
            key = (row["domain"], row["ctx"], row["msgid"])
            browser[key] = Counter(f"{f['check']}: {f['message']}" for f in row["findings"])
        assert set(browser) == set(python), "the page and the catalogues hold different entries"
        outcome.entries += len(python)
        outcome.mismatches += [
            f"{lang} {key[0]} {key[2]!r} → {texts[key]!r}: "
            f"validate {dict(python[key])}, page {dict(browser[key])}"
            for key in python
            if python[key] != browser[key]
        ]
    return outcome
