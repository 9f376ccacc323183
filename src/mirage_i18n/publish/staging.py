"""The build's output folder: which folder it may replace, the staging folder beside it that
receives each file as it is rendered, and the one atomic swap that puts it in place.

What ``dist/`` is at any moment, even when the build is killed: the previous build or the new
one, whole. The swap is one ``renameat2(RENAME_EXCHANGE)`` on Linux, so ``dist/`` never stops
existing; elsewhere (or on a file system without it) two renames, and a build killed between
them leaves the previous build beside ``dist/``, which the next build puts back first.

What the build did not write is kept: a ``CNAME``, a ``.nojekyll`` or the ``.git`` of a GitHub
Pages worktree in ``dist/`` move into the new build before the swap (a rename: nothing is
copied, nothing deleted). A folder the build has never written (no ``.mirage-build`` marker)
that holds other files is refused, naming them, rather than adopted.

Staging folders (``.<dist>.building-<pid>-*``, and the previous build after the swap) carry the
id of the process that made them; the next build removes those whose process is gone, after
moving anything the build did not write back into ``dist/``.
"""

from __future__ import annotations

import codecs
import ctypes
import errno
import os
import re
import secrets
import shutil
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..chars import describe, first_forbidden
from ..config import Settings
from ..errors import PublishError, UsageError
from ..fsutil import make_staging_dir, write_all

if TYPE_CHECKING:  # the no-op build imports this module: keep it light
    from .report import BuildReport, Writer

KEPT_DIRS = ("report",)  # written by other stages (validation dashboard); carried over on swap
MARKER = ".mirage-build"  # marks a folder as ours: only such a folder is ever swapped away
MARKER_TEXT = (
    b"Written by mirage-i18n build; this folder is replaced on every build.\n"
    b"Files and folders the build does not write (CNAME, .git, ...) are kept.\n"
)
BUILD_ENTRIES = frozenset(
    {
        "site",
        "catalogs",
        "markdown",
        "newsletter",
        "report",
        "publish-report.json",
        "publish-report.txt",
        MARKER,
    }
)
WHAT = "the build output folder (build --out, or [paths] dist)"
# No output text holds a control character (mirage_i18n.chars), nor invalid UTF-8: the
# writers drop them from translations, sources refuse them; this is the last line, over the
# bytes actually written. In an .eml, CR and LF only as CRLF line ends.
_EML_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\r(?!\n)|(?<!\r)\n")


def check_output_folder(out_dir: Path, settings: Settings) -> None:
    """Refuse an output folder a build must not replace: the project, a folder containing it,
    one inside the sources, catalogues, cache or templates, a file, or a folder that a build
    never wrote (no marker) and that holds other files."""
    target = out_dir.resolve()
    shown = settings.rel(out_dir)
    root = settings.root.resolve()
    if target == root or target in root.parents:
        raise UsageError(f"{WHAT} cannot be the project or a folder containing it", shown)
    for name, folder in (
        ("sources", settings.sources_dir),
        ("locales", settings.locales_dir),
        ("cache", settings.cache_dir),
        ("templates", settings.site.templates_dir),
    ):
        inner = folder.resolve()
        if target == inner or inner in target.parents or target in inner.parents:
            raise UsageError(
                f"{WHAT} cannot be inside or hold the project's {name} folder "
                f"({settings.rel(folder)})",
                shown,
            )
    if not target.exists():
        return
    if not target.is_dir():
        raise UsageError(f"{WHAT} is a file; give a new folder, an empty one or a build's", shown)
    if (target / MARKER).is_file():
        return
    try:
        foreign = sorted(p.name for p in target.iterdir() if p.name not in BUILD_ENTRIES)
    except OSError as exc:
        raise UsageError(f"{WHAT} cannot be read: {_reason(exc)}", shown) from None
    if foreign:
        listed = ", ".join(foreign[:5]) + (
            f" and {len(foreign) - 5} more" if len(foreign) > 5 else ""
        )
        raise UsageError(
            f"{WHAT} was not written by a build and holds {listed}; choose a new or empty "
            f"folder, or create an empty {MARKER} file in it to let the build use it (the "
            "build then keeps whatever it does not write)",
            shown,
        )


def output_name(rel: str) -> str:
    """``rel`` as the one POSIX spelling the build reports (``a//./b`` → ``a/b``); a path that
    would leave the output folder is an error, whatever text it was made from."""
    if _plain_name(rel):
        return rel  # what the build makes: the general path below gives it back unchanged
    return _output_name(rel)


