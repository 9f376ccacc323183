"""Atomic file writes: a crash or kill never leaves a half-written file behind.

The temporary file of a write is ``.<name>.<8 random characters>.mirage-tmp`` beside its
target: recognisable, so the next writing command (under the project lock, see :mod:`lock`)
removes what a killed run left.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from .errors import MirageError, from_os_error

TEMP_SUFFIX = ".mirage-tmp"
# mkstemp's random part is 8 characters of [a-z0-9_]; ".tmp" is what earlier versions wrote
_TEMP_NAME = re.compile(r"\.(?P<target>.+)\.[a-z0-9_]{8}(?:\.mirage-tmp|\.tmp)")


def temp_target(name: str) -> str | None:
    """The file a temporary file named ``name`` was going to replace, or None when ``name``
    is not one of ours."""
    match = _TEMP_NAME.fullmatch(name)
    return match.group("target") if match else None


def confine(path: Path, root: Path, shown: str | None = None, inside: str = "the project") -> Path:
    """``path``, after checking that it resolves inside ``root``.

    A catalogue that was a symlink to ``/etc/passwd`` made ``validate`` print its first line (a
    secret in the log of a CI run on a pull request), and a ``locales/<lang>/LC_MESSAGES`` or
    cache folder linking elsewhere was written through. Every reader and writer of project
    files passes its path here first; symlinks that stay inside ``root`` are fine. ``shown``
    defaults to the path relative to ``root``; the link's target is never printed.
    """
    real = os.path.realpath(path)
    real_root = os.path.realpath(root)
    if real != real_root and not real.startswith(real_root.rstrip(os.sep) + os.sep):
        if shown is None:
            shown = Path(os.path.relpath(os.path.abspath(path), os.path.abspath(root))).as_posix()
        raise MirageError(f"resolves outside {inside} (a symbolic link?); refused", shown)
    return path


def remove_temp_files(folder: Path, only_for: str | None = None) -> list[Path]:
    """Remove the temporary files of interrupted writes below ``folder`` (only those of
    ``only_for`` directly in ``folder``, when given). Symlinked folders are not followed."""
    removed: list[Path] = []
    if not os.path.isdir(folder):
        return removed
    for top, dirs, files in os.walk(folder):
        if only_for is not None:
            dirs.clear()
        for name in files:
            target = temp_target(name)
            if target is None or (only_for is not None and target != only_for):
                continue
            path = Path(top) / name
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            removed.append(path)
    return removed


def files_below(folder: Path, suffix: str) -> list[Path]:
    """Every entry below ``folder`` whose name ends with ``suffix``, sorted, as
    ``Path.rglob("*" + suffix)``: symlinked folders are not entered, and a folder so named is
    listed too (its reader then says "Is a directory" rather than skipping it). Unlike
    ``rglob``, a folder that cannot be listed is an error, not an empty folder: ``extract`` took
    an unreadable ``source_texts/news`` for one whose articles were all deleted, and removed
    their templates."""

    def fail(exc: OSError) -> None:
        raise from_os_error(exc, "cannot list the folder")

    if not os.path.isdir(folder):
        return []
    found = []
    for top, dirs, files in os.walk(folder, onerror=fail):
        found += [Path(top) / name for name in (*dirs, *files) if name.endswith(suffix)]
    return sorted(found)


def atomic_write_bytes(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` via a temporary file and rename.

    Returns False without touching the file when its content is already ``data``,
    so unchanged outputs keep their bytes and their modification time. An operating-system
    failure (a full disk, a read-only folder) is a :class:`MirageError` naming ``path``, never
    the temporary file, which is removed.
    """
    path = Path(path)
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise from_os_error(exc, "cannot read", path) from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise from_os_error(exc, "cannot create the folder") from None
    try:
        _replace(path, data)
    except OSError as exc:
        raise from_os_error(exc, "cannot write", path) from None
    return True


def _replace(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        os.chmod(tmp, _file_mode(path))  # mkstemp's 0600 would hide the file from group and others
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass  # the failure that brought us here is the one to report
        raise


def _read_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


# Read once, at import: os.umask can only be read by setting it, which races with other threads.
_UMASK = _read_umask()


def _file_mode(path: Path) -> int:
    """The mode ``path`` has, or the one ``open()`` would give a new file (0666 less the umask)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_UMASK


def make_staging_dir(parent: Path, prefix: str) -> Path:
    """A fresh folder beside the one it will replace, with the mode ``mkdir`` would give
    (mkdtemp's 0700 would make a swapped-in ``dist/`` unreadable to a web server's user)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    os.chmod(folder, 0o777 & ~_UMASK)
    return folder


def atomic_write_text(path: Path, text: str) -> bool:
    """UTF-8, LF line ends; see :func:`atomic_write_bytes`."""
    return atomic_write_bytes(path, text.encode("utf-8"))
