"""LibreTranslate, through deep-translator's ``LibreTranslator``."""

from __future__ import annotations

from deep_translator.libre import LibreTranslator

from .options import EngineOptions


def build(options: EngineOptions, url: str, source: str, target: str) -> LibreTranslator:
    # deep-translator refuses to construct without a key; a self-hosted server needs none.
    translator = LibreTranslator(
        source="en", target="fr", api_key=options.api_key or "-", custom_url=url
    )
    translator.api_key = options.api_key  # None: no api_key parameter is sent
    return translator
