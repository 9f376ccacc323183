"""``[engines.<name>]`` of the configuration, validated, and each service's fixed facts."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import ConfigError


@dataclass(frozen=True)
class EngineOptions:
    """``[engines.<name>]`` from the configuration; the key itself only from the environment."""

    url: str | None = None
    timeout: float = 30.0  # seconds to wait for an answer
    connect_timeout: float = 3.0  # seconds to wait for a connection
    retries: int = 4
    backoff: float = 1.0  # first retry waits this long, then doubles
    max_wait: float = 60.0  # longest wait we accept (Retry-After beyond it: give up)
    workers: int = 2
    char_limit: int | None = None  # longest text sent as one (None: the service's default)
    request_chars: int | None = None  # most characters per request (None: the service's)
    unreachable_after: int = 3  # consecutive failed connections/timeouts that stop the run
    api_key_env: str | None = None
    region: str | None = None  # Microsoft
    email: str | None = None  # MyMemory: a contact address raises its daily quota
    languages: Mapping[str, str] = field(default_factory=dict)  # code overrides
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
_OPTION_KEYS = {
    "url",
    "timeout",
    "connect_timeout",
    "retries",
    "backoff",
    "max_wait",
    "workers",
    "char_limit",
    "request_chars",
    "unreachable_after",
    "api_key_env",
    "region",
    "email",
    "languages",
}


def parse_options(
    name: str, raw: Mapping[str, Any], environ: Mapping[str, str] | None = None
) -> EngineOptions:
    """Validate ``[engines.<name>]`` and read the API key from the environment."""
    where = f"[engines.{name}]"
    unknown = sorted(set(raw) - _OPTION_KEYS)
    if unknown:
        if "api_key" in unknown or "key" in unknown:
            raise ConfigError(
                f"{where}: API keys never go in the configuration; set "
                f"api_key_env to the name of an environment variable"
            )
        raise ConfigError(
            f"{where}: unknown option {unknown[0]!r}; known: {', '.join(sorted(_OPTION_KEYS))}"
        )

    def number(key: str, default: float, minimum: float) -> float:
        value = raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
            raise ConfigError(f"{where}: {key} must be a number ≥ {minimum}")
        return float(value)

    def text(key: str) -> str | None:
        value = raw.get(key)
        if value is not None and (not isinstance(value, str) or not value):
            raise ConfigError(f"{where}: {key} must be a non-empty string")
        return value

    spec = SPECS[name]
    env_name = text("api_key_env") or spec.key_env
    environ = os.environ if environ is None else environ
    key = environ.get(env_name) if env_name else None
    if spec.needs_key and not key:
        raise ConfigError(
            f"{where}: engine {name!r} needs an API key in the environment variable {env_name}"
        )
    langs = raw.get("languages", {})
    if not isinstance(langs, Mapping) or not all(isinstance(v, str) for v in langs.values()):
        raise ConfigError(f"{where}: languages must map our codes to the engine's codes")
    limit = raw.get("char_limit")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 20):
        raise ConfigError(f"{where}: char_limit must be an integer ≥ 20")
    request_chars = raw.get("request_chars")
    if request_chars is not None and (
        isinstance(request_chars, bool) or not isinstance(request_chars, int) or request_chars < 20
    ):
        raise ConfigError(f"{where}: request_chars must be an integer ≥ 20")
    return EngineOptions(
        url=text("url"),
        timeout=number("timeout", 30.0, 0.01),
        connect_timeout=number("connect_timeout", 3.0, 0.01),
        retries=int(number("retries", 4, 0)),
        backoff=number("backoff", 1.0, 0),
        max_wait=number("max_wait", 60.0, 0),
        workers=int(number("workers", 2, 1)),
        char_limit=limit,
        request_chars=request_chars,
        unreachable_after=int(number("unreachable_after", 3, 1)),
        api_key_env=env_name,
        region=text("region"),
        email=text("email"),
        languages=dict(langs),
        api_key=key or None,
    )
