"""An error in any process of ``build`` ends the whole command promptly (issue 13).

``build`` validates in a forked process (with its own worker processes) while it renders. When
the build failed, that process was stopped but its workers lived on, holding the command's
output pipes: a caller reading them (CI, ``subprocess.run(capture_output=True)``) waited for
minutes. The project here has catalogues big enough that the validation's workers are running
when the build fails; each case must end in one line, exit 2, with the pipes closed at once and
no process left.
"""

from __future__ import annotations

import resource
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from mirage_i18n.catalog.store import read_catalog, save_catalog
from tests.clirun import run_cli

from .buildkit import cli_command, leftovers, run_watched, tree

PARAGRAPHS = 1500
WORDS = "partners training employers migrants project meeting online toolkit module".split()
LAG = 5.0  # seconds the pipes may stay open after the command exited (a loaded CI machine)


@pytest.fixture(scope="module")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample plus an article of 1,500 paragraphs translated in all eight languages, built
    once: checking it takes the validation's workers a second or more."""
    from tests.gnu import REPO

    root = tmp_path_factory.mktemp("big") / "project"
    root.mkdir()
    for name in ("mirage-i18n.toml", "glossary.toml", "source_texts", "locales"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / name)
    body = "\n\n".join(
        " ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(12)).capitalize() + f" {i}."
        for i in range(PARAGRAPHS)
    )
    (root / "source_texts/news/big.md").write_text(
        f"---\ntitle: Big\ndate: 2021-01-01\n---\n\n{body}\n", encoding="utf-8"
    )
    assert run_cli(root, "extract")[0] == 0
    assert run_cli(root, "update")[0] == 0
    for path in root.glob("locales/*/LC_MESSAGES/news/big.po"):
        catalog, _ = read_catalog(path, str(path))
        lang = path.parts[-4]
        done = tuple(
            replace(m, msgstr=f"{m.msgid} ({lang})", flags=()) if m.msgid else m
            for m in catalog.messages
        )
        save_catalog(path, replace(catalog, messages=done))
    code, out, err = run_cli(root, "build")
    assert code == 0, (out, err)
    return root


def _template_error(root: Path) -> None:
    (root / "templates").mkdir()
    (root / "templates/article.html").write_text("{{ no_such_thing.x }}\n", encoding="utf-8")


def _newline_in_newsletter_name(root: Path) -> None:
    issue = root / "source_texts/newsletters/2021-11.md"
    shutil.copy2(issue, issue.with_name("bad\nname.md"))
    assert run_cli(root, "extract")[0] == 0


def _binary_articles(root: Path) -> None:
    issue = root / "source_texts/newsletters/2021-11.md"
    text = issue.read_text(encoding="utf-8")
    start = text.index("articles:")
    end = text.index("---", start)
    issue.write_text(text[:start] + "articles: !!binary aGVsbG8=\n" + text[end:], encoding="utf-8")


def _surrogate_in_title(root: Path) -> None:
    article = root / "source_texts/news/big.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("title: Big", 'title: "Big \\ud800"'),
        encoding="utf-8",
    )


def _nothing(root: Path) -> None:
    pass


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, 16 * 1024))


CASES: list[tuple[str, Callable[[Path], None], str, Callable[[], None] | None]] = [
    ("template error", _template_error, "templates/article.html", None),
    ("newline in a newsletter name", _newline_in_newsletter_name, "would hold a line break", None),
    ("binary articles value", _binary_articles, "'articles' must be a list", None),
    ("surrogate in a title", _surrogate_in_title, "lone surrogate", None),
    ("file size limit", _nothing, "File too large", _limit_file_size),
]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "make", "words", "preexec"), CASES, ids=[c[0] for c in CASES])
def test_an_error_ends_the_whole_command_at_once(
    big_project: Path,
    tmp_path: Path,
    name: str,
    make: Callable[[Path], None],
    words: str,
    preexec: Callable[[], None] | None,
) -> None:
    root = tmp_path / "project"
    shutil.copytree(big_project, root, symlinks=True)
    make(root)
    before = tree(root / "dist")
    done = run_watched(cli_command(root, "build", "--force"), preexec_fn=preexec)
    assert done.code == 2, (done.out, done.err)
    lines = done.err.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and "Traceback" not in done.err, done.err
    assert done.lag < LAG, f"output pipes held {done.lag:.1f} s after exit"
    assert done.left == [], f"processes left running: {done.left}"
    assert tree(root / "dist") == before
    assert leftovers(root) == []


@pytest.mark.slow
def test_an_error_of_the_background_validation_ends_the_build(
    big_project: Path, tmp_path: Path
) -> None:
    """A check id the configuration selects is unknown to the validation only: the build
    itself could go on, the validation's error ends it."""
    root = tmp_path / "project"
    shutil.copytree(big_project, root, symlinks=True)
    config = root / "mirage-i18n.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + '\n[checks]\nselect = ["no-such-check"]\n',
        encoding="utf-8",
    )
    before = tree(root / "dist")
    done = run_watched(cli_command(root, "build", "--force"))
    assert done.code == 2, (done.out, done.err)
    assert "no-such-check" in done.err and "Traceback" not in done.err
    assert done.lag < LAG and done.left == []
    assert tree(root / "dist") == before
    assert leftovers(root) == []
