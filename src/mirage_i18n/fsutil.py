"""Atomic file writes: a crash or kill never leaves a half-written file behind.

The temporary file of a write is ``.<name>.<8 random characters>.mirage-tmp`` beside its
target: recognisable, so the next writing command (under the project lock, see :mod:`lock`)
removes what a killed run left. :class:`StagedWrites` writes many files with one flush to disk.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from types import TracebackType

from .errors import MirageError, from_os_error

TEMP_SUFFIX = ".mirage-tmp"
# ours end in 8 hex digits (mkstemp's, before, in 8 of [a-z0-9_]); ".tmp" is what earlier
# versions wrote
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
    real = real_path(path)
    real_root = real_folder(root)
    if real != real_root and not real.startswith(real_root.rstrip(os.sep) + os.sep):
        if shown is None:
            shown = Path(os.path.relpath(os.path.abspath(path), os.path.abspath(root))).as_posix()
        raise MirageError(f"resolves outside {inside} (a symbolic link?); refused", shown)
    return path


# folder → its resolved path, while folders_resolved_once() is active
_resolved_folders: ContextVar[dict[str, str] | None] = ContextVar("resolved_folders", default=None)


@contextmanager
def folders_resolved_once() -> Iterator[None]:
    """Within the block, :func:`confine` resolves each folder once.

    ``os.path.realpath`` checks every component of the path with a system call, each time:
    for the 8,168 catalogues of ``update`` (each confined twice, with its root) that was 5 %
    of the run. Inside the block a file is resolved as its folder's cached resolution plus
    its name, unless the file itself is a symbolic link (checked every time, as before). The
    cache lives only as long as the block: one stage of one command.
    """
    token = _resolved_folders.set({})
    try:
        yield
    finally:
        _resolved_folders.reset(token)


def real_path(path: str | os.PathLike[str]) -> str:
    """``os.path.realpath(path)``; inside :func:`folders_resolved_once`, each folder resolved
    once."""
    cache = _resolved_folders.get()
    text = os.fspath(path)
    if cache is None:
        return os.path.realpath(text)
    if not os.path.isabs(text):
        text = os.path.join(os.getcwd(), text)
    parts = text.split("/")
    if "" in parts[1:] or "." in parts or ".." in parts:  # ".." resolves after the links
        return os.path.realpath(text)
    folder, name = os.path.split(text)
    try:
        if stat.S_ISLNK(os.lstat(text).st_mode):
            return os.path.realpath(text)
    except OSError:
        pass  # missing (or unreadable): realpath keeps the name as it is, after its folder
    resolved = cache.get(folder)
    if resolved is None:
        resolved = cache[folder] = real_path(folder)
    return os.path.join(resolved, name)


def real_folder(folder: str | os.PathLike[str]) -> str:
    """:func:`real_path` of a folder; inside :func:`folders_resolved_once`, from its cache (the
    project root, resolved for every path :func:`confine` checks)."""
    cache = _resolved_folders.get()
    if cache is None:
        return os.path.realpath(folder)
    text = os.fspath(folder)
    hit = cache.get(text)
    if hit is None:
        hit = cache[text] = real_path(text)
    return hit


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


def names_below(folder: Path, suffix: str) -> list[str]:
    """:func:`files_below` as POSIX paths relative to ``folder`` (``news/2021-01-0001.po``), in
    no particular order: the same walk, without a ``Path`` per file (``update`` lists the 8,168
    catalogues of a 1,000-article project to find orphans; pathlib made that 7 % of its CPU)."""

    def fail(exc: OSError) -> None:
        raise from_os_error(exc, "cannot list the folder")

    if not os.path.isdir(folder):
        return []
    base = os.fspath(folder)
    cut = len(base.rstrip("/")) + 1  # os.walk joins a folder's subfolders with one "/"
    found: list[str] = []
    for top, dirs, files in os.walk(base, onerror=fail):
        inside = top[cut:] + "/" if top != base else ""
        found += [inside + name for name in (*dirs, *files) if name.endswith(suffix)]
    return found


def read_prefix(path: str | os.PathLike[str], limit: int) -> bytes:
    """``open(path, "rb").read(limit)``: the file's bytes, at most ``limit`` of them, and the
    same ``OSError`` when it cannot be read. Without a file object (its ``fstat``, ``ioctl``,
    ``lseek``) and without a buffer of ``limit`` bytes for a file of a few kilobytes: the
    first read asks for what ``fstat`` says the file holds, plus one byte to see its end."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        return read_fd(fd, os.fstat(fd).st_size, limit)
    finally:
        os.close(fd)


