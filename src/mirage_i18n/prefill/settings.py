"""``[prefill]`` of the configuration, validated."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..config import Settings, _line_of
from ..errors import ConfigError
from .memory import DEFAULT_MIN_SIMILARITY

DEFAULT_ENGINE = "memory"
_KEYS = {
    "engine",
    "min_similarity",
    "locked",
    "batch_size",
    "max_chars",
    "memory",
    "save_interval",
}


@dataclass(frozen=True)
class PrefillSettings:
    engine: str = DEFAULT_ENGINE  # "memory" alone, or an MT engine used after the memory
    min_similarity: float = DEFAULT_MIN_SIMILARITY  # % for fuzzy memory matches
    locked: tuple[str, ...] = ()  # "domain:context" patterns never prefilled (fnmatch)
    batch_size: int | None = None  # most texts per request (None: the engine's maximum)
    max_chars: int | None = None  # characters one run may send
    memory: bool = True  # consult the translation memory before the MT engine
    save_interval: float = 5.0  # seconds between catalogue saves while MT answers arrive


def prefill_settings(settings: Settings) -> PrefillSettings:
    raw: Mapping[str, Any] = settings.section("prefill")
    where = str(settings.config_path)

    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(f"prefill.{key} {message}", where, _line_of(settings.config_path, key))

    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise fail(unknown[0], f"is not a known option; known: {', '.join(sorted(_KEYS))}")
    engine = raw.get("engine", DEFAULT_ENGINE)
    if not isinstance(engine, str) or not engine:
        raise fail("engine", "must be an engine name")
    sim = raw.get("min_similarity", DEFAULT_MIN_SIMILARITY)
    if isinstance(sim, bool) or not isinstance(sim, (int, float)) or not 0 < sim <= 100:
        raise fail("min_similarity", "must be a percentage in (0, 100]")
    locked = raw.get("locked", [])
    if not isinstance(locked, list) or not all(isinstance(x, str) and x for x in locked):
        raise fail("locked", 'must be a list of "domain:context" patterns')
    batch = raw.get("batch_size")
    if batch is not None and (isinstance(batch, bool) or not isinstance(batch, int) or batch < 1):
        raise fail("batch_size", "must be a positive integer")
    max_chars = raw.get("max_chars")
    if max_chars is not None and (
        isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 0
    ):
        raise fail("max_chars", "must be a non-negative integer")
    memory = raw.get("memory", True)
    if not isinstance(memory, bool):
        raise fail("memory", "must be true or false")
    interval = raw.get("save_interval", 5.0)
    if isinstance(interval, bool) or not isinstance(interval, (int, float)) or interval < 0:
        raise fail("save_interval", "must be a number of seconds ≥ 0")
    return PrefillSettings(
        engine, float(sim), tuple(locked), batch, max_chars, memory, float(interval)
    )
