"""LibreTranslate: ``POST /translate`` with a JSON body whose ``q`` is a list of texts.

Request: ``{"q": [...], "source": "en", "target": "sv", "format": "text", "api_key": …}``
(the key only when one is configured, never in the URL). Answer: ``{"translatedText": [...]}``
in the same order. Only a JSON body can carry a list (a form's ``q`` is one text), so we
send JSON. LibreTranslate has no fixed maximum: a server's ``--batch-limit`` caps the texts
and its ``--char-limit`` the characters of a whole request (every text counted), so our
defaults (50 texts, 2,000 characters) are those of a cautious public server; raise them with
``[prefill] batch_size`` and ``[engines.libre] request_chars`` for your own server. A request
over the server's limits is refused with HTTP 400 and split in two by the engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .engine import Failure
from .options import EngineOptions
from .service import RequestLimits
from .transport import HTTP


class LibreTranslate:
    name = "libre"
    limits = RequestLimits(texts=50, chars=2000)

    def __init__(self, options: EngineOptions, url: str) -> None:
        self.url = url if url.endswith("/") else url + "/"
        self._key = options.api_key

    def translate(self, texts: Sequence[str], source: str, target: str) -> Sequence[str | Failure]:
        body: dict[str, Any] = {"q": list(texts), "source": source, "target": target}
        body["format"] = "text"
        if self._key:
            body["api_key"] = self._key
        response = HTTP.post(self.url + "translate", json=body)
        response.raise_for_status()
        answers = response.json()["translatedText"]
        if not isinstance(answers, list) or len(answers) != len(texts):
            raise ValueError(f"{len(texts)} texts sent, translatedText is not a list of as many")
        return [a if isinstance(a, str) else "" for a in answers]
