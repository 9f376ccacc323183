"""What one machine-translation service module provides: its request limits and its request.

A service sends one request for a list of texts and returns one answer per text (a
translation, or a :class:`~.engine.Failure` for that text alone). Failures of the whole
request are exceptions, raised after the request went through :data:`.transport.HTTP`, so
that :class:`.transport.Transport` classifies them by status. :class:`.machine.MachineEngine`
decides which texts go into which request.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from .engine import Failure


@dataclass(frozen=True)
class RequestLimits:
    """How much one request may carry: the service's maximum, and our default below it."""

    texts: int  # texts per request unless [prefill] batch_size says fewer (or more)
    texts_max: int | None = None  # the service's maximum (None: none documented)
    chars: int | None = None  # characters per request (the sum over its texts) by default
    chars_max: int | None = None  # the service's maximum
    body_bytes: int | None = None  # bytes of JSON the texts may take in the request body


class Service(Protocol):
    name: str
    url: str
    limits: RequestLimits

    def translate(
        self, texts: Sequence[str], source: str, target: str
    ) -> Sequence[str | Failure]: ...


class GlossaryService(Service, Protocol):
    """A service that applies required target terms itself (DeepL)."""

    def prepare_glossary(self, source: str, target: str, terms: Mapping[str, str]) -> str: ...


def json_bytes(text: str) -> int:
    """Bytes ``text`` takes as one more element of a JSON list (UTF-8, comma included)."""
    return len(json.dumps(text, ensure_ascii=False).encode("utf-8")) + 1
