"""Writes staged and flushed together (``StagedWrites``), and folders resolved once while
confining (``folders_resolved_once``): the same files and the same refusals as one atomic write
and one ``realpath`` per file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from mirage_i18n.errors import MirageError
from mirage_i18n.fsutil import (
    StagedWrites,
    confine,
    files_below,
    folders_resolved_once,
    names_below,
    read_bytes,
    read_prefix,
    real_path,
    temp_target,
)


def temp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if temp_target(p.name) is not None]


def test_staged_writes_appear_only_at_commit(tmp_path: Path) -> None:
    old = tmp_path / "old.pot"
    old.write_bytes(b"old\n")
    batch = StagedWrites()
    assert batch.write(old, b"new\n")
    assert batch.write(tmp_path / "sub" / "new.pot", b"created\n")
    assert old.read_bytes() == b"old\n"  # nothing replaced before the commit
    assert not (tmp_path / "sub" / "new.pot").exists()
    assert len(temp_files(tmp_path)) == 2
    batch.commit()
    assert old.read_bytes() == b"new\n"
    assert (tmp_path / "sub" / "new.pot").read_bytes() == b"created\n"
    assert temp_files(tmp_path) == []


def test_an_unchanged_file_is_not_touched(tmp_path: Path) -> None:
    same = tmp_path / "same.pot"
    same.write_bytes(b"same\n")
    os.utime(same, (1_000_000, 1_000_000))
    before = same.stat()
    with StagedWrites() as batch:
        assert not batch.write(same, b"same\n")
        assert not batch.write(same, b"same\n", current=b"same\n")
    after = same.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_current_bytes_are_trusted_instead_of_reading_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_bytes(b"on disk\n")
    with StagedWrites() as batch:
        assert batch.write(path, b"on disk\n", current=b"what the caller read\n")
    assert path.read_bytes() == b"on disk\n"  # rewritten with the same bytes, new inode
    assert temp_files(tmp_path) == []


def test_an_error_in_the_block_leaves_every_file_as_it_was(tmp_path: Path) -> None:
    old = tmp_path / "old.po"
    old.write_bytes(b"old\n")
    with pytest.raises(MirageError), StagedWrites() as batch:
        batch.write(old, b"new\n")
        batch.write(tmp_path / "created.po", b"new\n")
        raise MirageError("a broken catalogue found after two were staged")
    assert old.read_bytes() == b"old\n"
    assert not (tmp_path / "created.po").exists()
    assert temp_files(tmp_path) == []


def test_staged_files_keep_the_mode_of_the_file_they_replace(tmp_path: Path) -> None:
    kept = tmp_path / "kept.po"
    kept.write_bytes(b"old\n")
    kept.chmod(0o640)
    with StagedWrites() as batch:
        batch.write(kept, b"new\n")
        batch.write(tmp_path / "fresh.po", b"new\n")
    assert kept.stat().st_mode & 0o777 == 0o640
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "fresh.po").stat().st_mode & 0o777 == 0o666 & ~umask


def test_staged_files_wait_under_recognised_names_in_folders_made_for_them(
    tmp_path: Path,
) -> None:
    """A file in a folder that does not exist yet: the folder is made; until the commit the
    bytes wait in a temporary file the next writer would recognise (and remove) as ours."""
    target = tmp_path / "a" / "b" / "new.po"
    with StagedWrites() as batch:
        assert batch.write(target, b"new\n")
        (waiting,) = temp_files(tmp_path)
        assert waiting.parent == target.parent
        assert temp_target(waiting.name) == "new.po"
        assert waiting.read_bytes() == b"new\n"
        assert not target.exists()
    assert target.read_bytes() == b"new\n"
    assert temp_files(tmp_path) == []


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A project with a symlinked folder inside it, a file linking out of it, and a folder
    linking out of it."""
    root = tmp_path / "project"
    (root / "locales" / "sv" / "news").mkdir(parents=True)
    (root / "locales" / "sv" / "news" / "a.po").write_text("x")
    (root / "inside").symlink_to(root / "locales")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.po").write_text("secret")
    (root / "locales" / "sv" / "news" / "leak.po").symlink_to(outside / "secret.po")
    (root / "locales" / "el").symlink_to(outside)
    return root


def paths(root: Path) -> list[Path]:
    sv = root / "locales" / "sv" / "news"
    return [
        sv / "a.po",
        sv / "leak.po",
        sv / "missing.po",
        root / "inside" / "sv" / "news" / "a.po",
        root / "locales" / "el" / "secret.po",
        root / "locales" / "el" / "new.po",
        sv / ".." / "news" / "a.po",
        root / "inside" / ".." / "outside" / "secret.po",
        Path(str(sv) + "/"),
        root,
    ]


