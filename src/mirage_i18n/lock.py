"""One writer at a time: commands that write the project hold a lock on it.

``update`` running while ``unpack`` ran lost every entry the translator had returned (each read
the catalogue, merged, and wrote it back; the second write won). Every command that writes the
project (extract, update, prefill, unpack, add-language, new, build) now holds an exclusive,
non-blocking ``flock`` on ``<cache>/lock`` for its whole run; a second writer stops at once with
the name and process id of the first. Readers (validate, status, check-sync, pack, review) take
no lock and keep working: every file is replaced atomically, so they see it whole, old or new.

The kernel drops the lock when its process dies, so a killed command never leaves a stale one.
Under the lock no other writer is alive, so temporary files found in the folders writers write
are leftovers of a killed run: they are removed before the command starts.
"""

from __future__ import annotations

import fcntl
import functools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from .config import Settings
from .errors import BusyError, MirageError, from_os_error
from .fsutil import confine, remove_temp_files

LOCK_NAME = "lock"

P = ParamSpec("P")
R = TypeVar("R")

# lock file → (descriptor, nesting depth): add-language runs update under its own lock
_held: dict[str, tuple[int, int]] = {}


def _close_in_child() -> None:
    """A forked worker (build's background validation) must not keep the lock alive after its
    parent is killed: it closes its copy, which leaves the parent's lock in place."""
    for fd, _ in _held.values():
        try:
            os.close(fd)
        except OSError:
            pass
    _held.clear()


os.register_at_fork(after_in_child=_close_in_child)


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").split()
    except OSError:
        text = []
    if len(text) == 2 and text[1].isdigit():
        return f"{text[0]} is running (pid {text[1]})"
    return "another mirage-i18n command is writing this project"


def check_folders(settings: Settings) -> None:
    """The folders writers write (and sweep) resolve inside the project: a ``locales/`` or
    ``.mirage-cache`` that links elsewhere is refused before anything is written through it."""
    for folder in (
        settings.sources_dir,
        settings.locales_dir,
        settings.templates_dir,
        settings.cache_dir,
        *(settings.catalog_dir(lang) for lang in settings.languages),
    ):
        confine(folder, settings.root)


@contextmanager
def project_lock(settings: Settings, command: str) -> Iterator[None]:
    """Hold the project's write lock, or raise :class:`BusyError` naming who holds it."""
    check_folders(settings)
    path = settings.cache_dir / LOCK_NAME
    key = os.path.abspath(path)
    if key in _held:
        fd, depth = _held[key]
        _held[key] = (fd, depth + 1)
        try:
            yield
        finally:
            _held[key] = (fd, depth)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        if path.parent.exists() and not path.parent.is_dir():
            raise MirageError(
                "is not a folder: the project's cache folder must be one (remove or rename it)",
                settings.rel(path.parent),
            ) from None
        raise from_os_error(exc, "cannot create the project's lock file") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _holder(fd)
        os.close(fd)
        raise BusyError(f"{holder}; try again when it ends") from None
    _held[key] = (fd, 1)
    try:
        os.ftruncate(fd, 0)
        try:
            os.pwrite(fd, f"{command} {os.getpid()}\n".encode(), 0)
        except OSError:
            # A full disk: the lock holds without the holder's name (a second writer is told
            # "another mirage-i18n command"), and the command's first real write says which
            # file could not be written, where this said "cannot access" and no file.
            pass
        remove_leftovers(settings)
        yield
    finally:
        _held.pop(key, None)
        try:
            os.ftruncate(fd, 0)  # an idle project's lock file is empty: no stale name in it
        finally:
            os.close(fd)  # releases the lock


def remove_leftovers(settings: Settings) -> list[Path]:
    """Temporary files a killed writer left in the folders writers write (only ever called
    under the lock, so no live writer owns them)."""
    removed = []
    for folder in (settings.locales_dir, settings.sources_dir, settings.cache_dir):
        removed += remove_temp_files(folder)
    removed += remove_temp_files(settings.config_path.parent, settings.config_path.name)
    return removed


def writes_project(
    command: str, unless: Callable[..., bool] | None = None
) -> Callable[[Callable[Concatenate[Settings, P], R]], Callable[Concatenate[Settings, P], R]]:
    """Run the stage under :func:`project_lock` (unless ``unless(*args, **kwargs)`` says it will
    write nothing, as ``prefill --dry-run``)."""

    def decorate(
        stage: Callable[Concatenate[Settings, P], R],
    ) -> Callable[Concatenate[Settings, P], R]:
        @functools.wraps(stage)
        def locked(settings: Settings, *args: P.args, **kwargs: P.kwargs) -> R:
            if unless is not None and unless(settings, *args, **kwargs):
                check_folders(settings)
                return stage(settings, *args, **kwargs)
            with project_lock(settings, command):
                return stage(settings, *args, **kwargs)

        return locked

    return decorate
