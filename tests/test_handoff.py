"""Translator packs: out by zip, edited the way Poedit saves, merged back three ways."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from mirage_i18n.catalog.poreader import parse_po, read_po
from mirage_i18n.catalog.powriter import format_po
from tests.clirun import run_cli as run
from tests.clirun import snapshot
from tests.gnu import msgcat_fixed_point, msgfmt_check, run_tool

SEED = "news/2021-10-partner-meeting"
SEED_FILE = "news--2021-10-partner-meeting.po"


def prepared(project: Path) -> None:
    assert run(project, "extract")[0] == 0
    assert run(project, "update")[0] == 0


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def write_zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def poedit_save(
    po_text: str, tmp: Path, translations: dict[str, str], review: set[str] = frozenset()
) -> bytes:
    """Translate like a person in Poedit, then save like Poedit: re-wrapped at 79, new headers."""
    catalog = parse_po(po_text, "x.po")
    from dataclasses import replace

    messages = []
    for m in catalog.messages:
        if m.msgid in translations:
            m = replace(
                m, msgstr=translations[m.msgid], flags=tuple(f for f in m.flags if f != "fuzzy")
            )
        elif m.msgid in review:
            m = replace(m, flags=tuple(f for f in m.flags if f != "fuzzy"))
        messages.append(m)
    catalog = replace(catalog, messages=tuple(messages))
    catalog = catalog.with_header("Last-Translator", "Giulia Rossi <giulia@example.org>")
    catalog = catalog.with_header("X-Generator", "Poedit 3.4.2")
    catalog = catalog.with_header("PO-Revision-Date", "2026-11-20 10:12+0100")
    raw = tmp / "edited.po"
    raw.write_text(format_po(catalog), encoding="utf-8")
    wrapped = run_tool("msgcat", "--width=79", str(raw))  # Poedit wraps like gettext at 79
    assert wrapped.returncode == 0, wrapped.stderr
    return wrapped.stdout


def test_round_trip_with_english_changed_meanwhile(sample_project: Path, tmp_path: Path) -> None:
    prepared(sample_project)
    pack = tmp_path / "it.zip"
    code, out, err = run(sample_project, "pack", "-l", "it", "-o", str(pack))
    assert code == 0, err
    members = read_zip(pack)
    assert "README-translators.txt" in members and "mirage-pack.json" in members
    readme = members["README-translators.txt"].decode()
    assert (
        "fuzzy" in readme and "e-mail" in readme and "disclaimer" in readme and "MIraGE" in readme
    )
    manifest = json.loads(members["mirage-pack.json"])
    assert manifest["language"] == "it" and manifest["project"] == "MIraGE"
    assert {c["domain"] for c in manifest["catalogues"]} >= {SEED, "shared"}
    assert all(c["template_version"] for c in manifest["catalogues"])

    seed_po = members[SEED_FILE].decode()
    seed_cat = read_po(io.BytesIO(members[SEED_FILE]), "x")
    title, lede, p1, p2 = (m.msgid for m in seed_cat.messages[:4])
    members[SEED_FILE] = poedit_save(
        seed_po,
        tmp_path,
        {
            title: "Riunione dei partner MIraGE, ottobre 2021",
            p1: "L'ultima riunione che ha riunito i partner di MIraGE si è tenuta venerdì 15 ottobre 2021 "
            "in modalità ibrida: mentre alcuni rappresentanti dei partner si sono incontrati di persona "
            "a Cipro, presso la sede del Center for Social Innovation, altri partner si sono collegati online.",
            p2: "Durante la riunione i partner hanno discusso questioni operative e gestionali.",
        },
    )
    assert b"Poedit 3.4.2" in members[SEED_FILE]
    assert any(len(line) > 79 for line in seed_po.splitlines())  # our layout is no-wrap…
    assert 'msgstr ""\n"L\'ultima riunione' in members[SEED_FILE].decode()  # …Poedit's wraps
    returned = tmp_path / "it-returned.zip"
    write_zip(returned, members)

    # Meanwhile the English of p2 changes in the repository.
    src = sample_project / "source_texts" / f"{SEED}.md"
    src.write_text(
        src.read_text(encoding="utf-8").replace(
            "dissemination activities", "communication activities"
        ),
        encoding="utf-8",
    )
    prepared(sample_project)

    code, out, err = run(sample_project, "unpack", str(returned))
    assert code == 0, err
    assert f"{SEED}: 2 taken, 1 fuzzy (English changed)" in out
    po = sample_project / "locales/it/LC_MESSAGES" / f"{SEED}.po"
    msgfmt_check(po)
    msgcat_fixed_point(po)  # written back in the project's layout, not Poedit's wrapping
    cat = parse_po(po.read_text(encoding="utf-8"), str(po))
    by_id = {m.msgid: m for m in cat.messages if not m.obsolete}
    assert by_id[title].msgstr.startswith("Riunione") and not by_id[title].fuzzy
    assert by_id[p1].msgstr.startswith("L'ultima") and not by_id[p1].fuzzy
    new_p2 = p2.replace("dissemination activities", "communication activities")
    assert by_id[new_p2].fuzzy and by_id[new_p2].previous_msgid == p2
    assert by_id[new_p2].msgstr.startswith("Durante la riunione")
    assert by_id[lede].msgstr == ""  # untouched entries stay as they are
    assert cat.header("Last-Translator") == "Giulia Rossi <giulia@example.org>"
    assert cat.header("Language") == "it"


def test_reviewed_work_in_the_repository_is_kept_and_reported(
    sample_project: Path, tmp_path: Path
) -> None:
    prepared(sample_project)
    pack = tmp_path / "sv.zip"
    assert run(sample_project, "pack", "-l", "sv", "-o", str(pack))[0] == 0
    members = read_zip(pack)
    cat = read_po(io.BytesIO(members[SEED_FILE]), "x")
    title = cat.messages[0].msgid
    members[SEED_FILE] = poedit_save(
        members[SEED_FILE].decode(), tmp_path, {title: "Översättarens titel"}
    )
    write_zip(pack, members)
    # A reviewer changes the same reviewed entry in the repository meanwhile.
    po = sample_project / "locales/sv/LC_MESSAGES" / f"{SEED}.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(
        text.replace(
            'msgstr "MIraGE partnermöte, Oktober 2021"', 'msgstr "MIraGE partnermöte, oktober 2021"'
        ),
        encoding="utf-8",
    )
    code, out, err = run(sample_project, "unpack", str(pack))
    assert code == 0, err
    assert "1 conflict(s) kept from the repository" in out
    assert "kept the repository's reviewed translation" in out
    assert 'msgstr "MIraGE partnermöte, oktober 2021"' in po.read_text(encoding="utf-8")


def test_only_needed_leaves_complete_catalogues_out(sample_project: Path, tmp_path: Path) -> None:
    prepared(sample_project)
    code, out, _ = run(
        sample_project, "pack", "-l", "sv", "--only-needed", "-o", str(tmp_path / "p.zip")
    )
    assert code == 0
    assert f"left out {SEED} (complete)" in out
    assert SEED_FILE not in read_zip(tmp_path / "p.zip")


@pytest.mark.parametrize(
    "fault", ["other project", "other language", "wrong file language", "corrupted"]
)
def test_wrong_packs_are_refused_and_nothing_is_written(
    sample_project: Path, tmp_path: Path, fault: str
) -> None:
    prepared(sample_project)
    pack = tmp_path / "it.zip"
    assert run(sample_project, "pack", "-l", "it", "-o", str(pack))[0] == 0
    members = read_zip(pack)
    manifest = json.loads(members["mirage-pack.json"])
    if fault == "other project":
        manifest["project"] = "OTHER"
    elif fault == "other language":
        manifest["language"] = "xx"
    elif fault == "wrong file language":
        members[SEED_FILE] = members[SEED_FILE].replace(b'"Language: it\\n"', b'"Language: fr\\n"')
    members["mirage-pack.json"] = json.dumps(manifest).encode()
    write_zip(pack, members)
    if fault == "corrupted":
        data = pack.read_bytes()
        pack.write_bytes(data[: len(data) // 2])
    before = snapshot(sample_project / "locales")
    code, out, err = run(sample_project, "unpack", str(pack))
    assert code == 2, out
    expected = {
        "other project": "belongs to project",
        "other language": "language 'xx'",
        "wrong file language": "language 'fr'",
        "corrupted": "zip",
    }[fault]
    assert expected in err
    assert snapshot(sample_project / "locales") == before


def test_pack_is_a_real_zip_for_any_unzip_tool(sample_project: Path, tmp_path: Path) -> None:
    prepared(sample_project)
    pack = tmp_path / "de.zip"
    assert run(sample_project, "pack", "-l", "de", "-o", str(pack))[0] == 0
    with zipfile.ZipFile(io.BytesIO(pack.read_bytes())) as zf:
        assert zf.testzip() is None
        for name in zf.namelist():
            if name.endswith(".po"):
                p = tmp_path / name
                p.write_bytes(zf.read(name))
                msgfmt_check(p)


def test_a_pack_rezipped_as_a_folder_is_merged(sample_project: Path, tmp_path: Path) -> None:
    # "Send to > Compressed folder" on the unzipped folder (and macOS's __MACOSX/._* files):
    # every member sits under a folder; the pack is the same.
    prepared(sample_project)
    pack = tmp_path / "it.zip"
    assert run(sample_project, "pack", "-l", "it", "-o", str(pack))[0] == 0
    members = read_zip(pack)
    title = read_po(io.BytesIO(members[SEED_FILE]), "x").messages[0].msgid
    members[SEED_FILE] = poedit_save(
        members[SEED_FILE].decode(), tmp_path, {title: "Riunione dei partner"}
    )
    folder = {f"MIraGE-it/{name}": data for name, data in members.items()}
    folder[f"__MACOSX/MIraGE-it/._{SEED_FILE}"] = b"\x00\x05\x16\x07 AppleDouble junk"
    folder["__MACOSX/MIraGE-it/._mirage-pack.json"] = b"\x00\x05\x16\x07 AppleDouble junk"
    write_zip(pack, folder)
    code, out, err = run(sample_project, "unpack", str(pack))
    assert code == 0, err
    assert f"{SEED}: 1 taken" in out
    po = sample_project / "locales/it/LC_MESSAGES" / f"{SEED}.po"
    assert 'msgstr "Riunione dei partner"' in po.read_text(encoding="utf-8")


def test_two_copies_of_a_file_in_the_zip_are_refused(sample_project: Path, tmp_path: Path) -> None:
    prepared(sample_project)
    pack = tmp_path / "it.zip"
    assert run(sample_project, "pack", "-l", "it", "-o", str(pack))[0] == 0
    members = read_zip(pack)
    members[f"old/{SEED_FILE}"] = members[SEED_FILE]
    write_zip(pack, members)
    before = snapshot(sample_project / "locales")
    code, _, err = run(sample_project, "unpack", str(pack))
    assert code == 2 and SEED_FILE in err and "twice" in err
    assert snapshot(sample_project / "locales") == before


def test_language_with_a_region_round_trips(sample_project: Path, tmp_path: Path) -> None:
    # Config codes may use "-" (pt-BR); the Language header is written as configured.
    config = sample_project / "mirage-i18n.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('"hu"]', '"hu", "pt-BR"]'), encoding="utf-8"
    )
    prepared(sample_project)
    pack = tmp_path / "pt.zip"
    assert run(sample_project, "pack", "-l", "pt-BR", "-o", str(pack))[0] == 0
    members = read_zip(pack)
    assert b'"Language: pt-BR\\n"' in members[SEED_FILE]
    title = read_po(io.BytesIO(members[SEED_FILE]), "x").messages[0].msgid
    # Poedit writes the code with an underscore.
    members[SEED_FILE] = poedit_save(
        members[SEED_FILE].decode(), tmp_path, {title: "Reunião"}
    ).replace(b'"Language: pt-BR\\n"', b'"Language: pt_BR\\n"')
    write_zip(pack, members)
    code, out, err = run(sample_project, "unpack", str(pack))
    assert code == 0, err
    assert f"{SEED}: 1 taken" in out


@pytest.mark.parametrize(
    "manifest",
    [
        [1],
        {"format": 1, "project": "MIraGE", "language": "it", "catalogues": [{"file": SEED_FILE}]},
        {
            "format": 1,
            "project": "MIraGE",
            "language": "it",
            "catalogues": [{"domain": "../../../escape", "file": SEED_FILE}],
        },
    ],
)
def test_a_damaged_manifest_is_a_clear_error(
    sample_project: Path, tmp_path: Path, manifest: object
) -> None:
    prepared(sample_project)
    pack = tmp_path / "it.zip"
    assert run(sample_project, "pack", "-l", "it", "-o", str(pack))[0] == 0
    members = read_zip(pack)
    members["mirage-pack.json"] = json.dumps(manifest).encode()
    write_zip(pack, members)
    before = snapshot(sample_project)
    code, _, err = run(sample_project, "unpack", str(pack))
    assert code == 2 and "mirage-pack.json is damaged" in err
    assert snapshot(sample_project) == before
