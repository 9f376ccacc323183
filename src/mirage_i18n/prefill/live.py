"""The machine-translation pass of a run: answers taken as they arrive, saves by time.

The engine runs on its own threads; each answer is cached (``keep``) on the thread that
received it, the moment it arrives, so the SQLite cache is what a rerun resumes from and a
SIGKILL loses only the requests under way. The calling thread takes the answers
(``take``: into the catalogues) and saves at most every ``save_interval`` seconds
(``save``), at the end, when the engine stops, and on SIGINT or SIGTERM, after which nothing
more is sent. Workers never wait for a save or for each other.
"""

from __future__ import annotations

import queue
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from .engine import Outcome, Translation

if TYPE_CHECKING:  # not at run time: it loads requests, which only a translating run needs
    from .machine import MachineEngine


def translate_live(
    engine: MachineEngine,
    pending: Sequence[str],
    source: str,
    target: str,
    keep: Callable[[str, str], None],
    take: Callable[[str, Outcome], None],
    save: Callable[[], None],
    save_interval: float,
) -> int | None:
    """Translate ``pending``; the signal that ended the pass early, if one did."""
    if not pending:
        return None
    answers: queue.SimpleQueue[tuple[str, Outcome]] = queue.SimpleQueue()
    guard = threading.Lock()
    closed = False
    errors: list[BaseException] = []
    interrupted: int | None = None

    def on_result(i: int, outcome: Outcome) -> None:  # on the engine's threads
        with guard:
            if closed:
                return
            if isinstance(outcome, Translation):
                keep(pending[i], outcome.text)
        answers.put((pending[i], outcome))

    def translate() -> None:
        try:
            engine.translate_batch(pending, source, target, on_result)
        except BaseException as exc:  # re-raised on the calling thread
            errors.append(exc)

    worker = threading.Thread(target=translate, name="prefill-mt", daemon=True)
    saved_at = time.monotonic()
    with _signals() as received:
        worker.start()
        try:
            while worker.is_alive() or not answers.empty():
                try:
                    take(*answers.get(timeout=0.1))
                except queue.Empty:
                    pass
                if received:
                    interrupted = received[0]
                    engine.stop(f"interrupted by {signal.Signals(interrupted).name}")
                    break
                if time.monotonic() - saved_at >= save_interval:
                    save()
                    saved_at = time.monotonic()
        finally:
            with guard:
                closed = True
            while not answers.empty():
                take(*answers.get_nowait())
            save()
    if errors:
        raise errors[0]
    return interrupted


@contextmanager
def _signals() -> Iterator[list[int]]:
    """SIGINT and SIGTERM noted in the list instead of ending the process (main thread only)."""
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return

    def note(signum: int, frame: object) -> None:
        received.append(signum)

    previous = {sig: signal.signal(sig, note) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield received
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
