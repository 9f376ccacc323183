"""update skips catalogues whose template and bytes are as it left them, and only those."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mirage_i18n import pipeline
from mirage_i18n.catalog.update import UPDATE_MANIFEST
from mirage_i18n.config import load_settings
from mirage_i18n.jsontext import dumps_indented

SV_DOC = Path("locales/sv/LC_MESSAGES/news/2021-10-partner-meeting.po")


def _update(project: Path) -> pipeline.UpdateReport:
    return pipeline.update(load_settings(project))


def test_second_update_skips_everything_and_writes_nothing(sample_project: Path) -> None:
    pipeline.extract(load_settings(sample_project))
    _update(sample_project)
    manifest = sample_project / ".mirage-cache" / UPDATE_MANIFEST
    entries = json.loads(manifest.read_text())["entries"]
    assert "sv/news/2021-10-partner-meeting" in entries
    before = {p: p.stat().st_mtime_ns for p in (sample_project / "locales").rglob("*.po")}
    report = _update(sample_project)
    assert report.written == () and report.created == ()
    assert {p: p.stat().st_mtime_ns for p in before} == before


def test_hand_edited_catalogue_is_merged_again(sample_project: Path) -> None:
    """A translator's save (bytes differ from what update wrote) is never trusted blindly."""
    pipeline.extract(load_settings(sample_project))
    _update(sample_project)
    path = sample_project / SV_DOC
    text = path.read_text(encoding="utf-8")
    # A stale entry typed by hand: update must turn it into an obsolete (#~) entry.
    path.write_text(
        text + '\nmsgid "A sentence no template has"\nmsgstr "En mening"\n', encoding="utf-8"
    )
    report = _update(sample_project)
    assert str(SV_DOC) in report.written
    assert '#~ msgid "A sentence no template has"' in path.read_text(encoding="utf-8")


def test_changed_template_is_merged_again(sample_project: Path) -> None:
    pipeline.extract(load_settings(sample_project))
    _update(sample_project)
    source = sample_project / "source_texts/news/2021-10-partner-meeting.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace("The last meeting", "The most recent meeting"),
        encoding="utf-8",
    )
    pipeline.extract(load_settings(sample_project))
    report = _update(sample_project)
    assert str(SV_DOC) in report.written
    assert "The most recent meeting" in (sample_project / SV_DOC).read_text(encoding="utf-8")
    assert not any("2021-06-training-toolkit" in p for p in report.written)


def test_corrupt_or_foreign_manifest_means_a_full_update(sample_project: Path) -> None:
    pipeline.extract(load_settings(sample_project))
    _update(sample_project)
    manifest = sample_project / ".mirage-cache" / UPDATE_MANIFEST
    manifest.write_text("{not json")
    path = sample_project / SV_DOC
    path.write_text(
        path.read_text(encoding="utf-8") + '\nmsgid "Stray"\nmsgstr "Lös"\n', encoding="utf-8"
    )
    report = _update(sample_project)
    assert str(SV_DOC) in report.written
    assert json.loads(manifest.read_text())["format"] == 1


def test_changed_settings_invalidate_the_manifest(sample_project: Path) -> None:
    pipeline.extract(load_settings(sample_project))
    _update(sample_project)
    path = sample_project / SV_DOC
    path.write_text(
        path.read_text(encoding="utf-8") + '\nmsgid "Stray"\nmsgstr "Lös"\n', encoding="utf-8"
    )
    _update(sample_project)  # the stray entry becomes obsolete, and this state is recorded
    assert '#~ msgid "Stray"' in path.read_text(encoding="utf-8")
    # purge=True is part of the fingerprint: the unchanged file must be merged, not skipped.
    pipeline.update(load_settings(sample_project), purge=True)
    assert "Stray" not in path.read_text(encoding="utf-8")


def test_rewritten_and_created_catalogues_keep_ordinary_permissions(sample_project: Path) -> None:
    """The atomic write's temporary file is private (0600): the catalogue must not stay so.

    Before, every catalogue update rewrote became unreadable to the group and to others (a
    web build or a colleague on a shared server), and new catalogues were created that way.
    """
    import os
    import stat

    pipeline.extract(load_settings(sample_project))
    path = sample_project / SV_DOC
    path.chmod(0o664)
    path.write_text(
        path.read_text(encoding="utf-8") + '\nmsgid "Stray"\nmsgstr "Lös"\n', encoding="utf-8"
    )
    new = sample_project / "locales/sv/LC_MESSAGES/shared.po"
    new.unlink()
    umask = os.umask(0o022)
    os.umask(umask)
    report = _update(sample_project)
    assert str(SV_DOC) in report.written
    assert stat.S_IMODE(path.stat().st_mode) == 0o664
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~umask != 0o600


@pytest.mark.parametrize(
    "data",
    [
        {"format": 1, "fingerprint": "0.1:x", "entries": {}},
        {
            "format": 1,
            "fingerprint": 'v:"é\n\x00\u2028',
            "entries": {"a/b": ["x", "y"], 'é"\\': [None, "z"], "e": [], "f": [None]},
        },
        {"format": 1, "fingerprint": "v", "entries": {"a": 5}},  # a foreign manifest kept
        {"format": 1, "fingerprint": "v", "entries": {"a": [1.5, True]}},
        {"format": 1, "fingerprint": "v", "entries": {"a": [["x"]], "b": {"c": "d"}}},
        {"format": 1, "fingerprint": None, "entries": {"\ud800": ["\udfff"]}},
        {"fingerprint": "v", "format": 1, "entries": {}},
        {"format": 1, "fingerprint": "v", "entries": []},
    ],
)
def test_manifest_text_is_json_dumps_text(data: dict[str, object]) -> None:
    assert dumps_indented(data, 0) == json.dumps(data, indent=0, ensure_ascii=False)


@given(
    st.dictionaries(
        st.text(),
        st.lists(st.one_of(st.none(), st.text()), max_size=3),
        max_size=5,
    ),
    st.text(),
)
def test_manifest_text_is_json_dumps_text_for_any_entries(
    entries: dict[str, list[str | None]], fingerprint: str
) -> None:
    data = {"format": 1, "fingerprint": fingerprint, "entries": entries}
    assert dumps_indented(data, 0) == json.dumps(data, indent=0, ensure_ascii=False)
