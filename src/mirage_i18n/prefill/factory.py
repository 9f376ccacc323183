"""The machine-translation engines by configuration name, and the one place that builds them."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import ConfigError
from . import deepl, deeptranslator, google_mymemory, libre, microsoft
from .engine import Budget
from .machine import AnswerCheck, Builder, MachineEngine
from .options import SPECS, EngineOptions, parse_options

_BUILDERS: dict[str, tuple[Builder, AnswerCheck | None]] = {
    "libre": (libre.build, None),
    "deepl": (deepl.build, None),
    "google": (google_mymemory.build_google, None),
    "microsoft": (microsoft.build, None),
    "mymemory": (google_mymemory.build_mymemory, google_mymemory.check_mymemory),
}
MT_ENGINES = tuple(sorted(_BUILDERS))


def create(
    name: str,
    raw: Mapping[str, Any],
    budget: Budget | None = None,
    sleep: Callable[[float], None] = time.sleep,
    environ: Mapping[str, str] | None = None,
) -> MachineEngine:
    """Validate ``[engines.<name>]`` and build the engine."""
    if name not in _BUILDERS:
        raise ConfigError(
            f"unknown machine translation engine {name!r}; known: {', '.join(MT_ENGINES)}"
        )
    return build(name, parse_options(name, raw, environ), budget, sleep)


def build(
    name: str,
    options: EngineOptions,
    budget: Budget | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> MachineEngine:
    deeptranslator.install()
    spec = SPECS[name]
    url = deepl.endpoint(options) if name == "deepl" else options.url or spec.default_url
    assert url is not None
    if name in ("libre", "deepl") and not url.endswith("/"):
        url += "/"
    builder, check = _BUILDERS[name]
    return MachineEngine(
        name, options, url, options.char_limit or spec.char_limit, builder, check, budget, sleep
    )