def _plain_name(rel: str) -> bool:
    """Whether ``rel`` is already its own POSIX spelling and holds nothing to refuse: parts
    that are neither empty, ``.`` nor ``..`` (so not absolute, no ``//``, no trailing ``/``),
    no tab or line break, no forbidden character."""
    parts = rel.split("/")
    return (
        "" not in parts
        and "." not in parts
        and ".." not in parts
        and "\t" not in rel
        and "\n" not in rel
        and first_forbidden(rel) < 0
    )


def _output_name(rel: str) -> str:
    """:func:`output_name`, the general way (every spelling, every error)."""
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise PublishError(f"output path {rel!r} is not inside the output folder")
    at = first_forbidden(rel.replace("\t", "\x0b").replace("\n", "\x0b"))
    if at >= 0:
        odd = rel[at]  # a line break in a source file's name: every tool reading dist/ trips
        what = {"\n": "a line break", "\t": "a tab"}.get(odd) or describe(odd)
        raise PublishError(
            f"output path {rel!r} would hold {what}: rename the source file it comes from"
        )
    return path.as_posix()


class Staging:
    """The next output folder, ``.<dist>.building-<pid>-*`` beside ``out_dir``: files are
    written into it as they are rendered (``staging[rel] = data``), and :meth:`finish` swaps
    it into place whole. Leaving the ``with`` block by an exception removes it; ``out_dir`` is
    then as it was.

    ``shown`` is how messages name ``out_dir``; ``watch`` is called after each file and may
    raise to abort the build (another process of the command failed)."""

    def __init__(
        self, out_dir: Path, shown: str | None = None, watch: Callable[[], None] | None = None
    ) -> None:
        self.out_dir = out_dir.resolve()
        self.shown = shown or str(out_dir)
        self.watch = watch
        self.names: set[str] = set()
        self.folder: Path | None = None
        self._made: set[str] = set()  # folders (relative) known to exist in the staging folder
        self._root = ""  # the staging folder's path, as text

    def __enter__(self) -> Staging:
        parent = self.out_dir.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            self.folder = make_staging_dir(parent, staging_prefix(self.out_dir, "building"))
            self._root = os.fspath(self.folder)
        except OSError as exc:
            raise PublishError(
                f"cannot write {WHAT} there (a build is written beside it, then swapped "
                f"in): {_reason(exc)}",
                self.shown,
            ) from None
        return self

    def __setitem__(self, rel: str, data: bytes) -> None:
        """Write one output. Two outputs at one file are an error, however their paths are
        spelt: the file is created exclusively, so the file system itself says when ``a//b``
        and ``a/b`` (or, on a case-insensitive one, ``A`` and ``a``) are the same file."""
        name = output_name(rel)
        _refuse_control(name, data)
        self._write(name, data)

    def write_text(self, rel: str, text: str) -> None:
        """``self[rel] = text.encode("utf-8")``, the text checked as it is (decoding the bytes
        just encoded would give it back) rather than decoded again."""
        name = output_name(rel)
        data = text.encode("utf-8")
        if name.endswith((".mo", ".eml")):
            _refuse_control(name, data)
        else:
            _refuse_control_text(name, text)
        self._write(name, data)

    def write_chunks(self, rel: str, chunks: Iterable[bytes]) -> None:
        """``self[rel] = b"".join(chunks)``, holding one chunk at a time (a language's JSON
        catalogue is 12–16 MB at N = 4,000 articles, and was held as bytes and as decoded text)."""
        name = output_name(rel)
        if name.endswith(".eml"):  # its line-ending rule spans chunks: checked whole (small)
            self[rel] = b"".join(chunks)
            return
        check = None if name.endswith(".mo") else _control_checker(name)

        def checked() -> Iterator[bytes]:
            for chunk in chunks:
                if check is not None:
                    check(chunk, False)
                yield chunk
            if check is not None:
                check(b"", True)

        self._write(name, checked())

    def write_text_chunks(self, rel: str, pieces: Iterable[str]) -> None:
        """``self.write_text(rel, "".join(pieces))``, a piece at a time (a feed, the sitemap),
        each piece checked as text and encoded as it comes."""
        name = output_name(rel)
        if name.endswith((".mo", ".eml")):
            self.write_chunks(rel, (piece.encode("utf-8") for piece in pieces))
            return

        def checked() -> Iterator[bytes]:
            for piece in pieces:
                _refuse_control_text(name, piece)
                yield piece.encode("utf-8")

        self._write(name, checked())

    def _write(self, name: str, data: bytes | Iterator[bytes]) -> None:
        assert self.folder is not None, "use Staging in a with block"
        root = self._root
        folder = name.rpartition("/")[0]
        try:
            if folder and folder not in self._made:
                # made once per folder, not once per file (a system call each); a file where a
                # folder is needed still fails here, as does a folder where a file is wanted
                # below (created exclusively)
                os.makedirs(f"{root}/{folder}", exist_ok=True)
                while folder and folder not in self._made:
                    self._made.add(folder)
                    folder = folder.rpartition("/")[0]
            _write_new(f"{root}/{name}", data)
        except (FileExistsError, NotADirectoryError):
            raise PublishError(f"two outputs would be written to {name}") from None
        except OSError as exc:
            raise PublishError(f"cannot write: {_reason(exc)}", f"{self.shown}/{name}") from None
        self.names.add(name)
        if self.watch is not None:
            self.watch()

    def finish(self, report: BuildReport, writers: Iterable[Writer]) -> None:
        """Run the writers on the staging folder, then swap it in (see the module docstring)."""
        assert self.folder is not None
        staging, out_dir = self.folder, self.out_dir
        for writer in writers:
            writer(staging, report)
        moved: list[str] = []
        previous: Path | None = None
        try:
            if out_dir.exists():
                for name in KEPT_DIRS:
                    kept = out_dir / name
                    if kept.is_dir() and not (staging / name).exists():
                        shutil.copytree(kept, staging / name, symlinks=True)
                for entry in sorted(out_dir.iterdir()):
                    if entry.name not in BUILD_ENTRIES:
                        os.rename(entry, staging / entry.name)
                        moved.append(entry.name)
                # its mode last: a read-only mode (0555) would refuse the moves into it
                os.chmod(staging, stat.S_IMODE(out_dir.stat().st_mode))
                previous = _swap(staging, out_dir)
            else:
                os.rename(staging, out_dir)
        except OSError as exc:
            for name in moved:  # what the build did not write goes back where it was
                if not (out_dir / name).exists():
                    try:
                        os.rename(staging / name, out_dir / name)
                    except OSError:
                        pass  # still in the staging folder: the next build moves it back
            raise PublishError(f"cannot replace it: {_reason(exc)}", self.shown) from None
        self.folder = None
        if previous is not None:
            remove_tree(previous)

    def __exit__(self, *exc: object) -> None:
        if self.folder is not None:  # not swapped in: an error, or finish() never called
            folder, self.folder = self.folder, None
            if not _foreign(folder):
                remove_tree(folder)
            # else: finish() could not put back what it moved; recover() will


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | getattr(os, "O_BINARY", 0)


