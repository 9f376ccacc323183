"""Skipping a build that would write what ``dist/`` already holds.

The last build's manifest (in the cache folder) records a content hash of every file the build
reads and the size and mtime of every file it wrote. When both still match, a new build would
write the same bytes: it is skipped. Inputs are hashed by content, not mtime, because a
``git checkout`` touches files without changing them; outputs by size and mtime, because
reading all of ``dist/`` back would cost about as much as writing it.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Settings
from ..errors import MirageError, PublishError
from ..fsutil import read_fd
from ..manifest import Manifest, content_hasher

if TYPE_CHECKING:
    from .report import BuildReport

BUILD_MANIFEST = "build-manifest.json"
PACKAGED_TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class BuildSkipped:
    """``build`` found every input byte-for-byte as at the last build and its output intact."""

    out_dir: Path
    inputs: int
    files: tuple[str, ...]
    skipped: bool = True
    warnings: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        return [
            f"nothing changed since the last build ({self.inputs} inputs unchanged by content "
            f"hash, {len(self.files)} output files intact): skipped",
            *(f"warning: {w}" for w in self.warnings),
        ]


def build_inputs(settings: Settings) -> list[Path]:
    """Every file the build reads: configuration, glossary, sources, catalogues, the project's
    templates and the packaged ones (a new version of the package must rebuild)."""
    files = [settings.config_path, settings.glossary_path]
    folders = [
        settings.sources_dir,
        settings.locales_dir,
        PACKAGED_TEMPLATES,
        settings.site.templates_dir,
    ]
    for folder in folders:
        if folder.is_dir():
            files.extend(map(Path, files_in(str(folder))))
    return files


def files_in(folder: str) -> list[str]:
    """The files below ``folder``, as ``sorted(p for p in Path(folder).rglob("*") if
    p.is_file())`` lists them (symbolic links to files included, linked folders not entered,
    a folder that cannot be listed skipped; tested against it), on strings: the no-change
    build lists the 10,000 files of a 1,000-article project, and pathlib's walk was a fifth of
    its time."""
    found: list[str] = []
    stack = [folder]
    while stack:
        try:
            with os.scandir(stack.pop()) as listing:
                entries = list(listing)
        except OSError:
            continue  # as rglob: a folder it cannot list holds nothing
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif _is_file(entry):
                found.append(entry.path)
    found.sort(key=lambda path: path.split("/"))  # Path order: part by part
    return found


def _is_file(entry: os.DirEntry[str]) -> bool:
    """``Path.is_file``: a link followed; a dangling or looping one is no file."""
    try:
        return entry.is_file()
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP):
            return False
        raise


def inputs_hash(settings: Settings, inputs: Iterable[Path]) -> str:
    """One hash over the paths and bytes of ``inputs`` (a missing file hashes as missing)."""
    digest = content_hasher()
    for path in inputs:
        digest.update(settings.rel(path).encode("utf-8") + b"\0")
        digest.update(_bytes_or_none(os.fspath(path)))
        digest.update(b"\0")
    return digest.hexdigest()


def _bytes_or_none(path: str) -> bytes:
    """The file's bytes, ``<none>`` where ``Path.is_file`` says there is no file (missing, a
    dangling or looping link, a folder, a pipe: opened without waiting for a writer); a file
    that cannot be read is an error, as before."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except (FileNotFoundError, NotADirectoryError):
        return b"<none>"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return b"<none>"
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return b"<none>"
        return read_fd(fd, st.st_size)
    finally:
        os.close(fd)


def outputs_state(out_dir: Path, files: Iterable[str | None]) -> str:
    """Size and mtime of every output: a deleted or edited file in dist/ forces a rebuild."""
    # content_hash of the lines joined, hashed a line at a time: 100,000 lines at N = 4,000
    digest = content_hasher()
    folder = os.fspath(out_dir)
    sep = ""
    for rel in files:
        try:
            st = os.stat(os.path.join(folder, str(rel)))
        except OSError:
            return "missing"
        digest.update(f"{sep}{rel}:{st.st_size}:{st.st_mtime_ns}".encode())
        sep = "\n"
    return digest.hexdigest()


class LastBuild:
    """The inputs as they are now, against what the last build into ``out_dir`` recorded.

    The inputs are hashed once, before the build: a file edited while the build runs is then
    seen as changed by the next one.
    """

    def __init__(self, settings: Settings, out_dir: Path, preview: bool | None) -> None:
        self.inputs = build_inputs(settings)
        self.inputs_hash = inputs_hash(settings, self.inputs)
        self.manifest = Manifest(
            settings.cache_dir / BUILD_MANIFEST,
            f"out={out_dir.resolve()};preview={preview}",
            settings.rel(settings.cache_dir / BUILD_MANIFEST),
        )
        self.out_dir = out_dir
        self.settings = settings

    def unchanged(self) -> BuildSkipped | None:
        """A :class:`BuildSkipped` when nothing changed since the last build, else None."""
        recorded = self.manifest.get("files") or []
        if (
            recorded
            and self.manifest.unchanged("inputs", self.inputs_hash)
            and self.manifest.unchanged("outputs", outputs_state(self.out_dir, recorded))
        ):
            return BuildSkipped(self.out_dir, len(self.inputs), tuple(str(f) for f in recorded))
        return None

    def record(self, staging: Path, report: BuildReport) -> None:
        """Save what this build read and wrote, for the next one: a build writer (see
        :data:`.report.Writer`), run on the staging folder before it is swapped in. A rename
        keeps sizes and mtimes, so the state of the staged files is that of ``dist/`` after
        the swap; should the swap not happen, ``dist/`` differs and the next build runs."""
        self.manifest.record("inputs", self.inputs_hash)
        self.manifest.record("files", *report.files)
        self.manifest.record("outputs", outputs_state(staging, report.files))
        try:
            self.manifest.save()
        except OSError as exc:
            raise PublishError(
                f"cannot record the build in the cache: {exc.strerror or exc}",
                self.settings.rel(self.manifest.path),
            ) from None
        except MirageError as exc:  # the atomic write's own message: what failed, and why
            raise PublishError(
                f"cannot record the build in the cache: {exc.message}",
                self.settings.rel(self.manifest.path),
            ) from None
