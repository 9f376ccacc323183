"""TOML files: the line of every key (KeyLines), and unreadable files as path:line errors."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mirage_i18n.errors import ConfigError
from mirage_i18n.tomlfile import KeyLines, read_toml

TRICKY = """\
# [languages.it] in a comment
title = "threshold = 1"
[project]
languages = [
  "sv",  # [languages.it]
  "it",
]
notes = '''
threshold = 2
[languages.it]
'''
quote = "a \\" [languages.it] \\\\"
[ languages . "it" ]
"threshold" = 3
[languages]
sv = { threshold = 4, url_rewrites = [["/en/", "/sv/"]] }
[[items]]
threshold = 5
[[items]]
threshold = 6
"""


def test_tables_dotted_keys_and_strings() -> None:
    tomllib.loads(TRICKY)  # the text is valid TOML
    lines = KeyLines(TRICKY)
    assert lines.line(("title",)) == 2
    assert lines.line(("project", "languages")) == 4
    assert lines.line(("project", "notes")) == 8
    assert lines.line(("project", "quote")) == 12
    assert lines.line(("languages", "it")) == 13
    assert lines.line(("languages", "it", "threshold")) == 14
    assert lines.line(("languages", "sv", "threshold")) == 16
    assert lines.line(("languages", "sv", "url_rewrites")) == 16
    assert lines.line(("items", "0", "threshold")) == 18
    assert lines.line(("items", "1", "threshold")) == 20
    # a key not written down: the line of its nearest table
    assert lines.line(("languages", "it", "disclaimer")) == 13
    assert lines.line(("paths", "sources")) is None


# A random configuration rendered in every TOML style (table headers, dotted keys, inline
# tables, multi-line strings and arrays); the locator must find each key where it was written.

KEYS = st.sampled_from(["a", "b", "threshold", "it", "x-y", "a b", "c.d", "é", "[t]"])
TEXT = st.text(alphabet="ab [].=#{}'\"\\\n", max_size=12)
SCALARS = st.one_of(st.integers(-5, 5), st.booleans(), TEXT)
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=3))


def tables(depth: int) -> st.SearchStrategy[dict[str, Any]]:
    leaf = st.dictionaries(KEYS, VALUES, max_size=3)
    if depth == 0:
        return leaf
    return st.dictionaries(KEYS, st.one_of(VALUES, tables(depth - 1)), max_size=3)


def key(name: str) -> str:
    return name if name.replace("-", "").isalnum() and name.isascii() else json.dumps(name)


def value(v: Any, multiline: bool) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, list):
        sep = ",\n  " if multiline else ", "
        return "[" + sep.join(value(x, multiline) for x in v) + "]"
    if multiline and '"""' not in v and not v.endswith('"'):
        return '"""\n' + v.replace("\\", "\\\\") + '"""'
    return json.dumps(v)


class Render:
    def __init__(self, styles: Any) -> None:
        self.lines: list[str] = []
        self.want: dict[tuple[str, ...], int] = {}
        self.styles = styles

    def emit(self, text: str, path: tuple[str, ...]) -> None:
        self.want[path] = len(self.lines) + 1
        self.lines.extend(text.split("\n"))

    def table(self, path: tuple[str, ...], data: dict[str, Any], prefix: str = "") -> None:
        """Key/values of ``data`` under the current header; sub-tables with a header later."""
        later = []
        for name, v in data.items():
            full = (*path, name)
            if not isinstance(v, dict):
                self.emit(
                    f"{prefix}{key(name)} = {value(v, self.styles.draw(st.booleans()))}", full
                )
                continue
            style = self.styles.draw(st.sampled_from(["header", "dotted", "inline"]))
            if style == "header" and not prefix:
                later.append((full, v))
            elif style == "inline" or not v:
                self.inline(full, v, f"{prefix}{key(name)}")
            else:
                self.table(full, v, f"{prefix}{key(name)}.")
        for full, v in later:
            self.emit("[" + ".".join(key(k) for k in full) + "]", full)
            self.table(full, v)

    def inline(self, path: tuple[str, ...], data: dict[str, Any], written: str) -> None:
        line = len(self.lines) + 1

        def text(path: tuple[str, ...], data: dict[str, Any]) -> str:
            parts = []
            for name, v in data.items():
                self.want[(*path, name)] = line
                inner = text((*path, name), v) if isinstance(v, dict) else value(v, False)
                parts.append(f"{key(name)} = {inner}")
            return "{ " + ", ".join(parts) + " }"

        self.emit(f"{written} = {text(path, data)}", path)


@settings(max_examples=300, deadline=None)
@given(tables(2), st.data())
def test_every_key_is_found_where_it_was_written(data: dict[str, Any], draw: Any) -> None:
    render = Render(draw)
    render.table((), data)
    text = "\n".join(render.lines) + "\n"
    assert tomllib.loads(text) == data  # the rendering is the data, in valid TOML
    lines = KeyLines(text)
    for path, line in render.want.items():
        assert lines.line(path) == line, (path, text)


# ------------------------------------------------------------------------ reading


@pytest.mark.parametrize("name", ["mirage-i18n.toml", "glossary.toml"])
def test_a_latin1_byte_is_an_error_with_its_line(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b'do_not_translate = ["MIraGE"]\n\n# caf\xe9\n')
    with pytest.raises(ConfigError) as info:
        read_toml(path)
    assert str(info.value).startswith(f"{path}:3: not UTF-8")


def test_invalid_toml_at_the_end_names_the_last_line(tmp_path: Path) -> None:
    path = tmp_path / "glossary.toml"
    path.write_text("a = 1\n\ndo_not_translate = [\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        read_toml(path)
    assert info.value.line == 3 and "invalid TOML" in info.value.message


def test_cli_reports_non_utf8_configuration_and_glossary(sample_project: Path, run: Any) -> None:
    for name in ("glossary.toml", "mirage-i18n.toml"):
        path = sample_project / name
        good = path.read_bytes()
        path.write_bytes(good + b"# caf\xe9\n")
        code, out, err = run(sample_project, "status")
        line = good.count(b"\n") + 1
        assert code == 2, (out, err)
        assert f"{name}:{line}: not UTF-8" in err and "Traceback" not in err
        path.write_bytes(good)
