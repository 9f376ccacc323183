"""Hostile and broken source texts (issue 13): each ends in one ``path:line: message``, exit 2,
no traceback, and nothing written — not even the templates of the good documents."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from mirage_i18n.limits import MAX_SEGMENT_CHARS, MAX_SOURCE_BYTES, MAX_TITLE_CHARS
from tests.clirun import snapshot
from tests.conftest import Run

ARTICLE = "source_texts/news/zz.md"


def _article(front: str, body: str = "Hello world.\n") -> Callable[[Path], None]:
    def write(root: Path) -> None:
        (root / ARTICLE).write_bytes(f"---\n{front}---\n{body}".encode("utf-8", "surrogatepass"))

    return write


def _shared_extra(text: str) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        shared = root / "source_texts/shared.yaml"
        shared.write_text(shared.read_text(encoding="utf-8") + text, encoding="utf-8")

    return write


LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
)
NESTED_ALIASES = "base: &l0 x\n" + "".join(f"k{i}: &l{i + 1} [*l{i}, *l{i}]\n" for i in range(24))

CASES = [
    # (id, how to break the project, expected path:line, words in the message)
    (
        "billion laughs in a lede",
        _article(LAUGHS + "title: x\nlede: *i\n"),
        ARTICLE + ":3:",
        "aliases",
    ),
    (
        "24 levels of aliases in shared.yaml",
        _shared_extra(NESTED_ALIASES),
        "source_texts/shared.yaml:",
        "aliases",
    ),
    (
        "5000 levels of nesting",
        _article("title: x\nfoo: " + "[" * 5000 + "]" * 5000 + "\n"),
        ARTICLE + ":3:",
        "nested deeper",
    ),
    (
        "nesting in shared.yaml",
        _shared_extra("deep: " + "{a: " * 3000 + "x" + "}" * 3000 + "\n"),
        "source_texts/shared.yaml:",
        "nested deeper",
    ),
    ("NUL escape in a title", _article('title: "a\\0b"\n'), ARTICLE + ":2:", "U+0000 (NUL)"),
    (
        "lone surrogate in a title",
        _article('title: "a\\ud800b"\n'),
        ARTICLE + ":2:",
        "lone surrogate",
    ),
    (
        "lone surrogate in a lede",
        _article('title: x\nlede: "\\udfff"\n'),
        ARTICLE + ":3:",
        "lone surrogate",
    ),
    ("NUL in shared.yaml", _shared_extra('bad: "x\\0"\n'), "source_texts/shared.yaml:", "U+0000"),
    (
        "raw NUL byte in the body",
        _article("title: x\n", "Hello\x00 world.\n"),
        ARTICLE + ":4:",
        "U+0000",
    ),
    ("vertical tab in front matter", _article('title: "x\x0by"\n'), ARTICLE + ":2:", "U+000B"),
    ("DEL in front matter", _article("title: x\x7fy\n"), ARTICLE + ":2:", "U+007F"),
    (
        "key without value in shared.yaml",
        _shared_extra("todo:\n"),
        "source_texts/shared.yaml:",
        "no text",
    ),
    (
        "!!timestamp soon",
        _article("title: x\ndate: !!timestamp soon\n"),
        ARTICLE + ":3:",
        "not a valid timestamp",
    ),
    (
        "date typo 2021-10-2",
        _article('title: x\ndate: "2021-10-2"\n'),
        ARTICLE + ":3:",
        "YYYY-MM-DD",
    ),
    (
        "date in words",
        _article('title: x\ndate: "25 October 2021"\n'),
        ARTICLE + ":3:",
        "not a date",
    ),
    (
        "title over the limit",
        _article("title: " + "a" * (MAX_TITLE_CHARS + 1) + "\n"),
        ARTICLE + ":2:",
        f"limit is {MAX_TITLE_CHARS:,}",
    ),
    (
        "paragraph over the limit",
        _article("title: x\n", "word " * (MAX_SEGMENT_CHARS // 5 + 1) + "\n"),
        ARTICLE + ":4:",
        "split it",
    ),
    (
        "file over the limit",
        _article("title: x\n", "x" * (MAX_SOURCE_BYTES + 10)),
        ARTICLE + ":",
        "limit for a source text",
    ),
    (
        "block quotes 30 deep",
        _article("title: x\n", "".join("> " * i + "level\n\n" for i in range(1, 30))),
        ARTICLE + ":42:",
        "nested deeper than 20",
    ),
    (
        "lists 15 deep",
        _article("title: x\n", "".join("  " * i + "- item\n" for i in range(15))),
        ARTICLE + ":",
        "nested deeper",
    ),
]


@pytest.mark.parametrize(("name", "make", "where", "words"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("command", ["extract", "build"])
def test_bad_source_is_one_line_exit_2_and_nothing_written(
    sample_project: Path,
    run: Run,
    name: str,
    make: Callable[[Path], None],
    where: str,
    words: str,
    command: str,
) -> None:
    assert run(sample_project, "extract")[0] == 0
    make(sample_project)
    before = snapshot(sample_project / "locales")
    code, out, err = run(sample_project, command)
    assert code == 2, (out, err)
    assert "Traceback" not in err
    line = err.strip().splitlines()
    assert len(line) == 1 and line[0].startswith(where) and words in line[0], err
    assert snapshot(sample_project / "locales") == before
    assert not (sample_project / "dist").exists()


def test_a_good_date_and_datetime_are_accepted(sample_project: Path, run: Run) -> None:
    _article('title: Dated\ndate: "2021-10-02"\n')(sample_project)
    assert run(sample_project, "extract")[0] == 0
    _article("title: Dated\ndate: 2021-10-02T09:30:00\n")(sample_project)
    assert run(sample_project, "extract")[0] == 0


def test_nesting_at_the_limit_is_kept(sample_project: Path, run: Run) -> None:
    """Block quotes 19 deep render every level: the refusal starts exactly where text is lost."""
    body = "".join("> " * i + f"level {i}\n\n" for i in range(1, 20))
    _article("title: x\n", body)(sample_project)
    code, _, err = run(sample_project, "extract")
    assert code == 0, err
    pot = (sample_project / "locales/templates/news/zz.pot").read_text(encoding="utf-8")
    assert 'msgid "level 19"' in pot


@pytest.mark.parametrize(
    "args",
    [
        ("new", "Title with a NUL \x00 byte"),
        ("new", "Undecodable \udcff byte"),
        ("build", "--out", "dist\x00x"),
        ("pack", "-l", "sv\x01"),
    ],
    ids=["NUL in a title", "surrogate in a title", "NUL in --out", "control in -l"],
)
def test_bad_characters_in_arguments_are_a_usage_error(
    sample_project: Path, run: Run, args: tuple[str, ...]
) -> None:
    before = snapshot(sample_project)
    code, out, err = run(sample_project, *args)
    assert code == 2 and "Traceback" not in err, (out, err)
    assert "remove it" in err.strip().splitlines()[-1]  # click's usage errors add a usage line
    assert snapshot(sample_project) == before


@pytest.mark.parametrize("name", ["mirage-i18n.toml", "glossary.toml"])
@pytest.mark.parametrize("nesting", ["array", "inline table"])
def test_deeply_nested_toml_is_one_line(
    sample_project: Path, run: Run, name: str, nesting: str
) -> None:
    deep = "[" * 5000 + "]" * 5000 if nesting == "array" else "{a = " * 5000 + "1" + "}" * 5000
    path = sample_project / name
    path.write_text(path.read_text(encoding="utf-8") + f"\nzz_deep = {deep}\n", encoding="utf-8")
    code, out, err = run(sample_project, "status")
    assert code == 2 and "Traceback" not in err, (out, err)
    assert (
        f"{name}: invalid TOML: arrays or tables nested too deeply" in err.strip().splitlines()[-1]
    )
