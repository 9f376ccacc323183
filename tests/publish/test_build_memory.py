"""A build holds one language's catalogues at a time (publish.translated): a language's
catalogues, and the entries in them, are gone before the next language's are read, and none
is left when the pages are rendered. Checked with weak references to every catalogue and
entry the reader makes: what is still referenced anywhere stays alive, whatever the timing."""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

import pytest

from mirage_i18n import pipeline
from mirage_i18n.catalog import store
from mirage_i18n.checks import run, util
from mirage_i18n.config import load_settings
from mirage_i18n.model import Catalog
from mirage_i18n.publish import site


def _language(shown: str) -> str:
    return shown.split("/")[1]  # locales/<lang>/LC_MESSAGES/… or locales/templates/…


def test_each_languages_catalogues_are_dropped_before_the_next_is_read(
    sample_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[tuple[str, str, weakref.ref[object]]] = []  # (language, kind, catalogue or entry)
    alive_at_next: dict[str, list[tuple[str, str]]] = {}  # language → what of others was alive
    alive_at_render: list[list[tuple[str, str]]] = []
    # what the checks' caches hold when a language's catalogues are read, and at the pages
    translations_cached: dict[str, int] = {}
    checks_cached: list[int] = []
    real_parse = store.parse_po

    def living(but: str | None = None) -> list[tuple[str, str]]:
        alive = [(lang, kind) for lang, kind, ref in made if lang != but and ref() is not None]
        # checks.util.pairs remembers the last entry it was asked about: one entry, no more
        entries = [x for x in alive if x[1] == "entry"]
        return [x for x in alive if x[1] == "catalogue"] + (entries if len(entries) > 1 else [])

    def cached(caches: list[Any]) -> int:
        return sum(c.cache_info().currsize for c in caches)

    def recording_parse(text: str, shown: str) -> Catalog:
        lang = _language(shown)
        if lang not in alive_at_next:
            alive_at_next[lang] = living(but=lang)
            translations_cached[lang] = cached(util._LANGUAGE_CACHES)
        catalog = real_parse(text, shown)
        made.append((lang, "catalogue", weakref.ref(catalog)))
        made.extend((lang, "entry", weakref.ref(m)) for m in catalog.messages)
        return catalog

    real_render = site.render_markdown

    def checking_render(text: str):  # type: ignore[no-untyped-def]
        if not alive_at_render:
            alive_at_render.append(living())
            checks_cached.append(cached(util._LANGUAGE_CACHES + util._SOURCE_CACHES))
        return real_render(text)

    filled: list[int] = []  # what the translation caches held when each language was done

    def recording_clear() -> None:
        filled.append(cached(util._LANGUAGE_CACHES))
        util.clear_language_caches()

    monkeypatch.setattr(run, "clear_language_caches", recording_clear)
    monkeypatch.setattr(store, "parse_po", recording_parse)
    monkeypatch.setattr(site, "render_markdown", checking_render)
    settings = load_settings(sample_project)
    report = pipeline.build(settings, force=True)

    languages = list(settings.languages)
    assert [lang for lang in alive_at_next if lang != "templates"] == languages
    assert len(made) > 100 and len(report.decisions) > 2 * len(languages)
    # the first language's catalogues are read while the templates are (the validation
    # starts there); every later language finds nothing of the earlier ones alive
    for lang in languages[1:]:
        assert alive_at_next[lang] == [], lang
    assert alive_at_render == [[]]
    # no cache keeps an earlier language's translations, nor, at the pages, the English
    assert sum(translations_cached.values()) == 0 and checks_cached == [0]
    # one clearing per language; Swedish, the one translated, filled them
    assert len(filled) == len(languages) and filled[0] > 0, filled
