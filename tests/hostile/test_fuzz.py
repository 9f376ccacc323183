"""Fuzzers over what pull requests bring (issue 13): front matter, Markdown bodies, shared.yaml,
mirage-i18n.toml and glossary.toml, built from the syntax's own fragments so that most inputs
are nearly valid. Every command ends with exit 0, 1 or 2 — never a traceback — within a bound.

The CLI runs in-process with exceptions propagated, so any traceback fails the example, and
hypothesis shrinks it to the smallest input that shows it. Bounded for CI: the number of
examples per target is set below, and hypothesis' deadline bounds each example.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.clirun import run_cli

EXAMPLES = 120
DEADLINE = timedelta(seconds=20)  # one example: a few commands on a tiny project
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=DEADLINE,
    derandomize=True,  # the same inputs in every CI run: a failure is reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

CONFIG = """[project]
name = "Fuzz"
source_language = "en"
languages = ["sv", "el"]
contact_email = "info@example.eu"
"""
SHARED = "disclaimer: Funded by the AMIF fund of the European Union.\nsite:\n  title: News\n"
GLOSSARY = 'do_not_translate = ["AMIF"]\n'
ARTICLE = "---\ntitle: A title\ndate: 2021-10-25\n---\n\nA paragraph of text.\n"

# Characters that stress readers: controls, separators YAML and TOML treat specially, BOM,
# surrogate escapes written as text, right-to-left marks, combining marks.
ODD = st.sampled_from(
    [
        "\x00",
        "\x01",
        "\x0b",
        "\x0c",
        "\x1b",
        "\x7f",
        "\x85",
        "\u2028",
        "\u2029",
        "\ufeff",
        "\u200f",
        "\u0301",
        "\t",
        "\r",
        "\r\n",
        "\\",
        "\\ud800",
        "\\x00",
        "\\0",
        "\\U0010ffff",
        "é",
        "Ω",
        "😀",
    ]
)
WORD = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N"]), max_size=8)


def _from(fragments: list[str]) -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(fragments), WORD, ODD)
    return st.lists(piece, max_size=40).map("".join)


YAML = _from(
    [
        "title: ",
        "date: ",
        "lede: ",
        "slug: ",
        "slugs: ",
        "articles: ",
        "subject: ",
        "tags: ",
        ": ",
        "- ",
        "\n",
        "\n  ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&a ",
        "*a",
        "!!int ",
        "!!timestamp ",
        "!!binary ",
        "!!python/object ",
        "!!set ",
        "<<: ",
        '"',
        "'",
        "|",
        ">",
        "# ",
        "%YAML 1.1\n",
        "---\n",
        "...\n",
        "2021-10-25",
        "2021-02-30",
        "2021-10-2",
        "null",
        "~",
        "true",
        "1e400",
        "0x1F",
        "? ",
    ]
)
MARKDOWN = _from(
    [
        "\n",
        "\n\n",
        "> ",
        "- ",
        "* ",
        "1. ",
        "# ",
        "## ",
        "```",
        "`",
        "    ",
        "[",
        "](",
        ")",
        "![",
        "<",
        ">",
        "<!-- i18n: skip -->",
        "<!-- i18n: note x -->",
        "<!-- i18n: context c -->",
        "<!-- i18n: bogus -->",
        "<!--",
        "-->",
        "| a | b |\n|---|---|\n",
        "|",
        "*",
        "_",
        "**",
        "&amp;",
        "&#0;",
        "&#x110000;",
        "\\",
        "[x]: http://e.eu 'title'\n",
        "<https://e.eu>",
        "info@e.eu",
        "{{< x >}}",
        "---\n",
        "===\n",
        "<script>",
        "<div>",
        "</div>",
    ]
)
TOML = _from(
    [
        "[project]\n",
        "[paths]\n",
        "[publish]\n",
        "[checks]\n",
        "[prefill]\n",
        "[engines.libre]\n",
        "[languages.sv]\n",
        "[site]\n",
        "[tool.mirage-i18n]\n",
        "name = ",
        "languages = ",
        "threshold = ",
        "sources = ",
        "locales = ",
        "dist = ",
        "cache = ",
        "glossary = ",
        "templates = ",
        "base_url = ",
        "engine = ",
        "url_rewrites = ",
        "disclaimer = ",
        '"sv"',
        '"../x"',
        '"/etc"',
        "[",
        "]",
        "{",
        "}",
        ",",
        "=",
        ".",
        '"',
        "'''",
        '"""',
        "\n",
        "# c\n",
        "true",
        "-1",
        "1e999",
        "nan",
        "inf",
        "1979-05-27",
        "0x10",
    ]
)
GLOSSARY_TOML = _from(
    [
        "do_not_translate = ",
        "[terms.sv]\n",
        "[renderings.el]\n",
        "[exempt]\n",
        "el = ",
        '"AMIF"',
        '""',
        '" "',
        "[",
        "]",
        ",",
        " = ",
        '"',
        "\n",
        "{",
        "}",
        "[[x]]\n",
    ]
)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "base"
    (root / "source_texts" / "news").mkdir(parents=True)
    (root / "mirage-i18n.toml").write_text(CONFIG, encoding="utf-8")
    (root / "glossary.toml").write_text(GLOSSARY, encoding="utf-8")
    (root / "source_texts" / "shared.yaml").write_text(SHARED, encoding="utf-8")
    (root / "source_texts" / "news" / "a.md").write_text(ARTICLE, encoding="utf-8")
    assert run_cli(root, "extract")[0] == 0 and run_cli(root, "update")[0] == 0
    return root


