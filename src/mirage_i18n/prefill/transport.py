"""HTTP for machine translation: timeouts, retries, ``Retry-After``, failure classes, redaction.

Every request an engine makes goes through :data:`HTTP`, which adds the configured timeouts,
reuses one ``requests`` session per thread and records the thread's last response and
exception, so that a failure is classified by its HTTP status (429, 5xx, 401/403/456) rather
than by the exception a client library chose to raise. :class:`Transport` makes one engine's
requests: it classifies each failure, decides whether and how long to wait before trying
again (exponential backoff or the server's ``Retry-After``), stops the engine on a refused key,
an exhausted quota, or ``unreachable_after`` consecutive connection failures or timeouts (a
dead server ends the run in seconds instead of being retried text by text), counts requests
answered, failed and retried, and passes every detail it keeps through
:meth:`Transport.redact`, so no key reaches a message or a log.
"""

from __future__ import annotations

import email.utils
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import requests

from .engine import Failure, FailureKind
from .options import EngineOptions

T = TypeVar("T")

# A service that refuses this many requests in a row refuses them all (a language it lacks,
# a key without the right plan): the engine stops instead of trying every text alone.
REFUSED_IN_A_ROW = 10


class _Context(threading.local):
    timeout: float | tuple[float, float] = 30.0
    session: requests.Session | None = None
    response: requests.Response | None = None
    error: BaseException | None = None
    sent: int = 0  # requests sent by this thread in the current attempt


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
        if kwargs.get("proxies") is None:
            kwargs.pop("proxies", None)
        if _CTX.session is None:
            _CTX.session = requests.Session()
        _CTX.sent += 1
        _CTX.response = None
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
    requests: int = 0  # HTTP requests sent, retries included
    answered: int = 0  # … that the service answered with a readable 2xx
    failed: int = 0  # … that got no usable answer (no connection, an error status, garbage)
    retried: int = 0  # … that carried texts sent before (a retry, or half of a failed batch)
    chars: int = 0  # characters of text sent, retries included
    chars_accepted: int = 0  # characters in requests the service answered with 2xx
    waits: list[float] = field(default_factory=list)  # seconds slept before retries
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)


class Transport:
    """One engine's requests: classified, counted, redacted, and stopped when hopeless.

    ``where`` names the service in messages (``libre at http://…``). ``classify_error``
    names the failure behind an exception a client library raised when neither the
    connection nor the HTTP status explains it (None: an unreadable answer).
    """

    def __init__(
        self,
        options: EngineOptions,
        where: str,
        sleep: Callable[[float], None] | None = None,
        secrets: Iterable[str] = (),
        classify_error: Callable[[Exception], Failure | None] = lambda exc: None,
    ) -> None:
        self.options = options
        self.stats = EngineStats()
        self.stopped: Failure | None = None
        self._sleep = sleep
        self._secrets = tuple(s for s in set(secrets) if s)
        self.where = self.redact(where)
        self._classify_error = classify_error
        self._lock = threading.Lock()
        self._woken = threading.Event()  # set when the engine stops: waits end early
        self._probe = threading.Lock()
        self._unreachable = 0  # consecutive attempts without any HTTP response
        self._refused = 0  # consecutive requests refused (4xx other than auth/quota)

    def stop(self, failure: Failure) -> None:
        """No request is sent after this (one already under way still finishes)."""
        with self._lock:
            self._stop(failure)

    def _stop(self, failure: Failure, why: str | None = None) -> None:
        if self.stopped is None:
            if failure.kind is not FailureKind.STOPPED:  # why, in one line with the service
                why = why or str(failure)
                failure = Failure(failure.kind, f"{self.where}: {why}; nothing more sent")
            self.stopped = failure
        self._woken.set()

    # -- one attempt ---------------------------------------------------------------

    def call(
        self, attempt: Callable[[], T], size: int = 0, resend: bool = False
    ) -> tuple[T | Failure, float | None]:
        """Run ``attempt`` (which sends through :data:`HTTP`) once, counted and classified.

        ``size`` is the characters of text it carries, ``resend`` whether they were sent
        before. Returns its value or the failure, and the server's ``Retry-After``.
        """
        # After an attempt without an answer, one request at a time probes the service
        # (the others wait here): a dead service gets no burst of retries from every worker.
        probing = self._unreachable > 0
        if probing:
            self._probe.acquire()
        try:
            if self.stopped is not None:
                return Failure(FailureKind.STOPPED, str(self.stopped)), None
            return self._call(attempt, size, resend)
        finally:
            if probing:
                self._probe.release()

    def _call(
        self, attempt: Callable[[], T], size: int, resend: bool
    ) -> tuple[T | Failure, float | None]:
        _CTX.timeout = (self.options.connect_timeout, self.options.timeout)
        _CTX.response = None
        _CTX.error = None
        _CTX.sent = 0
        try:
            result: T | Failure = attempt()
            wait = None
        except Exception as exc:
            result, wait = self.classify(exc), self._retry_after()
        self._count(result, size, resend)
        return result, wait

    def _count(self, result: object, size: int, resend: bool) -> None:
        sent, response = _CTX.sent, _CTX.response
        failure = result if isinstance(result, Failure) else None
        with self.stats.lock:
            self.stats.requests += sent
            if sent:
                self.stats.chars += size
                self.stats.retried += sent if resend else 0
                if failure is None:
                    self.stats.answered += 1
                else:
                    self.stats.failed += 1
                if response is not None and 200 <= response.status_code <= 299:
                    self.stats.chars_accepted += size
        if not sent:
            return
        with self._lock:
            if response is None and failure is not None and failure.kind in _NO_ANSWER:
                self._unreachable += 1
                if self._unreachable >= self.options.unreachable_after:
                    why = f" ({failure.detail})" if failure.kind is FailureKind.TIMEOUT else ""
                    why = f"unreachable after {self._unreachable} attempts{why}"
                    self._stop(Failure(FailureKind.UNREACHABLE), why)
                return
            self._unreachable = 0
            if failure is not None and failure.kind is FailureKind.REJECTED:
                self._refused += 1
                if self._refused >= REFUSED_IN_A_ROW:
                    why = f"{self._refused} requests in a row refused (last: {failure.detail})"
                    self._stop(failure, why)
            else:
                self._refused = 0
            if failure is not None and failure.kind.fatal:
                self._stop(failure)

    # -- waiting -------------------------------------------------------------------

    def wait_before_retry(
        self, failure: Failure, tries: int, retry_after: float | None
    ) -> float | Failure:
        """Seconds to wait before attempt ``tries + 1``, or the final failure (give up)."""
        if self.stopped is not None and failure.kind is not FailureKind.STOPPED:
            return Failure(FailureKind.STOPPED, str(self.stopped))
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
        return wait

    def sleep(self, seconds: float) -> None:
        """Wait before a retry; a wait ends early when the engine stops meanwhile."""
        with self.stats.lock:
            self.stats.waits.append(seconds)
        if self._sleep is not None:
            self._sleep(seconds)
        else:
            self._woken.wait(seconds)

    # -- classification ------------------------------------------------------------

    def classify(self, exc: Exception) -> Failure:
        response = _CTX.response
        error = _CTX.error
        if isinstance(error, requests.ConnectTimeout):
            return Failure(
                FailureKind.NETWORK, f"no connection within {self.options.connect_timeout:g} s"
            )
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
        if status in (502, 503):
            return Failure(FailureKind.UNAVAILABLE, detail)
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


_NO_ANSWER = frozenset({FailureKind.NETWORK, FailureKind.TIMEOUT})


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date), if usable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, when.timestamp() - time.time())
