"""A machine-translation engine: texts in, one outcome per text, on worker threads.

Each text keeps its leading and trailing whitespace here (Google and MyMemory strip it), is
split at sentence ends below the engine's limit (:mod:`.splitting`), and is sent through the
engine's :class:`.transport.Transport`. A translator instance is built per thread and
language pair, since deep-translator's instances keep the current request's text.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

from .deeptranslator import classify_error
from .engine import Budget, Failure, FailureKind, Outcome, Translation
from .languages import engine_language
from .options import EngineOptions
from .splitting import split_text
from .transport import EngineStats, Transport

# Builds a translator for (options, url, source code, target code), codes in the engine's spelling.
Builder = Callable[[EngineOptions, str, str, str], Any]
# An engine's own look at an answer before it is accepted (MyMemory's JSON status).
AnswerCheck = Callable[[str], Failure | None]

# Texts services answer with instead of a translation (MyMemory, and mirrors relaying it).
_SERVICE_WARNINGS = re.compile(
    r"MYMEMORY WARNING|YOU USED ALL AVAILABLE FREE TRANSLATIONS|QUERY LENGTH LIMIT EXCEEDED|"
    r"INVALID LANGUAGE PAIR|PLEASE SELECT TWO DISTINCT LANGUAGES|IS AN INVALID (?:SOURCE|TARGET) LANGUAGE|"
    r"INVALID EMAIL PROVIDED|NO QUERY SPECIFIED",
)
_QUOTA_TEXT = re.compile(r"ALL AVAILABLE FREE TRANSLATIONS|QUOTA", re.IGNORECASE)


class MachineEngine:
    """One machine-translation service behind the :class:`~.engine.Engine` protocol."""

    remote = True

    def __init__(
        self,
        name: str,
        options: EngineOptions,
        url: str,
        char_limit: int | None,
        build: Builder,
        check_answer: AnswerCheck | None = None,
        budget: Budget | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.name = name
        self.options = options
        self.url = url
        self.char_limit = char_limit
        self.budget = budget or Budget()
        self.transport = Transport(
            options, self.budget, sleep, (options.api_key or "",), classify_error
        )
        self._build = build
        self._check_answer = check_answer
        self._local = threading.local()

    @property
    def stats(self) -> EngineStats:
        return self.transport.stats

    @property
    def stopped(self) -> Failure | None:
        return self.transport.stopped

    # -- public --------------------------------------------------------------------

    def translate_batch(
        self,
        texts: Sequence[str],
        source: str,
        target: str,
        on_result: Callable[[int, Outcome], None] | None = None,
    ) -> list[Outcome]:
        """Translate each text; failures are per text. Thread-safe per instance."""
        src = engine_language(self.name, source, target=False, overrides=self.options.languages)
        tgt = engine_language(self.name, target, target=True, overrides=self.options.languages)
        results: list[Outcome] = [Failure(FailureKind.STOPPED)] * len(texts)
        if src is None or tgt is None:
            missing = source if src is None else target
            fail = Failure(FailureKind.LANGUAGE, f"{self.name} does not offer {missing!r}")
            for i in range(len(texts)):
                results[i] = fail
                if on_result:
                    on_result(i, fail)
            return results

        def work(i: int) -> None:
            outcome = self._translate_one(texts[i], src, tgt)
            results[i] = outcome
            if on_result:
                on_result(i, outcome)

        if self.options.workers <= 1 or len(texts) <= 1:
            for i in range(len(texts)):
                work(i)
        else:
            with ThreadPoolExecutor(max_workers=self.options.workers) as pool:
                list(pool.map(work, range(len(texts))))
        return results

    # -- one text ------------------------------------------------------------------

    def _translate_one(self, text: str, src: str, tgt: str) -> Outcome:
        if self.stopped is not None:
            return Failure(FailureKind.STOPPED, str(self.stopped))
        core = text.strip()
        if not core:
            return Translation(text, self.name)
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        chunks = split_text(core, self.char_limit)
        if not self.budget.try_spend(sum(len(c) for c, _ in chunks)):
            return Failure(FailureKind.BUDGET, f"{len(core)} characters over the remaining budget")
        out: list[str] = []
        for chunk, sep in chunks:
            if not chunk:
                out.append(sep)
                continue
            result = self.transport.send(len(chunk), partial(self._attempt, chunk, src, tgt))
            if isinstance(result, Failure):
                return result
            out.append(result.strip() + sep)
        return Translation(lead + "".join(out) + trail, self.name)

    def _attempt(self, chunk: str, src: str, tgt: str) -> str | Failure:
        value = self._translator(src, tgt).translate(chunk)
        return self._check_output(value, chunk)

    def _translator(self, src: str, tgt: str) -> Any:
        """This thread's translator for the pair (instances keep per-request state)."""
        cache: dict[tuple[str, str], Any] = self._local.__dict__.setdefault("translators", {})
        translator = cache.get((src, tgt))
        if translator is None:
            translator = self._build(self.options, self.url, src, tgt)
            # Our codes, set after construction: 1.11.4's own tables are incomplete.
            translator.source, translator.target = src, tgt
            cache[(src, tgt)] = translator
        return translator

    def _check_output(self, value: Any, chunk: str) -> str | Failure:
        if not isinstance(value, str) or not value.strip():
            return Failure(FailureKind.NOT_FOUND, "the engine returned nothing")
        if self._check_answer is not None:
            refused = self._check_answer(value)
            if refused is not None:
                return refused
        if _SERVICE_WARNINGS.search(value) and not _SERVICE_WARNINGS.search(chunk):
            kind = FailureKind.QUOTA if _QUOTA_TEXT.search(value) else FailureKind.SERVICE_WARNING
            return Failure(kind, value[:160])
        return value
