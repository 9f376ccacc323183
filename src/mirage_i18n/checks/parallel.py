"""Running validation beside other work: languages in forked workers, a whole validation in a
forked process while the build renders, and no cyclic-GC pauses while checking.

Forking (not spawning) is the point: children inherit the loaded settings, templates and
check registry, and only results travel back. Where fork is unavailable, on one core, or with
``MIRAGE_WORKERS=1``, everything runs in the calling process, with the same results.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from ..errors import MirageError
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


def map_languages(
    func: Callable[[str], T], languages: Sequence[str], renew: bool = False
) -> list[T]:
    """Languages are independent: on a machine with several cores, check them in forked worker
    processes (they inherit the loaded settings and templates; only results travel back).

    ``renew``: fresh workers for every ``workers`` languages, so that the copy-on-write copies
    of the pages a worker touched go with it. For a caller that parsed every catalogue before
    forking (the build): the peak memory is a pair of languages', not every language's. It
    costs CPU (each worker learns its per-process caches again: ``validate`` took 1.9× the
    CPU with it at N = 250), so a validation that reads its catalogues in the workers keeps
    one pool."""
    global _JOB
    workers = min(len(languages), os.cpu_count() or 1, MAX_WORKERS)
    if workers < 2 or not _forking():
        return [func(lang) for lang in languages]
    _JOB = func
    results: list[T] = []
    step = workers if renew else len(languages)
    try:
        for start in range(0, len(languages), step):
            with ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=die_with_parent,
                initargs=(os.getpid(),),
            ) as pool:
                results += pool.map(_run_job, languages[start : start + step])
        return results
    finally:
        _JOB = None


class BackgroundValidation:
    """``job()`` (a validation) in a forked process, started before a build renders, so that
    both run at once; :meth:`result` gives the report. The report is kept: the build's gates
    and its dashboard ask for the one validation.

    An error in either process ends both promptly: the child sends its error back at once
    (:meth:`poll`, called by the build between files, raises it in the parent); the parent's
    error ends with :meth:`cancel`, which kills the child and the language workers it forked
    (its own process group); and the child and its own workers die with their parent should
    it be killed (:func:`die_with_parent`), so no process is left holding the command's
    output pipes. Should the child end without a word (killed, an error that cannot travel),
    ``job`` runs here and gives the same report or error."""

    def __init__(self, job: Callable[[], ValidationReport], fork: bool = True) -> None:
        self.job = job
        self._proc: Any = None
        self._conn: Any = None
        self._answer: tuple[str, Any] | None = None
        self._report: ValidationReport | None = None
        if not fork or not _forking():
            return  # the job runs in this process, when its result is first asked for
        ctx = multiprocessing.get_context("fork")
        self._conn, send = ctx.Pipe(duplex=False)
        # forked: the job and its settings are inherited, not pickled; only the report travels
        # (not a daemon: it forks the language workers)
        self._proc = ctx.Process(target=_report_into, args=(job, send, os.getpid()), daemon=False)
        self._proc.start()
        send.close()

    def ready(self) -> bool:
        """Whether :meth:`result` would return at once (the child has answered, or there is
        no child: the job then runs in this process when asked)."""
        if self._report is not None or self._answer is not None or self._proc is None:
            return True
        try:
            return bool(self._conn.poll())
        except (EOFError, OSError):
            return True

    def poll(self) -> None:
        """Without waiting: raise the child's error if it has sent one (the report, if it came,
        is kept for :meth:`result`)."""
        if self._proc is None or self._answer is not None:
            return
        try:
            ready = self._conn.poll()
        except (EOFError, OSError):
            return
        if ready:
            self._receive()
            self._raise_error()

    def result(self) -> ValidationReport:
        if self._report is not None:
            return self._report
        if self._proc is not None and self._answer is None:
            self._receive()
        self._raise_error()
        answer, self._answer = self._answer, None
        self._close()
        if answer is not None and isinstance(answer[1], ValidationReport):
            self._report = answer[1]
        else:
            self._report = self.job()
        return self._report

    def cancel(self) -> None:
        """End the child now (the build failed, or the report is not needed), with the
        language workers it forked."""
        if self._proc is not None:
            try:
                os.killpg(self._proc.pid, signal.SIGKILL)
            except OSError:  # not yet its own group: then it has forked nothing either
                self._proc.kill()
        self._close()
        self._answer = None

    def _receive(self) -> None:
        try:
            self._answer = self._conn.recv()
        except (EOFError, OSError):
            self._answer = ("lost", None)

    def _raise_error(self) -> None:
        if self._answer is not None and self._answer[0] == "error":
            error = self._answer[1]
            self._answer = None
            self.cancel()
            raise error

    def _close(self) -> None:
        if self._proc is not None:
            self._proc.join()
            self._conn.close()
            self._proc = None


def _report_into(job: Callable[[], ValidationReport], conn: Any, parent: int) -> None:
    os.setpgid(0, 0)  # the workers it forks share the group: cancel() stops them all
    die_with_parent(parent)
    answer: tuple[str, Any]
    try:
        answer = ("report", job())
    except (MirageError, OSError) as exc:
        answer = ("error", exc)  # the parent raises it at once: the same error, no rerun
    except BaseException:
        answer = ("lost", None)  # the parent runs the job again and gets the error itself
    try:
        conn.send(answer)
    except Exception:
        conn.send(("lost", None))  # e.g. an error object that cannot be pickled
    conn.close()


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int) -> None:
    """Have this forked process killed when ``parent`` dies, even by SIGKILL: a child left
    running would keep the command's output pipes open (a caller waiting for them would
    hang) and go on using CPU for nobody.

    Linux: the kernel sends SIGKILL on the parent's death (``prctl(PR_SET_PDEATHSIG)``);
    elsewhere a thread checks every half second whether the parent is gone."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        done = libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        done = False
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    if not done:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