def test_resolving_folders_once_gives_realpath(tree: Path) -> None:
    with folders_resolved_once():
        for _ in range(2):  # the second time from the cache
            for path in paths(tree):
                assert real_path(path) == os.path.realpath(path), path


def test_confine_refuses_the_same_paths_with_folders_resolved_once(tree: Path) -> None:
    def refused() -> list[Path]:
        out = []
        for path in paths(tree):
            try:
                confine(path, tree)
            except MirageError:
                out.append(path)
        return out

    plain = refused()
    assert tree / "locales" / "sv" / "news" / "leak.po" in plain
    assert tree / "locales" / "el" / "new.po" in plain
    with folders_resolved_once():
        assert refused() == plain
        assert refused() == plain


def test_a_file_turned_into_a_link_is_seen_within_the_block(tree: Path) -> None:
    target = tree / "locales" / "sv" / "news" / "a.po"
    with folders_resolved_once():
        confine(target, tree)
        target.unlink()
        target.symlink_to(tree.parent / "outside" / "secret.po")
        with pytest.raises(MirageError):
            confine(target, tree)


def test_names_below_lists_what_files_below_lists(tmp_path: Path) -> None:
    """The string walk of ``update``'s catalogue listing against the pathlib one: nested
    folders, a folder whose name ends with the suffix, names starting with a dot, a symlinked
    folder (not entered) and a symlinked file (listed)."""
    root = tmp_path / "locales"
    for rel in ("a.po", "news/b.po", "news/deep/c.po", "news/x.txt", ".po", "news/..po", ".h.po"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x")
    (root / "dir.po").mkdir()
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "o.po").write_text("x")
    (root / "linked").symlink_to(tmp_path / "outside", target_is_directory=True)
    (root / "news" / "link.po").symlink_to(root / "a.po")
    want = sorted(p.relative_to(root).as_posix() for p in files_below(root, ".po"))
    assert sorted(names_below(root, ".po")) == want
    assert "linked/o.po" not in want and "dir.po" in want and "news/link.po" in want
    assert names_below(tmp_path / "missing", ".po") == []


@pytest.mark.parametrize("size", [0, 1, 5, 9, 10, 11, 70_000, 200_000])
@pytest.mark.parametrize("limit", [1, 10, 65_536, 100_001])
def test_read_prefix_is_a_bounded_read(tmp_path: Path, size: int, limit: int) -> None:
    """The same bytes as a file object's ``read(limit)``, also past one read's worth."""
    path = tmp_path / "f"
    path.write_bytes(bytes(range(256)) * (size // 256) + bytes(size % 256))
    with open(path, "rb") as fh:
        assert read_prefix(path, limit) == fh.read(limit)


def test_read_prefix_fails_as_open_does(tmp_path: Path) -> None:
    """Missing file, folder: the errors (and their ``strerror``) that ``open`` gives."""
    for target, kind in ((tmp_path / "missing", FileNotFoundError), (tmp_path, IsADirectoryError)):
        with pytest.raises(kind) as ours:
            read_prefix(target, 10)
        with pytest.raises(kind) as theirs, open(target, "rb") as fh:
            fh.read(10)
        assert ours.value.strerror == theirs.value.strerror


def test_read_bytes_is_path_read_bytes(tmp_path: Path) -> None:
    path = tmp_path / "f"
    for data in (b"", b"x", bytes(range(256)) * 1000):
        path.write_bytes(data)
        assert read_bytes(path) == path.read_bytes() == data


def test_a_file_written_in_chunks_replaces_the_old_one_whole_or_not_at_all(
    tmp_path: Path,
) -> None:
    from mirage_i18n.fsutil import atomic_write_chunks

    path = tmp_path / "report" / "index.html"
    atomic_write_chunks(path, iter([b"<html>", b"", b"\xc3\xa9</html>"]))  # folder made too
    assert path.read_bytes() == b"<html>\xc3\xa9</html>"
    assert oct(path.stat().st_mode & 0o777) == oct(0o666 & ~_umask())

    def failing() -> Iterator[bytes]:
        yield b"half of it"
        raise MirageError("template error", "report/index.html", 3)

    with pytest.raises(MirageError):
        atomic_write_chunks(path, failing())
    assert path.read_bytes() == b"<html>\xc3\xa9</html>"  # the old file, whole
    assert sorted(p.name for p in path.parent.iterdir()) == ["index.html"]  # no temporary file


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
