"""The machine-translation engines by configuration name, and the one place that builds them.

How each service is reached, and why, is decided here and only here. deep-translator
1.11.4 sends one text per request for every service (its ``translate_batch`` calls
``translate`` once per text), so the services that take a list of texts in one request are
sent their documented request by our own modules; the services that take one text anyway
are reached through deep-translator. Request shapes and limits: ``docs/engines.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..config import EngineSettings
from ..errors import ConfigError
from . import deeptranslator
from .deepl import DeepL, endpoint
from .engine import Budget
from .google_mymemory import Google, MyMemory
from .libre import LibreTranslate
from .machine import MachineEngine
from .microsoft import Microsoft
from .options import SPECS, EngineOptions, parse_options
from .service import Service

_SERVICES: dict[str, tuple[Callable[[EngineOptions, str], Service], bool]] = {
    # name: (service module, reached through deep-translator?)
    "libre": (LibreTranslate, False),  # "q" as a list: many texts per request
    "deepl": (DeepL, False),  # up to 50 "text" values, 128 KiB; deep-translator's GET is refused
    "microsoft": (Microsoft, False),  # up to 1,000 elements, 50,000 characters
    "google": (Google, True),  # one text per request: deep-translator does the job
    "mymemory": (MyMemory, True),  # one text per request: deep-translator does the job
}
MT_ENGINES = tuple(sorted(_SERVICES))


def create(
    name: str,
    conf: EngineSettings,
    budget: Budget | None = None,
    sleep: Callable[[float], None] | None = None,
    environ: Mapping[str, str] | None = None,
    batch_size: int | None = None,
) -> MachineEngine:
    """Build the engine from its ``[engines.<name>]`` settings and the key in ``environ``."""
    if name not in _SERVICES:
        raise ConfigError(
            f"unknown machine translation engine {name!r}; known: {', '.join(MT_ENGINES)}"
        )
    return build(name, parse_options(name, conf, environ), budget, sleep, batch_size)


def build(
    name: str,
    options: EngineOptions,
    budget: Budget | None = None,
    sleep: Callable[[float], None] | None = None,
    batch_size: int | None = None,
) -> MachineEngine:
    make, through_deep_translator = _SERVICES[name]
    if through_deep_translator:
        deeptranslator.install()
    spec = SPECS[name]
    url = endpoint(options) if name == "deepl" else options.url or spec.default_url
    assert url is not None
    return MachineEngine(
        make(options, url),
        options,
        options.char_limit or spec.char_limit,
        budget,
        sleep,
        batch_size,
        deeptranslator.classify_error if through_deep_translator else lambda exc: None,
    )
