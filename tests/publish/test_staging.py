"""The staging folder: one file per output, however the output's path is spelt."""

from __future__ import annotations

from pathlib import Path

import pytest

from mirage_i18n.errors import PublishError
from mirage_i18n.publish.report import BuildReport
from mirage_i18n.publish.staging import Staging, output_name


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
