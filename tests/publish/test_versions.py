"""Slugs: two articles with one page path are an error at the front matter line to change.

(A clash of source-language slugs written as ``slug`` or folded from the English title is found
earlier, when the sources are read: ``tests/cli/test_catalogues.py``.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mirage_i18n.config import load_settings
from mirage_i18n.errors import MirageError
from mirage_i18n.publish.build import build


def _build_error(project: Path) -> MirageError:
    with pytest.raises(MirageError) as info:
        build(load_settings(project))
    assert info.value.exit_code == 2
    assert not (project / "dist").exists()
    return info.value


def test_a_slugs_entry_that_clashes_names_its_line(sample_project: Path) -> None:
    final = "source_texts/news/2021-12-final-conference.md"
    path = sample_project / final
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(3, "slugs: {en: the-mirage-training-toolkit-is-online}")
    path.write_text("\n".join(lines), encoding="utf-8")
    err = _build_error(sample_project)
    assert str(err).startswith(
        f"{final}:4: slug 'the-mirage-training-toolkit-is-online' in en is also used by "
        "news/2021-06-training-toolkit; give one of them 'slugs: {en: …}'"
    )


def test_translated_titles_that_fold_to_one_slug_name_the_title_line(sample_project: Path):
    """Two articles with the same Swedish title: the second is reported at its title line,
    where 'slugs: {sv: …}' is to be added (the build found this without any line)."""
    news = sample_project / "source_texts/news"
    text = (news / "2021-10-partner-meeting.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: ")
    (news / "2021-11-copy.md").write_text(
        text.replace("\ndate:", "\nslug: copy\ndate:", 1), encoding="utf-8"
    )
    sv = sample_project / "locales/sv/LC_MESSAGES/news"
    shutil.copy(sv / "2021-10-partner-meeting.po", sv / "2021-11-copy.po")
    err = _build_error(sample_project)
    assert (err.path, err.line) == ("source_texts/news/2021-11-copy.md", 2), str(err)
    assert "slug 'mirage-partnermote-oktober-2021' in sv is also used by news/2021-10-partner" in (
        str(err)
    )
