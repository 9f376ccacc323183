"""Running validation beside other work: languages in forked workers, a whole validation in a
forked process while the build renders, and no cyclic-GC pauses while checking.

Forking (not spawning) is the point: children inherit the loaded settings, templates and
check registry, and only results travel back. Where fork is unavailable, on one core, or with
``MIRAGE_WORKERS=1``, everything runs in the calling process, with the same results.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

from .results import ValidationReport

MAX_WORKERS = 2  # the machines this runs on (CI, a laptop) rarely give more; memory stays low
T = TypeVar("T")
_JOB: Callable[[str], Any] | None = None


def _forking() -> bool:
    """Whether to fork at all: several cores, fork available, not switched off."""
    return (
        (os.cpu_count() or 1) >= 2
        and "fork" in multiprocessing.get_all_start_methods()
        and os.environ.get("MIRAGE_WORKERS") != "1"
    )


def _run_job(lang: str) -> Any:
    assert _JOB is not None
    return _JOB(lang)


def map_languages(func: Callable[[str], T], languages: Sequence[str]) -> list[T]:
    """Languages are independent: on a machine with several cores, check them in forked worker
    processes (they inherit the loaded settings and templates; only results travel back)."""
    global _JOB
    workers = min(len(languages), os.cpu_count() or 1, MAX_WORKERS)
    if workers < 2 or not _forking():
        return [func(lang) for lang in languages]
    _JOB = func
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_run_job, languages))
    finally:
        _JOB = None


class BackgroundValidation:
    """``job()`` (a validation) in a forked process, started before a build renders, so that
    both run at once; :meth:`result` gives the report (or, should the child fail in any way,
    runs ``job`` here, which then gives the very same report or raises the very same error).
    The report is kept: the build's gates and its dashboard ask for the one validation."""

    def __init__(self, job: Callable[[], ValidationReport]) -> None:
        self.job = job
        self._proc: Any = None
        self._conn: Any = None
        self._report: ValidationReport | None = None
        if not _forking():
            return
        ctx = multiprocessing.get_context("fork")
        self._conn, send = ctx.Pipe(duplex=False)
        # forked: the job and its settings are inherited, not pickled; only the report travels
        self._proc = ctx.Process(target=_report_into, args=(job, send), daemon=False)
        self._proc.start()
        send.close()

    def ready(self) -> bool:
        """Whether :meth:`result` would return at once (the child has sent its report, or
        there is no child: the job then runs in this process when asked)."""
        return self._report is not None or self._proc is None or bool(self._conn.poll())

    def result(self) -> ValidationReport:
        if self._report is not None:
            return self._report
        report = None
        if self._proc is not None:
            try:
                report = self._conn.recv()
            except (EOFError, OSError):
                report = None
            self._proc.join()
            self._conn.close()
            self._proc = None
        self._report = report if isinstance(report, ValidationReport) else self.job()
        return self._report

    def cancel(self) -> None:
        """Stop the child and the language workers it forked (its own process group: a build
        that fails on bad input leaves no process behind)."""
        if self._proc is not None:
            try:
                os.killpg(self._proc.pid, signal.SIGTERM)
            except OSError:  # not yet its own group: then it has forked nothing either
                self._proc.terminate()
            self._proc.join()
            self._conn.close()
            self._proc = None


def _report_into(job: Callable[[], ValidationReport], conn: Any) -> None:
    os.setpgid(0, 0)  # the workers it forks share the group: cancel() stops them all
    try:
        report: ValidationReport | None = job()
    except BaseException:
        report = None  # the parent runs the job again and gets the error itself
    try:
        conn.send(report)
    except Exception:
        conn.send(None)  # e.g. an error object that cannot be pickled
    conn.close()


@contextmanager
def few_gc_pauses() -> Iterator[None]:
    """Reading a project's catalogues allocates millions of objects that live to the end of
    the run and hold no reference cycles; the cyclic collector would walk them again and again
    (benchmarks/README.md has the cost). Checking makes next to no cyclic garbage, so the
    collector is off while checking (forked workers inherit that) and as before afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