def read_fd(fd: int, size: int, limit: int = sys.maxsize) -> bytes:
    """What is left to read of the open file ``fd``, at most ``limit`` bytes; ``size``: what
    ``fstat`` says it holds (the first read asks for that, plus one byte to see its end)."""
    want = min(limit, size + 1)
    parts: list[bytes] = []
    total = 0
    while total < limit:
        part = os.read(fd, want - total if total < want else min(limit - total, 1 << 16))
        if not part:
            break
        parts.append(part)
        total += len(part)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """``Path(path).read_bytes()`` by :func:`read_prefix`: ``update`` reads 9,000 catalogues
    and templates, each through a file object before."""
    return read_prefix(path, sys.maxsize)


def atomic_write_bytes(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` via a temporary file and rename.

    Returns False without touching the file when its content is already ``data``,
    so unchanged outputs keep their bytes and their modification time. An operating-system
    failure (a full disk, a read-only folder) is a :class:`MirageError` naming ``path``, never
    the temporary file, which is removed.
    """
    path = Path(path)
    held = _holds(path, data)
    if held:
        return False
    _rename(_write_temp(path, data, sync=True, absent=held is None), path)
    return True


def _holds(path: Path, data: bytes) -> bool | None:
    """Whether ``path`` holds ``data``; None when there is no such file."""
    try:
        return read_bytes(path) == data
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise from_os_error(exc, "cannot read", path) from None


# mkstemp's flags
_CREATE = os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def _create_temp(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path`` (named as :data:`_TEMP_NAME` expects), open, with
    mkstemp's mode 0600.

    ``tempfile.mkstemp`` without its costs: its module (shutil, random and the compressors,
    3 ms of every start) and its per-name work (``random.choices``, a ``getpid``). Eight hex
    digits from ``os.urandom``; ``O_EXCL`` makes a name taken by another file try the next.
    """
    folder = os.path.abspath(os.path.dirname(path))  # as mkstemp names it
    prefix = os.path.join(folder, f".{path.name}.")
    for _ in range(100):
        tmp = f"{prefix}{os.urandom(4).hex()}{TEMP_SUFFIX}"
        try:
            return os.open(tmp, _CREATE, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", folder)


def write_all(fd: int, data: bytes | Iterable[bytes]) -> None:
    """Every byte of ``data`` (the bytes, or their chunks in order) to ``fd``: a write may stop
    short (a size limit reached), so each goes on from where the last one stopped."""
    for chunk in (data,) if isinstance(data, bytes) else data:
        view = memoryview(chunk)
        while view:
            view = view[os.write(fd, view) :]


def atomic_write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """:func:`atomic_write_bytes` of ``b"".join(chunks)``, holding one chunk at a time, for a
    file as large as the project; it is written even when ``path`` already holds the bytes."""
    path = Path(path)
    _rename(_write_temp(path, chunks, sync=True), path)


def _write_temp(path: Path, data: bytes | Iterable[bytes], sync: bool, absent: bool = False) -> str:
    """``data`` (the bytes, or their chunks) in a new temporary file beside ``path``, with the
    mode ``path`` has or would get; an OS failure names ``path`` and leaves no temporary
    file. ``absent``: the caller has just found no file at ``path`` (its mode need not be
    looked up).

    The folder is created only when the file cannot be created without it (a ``mkdir`` and a
    ``stat`` per file before, in folders that nearly always exist); the bytes go through
    ``os.write``, without a file object (its ``fstat``, ``ioctl`` and ``lseek``)."""
    try:
        fd, tmp = _create_temp(path)
    except OSError:
        # as before: the folder made first (its failure reported as such), then the file
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise from_os_error(exc, "cannot create the folder") from None
        try:
            fd, tmp = _create_temp(path)
        except OSError as exc:
            raise from_os_error(exc, "cannot write", path) from None
    try:
        try:
            # mkstemp's 0600 would hide the file from group and others
            os.fchmod(fd, 0o666 & ~_UMASK if absent else _file_mode(path))
            write_all(fd, data)
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        _unlink(tmp)
        raise from_os_error(exc, "cannot write", path) from None
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _rename(tmp: str, path: Path) -> None:
    """The temporary file over ``path``; on failure it is removed and ``path`` named."""
    try:
        os.replace(tmp, path)
    except OSError as exc:
        _unlink(tmp)
        raise from_os_error(exc, "cannot write", path) from None
    except BaseException:
        _unlink(tmp)
        raise


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass  # the failure that brought us here is the one to report


class StagedWrites:
    """Many atomic writes made durable together: for a stage that writes hundreds of files.

    :meth:`write` puts each changed file's bytes in its temporary file (as
    :func:`atomic_write_bytes`, but without an fsync each); :meth:`commit` makes them all
    durable with one ``syncfs`` of their file system (an fsync of each where the C library has
    no ``syncfs``), then renames each over its target. One fsync per file was 1,021 journal
    commits for ``extract``'s templates. A crash before the renames leaves only temporary
    files (the next writer removes them, see :mod:`lock`); after, every file is whole, old or
    new, as with :func:`atomic_write_bytes`. A file that already holds its bytes is never
    touched. Used as a context manager, it commits when the block ends normally and removes
    the temporary files when the block raises (so a stage that finds an error after writing
    some files leaves every file as it was).
    """

    def __init__(self) -> None:
        self._staged: list[tuple[str, Path]] = []

    def write(self, path: Path, data: bytes, current: bytes | None = None) -> bool:
        """Stage ``data`` for ``path``; False (nothing staged) when the file holds it already.

        ``current``: the file's bytes if the caller has just read them (not read again).
        """
        if not isinstance(path, Path):  # (Path(path) parses a Path's parts again)
            path = Path(path)
        if current is not None:
            if data == current:
                return False
            tmp = _write_temp(path, data, sync=False)
        else:
            held = _holds(path, data)
            if held:
                return False
            tmp = _write_temp(path, data, sync=False, absent=held is None)
        self._staged.append((tmp, path))
        return True

    def commit(self) -> None:
        staged, self._staged = self._staged, []
        done = 0
        try:
            _sync([tmp for tmp, _ in staged])
            for tmp, path in staged:
                _rename(tmp, path)
                done += 1
        except BaseException:
            for tmp, _ in staged[done:]:
                _unlink(tmp)
            raise

    def discard(self) -> None:
        staged, self._staged = self._staged, []
        for tmp, _ in staged:
            _unlink(tmp)

    def __enter__(self) -> StagedWrites:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


def _sync(files: list[str]) -> None:
    """Make ``files`` durable: one ``syncfs`` per file system they are on, else fsync each."""
    if not files:
        return
    try:
        import ctypes

        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (ImportError, OSError, AttributeError):  # not Linux
        for name in files:
            fd = os.open(name, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        return
    devices: dict[int, str] = {}
    for folder in sorted({os.path.dirname(name) for name in files}):
        devices.setdefault(os.stat(folder).st_dev, folder)
    for folder in devices.values():
        fd = os.open(folder, os.O_RDONLY)
        try:
            if syncfs(fd) != 0:
                code = ctypes.get_errno()
                raise from_os_error(OSError(code, os.strerror(code)), "cannot write", folder)
        finally:
            os.close(fd)


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
    import tempfile  # only here: see _create_temp

    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    os.chmod(folder, 0o777 & ~_UMASK)
    return folder


def atomic_write_text(path: Path, text: str) -> bool:
    """UTF-8, LF line ends; see :func:`atomic_write_bytes`."""
    return atomic_write_bytes(path, text.encode("utf-8"))
