"""Hostile returned packs (issue 13): zip bombs, one catalogue under two names, malformed
manifests. Each is refused whole with one ``path: message`` line, exit 2, and nothing written;
a translator's work already in the repository is never overwritten."""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from mirage_i18n import limits
from tests.clirun import run_cli, snapshot
from tests.gnu import msgfmt_check
from tests.hostile.bombs import bomb_zip
from tests.hostile.conftest import ARTICLE, ARTICLE_FILE, make_pack, zip_bytes

TITLE = "Welcome to the Demo news"
MIRAGE = Path(sys.executable).parent / "mirage-i18n"


def translated(po: bytes, msgid: str, text: str) -> bytes:
    old = f'msgid "{msgid}"\nmsgstr ""\n'.encode()
    assert old in po
    return po.replace(old, f'msgid "{msgid}"\nmsgstr "{text}"\n'.encode())


def refused(project: Path, pack: Path, *words: str) -> str:
    """``unpack`` exits 2 with one line naming the pack, holding ``words``; nothing written."""
    before = snapshot(project)
    code, out, err = run_cli(project, "unpack", str(pack))
    assert code == 2, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{pack}: "), err
    message = lines[0][len(f"{pack}: ") :]
    for word in words:
        assert word in message, err
    assert snapshot(project) == before
    return message


