"""glossary.toml: errors at the line of the offending key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mirage_i18n.errors import ConfigError
from mirage_i18n.glossary import load_glossary


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('# terms\ndo_not_translate = ["MIraGE"]\n\n[term.sv]\n"TCNs" = "TCN"\n', 4, "unknown key"),
        ('do_not_translate = ["MIraGE", ""]\n', 1, "do_not_translate must be a list"),
        (
            '[terms.it]\n"TCNs" = "TCN"\n[terms.sv]\n"TCNs" = "TCN"\n"partners" = ""\n',
            5,
            "[terms.sv] must map English terms to sv terms",
        ),
        ("terms = 5\n", 1, "[terms] must hold one table per language"),
    ],
)
def test_glossary_errors_name_their_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = tmp_path / "glossary.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_glossary(path)
    assert str(info.value).startswith(f"{path}:{line}: "), str(info.value)
    assert words in info.value.message


def test_glossary_is_loaded_with_the_settings(tmp_path: Path) -> None:
    from mirage_i18n.config import load_settings

    (tmp_path / "mirage-i18n.toml").write_text(
        '[project]\nlanguages = ["sv"]\n[paths]\nglossary = "g.toml"\n', encoding="utf-8"
    )
    (tmp_path / "g.toml").write_text(
        'do_not_translate = ["AMIF", "Center for Social Innovation"]\n', encoding="utf-8"
    )
    settings = load_settings(tmp_path)
    assert settings.glossary.do_not_translate == ("Center for Social Innovation", "AMIF")
    (tmp_path / "g.toml").write_text("do_not_translate = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="g.toml:1: do_not_translate"):
        load_settings(tmp_path)


def test_each_command_parses_the_glossary_once(
    sample_project: Path, run: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checks, the dashboard, packs and the build share the glossary loaded with the settings."""
    from mirage_i18n import glossary

    monkeypatch.setenv("MIRAGE_WORKERS", "1")  # in this process, where the parses are counted
    parses: list[str] = []
    real = glossary.parse_glossary

    def counted(*args: Any, **kwargs: Any) -> glossary.Glossary:
        parses.append(str(args[1]))
        return real(*args, **kwargs)

    monkeypatch.setattr(glossary, "parse_glossary", counted)
    commands = [
        ["validate"],
        ["build", "--force"],
        ["pack", "-l", "sv", "-o", str(sample_project.parent / "sv.zip")],
        ["prefill", "-l", "sv", "--dry-run"],
    ]
    for args in commands:
        parses.clear()
        code, out, err = run(sample_project, *args)
        assert code in (0, 1), (args, out, err)
        assert parses == [str(sample_project / "glossary.toml")], args
