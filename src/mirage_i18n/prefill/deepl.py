"""DeepL: ``POST /v2/translate`` with up to 50 ``text`` values, and glossaries.

Request: a JSON body ``{"text": [...], "source_lang": "EN", "target_lang": "SV",
"glossary_id": …}`` of at most 128 KiB, the key in ``Authorization: DeepL-Auth-Key …``.
Answer: ``{"translations": [{"detected_source_language": …, "text": …}, …]}`` in order.
deep-translator 1.11.4 sends ``GET /v2/translate?auth_key=…`` with one text; DeepL
deprecated query authentication in March 2025 and removed it in January 2026, so this module
sends the request itself. The endpoint follows the key: free keys (ending ``:fx``) use
``api-free.deepl.com``, others ``api.deepl.com``.

Glossaries: the required target terms of ``glossary.toml`` (``[terms.<lang>]``) become a
DeepL glossary (``POST /v2/glossaries``, entries as TSV), named after the language pair and
a hash of its content, so it is created once and found again by name
(``GET /v2/glossaries``) as long as the terms do not change.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from .engine import Failure
from .options import EngineOptions
from .service import RequestLimits
from .transport import HTTP

# 128 KiB per request body; the rest of the body (languages, glossary id) fits in 1 KiB.
_BODY_BYTES = 128 * 1024 - 1024


def endpoint(options: EngineOptions) -> str:
    if options.url:
        return options.url if options.url.endswith("/") else options.url + "/"
    free = (options.api_key or "").endswith(":fx")
    return "https://api-free.deepl.com/v2/" if free else "https://api.deepl.com/v2/"


def glossary_language(code: str) -> str:
    """Glossaries take the language alone: ``EN-GB`` → ``en``."""
    return code.split("-")[0].lower()


def glossary_tsv(terms: Mapping[str, str]) -> str:
    """The entries DeepL accepts: one ``source<TAB>target`` line each, no stray whitespace."""
    lines = []
    for source, target in sorted(terms.items()):
        source, target = source.strip(), target.strip()
        if source and target and not any(c in source + target for c in "\t\r\n"):
            lines.append(f"{source}\t{target}")
    return "\n".join(lines)


class DeepL:
    name = "deepl"
    limits = RequestLimits(texts=50, texts_max=50, body_bytes=_BODY_BYTES)

    def __init__(self, options: EngineOptions, url: str) -> None:
        self.url = url
        self._auth = {"Authorization": f"DeepL-Auth-Key {options.api_key}"}
        self._glossaries: dict[tuple[str, str], str] = {}  # (source, target) → glossary_id

    def translate(self, texts: Sequence[str], source: str, target: str) -> Sequence[str | Failure]:
        body: dict[str, Any] = {"text": list(texts), "source_lang": source, "target_lang": target}
        glossary = self._glossaries.get((source, target))
        if glossary:
            body["glossary_id"] = glossary
        response = HTTP.post(
            self.url + "translate",
            data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
            headers={**self._auth, "Content-Type": "application/json"},
        )
        response.raise_for_status()
        answers = response.json()["translations"]
        if not isinstance(answers, list) or len(answers) != len(texts):
            raise ValueError(f"{len(texts)} texts sent, translations is not a list of as many")
        return [str(a["text"] or "") for a in answers]

    def prepare_glossary(self, source: str, target: str, terms: Mapping[str, str]) -> str:
        """Find or create the glossary of these terms; its content hash (for the cache key)."""
        src, tgt = glossary_language(source), glossary_language(target)
        entries = glossary_tsv(terms)
        digest = hashlib.sha256(f"{src}\t{tgt}\n{entries}".encode()).hexdigest()[:16]
        name = f"mirage-i18n {src}-{tgt} {digest}"
        listed = HTTP.get(self.url + "glossaries", headers=self._auth)
        listed.raise_for_status()
        found = [
            g["glossary_id"]
            for g in listed.json()["glossaries"]
            if g.get("name") == name and g.get("source_lang") == src and g.get("target_lang") == tgt
        ]
        if found:
            glossary_id = str(found[0])
        else:
            created = HTTP.post(
                self.url + "glossaries",
                json={
                    "name": name,
                    "source_lang": src,
                    "target_lang": tgt,
                    "entries": entries,
                    "entries_format": "tsv",
                },
                headers=self._auth,
            )
            created.raise_for_status()
            glossary_id = str(created.json()["glossary_id"])
        self._glossaries[(source, target)] = glossary_id
        return digest
