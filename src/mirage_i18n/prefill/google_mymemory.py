"""Google's web page and MyMemory, through deep-translator: one text per request.

Neither service takes a list of texts (Google's mobile page translates the one ``q`` it is
given; MyMemory's ``GET /get?q=…&langpair=en-GB|sv-SE`` takes one ``q``), so deep-translator
can do the job and does it: one text per request. Both keep the text of the current request
in the translator instance (``_url_params``), so instances are per thread and language pair.
Google returns ``None`` when its page has an unexpected shape; MyMemory answers HTTP 200 with
texts like ``MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY``: both are
failures, never translations.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any

from deep_translator.google import GoogleTranslator
from deep_translator.mymemory import MyMemoryTranslator

from .engine import Failure, FailureKind
from .options import EngineOptions
from .service import RequestLimits
from .transport import last_response


class _OneByOne:
    name = ""
    limits = RequestLimits(texts=1, texts_max=1)

    def __init__(self, options: EngineOptions, url: str) -> None:
        self.url = url
        self.options = options
        self._local = threading.local()

    def translator(self, source: str, target: str) -> Any:
        """This thread's translator for the pair (instances keep per-request state)."""
        cache: dict[tuple[str, str], Any] = self._local.__dict__.setdefault("translators", {})
        translator = cache.get((source, target))
        if translator is None:
            translator = self._build()
            translator._base_url = self.url
            # Our codes, set after construction: 1.11.4's own tables are incomplete.
            translator.source, translator.target = source, target
            cache[(source, target)] = translator
        return translator

    def translate(self, texts: Sequence[str], source: str, target: str) -> Sequence[str | Failure]:
        (text,) = texts
        value = self.translator(source, target).translate(text)
        return [self._check(value) if isinstance(value, str) else ""]

    def _build(self) -> Any:
        raise NotImplementedError

    def _check(self, value: str) -> str | Failure:
        return value


class Google(_OneByOne):
    name = "google"

    def _build(self) -> Any:
        return GoogleTranslator(source="en", target="fr")


class MyMemory(_OneByOne):
    name = "mymemory"

    def _build(self) -> Any:
        return MyMemoryTranslator(source="en-GB", target="fr-FR", email=self.options.email)

    def _check(self, value: str) -> str | Failure:
        """MyMemory's JSON status of the answer: a quota or a warning instead of a text."""
        data: Any = None
        response = last_response()
        try:
            data = response.json() if response is not None else None
        except ValueError:
            data = None
        if isinstance(data, Mapping):
            status = str(data.get("responseStatus", "200"))
            if data.get("quotaFinished") is True or status == "429":
                return Failure(FailureKind.QUOTA, "MyMemory: daily quota used up")
            if status not in ("200", "None"):
                return Failure(
                    FailureKind.SERVICE_WARNING, f"MyMemory status {status}: {value[:120]}"
                )
        return value
