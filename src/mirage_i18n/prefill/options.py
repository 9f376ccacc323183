"""Each service's fixed facts, and its configured options with the API key."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..config import EngineSettings
from ..errors import ConfigError


@dataclass(frozen=True)
class EngineOptions(EngineSettings):
    """``[engines.<name>]`` as the configuration gave it, plus the key from the environment."""

    api_key: str | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class EngineSpec:
    """What a service needs that its user does not configure."""

    default_url: str | None
    char_limit: int
    key_env: str | None
    needs_key: bool


SPECS: dict[str, EngineSpec] = {
    "libre": EngineSpec("https://libretranslate.com/", 2000, "LIBRETRANSLATE_API_KEY", False),
    "deepl": EngineSpec(None, 5000, "DEEPL_API_KEY", True),
    "google": EngineSpec("https://translate.google.com/m", 4500, None, False),
    "microsoft": EngineSpec(
        "https://api.cognitive.microsofttranslator.com/translate?api-version=3.0",
        10000,
        "MICROSOFT_API_KEY",
        True,
    ),
    "mymemory": EngineSpec("https://api.mymemory.translated.net/get", 480, None, False),
}


def parse_options(
    name: str, conf: EngineSettings, environ: Mapping[str, str] | None = None
) -> EngineOptions:
    """The engine's validated settings (checked when the configuration was loaded) with its API
    key, read from the environment: a key never lives in the configuration."""
    spec = SPECS[name]
    env_name = conf.api_key_env or spec.key_env
    environ = os.environ if environ is None else environ
    key = environ.get(env_name) if env_name else None
    if spec.needs_key and not key:
        raise ConfigError(
            f"engine {name!r} needs an API key in the environment variable {env_name}",
            f"[engines.{name}]",
        )
    return EngineOptions(**{**vars(conf), "api_key_env": env_name}, api_key=key or None)
