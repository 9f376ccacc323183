"""Atomic file writes: a crash or kill never leaves a half-written file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` via a temporary file and rename.

    Returns False without touching the file when its content is already ``data``,
    so unchanged outputs keep their bytes and their modification time.
    """
    path = Path(path)
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
        except FileNotFoundError:
            pass
        raise
    return True


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
