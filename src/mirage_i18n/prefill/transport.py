"""HTTP for machine translation: timeouts, retries, ``Retry-After``, failure classes, redaction.

Every request an engine makes goes through :data:`HTTP`, which adds the configured timeout,
reuses one ``requests`` session per thread and records the last response and exception of
the thread, so that a failure is classified by its HTTP status (429, 5xx, 401/403/456)
rather than by the exception a client library chose to raise. :class:`Transport` runs one
engine's attempts: it retries what may succeed later (rate limits, server errors, timeouts,
lost connections, unreadable answers) with exponential backoff or the server's
``Retry-After``, stops the engine on a refused key or an exhausted quota, and passes every
detail it keeps through :meth:`Transport.redact`, so no key reaches a message or a log.
"""

from __future__ import annotations

import email.utils
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import requests

from .engine import Budget, Failure, FailureKind
from .options import EngineOptions


class _Context(threading.local):
    timeout: float | tuple[float, float] = 30.0
    session: requests.Session | None = None
    response: requests.Response | None = None
    error: BaseException | None = None
    on_request: Callable[[], None] | None = None


_CTX = _Context()


class Http:
    """Stands in for the ``requests`` module wherever an engine sends a request."""

    def __getattr__(self, name: str) -> Any:  # exceptions, codes… as the real module
        return getattr(requests, name)

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", url, **kwargs)

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", _CTX.timeout)
        if (
            method == "POST"
            and "params" in kwargs
            and "data" not in kwargs
            and "json" not in kwargs
        ):
            # LibreTranslator POSTs text and API key in the query string, where proxies,
            # server logs and urllib3's debug log record them; a form body carries the same.
            kwargs["data"] = kwargs.pop("params")
        if kwargs.get("proxies") is None:
            kwargs.pop("proxies", None)
        if _CTX.session is None:
            _CTX.session = requests.Session()
        if _CTX.on_request is not None:
            _CTX.on_request()
        try:
            response = _CTX.session.request(method, url, **kwargs)
        except BaseException as exc:
            _CTX.error = exc
            raise
        _CTX.response = response
        return response


HTTP = Http()


def last_response() -> requests.Response | None:
    """The response to this thread's last request through :data:`HTTP`, if it got one."""
    return _CTX.response


@dataclass
class EngineStats:
    requests: int = 0  # HTTP requests, retries included
    chars: int = 0  # characters of text sent, retries included
    retries: int = 0
    waits: list[float] = field(default_factory=list)  # seconds slept before retries
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)


class Transport:
    """One engine's attempts: retried, classified, counted and redacted.

    ``classify_error`` names the failure behind an exception a client library raised
    when neither the connection nor the HTTP status explains it (None: unreadable answer).
    """

    def __init__(
        self,
        options: EngineOptions,
        budget: Budget,
        sleep: Callable[[float], None] = time.sleep,
        secrets: Iterable[str] = (),
        classify_error: Callable[[Exception], Failure | None] = lambda exc: None,
    ) -> None:
        self.options = options
        self.budget = budget
        self.stats = EngineStats()
        self.stopped: Failure | None = None
        self._sleep = sleep
        self._secrets = tuple(s for s in set(secrets) if s)
        self._classify_error = classify_error

    def send(
        self, size: int, attempt: Callable[[], str | Failure], *, retry_budget: bool = True
    ) -> str | Failure:
        """Run ``attempt`` (one request of ``size`` characters) until it answers or gives up."""
        tries = 0
        while True:
            if self.stopped is not None:
                return Failure(FailureKind.STOPPED, str(self.stopped))
            if tries and retry_budget and not self.budget.try_spend(size):
                return Failure(FailureKind.BUDGET, "no budget left for a retry")
            with self.stats.lock:
                self.stats.chars += size
            failure, retry_after = self._once(attempt)
            if isinstance(failure, str):
                return failure
            if failure.kind.fatal:
                self.stopped = failure
                return failure
            if not failure.kind.retryable or tries >= self.options.retries:
                if failure.kind.retryable:
                    return Failure(
                        failure.kind, f"{failure.detail} (gave up after {tries + 1} attempts)"
                    )
                return failure
            wait = retry_after if retry_after is not None else self.options.backoff * (2**tries)
            if wait > self.options.max_wait:
                return Failure(
                    failure.kind,
                    f"{failure.detail}; asked to wait {wait:.0f} s, "
                    f"more than max_wait = {self.options.max_wait:g}",
                )
            with self.stats.lock:
                self.stats.retries += 1
                self.stats.waits.append(wait)
            self._sleep(wait)
            tries += 1

    def _once(self, attempt: Callable[[], str | Failure]) -> tuple[str | Failure, float | None]:
        """One request; the answer or a classified failure, and the server's Retry-After."""
        _CTX.timeout = self.options.timeout
        _CTX.response = None
        _CTX.error = None
        _CTX.on_request = self._count_request
        try:
            return attempt(), None
        except Exception as exc:
            return self.classify(exc), self._retry_after()
        finally:
            _CTX.on_request = None

    def _count_request(self) -> None:
        with self.stats.lock:
            self.stats.requests += 1

    # -- classification ------------------------------------------------------------

    def classify(self, exc: Exception) -> Failure:
        response = _CTX.response
        error = _CTX.error
        if isinstance(error, requests.Timeout) or isinstance(exc, requests.Timeout):
            return Failure(FailureKind.TIMEOUT, f"no answer within {self.options.timeout:g} s")
        if isinstance(error, requests.RequestException) and response is None:
            return Failure(FailureKind.NETWORK, self.redact(f"{type(error).__name__}: {error}"))
        if response is not None and not 200 <= response.status_code <= 299:
            return self.classify_status(response)
        known = self._classify_error(exc)
        if known is not None:
            return known
        # Invalid JSON (requests' JSONDecodeError is a ValueError) or an unexpected shape.
        return Failure(FailureKind.MALFORMED, self.redact(f"{type(exc).__name__}: {exc}")[:200])

    def classify_status(self, response: requests.Response) -> Failure:
        status = response.status_code
        detail = f"HTTP {status}"
        if status == 429:
            return Failure(FailureKind.RATE_LIMITED, detail)
        if status in (401, 403):
            return Failure(FailureKind.AUTH, f"{detail}: the API key was refused")
        if status in (402, 456):
            return Failure(FailureKind.QUOTA, f"{detail}: quota exhausted")
        if status == 408 or status == 504:
            return Failure(FailureKind.TIMEOUT, detail)
        if status >= 500:
            return Failure(FailureKind.SERVER, detail)
        return Failure(FailureKind.REJECTED, self.redact(f"{detail}: {response.text[:200]}"))

    def _retry_after(self) -> float | None:
        response = _CTX.response
        if response is None:
            return None
        return retry_after(response.headers.get("Retry-After"))

    def redact(self, message: str) -> str:
        for secret in self._secrets:
            message = message.replace(secret, "***")
            message = message.replace(urllib.parse.quote(secret, safe=""), "***")
        return message


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date), if usable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        when = email.utils.parsedate_to_datetime(value) if value else None
        if when is None:
            return None
        return max(0.0, when.timestamp() - time.time())
