"""Microsoft Translator, through deep-translator's ``MicrosoftTranslator``.

Its constructor downloads the service's language list from the internet; we skip that and
use our own code table (:mod:`.languages`).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

from deep_translator.microsoft import MicrosoftTranslator

from .options import EngineOptions

_BUILD_LOCK = threading.Lock()


class _MicrosoftTranslator(MicrosoftTranslator):
    """Microsoft without the constructor's download of its language list (we map codes)."""

    _codes: Mapping[str, str] = {}

    def _get_supported_languages(self) -> dict[str, str]:
        return dict(self._codes)


def build(options: EngineOptions, url: str, source: str, target: str) -> MicrosoftTranslator:
    with _BUILD_LOCK:  # the class attribute feeds the constructor's code check
        _MicrosoftTranslator._codes = {"source": source, "target": target}
        translator = _MicrosoftTranslator(
            source=source, target=target, api_key=options.api_key, region=options.region
        )
    translator._base_url = url
    return translator
