"""Google's web page and MyMemory, through deep-translator: one text per request.

Neither service takes a list of texts in one request (Google's mobile page translates the
one ``q`` it is given; MyMemory's ``/get`` takes one ``q``), so these engines send one text
per request. Both keep the text of the current request in the translator instance
(``_url_params``), so instances are per thread (:class:`.machine.MachineEngine`). Google
returns ``None`` when its page has an unexpected shape; MyMemory answers HTTP 200 with texts
like ``MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY``: both are
failures, never translations.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from deep_translator.google import GoogleTranslator
from deep_translator.mymemory import MyMemoryTranslator

from .engine import Failure, FailureKind
from .options import EngineOptions
from .transport import last_response


def build_google(options: EngineOptions, url: str, source: str, target: str) -> GoogleTranslator:
    translator = GoogleTranslator(source="en", target="fr")
    translator._base_url = url
    return translator


def build_mymemory(
    options: EngineOptions, url: str, source: str, target: str
) -> MyMemoryTranslator:
    translator = MyMemoryTranslator(source="en-GB", target="fr-FR", email=options.email)
    translator._base_url = url
    return translator


def check_mymemory(value: str) -> Failure | None:
    """MyMemory's JSON status of the last answer: a quota or warning instead of a text."""
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
            return Failure(FailureKind.SERVICE_WARNING, f"MyMemory status {status}: {value[:120]}")
    return None
