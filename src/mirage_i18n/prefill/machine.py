"""A machine-translation engine: texts in, as few requests as the service allows, one outcome each.

Each text keeps its leading and trailing whitespace here (services strip it) and is cut at
sentence ends below the engine's ``char_limit`` (:mod:`.splitting`). The pieces are packed in
order into requests as full as the service's limits allow (texts, characters, body bytes:
:class:`.service.RequestLimits`); ``workers`` threads take the next request as soon as they are
free, so nobody waits for a batch to finish. Answers are reported per text the moment the
text's last piece is answered.

A request that fails with a server error (500), a refusal (HTTP 4xx), a timeout or an
unreadable answer is split in two and each half sent again, so one bad text never costs the
others; a single text is retried with backoff. Rate limits, 502/503, any answer with
``Retry-After`` and lost connections are retried as they are, after the wait. Characters are reserved against the run's :class:`~.engine.Budget` before sending and
given back for texts the service did not translate.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

from .engine import Budget, Failure, FailureKind, Outcome, Translation
from .languages import engine_language
from .options import EngineOptions
from .service import RequestLimits, Service, json_bytes
from .splitting import split_text
from .transport import EngineStats, Transport, last_response

# Texts services answer with instead of a translation (MyMemory, and mirrors relaying it).
_SERVICE_WARNINGS = re.compile(
    r"MYMEMORY WARNING|YOU USED ALL AVAILABLE FREE TRANSLATIONS|QUERY LENGTH LIMIT EXCEEDED|"
    r"INVALID LANGUAGE PAIR|PLEASE SELECT TWO DISTINCT LANGUAGES|IS AN INVALID (?:SOURCE|TARGET) LANGUAGE|"
    r"INVALID EMAIL PROVIDED|NO QUERY SPECIFIED",
)
_QUOTA_TEXT = re.compile(r"ALL AVAILABLE FREE TRANSLATIONS|QUOTA", re.IGNORECASE)
# Failures that may come from one text of a request: the request is split, not repeated.
_SPLIT = frozenset(
    {FailureKind.SERVER, FailureKind.REJECTED, FailureKind.TIMEOUT, FailureKind.MALFORMED}
)


@dataclass(frozen=True)
class Limits:
    """What one request may carry, as this run uses it."""

    texts: int
    chars: int | None
    body_bytes: int | None

    @classmethod
    def of(
        cls, service: RequestLimits, batch_size: int | None, request_chars: int | None
    ) -> Limits:
        texts = batch_size or service.texts
        if service.texts_max is not None:
            texts = min(texts, service.texts_max)
        chars = request_chars or service.chars
        if service.chars_max is not None:
            chars = min(chars or service.chars_max, service.chars_max)
        return cls(texts, chars, service.body_bytes)

    def fits(self, texts: int, chars: int, body: int, piece: _Piece) -> bool:
        """Does ``piece`` fit into a request that holds ``texts`` pieces so far?"""
        if texts == 0:
            return True  # a piece is never longer than a request may be (char_limit)
        if texts >= self.texts:
            return False
        if self.chars is not None and chars + piece.size > self.chars:
            return False
        return self.body_bytes is None or body + piece.body <= self.body_bytes


@dataclass
class _Piece:
    text: int  # index of the text it belongs to
    index: int  # its place among the text's pieces
    chunk: str
    size: int
    body: int


@dataclass
class _Text:
    lead: str
    trail: str
    seps: list[str]
    answers: list[str | None]
    size: int  # characters of all its pieces
    reserved: bool = False
    accepted: int = 0  # characters the service accepted (answered 2xx)
    done: bool = False


class MachineEngine:
    """One machine-translation service behind the :class:`~.engine.Engine` protocol."""

    remote = True

    def __init__(
        self,
        service: Service,
        options: EngineOptions,
        char_limit: int,
        budget: Budget | None = None,
        sleep: Callable[[float], None] | None = None,
        batch_size: int | None = None,
        classify_error: Callable[[Exception], Failure | None] = lambda exc: None,
    ) -> None:
        self.service = service
        self.name = service.name
        self.options = options
        self.url = service.url
        self.limits = Limits.of(service.limits, batch_size, options.request_chars)
        # A piece must fit into one request: its characters, and its JSON (a control
        # character takes 6 bytes as \uXXXX).
        char_limit = min(char_limit, self.limits.chars or char_limit)
        if self.limits.body_bytes:
            char_limit = min(char_limit, self.limits.body_bytes // 6)
        self.char_limit: int | None = char_limit
        self.budget = budget or Budget()
        shown = self.url.split("?")[0]
        self.transport = Transport(
            options, f"{self.name} at {shown}", sleep, (options.api_key or "",), classify_error
        )

    @property
    def stats(self) -> EngineStats:
        return self.transport.stats

    @property
    def stopped(self) -> Failure | None:
        return self.transport.stopped

    @property
    def supports_glossary(self) -> bool:
        return hasattr(self.service, "prepare_glossary")

    def stop(self, reason: str) -> None:
        """Send nothing more (requests under way finish); unfinished texts fail as STOPPED."""
        self.transport.stop(Failure(FailureKind.STOPPED, reason))

    def plan(self, texts: Sequence[str]) -> int:
        """How many requests ``texts`` take when nothing fails: the minimum for this run."""
        requests = count = chars = body = 0
        for piece in self._pieces(texts, {})[1]:
            if not piece.chunk:
                continue
            if count and not self.limits.fits(count, chars, body, piece):
                count = chars = body = 0
            if count == 0:
                requests += 1
            count, chars, body = count + 1, chars + piece.size, body + piece.body
        return requests

    def use_glossary(self, source: str, target: str, terms: Mapping[str, str]) -> str | None:
        """Hand required target terms to the service; the glossary's hash, or None if it cannot."""
        prepare = getattr(self.service, "prepare_glossary", None)
        src = engine_language(self.name, source, target=False, overrides=self.options.languages)
        tgt = engine_language(self.name, target, target=True, overrides=self.options.languages)
        if prepare is None or not terms or src is None or tgt is None:
            return None
        tries = 0
        while True:
            result, retry_after = self.transport.call(partial(prepare, src, tgt, terms))
            if isinstance(result, str):
                return result
            wait = self.transport.wait_before_retry(result, tries, retry_after)
            if isinstance(wait, Failure):
                return None  # refused (a pair without glossaries): terms are masked instead
            self.transport.sleep(wait)
            tries += 1

    # -- the engine protocol -------------------------------------------------------

    def translate_batch(
        self,
        texts: Sequence[str],
        source: str,
        target: str,
        on_result: Callable[[int, Outcome], None] | None = None,
    ) -> list[Outcome]:
        """One outcome per text, in order; ``on_result`` hears each as soon as it is known."""
        src = engine_language(self.name, source, target=False, overrides=self.options.languages)
        tgt = engine_language(self.name, target, target=True, overrides=self.options.languages)
        if src is None or tgt is None:
            missing = source if src is None else target
            fail = Failure(FailureKind.LANGUAGE, f"{self.name} does not offer {missing!r}")
            for i in range(len(texts)):
                if on_result:
                    on_result(i, fail)
            return [fail] * len(texts)
        return _Job(self, texts, src, tgt, on_result).run()

    # -- pieces --------------------------------------------------------------------

    def _pieces(
        self, texts: Sequence[str], done: dict[int, Outcome]
    ) -> tuple[list[_Text], list[_Piece]]:
        """Each text's state and its pieces, in order; texts with nothing to send go to ``done``."""
        states: list[_Text] = []
        pieces: list[_Piece] = []
        for i, text in enumerate(texts):
            core = text.strip()
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            chunks = split_text(core, self.char_limit) if core else []
            state = _Text(
                lead,
                trail,
                [sep for _, sep in chunks],
                [None if c else "" for c, _ in chunks],
                sum(len(c) for c, _ in chunks),
            )
            states.append(state)
            if not core:
                state.done = True
                done[i] = Translation(text, self.name)
                continue
            for j, (chunk, _) in enumerate(chunks):
                if chunk:
                    body = json_bytes(chunk) if self.limits.body_bytes else 0
                    pieces.append(_Piece(i, j, chunk, len(chunk), body))
        return states, pieces

    def check_answer(self, value: str | Failure, chunk: str) -> str | Failure:
        if isinstance(value, Failure):
            return value
        if not value.strip():
            return Failure(FailureKind.NOT_FOUND, "the engine returned nothing")
        if _SERVICE_WARNINGS.search(value) and not _SERVICE_WARNINGS.search(chunk):
            kind = FailureKind.QUOTA if _QUOTA_TEXT.search(value) else FailureKind.SERVICE_WARNING
            return Failure(kind, value[:160])
        return value


