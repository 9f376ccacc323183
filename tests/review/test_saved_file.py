"""The review page's saved file through ``unpack``: merged like a returned pack, refused
whole (exit 2, nothing written) when anything in it is wrong or hostile."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mirage_i18n import limits
from mirage_i18n.catalog.store import template_domains
from mirage_i18n.config import load_settings
from mirage_i18n.handoff import pack_contents

from ..clirun import run_cli, snapshot

SEED = "news/2021-10-partner-meeting"
TOOLKIT = "news/2021-06-training-toolkit"
CAPTION = "Training session, March 2021"


def prepared(project: Path) -> None:
    assert run_cli(project, "extract")[0] == 0
    assert run_cli(project, "update")[0] == 0


def page_file(project: Path, lang: str, edits: dict[str, tuple[str, bool]]) -> dict[str, Any]:
    """What the page saves (review.js reviewFile) with ``edits``: msgid → (text, fuzzy)."""
    contents = pack_contents(load_settings(project), lang, template_domains(load_settings(project)))
    catalogues = []
    for item in contents.catalogues:
        entries, changed = [], False
        for m in item.catalog.active:
            if not m.msgid:
                continue
            text, fuzzy = edits.get(m.msgid, (m.msgstr, m.fuzzy))
            changed |= m.msgid in edits
            entry: dict[str, Any] = {"context": m.context, "msgid": m.msgid, "fuzzy": fuzzy}
            if m.msgid_plural is None:
                entry["msgstr"] = text
            else:
                entry["msgid_plural"] = m.msgid_plural
                entry["msgstr_plural"] = list(m.msgstr_plural)
            entries.append(entry)
        catalogues.append(
            {"domain": item.domain, "file": item.file, "changed": changed, "entries": entries}
        )
    return {
        "mirage-review": 1,
        "project": contents.manifest["project"],
        "language": lang,
        "packId": "x",
        "saved": "2026-11-20T09:00:00Z",
        "headers": {
            "Last-Translator": "Astrid Lind",
            "PO-Revision-Date": "2026-11-20 10:00+0100",
            "X-Generator": "mirage-i18n review page",
        },
        "pack": contents.manifest,
        "catalogues": catalogues,
    }


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_saved_file_merges_three_ways(sample_project: Path, tmp_path: Path) -> None:
    prepared(sample_project)
    data = page_file(sample_project, "sv", {CAPTION: ("Utbildning, mars 2021", False)})
    # the English of the caption changes after the pack: the translation must come back fuzzy
    src = sample_project / "source_texts" / f"{TOOLKIT}.md"
    src.write_text(
        src.read_text(encoding="utf-8").replace(CAPTION, "Training day, March 2021"),
        encoding="utf-8",
    )
    prepared(sample_project)
    code, out, err = run_cli(sample_project, "unpack", str(write(tmp_path / "r.json", data)))
    assert code == 0, err
    assert f"{TOOLKIT}: 0 taken, 1 fuzzy (English changed)" in out
    po = (sample_project / "locales/sv/LC_MESSAGES" / f"{TOOLKIT}.po").read_text(encoding="utf-8")
    assert (
        f'#, fuzzy\n#| msgid "{CAPTION}"\nmsgid "Training day, March 2021"\n'
        'msgstr "Utbildning, mars 2021"'
    ) in po
    assert '"Last-Translator: Astrid Lind\\n"' in po
    seed = (sample_project / "locales/sv/LC_MESSAGES" / f"{SEED}.po").read_text(encoding="utf-8")
    assert "Astrid Lind" not in seed  # no edit there: its headers stay


def _mutations() -> list[tuple[str, Any, str]]:
    def set_(path: list[Any], value: Any) -> Any:
        def apply(data: dict[str, Any]) -> dict[str, Any]:
            node: Any = data
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = value
            return data

        return apply

    return [
        ("not json", lambda d: "{not json", "not JSON"),
        ("a list", lambda d: [d], "mirage-review"),
        ("other project", set_(["project"], "OTHER"), "differs from its pack"),
        (
            "other pack project",
            lambda d: {**d, "project": "OTHER", "pack": {**d["pack"], "project": "OTHER"}},
            "belongs to project 'OTHER'",
        ),
        (
            "unknown language",
            lambda d: {**d, "language": "xx", "pack": {**d["pack"], "language": "xx"}},
            "language 'xx'",
        ),
        (
            "escaping domain",
            lambda d: _domain(d, "../../../etc/passwd"),
            "not one of its pack's catalogues",
        ),
        ("escaping manifest", lambda d: _manifest_domain(d, "../../outside"), "damaged"),
        ("absolute manifest", lambda d: _manifest_domain(d, "/tmp/outside"), "damaged"),
        (
            "text not a string",
            set_(["catalogues", 0, "entries", 0, "msgstr"], ["x"]),
            "not a string",
        ),
        (
            "fuzzy not a bool",
            set_(["catalogues", 0, "entries", 0, "fuzzy"], "yes"),
            "true or false",
        ),
        ("empty msgid", set_(["catalogues", 0, "entries", 0, "msgid"], ""), "no English"),
        ("entry twice", lambda d: _twice(d), "holds an entry twice"),
        ("too many plural forms", lambda d: _plural(d, ["a"] * 50), "msgstr_plural"),
        ("NaN", lambda d: json.dumps(d).replace('"fuzzy": false', '"fuzzy": NaN', 1), "not JSON"),
    ]


def _domain(d: dict[str, Any], domain: str) -> dict[str, Any]:
    d["catalogues"][0]["domain"] = domain
    return d


def _manifest_domain(d: dict[str, Any], domain: str) -> dict[str, Any]:
    d["pack"]["catalogues"][0]["domain"] = domain
    d["catalogues"][0]["domain"] = domain
    return d


def _twice(d: dict[str, Any]) -> dict[str, Any]:
    d["catalogues"][0]["entries"].append(d["catalogues"][0]["entries"][0])
    return d


def _plural(d: dict[str, Any], forms: list[str]) -> dict[str, Any]:
    entry = d["catalogues"][0]["entries"][0]
    entry.pop("msgstr", None)
    entry["msgid_plural"] = "plural"
    entry["msgstr_plural"] = forms
    return d


@pytest.mark.parametrize(
    ("name", "mutate", "expected"), _mutations(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_hostile_or_broken_saved_files_are_refused_whole(
    sample_project: Path, tmp_path: Path, name: str, mutate: Any, expected: str
) -> None:
    prepared(sample_project)
    data = mutate(page_file(sample_project, "sv", {CAPTION: ("Utbildning, mars 2021", False)}))
    path = tmp_path / "r.json"
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        write(path, data)
    before = snapshot(sample_project)
    code, out, err = run_cli(sample_project, "unpack", str(path))
    assert code == 2, out
    assert expected in err and str(path) in err
    assert snapshot(sample_project) == before


def test_an_oversized_file_is_refused_before_it_is_parsed(
    sample_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prepared(sample_project)
    path = write(tmp_path / "r.json", page_file(sample_project, "sv", {}))
    monkeypatch.setattr(limits, "MAX_PACK_FILE_BYTES", path.stat().st_size - 1)
    code, _, err = run_cli(sample_project, "unpack", str(path))
    assert code == 2 and "larger than" in err


def test_header_values_cannot_inject_header_lines(sample_project: Path, tmp_path: Path) -> None:
    prepared(sample_project)
    data = page_file(sample_project, "sv", {CAPTION: ("Utbildning, mars 2021", False)})
    data["headers"]["Last-Translator"] = "Eve\nLanguage: fr"
    assert run_cli(sample_project, "unpack", str(write(tmp_path / "r.json", data)))[0] == 0
    po = (sample_project / "locales/sv/LC_MESSAGES" / f"{TOOLKIT}.po").read_text(encoding="utf-8")
    assert "Eve" not in po and '"Language: sv\\n"' in po
