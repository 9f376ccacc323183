"""One exception hierarchy; each class carries the exit code the CLI returns for it.

Exit codes follow the design brief: 0 fine, 1 findings (checks failed, gate not met),
2 usage, configuration or input error.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from os import PathLike


class MirageError(Exception):
    """Base class. ``str(error)`` is ``path:line: message`` when a location is known."""

    exit_code: int = 2

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __reduce__(self) -> tuple[object, ...]:
        # pickled with its place (an error from a worker process): args alone lose path, line
        return (_rebuild, (type(self), self.message, self.path, self.line, self.exit_code))

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class UsageError(MirageError):
    """The command was called with arguments that make no sense."""


class ConfigError(MirageError):
    """The project configuration is missing or invalid."""


class SourceError(MirageError):
    """A source text (Markdown, front matter, shared texts) cannot be read."""


class CatalogError(MirageError):
    """A .po/.pot file cannot be read or contradicts its place in the project."""


class PublishError(MirageError):
    """Rendering or writing the published output failed."""


class BusyError(MirageError):
    """Another command is writing the project (see :mod:`mirage_i18n.lock`)."""


class MultipleErrors(MirageError):
    """Several independent inputs were broken; all are reported, none is written."""

    def __init__(self, errors: Sequence[MirageError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))
        self.exit_code = max((e.exit_code for e in self.errors), default=2)

    def __reduce__(self) -> tuple[object, ...]:
        return (MultipleErrors, (self.errors,))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


def _rebuild(
    cls: type[MirageError], message: str, path: str | None, line: int | None, exit_code: int
) -> MirageError:
    error = cls.__new__(cls)
    MirageError.__init__(error, message, path, line)
    error.exit_code = exit_code
    return error


def from_os_error(
    exc: OSError, doing: str = "cannot access", path: str | PathLike[str] | None = None
) -> MirageError:
    """One line for an operating-system failure (permissions, a full disk, a file size limit,
    a path too long): ``path: cannot write: No space left on device``. ``path`` names the file
    when the error's own is missing (a failed ``write()`` has none) or misleading (a temporary
    file)."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    where = os.fspath(path) if path is not None else None
    if where is None and isinstance(exc.filename, str):
        where = exc.filename
    if where is None and isinstance(exc.filename, bytes):
        where = exc.filename.decode("utf-8", "replace")
    return MirageError(f"{doing}: {reason}", where)


def raise_all(errors: Iterable[MirageError]) -> None:
    """Raise nothing, the one error, or all of them together."""
    errs = list(errors)
    if len(errs) == 1:
        raise errs[0]
    if errs:
        raise MultipleErrors(errs)
