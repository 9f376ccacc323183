"""The engine protocol shared by translation memory and machine translation.

An engine turns a batch of (already protected) source texts into one outcome per text:
a :class:`Translation` or a :class:`Failure`. Failures are values, not exceptions, so one
bad segment never costs the rest of the batch; a fatal failure (bad key, exhausted quota)
stops the engine for the rest of the run.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


class FailureKind(enum.Enum):
    """Why a text was not translated; decides retrying and whether the engine stays usable."""

    RATE_LIMITED = "rate limited"  # 429: retried with backoff
    SERVER = (
        "server error"  # 500 and other 5xx: retried (a batch: split, one text may be the cause)
    )
    UNAVAILABLE = "service unavailable"  # 502, 503: retried as it is, after a wait
    TIMEOUT = "timeout"  # retried
    NETWORK = "network error"  # connection refused/reset: retried
    MALFORMED = "malformed response"  # invalid JSON, missing fields: retried
    AUTH = "authentication failed"  # engine stops
    QUOTA = "quota exhausted"  # engine stops
    UNREACHABLE = "service unreachable"  # consecutive connection failures: engine stops
    LANGUAGE = "language not supported"  # engine unusable for this pair
    REJECTED = "request rejected"  # 4xx for this text: not retried
    NOT_FOUND = "no translation"  # engine answered with nothing usable
    SERVICE_WARNING = "service warning instead of a translation"
    MASK = "protected token lost or changed"
    BUDGET = "character budget exhausted"
    STOPPED = "engine stopped earlier in this run"

    @property
    def retryable(self) -> bool:
        return self in _RETRYABLE

    @property
    def fatal(self) -> bool:
        """The engine must not be asked again in this run."""
        return self in (FailureKind.AUTH, FailureKind.QUOTA, FailureKind.UNREACHABLE)


_RETRYABLE = frozenset(
    {
        FailureKind.RATE_LIMITED,
        FailureKind.SERVER,
        FailureKind.UNAVAILABLE,
        FailureKind.TIMEOUT,
        FailureKind.NETWORK,
        FailureKind.MALFORMED,
    }
)


@dataclass(frozen=True)
class Translation:
    text: str
    engine: str
    similarity: float | None = None  # translation memory: 0–100
    origin: str | None = None  # translation memory: where the reviewed text came from


@dataclass(frozen=True)
class Failure:
    kind: FailureKind
    detail: str = ""  # never contains a secret: the transport redacts before building one

    def __str__(self) -> str:
        return f"{self.kind.value}: {self.detail}" if self.detail else self.kind.value


Outcome = Translation | Failure


@runtime_checkable
class Engine(Protocol):
    """What the prefill stage needs from any engine."""

    name: str
    char_limit: int | None  # longest text sent as one piece; None: no limit
    remote: bool  # sends text over the network (dry-run, budget and cache apply)

    def translate_batch(
        self,
        texts: Sequence[str],
        source: str,
        target: str,
        on_result: Callable[[int, Outcome], None] | None = None,
    ) -> list[Outcome]: ...


class Budget:
    """A cap on the characters one run may have translated, shared by an engine's threads.

    Characters are reserved before a request and given back when the service did not
    accept them (no answer, an error status), so only accepted characters count.
    """

    def __init__(self, max_chars: int | None = None) -> None:
        self.max_chars = max_chars
        self.spent = 0
        self._lock = threading.Lock()

    def try_spend(self, chars: int) -> bool:
        with self._lock:
            if self.max_chars is not None and self.spent + chars > self.max_chars:
                return False
            self.spent += chars
            return True

    def refund(self, chars: int) -> None:
        with self._lock:
            self.spent = max(0, self.spent - chars)

    @property
    def remaining(self) -> int | None:
        return None if self.max_chars is None else max(0, self.max_chars - self.spent)