def _copy(base: Path, tmp: Path) -> Path:
    root = tmp / "p"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(base, root)
    return root


def _commands_end_cleanly(root: Path, commands: tuple[str, ...]) -> None:
    for command in commands:
        code, out, err = run_cli(root, command)
        assert code in (0, 1, 2), (command, code, out, err)
        assert "Traceback" not in err, (command, err)
        if code == 2:
            assert err.strip(), (command, "exit 2 without saying why")


@given(front=YAML, body=MARKDOWN)
@FUZZ
def test_any_article_ends_in_an_exit_code(
    base: Path, tmp_path_factory: pytest.TempPathFactory, front: str, body: str
) -> None:
    root = _copy(base, tmp_path_factory.mktemp("a"))
    data = f"---\n{front}\n---\n{body}".encode("utf-8", "surrogatepass")
    (root / "source_texts" / "news" / "a.md").write_bytes(data)
    _commands_end_cleanly(root, ("extract", "update", "validate", "status"))


@given(body=MARKDOWN)
@FUZZ
def test_any_markdown_body_builds_or_is_refused(
    base: Path, tmp_path_factory: pytest.TempPathFactory, body: str
) -> None:
    root = _copy(base, tmp_path_factory.mktemp("b"))
    data = f"---\ntitle: Fuzzed body\n---\n{body}".encode("utf-8", "surrogatepass")
    (root / "source_texts" / "news" / "a.md").write_bytes(data)
    _commands_end_cleanly(root, ("extract", "update", "build"))


@given(text=YAML)
@FUZZ
def test_any_shared_yaml_ends_in_an_exit_code(
    base: Path, tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    root = _copy(base, tmp_path_factory.mktemp("s"))
    (root / "source_texts" / "shared.yaml").write_bytes(text.encode("utf-8", "surrogatepass"))
    _commands_end_cleanly(root, ("extract", "status"))


@given(text=TOML)
@FUZZ
def test_any_configuration_ends_in_an_exit_code(
    base: Path, tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    root = _copy(base, tmp_path_factory.mktemp("c"))
    config = root / "mirage-i18n.toml"
    config.write_bytes((CONFIG + text).encode("utf-8", "surrogatepass"))
    _commands_end_cleanly(root, ("status", "validate", "check-sync"))


@given(text=GLOSSARY_TOML)
@FUZZ
def test_any_glossary_ends_in_an_exit_code(
    base: Path, tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    root = _copy(base, tmp_path_factory.mktemp("g"))
    (root / "glossary.toml").write_bytes(text.encode("utf-8", "surrogatepass"))
    _commands_end_cleanly(root, ("validate",))
