"""Configuration: defaults, paths, and clear errors with the file's line."""

from __future__ import annotations

from pathlib import Path

import pytest

from mirage_i18n.config import load_settings
from mirage_i18n.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "mirage-i18n.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_defaults_and_configured_paths(tmp_path: Path) -> None:
    s = load_settings(
        write(tmp_path, '[project]\nlanguages = ["sv"]\n\n[paths]\nglossary = "terms/g.toml"\n')
    )
    assert s.source_language == "en" and s.languages == ("sv",)
    assert (
        s.sources_dir == tmp_path / "source_texts" and s.glossary_path == tmp_path / "terms/g.toml"
    )
    assert s.language("sv").threshold == 100.0


def test_pyproject_table_is_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.mirage-i18n.project]\nname = "P"\nlanguages = ["de"]\n',
        encoding="utf-8",
    )
    s = load_settings(tmp_path)
    assert s.project_name == "P" and s.languages == ("de",)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('[project]\nlanguages = ["sv"\n', 2, "invalid TOML"),
        ('[project]\nlanguages = ["sv"]\n\n[bogus]\nx = 1\n', 4, "unknown section"),
        ('[project]\nlanguages = ["sv", "Swedish!"]\n', 2, "not a language code"),
        ('[project]\nlanguages = ["sv"]\n[publish]\nthreshold = 120\n', 4, "threshold"),
        (
            '[project]\nlanguages = ["sv"]\n[languages.de]\nthreshold = 50\n',
            3,
            "not in project.languages",
        ),
        # a boolean is a TOML int to Python: "threshold = true" published at 1 % reviewed
        ('[project]\nlanguages = ["sv"]\n[languages.sv]\nthreshold = true\n', 4, "threshold"),
        ('[project]\nlanguages = ["sv"]\n[update]\nfuzzy_cutoff = true\n', 4, "fuzzy_cutoff"),
        # a known section that is not a table was read as empty: every [checks] key ignored
        (
            'checks = ["length-ratio"]\n[project]\nlanguages = ["sv"]\n',
            1,
            "[checks] must be a table",
        ),
    ],
)
def test_errors_point_at_the_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, text))
    assert info.value.line == line, str(info.value)
    assert words in str(info.value)
    assert str(info.value).startswith(f"{tmp_path / 'mirage-i18n.toml'}:{line}: ")


def test_relative_paths_resolve_like_path_resolve(tmp_path: Path) -> None:
    """Settings.rel resolves each folder once; through symlinks it must agree with resolve()."""
    from mirage_i18n.config import _relative

    project = tmp_path / "project"
    (project / "real").mkdir(parents=True)
    (project / "real" / "f.po").write_text("x")
    (project / "link").symlink_to(project / "real")
    (project / "out").symlink_to(tmp_path)
    (project / "real" / "l.po").symlink_to(project / "real" / "f.po")
    (project / "real" / "away.po").symlink_to(tmp_path / "elsewhere.po")
    (project / "real" / "home.po").symlink_to(project)
    for root in (project, project / "link", project / "real"):
        for raw in [
            "link/f.po",
            "link/l.po",
            "link/missing.po",
            "link/..",
            "link/",
            "link",
            "link/sub/x.po",
            "real/./f.po",
            ".",
            "out/x.po",
            "out/project/real/f.po",
            "real/away.po",
            "real/home.po",
            "../x.po",
            "real//f.po",
        ]:
            path = str(project / raw)
            try:
                want = Path(path).resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                want = Path(path).as_posix()
            assert _relative(path, str(root)) == want, (raw, root)


def test_pyproject_table_that_is_not_a_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool]\nmirage-i18n = 5\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    assert str(info.value) == f"{tmp_path / 'pyproject.toml'}:5: [tool.mirage-i18n] must be a table"