def _write_new(path: str, data: bytes | Iterator[bytes]) -> None:
    """``open(path, "xb").write(data)`` (the same flags and mode) in three system calls: the
    file object's buffer, its ``fstat``, ``isatty`` and ``lseek`` were half of a build's
    calls, for files written whole at once. ``data``: the bytes, or their chunks in order."""
    fd = os.open(path, _NEW_FILE, 0o666)
    try:
        write_all(fd, data)
    finally:
        os.close(fd)


def staging_prefix(out_dir: Path, kind: str) -> str:
    """``.dist.building-<pid>-``: the process id tells the next build whether it is stale."""
    return f".{out_dir.name}.{kind}-{os.getpid()}-"


def _stale_pattern(name: str) -> re.Pattern[str]:
    # ".dist.building-123-abc", ".dist.old-123-abc"; earlier versions wrote no process id
    return re.compile(rf"\.{re.escape(name)}\.(building|old)-(?:(\d+)-)?[A-Za-z0-9_]+\Z")


def recover(out_dir: Path) -> list[str]:
    """Clean up after a build that was killed: put the previous build back if ``out_dir`` is
    missing (a kill between the two renames of the fallback swap), move what the build did not
    write back into ``out_dir``, and remove the staging folders of processes that are gone.

    Returns one note per folder it had to leave in place (it holds something ``out_dir``
    holds too, or ``out_dir`` is gone): nothing of a user's is ever deleted."""
    out_dir = out_dir.resolve()
    parent = out_dir.parent
    pattern = _stale_pattern(out_dir.name)
    try:
        entries = sorted(parent.iterdir()) if parent.is_dir() else []
    except OSError:
        return []
    stale: list[tuple[str, Path]] = []
    for entry in entries:
        match = pattern.match(entry.name)
        if match is None or entry.is_symlink() or not entry.is_dir():
            continue
        pid = match.group(2)
        if pid is not None and _alive(int(pid)):
            continue  # a build running now
        if match.group(1) == "old" and pid is None and (entry / "dist").is_dir():
            entry_build = entry / "dist"  # an earlier version: the old build one level down
            if not out_dir.exists():
                os.rename(entry_build, out_dir)
            remove_tree(entry)
            continue
        stale.append((match.group(1), entry))
    if not out_dir.exists():
        olds = [f for kind, f in stale if kind == "old" and (f / MARKER).is_file()]
        if olds:
            os.rename(olds[-1], out_dir)
            stale = [(k, f) for k, f in stale if f != olds[-1]]
    notes = []
    for _kind, folder in stale:
        left = []
        for name in _foreign(folder):
            if out_dir.is_dir() and not (out_dir / name).exists():
                os.rename(folder / name, out_dir / name)
            else:
                left.append(name)
        if left:
            notes.append(
                f"{folder}: left in place: it holds {', '.join(left)} from an interrupted "
                f"build, which {out_dir.name}/ also holds or lacks a place for; keep what you "
                "need, then delete the folder"
            )
            continue
        remove_tree(folder)
    return notes


