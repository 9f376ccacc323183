"""Front matter splitting, file decoding errors, and whole-document read/reassemble."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mirage_i18n.config import Settings, load_settings
from mirage_i18n.errors import SourceError
from mirage_i18n.fsutil import files_below, folders_resolved_once
from mirage_i18n.model import Segment
from mirage_i18n.sources.frontmatter import decode_source, split_front_matter
from mirage_i18n.sources.project import source_files
from mirage_i18n.sources.reader import (
    _relative,
    parse_document,
    read_document,
    reassemble_document,
)

ARTICLE = """---
title: Kick-off in Sofia
date: 2024-03-01
summary: Partners met for two days.
tags: [news]
author: Ana
---
# Kick-off

> Partners from *eight* countries
> met in Sofia.
"""


def test_split_front_matter_keeps_order_and_key_lines() -> None:
    fm = split_front_matter(ARTICLE, "a.md")
    assert list(fm.data) == ["title", "date", "summary", "tags", "author"]
    assert fm.key_lines == {"title": 2, "date": 3, "summary": 4, "tags": 5, "author": 6}
    assert fm.body_line == 8
    assert fm.body.startswith("# Kick-off\n")


def test_no_front_matter() -> None:
    fm = split_front_matter("# Title\n", "a.md")
    assert (fm.data, fm.body, fm.body_line) == ({}, "# Title\n", 1)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("---\ntitle: a\nsummary: [unclosed\n---\nbody\n", 4, "invalid YAML"),
        ("---\ntitle: a\n  bad: indent\n---\n", 3, "invalid YAML"),
        ("---\ntitle: a\ntitle: b\n---\n", 3, "duplicate front matter key 'title'"),
        ("---\n- a\n- b\n---\n", 2, "must be a mapping"),
        ("---\njust text\n---\n", 2, "must be a mapping"),
        ("---\ntitle: a\n", 1, "not closed"),
        # values YAML recognises but cannot build: were a ValueError traceback
        ("---\ntitle: a\ndate: 2021-02-30\n---\n", 3, "invalid YAML"),
        ("---\ntitle: a\ntags:\n  - x\n  - !!int abc\n---\n", 5, "invalid YAML"),
    ],
)
def test_front_matter_errors(text: str, line: int, message: str) -> None:
    with pytest.raises(SourceError) as info:
        split_front_matter(text, "news/a.md")
    assert (info.value.path, info.value.line) == ("news/a.md", line)
    assert message in info.value.message
    assert info.value.exit_code == 2


@pytest.mark.parametrize(
    ("yaml_lines", "line"),
    [
        ("title: ok\nsummary: fine\nlist:\n  - a\n - b\n", 6),  # the misindented "- b"
        ("title: ok\nsummary: fine\n\tx: 1\n", 4),  # a tab
        ("title: ok\nsummary: a: b\n", 3),  # an unquoted colon
    ],
)
def test_yaml_error_line_is_the_file_line(yaml_lines: str, line: int) -> None:
    with pytest.raises(SourceError) as info:
        split_front_matter("---\n" + yaml_lines + "---\nbody\n", "a.md")
    assert info.value.line == line


def test_decode_rejects_bom_crlf_and_bad_utf8() -> None:
    with pytest.raises(SourceError, match="byte order mark") as info:
        decode_source(b"\xef\xbb\xbf---\n", "a.md")
    assert info.value.line == 1
    with pytest.raises(SourceError, match="CRLF") as info:
        decode_source(b"a\nb\r\nc\n", "a.md")
    assert str(info.value) == "a.md:2: CRLF line end; use LF (Unix) line ends"
    with pytest.raises(SourceError, match="UTF-8") as info:
        decode_source("ok\nok\nK\u00f6ln\n".encode("latin-1"), "a.md")
    assert info.value.line == 3
    assert decode_source("Köln\n".encode(), "a.md") == "Köln\n"


def test_parse_document_segments() -> None:
    doc = parse_document(ARTICLE, "news/a.md", "a", "article", ["title", "summary", "author"])
    assert doc.segments[:3] == (
        Segment("Kick-off in Sofia", "front matter: title", 2),
        Segment("Partners met for two days.", "front matter: summary", 4),
        Segment("Ana", "front matter: author", 6),
    )
    assert doc.segments[3:] == (
        Segment("Kick-off", "heading", 8),
        Segment("Partners from *eight* countries met in Sofia.", "blockquote", 10),
    )
    assert doc.body_line == 8


def test_missing_title() -> None:
    with pytest.raises(SourceError) as info:
        parse_document("---\nsummary: x\n---\nBody\n", "a.md", "a", "article", ["title"])
    assert str(info.value) == "a.md:1: front matter has no 'title'"
    with pytest.raises(SourceError):
        parse_document("Body only\n", "a.md", "a", "article", ["title"])


def test_body_error_has_file_line_and_path() -> None:
    with pytest.raises(SourceError) as info:
        parse_document(
            "---\ntitle: T\n---\n\n<!-- i18n: bogus -->\nx\n",
            "a.md",
            "a",
            "article",
            [],
        )
    assert str(info.value).startswith("a.md:5: unknown i18n directive")


def test_read_and_reassemble(tmp_path: Path) -> None:
    path = tmp_path / "news" / "a.md"
    path.parent.mkdir()
    path.write_text(ARTICLE, encoding="utf-8")
    doc = read_document(path, tmp_path, "a", "article", ["title", "summary"])
    assert doc.path == "news/a.md"
    assert doc.parsed is not None
    translations = {s.text: s.text.upper() for s in doc.segments}
    front, body = reassemble_document(doc, translations)
    assert list(front) == ["title", "date", "summary", "tags", "author"]
    assert front["title"] == "KICK-OFF IN SOFIA" and front["author"] == "Ana"
    assert body == "# KICK-OFF\n\n> PARTNERS FROM *EIGHT* COUNTRIES MET IN SOFIA.\n"


def test_reassemble_without_kept_parse(tmp_path: Path) -> None:
    from dataclasses import replace

    doc = parse_document(ARTICLE, "a.md", "a", "article", ["title"])
    bare = replace(doc, parsed=None)
    assert reassemble_document(bare, {}) == reassemble_document(doc, {})


def test_read_document_reports_decoding_errors(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"---\r\ntitle: x\r\n---\r\n")
    with pytest.raises(SourceError) as info:
        read_document(path, tmp_path, "a", "article", ["title"])
    assert str(info.value) == "a.md:1: CRLF line end; use LF (Unix) line ends"


def test_segments_without_letters_are_not_extracted() -> None:
    text = "---\ntitle: Programme\n---\n\n| Time | Session |\n| --- | --- |\n| 09:30 | Welcome |\n\n2021\n"
    doc = parse_document(text, "a.md", "news/a", "article", ["title"])
    assert [s.text for s in doc.segments] == ["Programme", "Time", "Session", "Welcome"]
    translated = reassemble_document(doc, {"Welcome": "Välkommen", "Time": "Tid"})
    assert "| 09:30 | Välkommen |" in translated.body and translated.body.rstrip().endswith("2021")


@pytest.mark.parametrize(
    "text",
    ["site:\n  title: News\n  since: 2021-02-30\n", "site:\n  title: News\n  since: !!int soon\n"],
)
def test_shared_texts_value_yaml_cannot_build_is_path_line(text: str) -> None:
    from mirage_i18n.sources.shared import parse_shared

    with pytest.raises(SourceError) as info:
        parse_shared(text, "source_texts/shared.yaml")
    assert (info.value.path, info.value.line) == ("source_texts/shared.yaml", 3)


def _source_files_with_pathlib(settings: Settings) -> list[tuple[Path, str, str]]:
    """``source_files`` as it was written with pathlib: the reference for its string walk."""
    root = settings.sources_dir
    found: list[tuple[Path, str, str]] = []
    if (root / "shared.yaml").is_file():
        found.append((root / "shared.yaml", "shared", "shared"))
    for path in files_below(root, ".md"):
        rel = path.relative_to(root)
        if rel.name.lower() == "readme.md":
            continue
        kind = "newsletter" if rel.parts[0] == "newsletters" else "article"
        found.append((path, rel.with_suffix("").as_posix(), kind))
    return found


def test_source_files_are_those_pathlib_found(sample_project: Path) -> None:
    """Order (by path components: ``a/b`` before ``a-c``), domains of odd names, README files
    skipped, newsletters told apart, a symlinked file inside the project kept."""
    settings = load_settings(sample_project)
    src = settings.sources_dir
    for rel in ("a/b.md", "a-c.md", "a.md", "news/.hidden.md", "news/..md", "x/README.MD"):
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text("---\ntitle: T\n---\nBody.\n")
    (src / "news" / "link.md").symlink_to(src / "a.md")
    with folders_resolved_once():
        got = source_files(settings)
    assert got == _source_files_with_pathlib(settings)
    domains = [domain for _, domain, _ in got]
    assert domains.index("a/b") < domains.index("a-c") and "news/." in domains


def test_reference_paths_are_those_pathlib_gave(sample_project: Path, tmp_path: Path) -> None:
    """``_relative`` on strings against ``Path(realpath).relative_to(realpath(root))``: plain
    files, a symlink inside the project (its target's path), a root reached by a symlink, and a
    file outside the root (``relpath``)."""
    root = sample_project
    (root / "linkroot").symlink_to(root, target_is_directory=True)
    target = root / "source_texts" / "shared.yaml"
    (root / "source_texts" / "alias.yaml").symlink_to(target)
    outside = tmp_path / "elsewhere.md"
    outside.write_text("x")
    cases = [
        (target, root),
        (root / "source_texts" / "alias.yaml", root),
        (root / "linkroot" / "source_texts" / "shared.yaml", root / "linkroot"),
        (outside, root),
    ]
    for path, base in cases:
        try:
            want = Path(os.path.realpath(path)).relative_to(os.path.realpath(base)).as_posix()
        except ValueError:
            want = Path(os.path.relpath(path, base)).as_posix()
        assert _relative(path, base) == want
        with folders_resolved_once():
            assert _relative(path, base) == want