def unpack_in_subprocess(project: Path, pack: Path) -> subprocess.CompletedProcess[str]:
    """A real process with a bound: before the limits, these packs ran for minutes."""
    return subprocess.run(
        [str(MIRAGE), "--project", str(project), "unpack", str(pack)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# ---------------------------------------------------------------------------- zip bombs


def test_a_gigabyte_catalogue_is_refused_from_the_directory(
    small_project: Path, tmp_path: Path
) -> None:
    members = make_pack(small_project, tmp_path / "sv.zip")
    del members[ARTICLE_FILE]
    pack = tmp_path / "bomb.zip"
    pack.write_bytes(bomb_zip(ARTICLE_FILE, 1500, members))
    assert pack.stat().st_size < 2 * 1024 * 1024
    with zipfile.ZipFile(pack) as zf:  # a real bomb: 1.5 GB of NUL bytes for any unzip tool
        assert zf.getinfo(ARTICLE_FILE).file_size == 1500 << 20
        with zf.open(ARTICLE_FILE) as fh:
            assert fh.read(8 << 20) == b"\0" * (8 << 20)
    before = snapshot(small_project)
    result = unpack_in_subprocess(small_project, pack)
    assert result.returncode == 2, result
    assert result.stderr.strip() == (
        f"{pack}: {ARTICLE_FILE} unzips to 1,572,864,000 bytes, more than the "
        f"{limits.MAX_PACK_MEMBER_BYTES:,}-byte limit for one file; not a pack"
    )
    assert snapshot(small_project) == before


def _patch_sizes(data: bytes, name: str, declared: int) -> bytes:
    """Make the zip's local header and central directory lie: ``name`` unzips to ``declared``
    bytes, they say."""
    raw = bytearray(data)
    encoded = name.encode()
    local = raw.find(b"PK\x03\x04")
    while local >= 0:
        name_len = struct.unpack_from("<H", raw, local + 26)[0]
        if raw[local + 30 : local + 30 + name_len] == encoded:
            struct.pack_into("<I", raw, local + 22, declared)
        local = raw.find(b"PK\x03\x04", local + 4)
    central = raw.find(b"PK\x01\x02")
    while central >= 0:
        name_len = struct.unpack_from("<H", raw, central + 28)[0]
        if raw[central + 46 : central + 46 + name_len] == encoded:
            struct.pack_into("<I", raw, central + 24, declared)
        central = raw.find(b"PK\x01\x02", central + 4)
    return bytes(raw)


def test_declared_sizes_are_not_trusted(small_project: Path, tmp_path: Path) -> None:
    """The directory says 2 KB; the data inflates to 200 MB. Reading stops at the declared size
    and the checksum fails: refused, never inflated."""
    members = make_pack(small_project, tmp_path / "sv.zip")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            if name != ARTICLE_FILE:
                zf.writestr(name, data)
        with zf.open(ARTICLE_FILE, "w") as fh:
            fh.write(members[ARTICLE_FILE])
            for _ in range(200):
                fh.write(b"\0" * (1 << 20))
    pack = tmp_path / "liar.zip"
    pack.write_bytes(_patch_sizes(buf.getvalue(), ARTICLE_FILE, 2048))
    with zipfile.ZipFile(pack) as zf:
        assert zf.getinfo(ARTICLE_FILE).file_size == 2048
    refused(small_project, pack, "corrupted", ARTICLE_FILE)


def _overlapping(members: dict[str, bytes], copies: int) -> bytes:
    """``copies`` directory entries that all point at the same compressed data."""
    data = zip_bytes(members)
    raw = bytearray(data)
    end = raw.rfind(b"PK\x05\x06")
    cd_size, cd_offset = struct.unpack_from("<II", raw, end + 12)
    directory = bytes(raw[cd_offset : cd_offset + cd_size])
    entry_at = directory.find(b"PK\x01\x02")
    entries = []
    while entry_at >= 0:
        n, m, k = struct.unpack_from("<HHH", directory, entry_at + 28)
        size = 46 + n + m + k
        entries.append(directory[entry_at : entry_at + size])
        entry_at = directory.find(b"PK\x01\x02", entry_at + size)
    big = next(e for e in entries if e[46 : 46 + struct.unpack_from("<H", e, 28)[0]] == b"big.po")
    new_dir = b"".join(entries) + big * copies
    total = len(entries) + copies
    eocd = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, total, total, len(new_dir), cd_offset, 0)
    return bytes(raw[:cd_offset]) + new_dir + eocd


def test_two_thousand_overlapping_members_are_refused(small_project: Path, tmp_path: Path) -> None:
    members = make_pack(small_project, tmp_path / "sv.zip")
    members["big.po"] = b"\0" * (1 << 20)
    pack = tmp_path / "overlap.zip"
    pack.write_bytes(_overlapping(members, 2000))
    with zipfile.ZipFile(pack) as zf:
        assert len(zf.infolist()) > 2000
    before = snapshot(small_project)
    result = unpack_in_subprocess(small_project, pack)
    assert result.returncode == 2, result
    assert result.stderr.startswith(f"{pack}: "), result.stderr
    assert "overlap" in result.stderr[len(f"{pack}: ") :], result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(small_project) == before


def test_too_many_members_are_refused(small_project: Path, tmp_path: Path) -> None:
    members = make_pack(small_project, tmp_path / "sv.zip")
    items = list(members.items()) + [(f"junk/{i}.txt", b"") for i in range(limits.MAX_PACK_MEMBERS)]
    pack = tmp_path / "many.zip"
    pack.write_bytes(zip_bytes(items))
    refused(small_project, pack, f"more than {limits.MAX_PACK_MEMBERS:,} files")


def test_a_compression_ratio_beyond_any_text_is_refused(
    small_project: Path, tmp_path: Path
) -> None:
    members = make_pack(small_project, tmp_path / "sv.zip")
    members["review.html"] = b"\0" * (4 << 20)  # far below the size limit, 1:1000 compressed
    pack = tmp_path / "ratio.zip"
    pack.write_bytes(zip_bytes(members))
    refused(small_project, pack, "review.html", "compression ratio")


def test_the_total_size_is_capped(
    small_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    members = make_pack(small_project, tmp_path / "sv.zip")
    total = sum(len(d) for d in members.values())
    monkeypatch.setattr(limits, "MAX_PACK_TOTAL_BYTES", total - 1)
    pack = tmp_path / "sv.zip"
    refused(small_project, pack, f"more than the {total - 1:,}-byte limit")
    monkeypatch.setattr(limits, "MAX_PACK_TOTAL_BYTES", total)
    assert run_cli(small_project, "unpack", str(pack))[0] == 0


def test_a_pack_larger_than_the_limit_is_not_read(
    small_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_pack(small_project, tmp_path / "sv.zip")
    pack = tmp_path / "sv.zip"
    monkeypatch.setattr(limits, "MAX_PACK_FILE_BYTES", pack.stat().st_size - 1)
    refused(small_project, pack, "larger than")


# ---------------------------------------------------------------------------- one catalogue, two names


@pytest.mark.parametrize(
    "other_name",
    [
        f"./{ARTICLE_FILE}",
        f"locales/sv/LC_MESSAGES/{ARTICLE_FILE}",
        f"a/../{ARTICLE_FILE}",
        ARTICLE_FILE.upper().replace(".PO", ".po"),
        f"folder\\{ARTICLE_FILE}",
    ],
    ids=["dot slash", "folder", "dot dot", "case", "backslash"],
)
def test_one_catalogue_under_two_names_is_refused(
    small_project: Path, tmp_path: Path, other_name: str
) -> None:
    """The copy that came second used to be merged after the first and overwrite it."""
    members = make_pack(small_project, tmp_path / "sv.zip")
    good = translated(members[ARTICLE_FILE], TITLE, "Välkommen")
    stale = members[ARTICLE_FILE]
    pack = tmp_path / "two.zip"
    returned = {**members, ARTICLE_FILE: good}
    pack.write_bytes(zip_bytes([*returned.items(), (other_name, stale)]))
    refused(small_project, pack, "twice")


def _manifest_of(members: dict[str, bytes]) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads(members["mirage-pack.json"])
    return manifest


def test_a_domain_listed_twice_is_refused_and_the_translation_kept(
    small_project: Path, tmp_path: Path
) -> None:
    """Two manifest entries for one catalogue: the second merge overwrote the first (exit 0)."""
    members = make_pack(small_project, tmp_path / "sv.zip")
    manifest = _manifest_of(members)
    article = next(c for c in manifest["catalogues"] if c["domain"] == ARTICLE)
    manifest["catalogues"].append({**article, "file": "copy.po"})
    members["mirage-pack.json"] = json.dumps(manifest).encode()
    members[ARTICLE_FILE] = translated(members[ARTICLE_FILE], TITLE, "Välkommen")
    members["copy.po"] = make_pack(small_project, tmp_path / "again.zip")[ARTICLE_FILE]
    pack = tmp_path / "twice.zip"
    pack.write_bytes(zip_bytes(members))
    refused(small_project, pack, ARTICLE, "twice")


@pytest.mark.parametrize(
    "pair",
    [("news/Caf\u00e9", "news/caf\u00e9"), ("news/caf\u00e9", "news/cafe\u0301")],
    ids=["case", "unicode normalisation"],
)
def test_domains_that_name_one_file_on_some_systems_are_refused(
    small_project: Path, tmp_path: Path, pair: tuple[str, str]
) -> None:
    """macOS and Windows file systems fold case; macOS also Unicode normalisation."""
    members = make_pack(small_project, tmp_path / "sv.zip")
    manifest = _manifest_of(members)
    article = next(c for c in manifest["catalogues"] if c["domain"] == ARTICLE)
    manifest["catalogues"] += [
        {**article, "domain": pair[0], "file": "a.po"},
        {**article, "domain": pair[1], "file": "b.po"},
    ]
    members["mirage-pack.json"] = json.dumps(manifest).encode()
    members["a.po"] = members["b.po"] = members[ARTICLE_FILE]
    pack = tmp_path / "case.zip"
    pack.write_bytes(zip_bytes(members))
    refused(small_project, pack, "twice")


def test_two_entries_for_one_file_are_refused(small_project: Path, tmp_path: Path) -> None:
    members = make_pack(small_project, tmp_path / "sv.zip")
    manifest = _manifest_of(members)
    shared = next(c for c in manifest["catalogues"] if c["domain"] == "shared")
    shared["file"] = ARTICLE_FILE
    members["mirage-pack.json"] = json.dumps(manifest).encode()
    pack = tmp_path / "file-twice.zip"
    pack.write_bytes(zip_bytes(members))
    refused(small_project, pack, ARTICLE_FILE, "twice")


# ---------------------------------------------------------------------------- malformed manifests


def _catalogue_field(field: str, value: Any) -> Any:
    def edit(manifest: dict[str, Any]) -> None:
        manifest["catalogues"][0][field] = value

    return edit


def _top_field(field: str, value: Any) -> Any:
    def edit(manifest: dict[str, Any]) -> None:
        manifest[field] = value

    return edit


MANIFEST_CASES: list[tuple[str, Any, str]] = [
    ("catalogues a string", _top_field("catalogues", "all"), "catalogues"),
    ("catalogues null", _top_field("catalogues", None), "catalogues"),
    ("catalogues a number", _top_field("catalogues", 3), "catalogues"),
    ("catalogues an object", _top_field("catalogues", {}), "catalogues"),
    ("catalogue a list", _top_field("catalogues", [["shared", "shared.po"]]), "catalogue 1"),
    ("entries a list", _catalogue_field("entries", ["a", "b"]), "entries"),
    ("entries a string", _catalogue_field("entries", "all"), "entries"),
    ("entries null", _catalogue_field("entries", None), "entries"),
    ("entries a number", _catalogue_field("entries", 7), "entries"),
    ("entries of numbers", _catalogue_field("entries", {"a": 1}), "entries"),
    ("reviewed a list", _catalogue_field("reviewed", [1]), "reviewed"),
    ("template_version a number", _catalogue_field("template_version", 1), "template_version"),
    ("format a list", _top_field("format", [1]), "format"),
    ("project a number", _top_field("project", 5), "project"),
    ("language null", _top_field("language", None), "language"),
    ("NUL in a domain", _catalogue_field("domain", "news/a\x00b"), "U+0000"),
    ("lone surrogate in a domain", _catalogue_field("domain", "news/\ud800"), "lone surrogate"),
    ("NUL in a file name", _catalogue_field("file", "a\x00.po"), "U+0000"),
    ("domain up and out", _catalogue_field("domain", "../../../../etc/x"), "locales folder"),
    ("absolute domain", _catalogue_field("domain", "/etc/x"), "locales folder"),
    ("domain with a backslash", _catalogue_field("domain", "..\\..\\x"), "locales folder"),
    ("domain into another language", _catalogue_field("domain", "../../it/x"), "locales folder"),
    ("empty domain", _catalogue_field("domain", ""), "domain"),
    ("file in a folder", _catalogue_field("file", "../x.po"), "file"),
    ("a very long domain", _catalogue_field("domain", "a" * 5000), "domain"),
]


@pytest.mark.parametrize(
    ("name", "edit", "words"), MANIFEST_CASES, ids=[c[0] for c in MANIFEST_CASES]
)
def test_a_malformed_manifest_is_one_clear_line(
    small_project: Path, tmp_path: Path, name: str, edit: Any, words: str
) -> None:
    members = make_pack(small_project, tmp_path / "sv.zip")
    manifest = _manifest_of(members)
    edit(manifest)
    members["mirage-pack.json"] = json.dumps(manifest).encode("utf-8", "surrogatepass")
    pack = tmp_path / "bad.zip"
    pack.write_bytes(zip_bytes(members))
    line = refused(small_project, pack, "mirage-pack.json", words)
    assert "Traceback" not in line


RAW_MANIFESTS = [
    ("5000-digit number", '{"format": ' + "9" * 5000 + "}", "digits"),
    ("deep JSON", "[" * 100_000 + "]" * 100_000, "nested"),
    ("NaN", '{"format": NaN}', "NaN"),
    ("not JSON", "{format: 1", "not JSON"),
    ("not UTF-8", b'{"project": "caf\xe9"}', "UTF-8"),
    ("a list", "[1, 2]", "object"),
]


@pytest.mark.parametrize(
    ("name", "text", "words"), RAW_MANIFESTS, ids=[c[0] for c in RAW_MANIFESTS]
)
def test_a_manifest_that_is_not_one_is_one_clear_line(
    small_project: Path, tmp_path: Path, name: str, text: str | bytes, words: str
) -> None:
    members = make_pack(small_project, tmp_path / "sv.zip")
    members["mirage-pack.json"] = text.encode() if isinstance(text, str) else text
    pack = tmp_path / "bad.zip"
    pack.write_bytes(zip_bytes(members))
    refused(small_project, pack, "mirage-pack.json", words)


def _review_file(project: Path, tmp_path: Path, manifest_edit: Any) -> Path:
    from mirage_i18n.catalog.store import template_domains
    from mirage_i18n.config import load_settings
    from mirage_i18n.handoff import pack_contents

    settings = load_settings(project)
    contents = pack_contents(settings, "sv", template_domains(settings))
    manifest = json.loads(json.dumps(contents.manifest))
    manifest_edit(manifest)
    saved = {
        "mirage-review": 1,
        "project": "Demo",
        "language": "sv",
        "pack": manifest,
        "catalogues": [
            {"domain": c.domain, "file": c.file, "changed": False, "entries": []}
            for c in contents.catalogues
        ],
    }
    path = tmp_path / "saved-review.json"
    path.write_bytes(json.dumps(saved).encode("utf-8", "surrogatepass"))
    return path


def _duplicate_first(manifest: dict[str, Any]) -> None:
    manifest["catalogues"].append(dict(manifest["catalogues"][0]))


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (_duplicate_first, "twice"),
        (_catalogue_field("entries", []), "entries"),
        (_catalogue_field("domain", "news/\ud800"), "lone surrogate"),
        (_top_field("catalogues", "x"), "catalogues"),
    ],
    ids=["domain twice", "entries a list", "surrogate domain", "catalogues a string"],
)
def test_a_review_file_with_a_malformed_manifest_is_refused(
    small_project: Path, tmp_path: Path, edit: Any, words: str
) -> None:
    refused(small_project, _review_file(small_project, tmp_path, edit), words)


def test_a_review_file_nested_deeply_is_refused(small_project: Path, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"mirage-review": 1, "pack": ' + "[" * 50_000 + "]" * 50_000 + "}")
    refused(small_project, path, "nested")


# ---------------------------------------------------------------------------- Poedit's BOM


def test_a_catalogue_saved_with_a_bom_is_merged(small_project: Path, tmp_path: Path) -> None:
    members = make_pack(small_project, tmp_path / "sv.zip")
    members[ARTICLE_FILE] = b"\xef\xbb\xbf" + translated(members[ARTICLE_FILE], TITLE, "Välkommen")
    pack = tmp_path / "bom.zip"
    pack.write_bytes(zip_bytes(members))
    code, out, err = run_cli(small_project, "unpack", str(pack))
    assert code == 0, (out, err)
    assert f"{ARTICLE}: 1 taken" in out
    po = small_project / "locales/sv/LC_MESSAGES" / f"{ARTICLE}.po"
    data = po.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and 'msgstr "Välkommen"' in data.decode()
    msgfmt_check(po)


def test_a_bom_does_not_excuse_another_charset(small_project: Path, tmp_path: Path) -> None:
    members = make_pack(small_project, tmp_path / "sv.zip")
    members[ARTICLE_FILE] = b"\xef\xbb\xbf" + members[ARTICLE_FILE].replace(
        b"charset=UTF-8", b"charset=ISO-8859-1"
    )
    pack = tmp_path / "bom.zip"
    pack.write_bytes(zip_bytes(members))
    before = snapshot(small_project)
    code, _, err = run_cli(small_project, "unpack", str(pack))
    assert code == 2 and "charset is ISO-8859-1" in err, err
    assert snapshot(small_project) == before