@dataclass
class _Job:
    """One call of :meth:`MachineEngine.translate_batch`: the queue the workers share."""

    engine: MachineEngine
    texts: Sequence[str]
    source: str
    target: str
    on_result: Callable[[int, Outcome], None] | None
    results: dict[int, Outcome] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.states, self.pieces = self.engine._pieces(self.texts, self.results)
        self.cursor = 0
        self.again: deque[list[_Piece]] = deque()  # halves of failed requests, sent first
        self.inflight = 0
        self.cond = threading.Condition()
        self.transport = self.engine.transport

    def run(self) -> list[Outcome]:
        for i, outcome in sorted(self.results.items()):
            self._tell(i, outcome)
        workers = [
            threading.Thread(target=self._work, daemon=True, name=f"{self.engine.name}-{n}")
            for n in range(max(1, self.engine.options.workers))
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        stopped = self.transport.stopped
        left = Failure(FailureKind.STOPPED, str(stopped) if stopped else "")
        for i in range(len(self.texts)):
            if i not in self.results:
                self._finish(i, left)
        return [self.results[i] for i in range(len(self.texts))]

    # -- the queue -----------------------------------------------------------------

    def _work(self) -> None:
        while True:
            batch, resend = self._next()
            if batch is None:
                return
            try:
                self._send(batch, resend)
            finally:
                with self.cond:
                    self.inflight -= 1
                    self.cond.notify_all()

    def _next(self) -> tuple[list[_Piece] | None, bool]:
        refused: list[int] = []
        try:
            with self.cond:
                while True:
                    if self.transport.stopped is not None:
                        return None, False
                    while self.again:
                        half = [p for p in self.again.popleft() if not self.states[p.text].done]
                        if half:
                            self.inflight += 1
                            return half, True
                    batch = self._pack(refused)
                    if batch:
                        self.inflight += 1
                        return batch, False
                    if self.inflight == 0:
                        return None, False
                    self.cond.wait()
        finally:
            for i in refused:
                self._finish(i, self._over_budget(i))

    def _pack(self, refused: list[int]) -> list[_Piece]:
        """The next request, as full as the limits allow (texts over the budget are skipped)."""
        batch: list[_Piece] = []
        chars = body = 0
        limits, budget = self.engine.limits, self.engine.budget
        while self.cursor < len(self.pieces):
            piece = self.pieces[self.cursor]
            state = self.states[piece.text]
            if state.done or piece.text in refused:
                self.cursor += 1
                continue
            if not state.reserved:
                if not budget.try_spend(state.size):
                    refused.append(piece.text)
                    self.cursor += 1
                    continue
                state.reserved = True
            if not limits.fits(len(batch), chars, body, piece):
                break
            batch.append(piece)
            chars, body = chars + piece.size, body + piece.body
            self.cursor += 1
        return batch

    def _over_budget(self, i: int) -> Failure:
        size = self.states[i].size
        return Failure(FailureKind.BUDGET, f"{size} characters over the remaining budget")

    # -- one request ---------------------------------------------------------------

    def _send(self, batch: list[_Piece], resend: bool) -> None:
        tries = 0
        chunks = [p.chunk for p in batch]
        size = sum(p.size for p in batch)
        while True:
            send = partial(self.engine.service.translate, chunks, self.source, self.target)
            result, retry_after = self.transport.call(send, size, resend or tries > 0)
            if not isinstance(result, Failure):
                self._answered(batch, result)
                return
            if result.kind is FailureKind.STOPPED or result.kind.fatal:
                self._fail(batch, result)
                return
            if self.transport.stopped is not None:
                self._fail(batch, Failure(FailureKind.STOPPED, str(self.transport.stopped)))
                return
            if len(batch) > 1 and result.kind in _SPLIT and retry_after is None:
                self._accept(batch)  # a 2xx with an unreadable body was still charged
                middle = len(batch) // 2
                with self.cond:
                    self.again.appendleft(batch[middle:])
                    self.again.appendleft(batch[:middle])
                    self.cond.notify_all()
                return
            wait = self.transport.wait_before_retry(result, tries, retry_after)
            if isinstance(wait, Failure):
                self._fail(batch, wait)
                return
            self.transport.sleep(wait)
            tries += 1

    def _answered(self, batch: list[_Piece], answers: Sequence[str | Failure]) -> None:
        self._accept(batch)
        for piece, raw in zip(batch, answers):
            state = self.states[piece.text]
            answer = self.engine.check_answer(raw, piece.chunk)
            if isinstance(answer, Failure):
                if answer.kind.fatal:
                    self.transport.stop(answer)
                self._finish(piece.text, answer)
                continue
            state.answers[piece.index] = answer
            if all(a is not None for a in state.answers):
                joined = "".join(
                    (a or "").strip() + sep for a, sep in zip(state.answers, state.seps)
                )
                self._finish(
                    piece.text, Translation(state.lead + joined + state.trail, self.engine.name)
                )

    def _accept(self, batch: list[_Piece]) -> None:
        response = last_response()
        if response is not None and 200 <= response.status_code <= 299:
            with self.cond:  # two pieces of one text may be answered on two threads
                for piece in batch:
                    self.states[piece.text].accepted += piece.size

    def _fail(self, batch: list[_Piece], failure: Failure) -> None:
        for piece in batch:
            self._finish(piece.text, failure)

    # -- outcomes ------------------------------------------------------------------

    def _finish(self, i: int, outcome: Outcome) -> None:
        with self.cond:
            if i in self.results:
                return
            self.results[i] = outcome
            state = self.states[i]
            state.done = True
            if isinstance(outcome, Failure) and state.reserved:
                self.engine.budget.refund(max(0, state.size - state.accepted))
        self._tell(i, outcome)

    def _tell(self, i: int, outcome: Outcome) -> None:
        if self.on_result is not None:
            self.on_result(i, outcome)
