"""Microsoft Translator v3: ``POST /translate?api-version=3.0&from=…&to=…``, a JSON array.

Request body: ``[{"Text": "…"}, …]``, at most 1,000 elements and 50,000 characters in all;
the key in ``Ocp-Apim-Subscription-Key`` (and ``Ocp-Apim-Subscription-Region`` when the
resource needs it). Answer: one ``{"translations": [{"text": …, "to": …}]}`` per element, in
order. deep-translator 1.11.4 sends one element per request and downloads the language list
from the internet in its constructor, so this module sends the request itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from .engine import Failure
from .options import EngineOptions
from .service import RequestLimits
from .transport import HTTP


class Microsoft:
    name = "microsoft"
    limits = RequestLimits(texts=1000, texts_max=1000, chars=50_000, chars_max=50_000)

    def __init__(self, options: EngineOptions, url: str) -> None:
        self.url = url
        self._headers = {
            "Ocp-Apim-Subscription-Key": options.api_key or "",
            "Content-Type": "application/json; charset=UTF-8",
        }
        if options.region:
            self._headers["Ocp-Apim-Subscription-Region"] = options.region

    def translate(self, texts: Sequence[str], source: str, target: str) -> Sequence[str | Failure]:
        response = HTTP.post(
            self.url,
            params={"from": source, "to": target},
            headers=self._headers,
            json=[{"Text": text} for text in texts],
        )
        response.raise_for_status()
        answers = response.json()
        if not isinstance(answers, list) or len(answers) != len(texts):
            raise ValueError(f"{len(texts)} texts sent, the answer is not a list of as many")
        return [str(a["translations"][0]["text"] or "") for a in answers]
