"""DeepL, with the request its current API accepts.

deep-translator 1.11.4 sends ``GET /v2/translate?auth_key=…``; DeepL deprecated query
authentication in March 2025 and removed it in January 2026. :class:`_DeeplTranslator`
sends ``POST`` with the ``Authorization: DeepL-Auth-Key`` header and a JSON body, and
:func:`endpoint` picks the free or pro endpoint from the key (free keys end in ``:fx``)
instead of always the free one.
"""

from __future__ import annotations

from typing import Any

from deep_translator import exceptions as dte
from deep_translator.deepl import DeeplTranslator

from .options import EngineOptions
from .transport import HTTP


def endpoint(options: EngineOptions) -> str:
    if options.url:
        return options.url
    free = (options.api_key or "").endswith(":fx")
    return "https://api-free.deepl.com/v2/" if free else "https://api.deepl.com/v2/"


class _DeeplTranslator(DeeplTranslator):
    """DeepL with the request its current API accepts (1.11.4's GET + auth_key is refused)."""

    def translate(self, text: str, **kwargs: Any) -> str:
        if not text:
            return text
        response = HTTP.post(
            self._base_url + "translate",
            headers={"Authorization": f"DeepL-Auth-Key {self.api_key}"},
            json={"text": [text], "source_lang": self._source, "target_lang": self._target},
        )
        if response.status_code < 200 or response.status_code > 299:
            raise dte.ServerException(response.status_code)
        res = response.json()
        if not res or not res.get("translations"):
            raise dte.TranslationNotFound(text)
        return str(res["translations"][0]["text"])


def build(options: EngineOptions, url: str, source: str, target: str) -> DeeplTranslator:
    translator = _DeeplTranslator(source="en", target="fr", api_key=options.api_key)
    translator._base_url = url
    return translator
