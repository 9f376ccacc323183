"""``dist/`` as users have it (issue 13): a GitHub Pages checkout with its ``.git``, a
``CNAME``; builds that fail; builds that were killed and left their folders behind.

What the build did not write is kept; a failed build leaves ``dist/`` as it was and no
staging folder; the next build cleans up after a killed one without deleting anything of the
user's."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from mirage_i18n.publish import staging
from tests.clirun import snapshot
from tests.conftest import Run

from .buildkit import SV_NEWS, TITLE, leftovers, set_translation, tree


def _git(*args: str | Path) -> str:
    git = shutil.which("git")
    if git is None:
        pytest.fail("git is missing (the GitHub Pages cases need a real repository)")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    done = subprocess.run([git, *map(str, args)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_a_github_pages_repository_in_dist_survives_builds(sample_project: Path, run: Run) -> None:
    dist = sample_project / "dist"
    assert run(sample_project, "build")[0] == 0
    _git("init", "-q", dist)
    (dist / "CNAME").write_text("news.example.org\n")
    (dist / ".nojekyll").write_text("")
    (dist / "extra").mkdir()
    (dist / "extra/notes.txt").write_text("kept\n")
    _git("-C", dist, "add", "-A")
    _git("-C", dist, "commit", "-qm", "site")
    head = _git("-C", dist, "rev-parse", "HEAD")
    set_translation(sample_project, SV_NEWS, TITLE, "MIraGE partnermöte, oktober 2021 (nytt)")
    code, out, err = run(sample_project, "build")
    assert code == 0, (out, err)
    assert (dist / "CNAME").read_text() == "news.example.org\n"
    assert (dist / ".nojekyll").exists() and (dist / "extra/notes.txt").read_text() == "kept\n"
    # the same repository: its history, and the new build as changes to commit
    assert _git("-C", dist, "rev-parse", "HEAD") == head
    _git("-C", dist, "fsck", "--no-progress")
    changed = _git("-C", dist, "status", "--porcelain").splitlines()
    assert changed, "the new build is a change to commit"
    assert not [line for line in changed if any(n in line for n in ("CNAME", "nojekyll", "extra"))]
    assert any("catalogs/sv/" in line for line in changed)
    assert leftovers(sample_project) == []


def test_a_git_worktree_is_refused_until_marked_then_kept(
    sample_project: Path, run: Run, tmp_path: Path
) -> None:
    """``git worktree add dist gh-pages``: dist/.git is a file. A folder no build wrote is not
    taken over silently; an empty .mirage-build lets the build use it."""
    repo = tmp_path / "pages"
    _git("init", "-q", repo)
    _git("-C", repo, "commit", "-q", "--allow-empty", "-m", "root")
    dist = sample_project / "dist"
    _git("-C", repo, "worktree", "add", "-q", "-b", "gh-pages", dist)
    assert (dist / ".git").is_file()
    code, out, err = run(sample_project, "build")
    assert code == 2 and "was not written by a build and holds .git" in err, (out, err)
    assert staging.MARKER in err and sorted(os.listdir(dist)) == [".git"]
    (dist / staging.MARKER).write_text("")
    for _ in range(2):
        code, out, err = run(sample_project, "build", "--force")
        assert code == 0, (out, err)
        assert (dist / ".git").is_file()
        assert "gh-pages" in _git("-C", dist, "status", "--branch", "--porcelain")
    _git("-C", dist, "add", "-A")
    _git("-C", dist, "commit", "-qm", "build")
    assert "site/index.html" in _git("-C", repo, "ls-tree", "-r", "--name-only", "gh-pages")


def test_a_folder_of_other_files_is_refused_naming_them(sample_project: Path, run: Run) -> None:
    out_dir = sample_project.parent / "www"
    out_dir.mkdir()
    for name in ("index.php", "b.txt", "c", "d", "e", "f"):
        (out_dir / name).write_text("mine\n")
    before = tree(out_dir)
    code, out, err = run(sample_project, "build", "--out", out_dir)
    assert code == 2
    (line,) = err.strip().splitlines()
    assert "b.txt, c, d, e, f and 1 more" in line, line
    assert tree(out_dir) == before


def test_a_failed_build_leaves_dist_and_no_folder_behind(sample_project: Path, run: Run) -> None:
    assert run(sample_project, "build")[0] == 0
    dist = sample_project / "dist"
    before = tree(dist)
    templates = sample_project / "templates"
    templates.mkdir()
    (templates / "article.html").write_text("{% block %}\n", encoding="utf-8")
    code, out, err = run(sample_project, "build", "--force")
    assert code == 2 and err.strip().startswith(str(templates / "article.html")), err
    assert tree(dist) == before
    assert leftovers(sample_project) == []


def test_a_cache_that_cannot_be_written_fails_the_build_before_the_swap(
    sample_project: Path, run: Run
) -> None:
    """The build manifest goes into the cache before dist/ is swapped: exit 2, dist/ as it
    was (it was swapped in, exit 1, before). A manifest that cannot be read stops the build
    before anything is rendered: saving it at the end would fail the same way."""
    assert run(sample_project, "build")[0] == 0
    dist = sample_project / "dist"
    before = tree(dist)
    manifest = sample_project / ".mirage-cache" / "build-manifest.json"
    manifest.unlink()
    (manifest / "in-the-way").mkdir(parents=True)  # a folder where the manifest goes
    set_translation(sample_project, SV_NEWS, TITLE, "MIraGE partnermöte, oktober 2021 (nytt)")
    code, out, err = run(sample_project, "build")
    assert code == 2, (out, err)
    (line,) = err.strip().splitlines()
    assert line == ".mirage-cache/build-manifest.json: cannot read: Is a directory", line
    assert tree(dist) == before
    assert leftovers(sample_project) == []


def test_a_cache_that_is_a_file_stops_every_writing_command(sample_project: Path, run: Run) -> None:
    assert run(sample_project, "build")[0] == 0
    dist = sample_project / "dist"
    before = tree(dist)
    cache = sample_project / ".mirage-cache"
    shutil.rmtree(cache)
    cache.write_text("not a folder\n")
    for command in ("build", "update", "extract"):
        code, out, err = run(sample_project, command)
        assert code == 2, (command, out, err)
        assert err.strip() == (
            ".mirage-cache: is not a folder: the project's cache folder must be one "
            "(remove or rename it)"
        ), (command, err)
    assert tree(dist) == before


def test_dist_keeps_its_mode(sample_project: Path, run: Run) -> None:
    dist = sample_project / "dist"
    assert run(sample_project, "build")[0] == 0
    dist.chmod(0o750)
    assert run(sample_project, "build", "--force")[0] == 0
    assert stat.S_IMODE(dist.stat().st_mode) == 0o750


def test_the_next_build_moves_user_files_back_from_a_killed_build(
    sample_project: Path, run: Run
) -> None:
    """Killed after moving dist/.git into the staging folder, before the swap."""
    assert run(sample_project, "build")[0] == 0
    dist = sample_project / "dist"
    stale = sample_project / f".dist.building-{_dead_pid()}-abcd1234"
    shutil.copytree(dist / "site", stale / "site")
    (stale / ".git").mkdir()
    (stale / ".git/HEAD").write_text("ref: refs/heads/main\n")
    (stale / "CNAME").write_text("news.example.org\n")
    code, out, err = run(sample_project, "build")  # nothing changed: skipped, cleaned all the same
    assert code == 0 and "skipped" in out, (out, err)
    assert (dist / ".git/HEAD").read_text() == "ref: refs/heads/main\n"
    assert (dist / "CNAME").read_text() == "news.example.org\n"
    assert leftovers(sample_project) == []


def test_a_killed_swap_without_exchange_is_undone(sample_project: Path, run: Run) -> None:
    """Where the swap is two renames, a kill between them leaves no dist/ and the previous
    build beside it: the next command puts it back first."""
    assert run(sample_project, "build")[0] == 0
    dist = sample_project / "dist"
    before = tree(dist)
    old = sample_project / f".dist.old-{_dead_pid()}-0badf00d"
    dist.rename(old)
    building = sample_project / f".dist.building-{_dead_pid()}-abcd1234"
    building.mkdir()
    (building / "site").mkdir()
    code, out, err = run(sample_project, "build")
    assert code == 0, (out, err)
    assert tree(dist) == before
    assert leftovers(sample_project) == []


def test_folders_of_older_versions_and_running_builds(sample_project: Path, run: Run) -> None:
    assert run(sample_project, "build")[0] == 0
    legacy_old = sample_project / ".dist.old-k2j4h5g6"
    (legacy_old / "dist/site").mkdir(parents=True)
    (legacy_old / "dist" / staging.MARKER).write_text("")
    legacy_building = sample_project / ".dist.building-x8y7z6w5"
    (legacy_building / "catalogs").mkdir(parents=True)
    running = sample_project / f".dist.building-{os.getppid()}-abcd1234"  # a live process
    (running / "site").mkdir(parents=True)
    assert run(sample_project, "build", "--force")[0] == 0
    assert leftovers(sample_project) == [running.name]


def test_a_clash_is_left_in_place_with_a_warning(sample_project: Path, run: Run) -> None:
    assert run(sample_project, "build")[0] == 0
    (sample_project / "dist/CNAME").write_text("new.example.org\n")
    stale = sample_project / f".dist.building-{_dead_pid()}-abcd1234"
    stale.mkdir()
    (stale / "CNAME").write_text("old.example.org\n")
    code, out, err = run(sample_project, "build", "--force")
    assert code == 0, (out, err)
    assert f"warning: {stale}: left in place: it holds CNAME" in out
    assert (stale / "CNAME").read_text() == "old.example.org\n"
    assert (sample_project / "dist/CNAME").read_text() == "new.example.org\n"


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x").write_text("a")
    (b / "x").write_text("b")
    if not staging.exchange(a, b):
        pytest.skip("no renameat2(RENAME_EXCHANGE) here: the two-rename swap is used")
    assert (a / "x").read_text() == "b" and (b / "x").read_text() == "a"
    with pytest.raises(FileNotFoundError):
        staging.exchange(a, tmp_path / "missing")


def test_a_failed_build_writes_nothing_into_the_project(sample_project: Path, run: Run) -> None:
    before = snapshot(sample_project)
    code, out, err = run(sample_project, "build", "--out", sample_project / "source_texts/site")
    assert code == 2 and "sources folder" in err, (out, err)
    after = snapshot(sample_project)
    # the project's lock (docs/security.md): every writing command creates it, empty when idle
    assert after.pop(".mirage-cache/lock", b"") == b""
    assert after == before
