"""The staging folder: one file per output, however the output's path is spelt."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mirage_i18n.errors import PublishError
from mirage_i18n.publish.report import BuildReport
from mirage_i18n.publish.staging import Staging, _output_name, _plain_name, output_name


@pytest.mark.parametrize("second", ["site//index.html", "site/./index.html", "./site/index.html"])
def test_two_spellings_of_one_path_are_two_outputs_at_one_file(tmp_path: Path, second: str) -> None:
    # compared as raw strings, "site//index.html" passed and silently replaced the first page
    with pytest.raises(PublishError, match="two outputs would be written to site/index.html"):
        with Staging(tmp_path / "dist") as files:
            files["site/index.html"] = b"one"
            files[second] = b"two"
    assert list(tmp_path.iterdir()) == []  # staging removed, no dist/


@pytest.mark.parametrize("first, second", [("site/a", "site/a/index.html"), ("site/a/b", "site")])
def test_a_file_where_a_folder_is_written_is_a_clash(tmp_path: Path, first: str, second: str):
    with pytest.raises(PublishError, match="two outputs"):
        with Staging(tmp_path / "dist") as files:
            files[first] = b"one"
            files[second] = b"two"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("rel", ["../outside.html", "site/../../outside.html", "/tmp/x", "", "."])
def test_paths_outside_the_output_folder_are_refused(tmp_path: Path, rel: str) -> None:
    out = tmp_path / "out"
    with pytest.raises(PublishError, match="not inside the output folder"):
        with Staging(out / "dist") as files:
            files[rel] = b"x"
    assert not (tmp_path / "outside.html").exists() and not (out / "outside.html").exists()
    assert list(out.iterdir()) == []


def test_the_files_are_listed_in_one_spelling(tmp_path: Path) -> None:
    report = BuildReport(tmp_path / "dist", "en", (), ())
    with Staging(tmp_path / "dist") as files:
        files["site//en/./index.html"] = b"<p>en</p>"
        files["catalogs/sv.json"] = b"{}"
        assert files.names == {"site/en/index.html", "catalogs/sv.json"}
        files.finish(report, ())
    assert (tmp_path / "dist/site/en/index.html").read_bytes() == b"<p>en</p>"
    assert output_name("a//b/./c/") == "a/b/c"


# The shortcuts of the common case (names already in their one spelling; text outputs checked
# as text, folders made once) against the general path they stand in for.

NAME_PARTS = ["site", "a", ".", "..", "", "é", "x.html", "\t", "\n", "\x00", "\x85", "\ud800"]


def _outcome(func, *args):  # type: ignore[no-untyped-def]
    try:
        return ("ok", func(*args))
    except PublishError as exc:
        return ("error", str(exc))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(NAME_PARTS) | st.text(max_size=4), min_size=1, max_size=5))
def test_output_name_shortcut_agrees_with_the_general_path(parts: list[str]) -> None:
    for rel in ("/".join(parts), "//".join(parts), "/" + "/".join(parts)):
        assert _outcome(output_name, rel) == _outcome(_output_name, rel)


@pytest.mark.parametrize(
    "rel", ["site/en/index.html", "a//b", "a/./b", "a/", "/a", "a/../b", "a\tb", "a\nb", "a\x7fb"]
)
def test_output_name_shortcut_agrees_on_named_cases(rel: str) -> None:
    assert _outcome(output_name, rel) == _outcome(_output_name, rel)
    if rel == "site/en/index.html":
        assert _plain_name(rel)  # the case the build makes takes the shortcut…
    else:
        assert not _plain_name(rel)  # …every other one the general path


TEXTS = ["<p>plain</p>\n", "Ελληνικά «x»\u00a0y\n", "tab\there", "nul\x00", "c1\x85", "del\x7f"]


@pytest.mark.parametrize("name", ["site/a.html", "newsletter/x.eml", "catalogs/a.mo", "f.txt"])
@pytest.mark.parametrize("text", TEXTS + ["crlf\r\n", "lone\rcr", "lf\nonly"])
def test_write_text_is_setitem_of_the_encoded_text(tmp_path: Path, name: str, text: str) -> None:
    outcomes = []
    for way in ("bytes", "text"):
        with Staging(tmp_path / way) as files:
            try:
                if way == "bytes":
                    files[name] = text.encode("utf-8")
                else:
                    files.write_text(name, text)
            except PublishError as exc:
                outcomes.append(("error", str(exc)))
                continue
            outcomes.append(("ok", files.names))
            files.finish(BuildReport(tmp_path / way, "en", (), ()), ())
    assert outcomes[0] == outcomes[1]
    if outcomes[0][0] == "ok":
        assert (tmp_path / "bytes" / name).read_bytes() == (tmp_path / "text" / name).read_bytes()


@pytest.mark.parametrize("name", ["catalogs/sv.json", "newsletter/x.eml", "catalogs/a.mo"])
@pytest.mark.parametrize(
    "data",
    [t.encode("utf-8") for t in [*TEXTS, "crlf\r\n", "lf\nonly", "😀 är é"]]
    + [b"bad \xc3( utf-8", b"cut \xe2\x82"],
)
def test_write_chunks_is_setitem_of_the_joined_chunks(tmp_path: Path, name: str, data: bytes):
    """A language's JSON catalogue is written a chunk at a time: wherever the chunks are cut
    (inside a character too), the file and the verdict on control characters are the ones
    of the whole bytes."""

    def outcome(folder: Path, write: object) -> tuple[str, object]:
        with Staging(folder) as files:
            try:
                write(files)  # type: ignore[operator]
            except PublishError as exc:
                return ("error", str(exc))
            files.finish(BuildReport(folder, "en", (), ()), ())
            return ("ok", (folder / name).read_bytes())

    def whole(files: Staging) -> None:
        files[name] = data

    expected = outcome(tmp_path / "whole", whole)
    cuts = [[data[:i], data[i:]] for i in range(len(data) + 1)] + [[bytes([b]) for b in data]]
    for i, chunks in enumerate(cuts):
        got = outcome(
            tmp_path / f"cut{i}", lambda files, c=chunks: files.write_chunks(name, iter(c))
        )
        assert got == expected, chunks


def test_folders_are_made_once_and_clashes_still_found(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match="two outputs would be written to a/b/c"):
        with Staging(tmp_path / "dist") as files:
            files["a/b/c/d.html"] = b"1"
            files["a/b/e.html"] = b"2"  # a/b known: no mkdir
            files["a/f/g.html"] = b"3"  # a known, a/f made
            assert files.names == {"a/b/c/d.html", "a/b/e.html", "a/f/g.html"}
            files["a/b/c"] = b"4"  # a folder made before: the file cannot be written
    with pytest.raises(PublishError, match="two outputs would be written to a/b/c/d.html"):
        with Staging(tmp_path / "dist") as files:
            files["a/b/c"] = b"1"
            files["a/b/c/d.html"] = b"2"  # a file where a folder is needed
