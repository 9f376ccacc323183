"""The build's output folder: which folder it may replace, and the staging folder beside it
that receives each file as it is rendered and is swapped in whole at the end.

``dist/`` changes only by that swap: a template error, a broken catalogue or a newsletter that
features a missing article removes the staging folder and leaves the previous ``dist/``
untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from ..config import Settings
from ..errors import PublishError, UsageError
from ..fsutil import make_staging_dir
from .report import BuildReport, Writer

KEPT_DIRS = ("report",)  # written by other stages (validation dashboard); carried over on swap
MARKER = ".mirage-build"  # marks a folder as ours: only such a folder is ever swapped away
MARKER_TEXT = b"Written by mirage-i18n build; this folder is replaced whole on every build.\n"
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


def check_output_folder(out_dir: Path, settings: Settings) -> None:
    """The build replaces its output folder whole: refuse any folder that may hold other work.

    Allowed: a new or empty folder, or one that holds only what a build writes. The project
    itself, a folder containing it, or one with anything else in it is refused.
    """
    target = out_dir.resolve()
    shown = settings.rel(out_dir)
    root = settings.root.resolve()
    if target == root or target in root.parents:
        raise UsageError(
            "the build output folder cannot be the project or a folder containing it", shown
        )
    if not target.exists():
        return
    if not target.is_dir():
        raise UsageError("the build output path exists and is not a folder", shown)
    if (target / MARKER).is_file():
        return
    foreign = sorted(p.name for p in target.iterdir() if p.name not in BUILD_ENTRIES)
    if foreign:
        raise UsageError(
            f"the output folder holds files a build did not write ({foreign[0]}…); "
            "the build replaces the folder whole, so choose a new or empty one",
            shown,
        )


def output_name(rel: str) -> str:
    """``rel`` as the one POSIX spelling the build reports (``a//./b`` → ``a/b``); a path that
    would leave the output folder is an error, whatever text it was made from."""
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise PublishError(f"output path {rel!r} is not inside the output folder")
    return path.as_posix()


class Staging:
    """The next output folder, ``.<dist>.building-*`` beside ``out_dir``: files are written
    into it as they are rendered (``staging[rel] = data``), and :meth:`finish` swaps it into
    place whole. Leaving the ``with`` block by an exception removes it; ``out_dir`` is then
    as it was."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir.resolve()
        self.names: set[str] = set()
        self.folder: Path | None = None

    def __enter__(self) -> Staging:
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        self.folder = make_staging_dir(self.out_dir.parent, f".{self.out_dir.name}.building-")
        return self

    def __setitem__(self, rel: str, data: bytes) -> None:
        """Write one output. Two outputs at one file are an error, however their paths are
        spelt: the file is created exclusively, so the file system itself says when ``a//b``
        and ``a/b`` (or, on a case-insensitive one, ``A`` and ``a``) are the same file."""
        assert self.folder is not None, "use Staging in a with block"
        name = output_name(rel)
        target = self.folder / name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as out:
                out.write(data)
        except (FileExistsError, NotADirectoryError):
            raise PublishError(f"two outputs would be written to {name}") from None
        self.names.add(name)

    def finish(self, report: BuildReport, writers: Iterable[Writer]) -> None:
        assert self.folder is not None
        staging, out_dir, old = self.folder, self.out_dir, None
        for writer in writers:
            writer(staging, report)
        try:
            if out_dir.exists():
                for name in KEPT_DIRS:
                    kept = out_dir / name
                    if kept.exists() and not (staging / name).exists():
                        shutil.copytree(kept, staging / name)
                old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
                os.replace(out_dir, old / "dist")
            os.replace(staging, out_dir)
            self.folder = None
        except BaseException:
            if old is not None and not out_dir.exists() and (old / "dist").exists():
                os.replace(old / "dist", out_dir)
            raise
        finally:
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)

    def __exit__(self, *exc: object) -> None:
        if self.folder is not None:  # not swapped in: an error, or finish() never called
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
