"""Loading catalogues: the Language header against the folder, errors at their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from mirage_i18n import pipeline
from mirage_i18n.catalog.merge import same_language
from mirage_i18n.catalog.store import (
    catalog_domains,
    load_translation,
    read_catalog,
    template_domains,
)
from mirage_i18n.config import load_settings
from mirage_i18n.errors import CatalogError

SHARED_SV = "locales/sv/LC_MESSAGES/shared.po"


@pytest.mark.parametrize(
    ("declared", "folder", "fits"),
    [
        ("sv", "sv", True),
        ("sv_SE", "sv", True),  # Poedit writes the region
        ("sv-SE", "sv", True),
        (" sv ", "sv", True),
        ("pt-BR", "pt_BR", True),
        ("pt", "pt_BR", False),  # less specific than the folder
        ("pt_PT", "pt_BR", False),
        ("svenska", "sv", False),
        ("s", "sv", False),
        ("de", "sv", False),
    ],
)
def test_language_header_fits_its_folder(declared: str, folder: str, fits: bool) -> None:
    assert same_language(declared, folder) is fits


def _set_language(project: Path, value: str) -> Path:
    po = project / SHARED_SV
    text = po.read_text(encoding="utf-8")
    assert '"Language: sv\\n"' in text
    po.write_text(text.replace('"Language: sv\\n"', f'"Language: {value}\\n"'), encoding="utf-8")
    return po


def test_a_region_in_the_language_header_is_accepted_and_kept(sample_project: Path) -> None:
    settings = load_settings(sample_project)
    po = _set_language(sample_project, "sv_SE")
    catalog = load_translation(settings, "sv", "shared")
    assert catalog is not None and catalog.header("Language") == "sv_SE"
    pipeline.update(settings, ["sv"])
    assert '"Language: sv_SE\\n"' in po.read_text(encoding="utf-8")


def test_another_language_is_refused_at_the_language_line(sample_project: Path) -> None:
    settings = load_settings(sample_project)
    po = _set_language(sample_project, "de")
    line = po.read_text(encoding="utf-8").split("\n").index('"Language: de\\n"') + 1
    assert line > 1
    with pytest.raises(CatalogError) as info:
        load_translation(settings, "sv", "shared")
    assert (info.value.path, info.value.line) == (SHARED_SV, line)
    assert "Language header says 'de'" in str(info.value)


def test_read_catalog_gives_the_catalogue_and_its_text_under_the_shown_path(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_bytes(
        b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\n'
    )
    with pytest.raises(CatalogError) as info:
        read_catalog(path, "locales/sv/LC_MESSAGES/x.po")
    assert (
        str(info.value)
        == "locales/sv/LC_MESSAGES/x.po:4: syntax error: the last entry has no msgstr"
    )
    path.write_bytes(b'msgid ""\nmsgstr "Language: sv\\n"\n\nmsgid "a"\nmsgstr "b"\n')
    catalog, text = read_catalog(path, "shown.po")
    assert (catalog.path, catalog.messages[0].msgstr) == ("shown.po", "b")
    assert text == path.read_text(encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        read_catalog(tmp_path / "missing.po", "locales/sv/LC_MESSAGES/missing.po")
    assert str(info.value).startswith("locales/sv/LC_MESSAGES/missing.po: cannot read catalogue")


def test_update_names_a_template_it_cannot_read(sample_project: Path) -> None:
    """It read the template's bytes itself (to hash them) and let an OSError through."""
    settings = load_settings(sample_project)
    pipeline.extract(settings)
    (settings.templates_dir / "broken.pot").mkdir()
    with pytest.raises(CatalogError) as info:
        pipeline.update(settings)
    assert str(info.value) == "locales/templates/broken.pot: cannot read catalogue: Is a directory"


def test_update_that_finds_a_broken_catalogue_writes_no_other(sample_project: Path) -> None:
    """update merges and stages one catalogue at a time: a broken catalogue met after others
    were merged and staged must still leave every file as it was, with no temporary file."""
    settings = load_settings(sample_project)
    pipeline.extract(settings)
    pipeline.update(settings)
    for source in sorted((sample_project / "source_texts").rglob("*.md")):
        text = source.read_text(encoding="utf-8")
        source.write_text(text + "\nA paragraph added to every document.\n", encoding="utf-8")
    pipeline.extract(settings)  # every template changes: update would rewrite every catalogue
    catalogues = sorted(settings.locales_dir.rglob("*.po"))
    broken = catalogues[-1]  # its document comes last in update's order: the others merge first
    broken.write_text(broken.read_text(encoding="utf-8") + '\nmsgid "x\n', encoding="utf-8")
    before = {p: p.read_bytes() for p in catalogues}
    with pytest.raises(CatalogError) as info:
        pipeline.update(settings)
    assert str(info.value).startswith(settings.rel(broken) + ":")
    assert {p: p.read_bytes() for p in sorted(settings.locales_dir.rglob("*.po"))} == before
    assert not [p for p in sample_project.rglob("*") if p.name.endswith(".mirage-tmp")]


def test_domains_are_the_pathlib_names(sample_project: Path) -> None:
    """``catalog_domains`` and ``template_domains`` walk on strings; they list what the
    pathlib expression they replace listed, odd names included (a bare ``.po``, ``..po``)."""
    settings = load_settings(sample_project)
    pipeline.extract(settings)
    pipeline.update(settings)
    folder = settings.catalog_dir(settings.languages[0])
    for rel in ("x/..po", ".po", "x/.hidden.po", "x/a.b.po", "dir.po/inner.po"):
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text("")
    (settings.templates_dir / "..pot").write_text("")
    want = sorted(p.relative_to(folder).with_suffix("").as_posix() for p in folder.rglob("*.po"))
    assert catalog_domains(settings, settings.languages[0]) == want
    assert {"x/.", ".po", "x/.hidden", "x/a.b", "dir", "dir.po/inner"} <= set(want)
    templates = settings.templates_dir
    pots = [p.relative_to(templates).with_suffix("").as_posix() for p in templates.rglob("*.pot")]
    assert template_domains(settings) == sorted(pots, key=lambda d: (d != "shared", d))