def remove_tree(folder: Path) -> None:
    """Remove a folder of ours, even one whose folders were made read-only (a ``dist/`` with
    mode 0555 hands its mode to the next build, and the build after that removes it)."""
    shutil.rmtree(folder, ignore_errors=True)
    if not folder.exists():
        return
    for root, dirs, _files in os.walk(folder):
        for name in (root, *(os.path.join(root, d) for d in dirs)):
            try:
                os.chmod(name, 0o700)
            except OSError:
                pass
    shutil.rmtree(folder, ignore_errors=True)


def _foreign(folder: Path) -> list[str]:
    """Top-level names in ``folder`` that a build does not write."""
    try:
        return sorted(p.name for p in folder.iterdir() if p.name not in BUILD_ENTRIES)
    except OSError:
        return []


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # ours, from an earlier process of the same id: we make none before this
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _swap(staging: Path, out_dir: Path) -> Path:
    """Put ``staging`` at ``out_dir``; return where the previous build now is."""
    if exchange(staging, out_dir):
        return staging  # the two swapped: the staging name holds the previous build
    old = out_dir.parent / (staging_prefix(out_dir, "old") + secrets.token_hex(4))
    os.rename(out_dir, old)
    try:
        os.rename(staging, out_dir)
    except BaseException:
        os.rename(old, out_dir)
        raise
    return old


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``, glibc 2.28+).
    False, with nothing changed, where the system or the file system does not offer it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(b))


def _refuse_control(name: str, data: bytes) -> None:
    if name.endswith(".mo"):
        return  # binary: NUL separates its strings; the catalogues were cleaned when loaded
    if name.endswith(".eml"):
        match = _EML_CONTROL.search(data)
        char = None if match is None else match.group().decode("utf-8", "replace")[:1]
    else:  # decoded, one character class: 2.5x faster than a bytes pattern over a whole site
        text = data.decode("utf-8", "surrogateescape")  # invalid UTF-8 shows as surrogates
        at = first_forbidden(text)
        char = None if at < 0 else text[at]
    _refuse_char(name, char)


def _control_checker(name: str) -> Callable[[bytes, bool], None]:
    """:func:`_refuse_control` of a file that is neither an .mo nor an .eml, fed a chunk at a
    time (``final`` with the last): a character cut between two chunks is decoded whole."""
    decode = codecs.getincrementaldecoder("utf-8")("surrogateescape").decode

    def check(chunk: bytes, final: bool) -> None:
        text = decode(chunk, final)
        at = first_forbidden(text)
        _refuse_char(name, None if at < 0 else text[at])

    return check


def _refuse_control_text(name: str, text: str) -> None:
    """:func:`_refuse_control` of ``text.encode("utf-8")`` (not an .mo nor an .eml), on the
    text itself."""
    at = first_forbidden(text)
    _refuse_char(name, None if at < 0 else text[at])


def _refuse_char(name: str, char: str | None) -> None:
    if char is not None:
        what = "a byte that is not UTF-8" if "\udc80" <= char <= "\udcff" else describe(char)
        raise PublishError(
            f"output {name} would hold {what} (from the configuration or a template?): remove it"
        )


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


__all__ = [
    "BUILD_ENTRIES",
    "KEPT_DIRS",
    "MARKER",
    "MARKER_TEXT",
    "Staging",
    "check_output_folder",
    "exchange",
    "output_name",
    "recover",
]
