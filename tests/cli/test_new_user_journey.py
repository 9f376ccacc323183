"""Issue 7's "done when": a new user, following only the README, goes from an empty folder to a
published German page, with a translator who works outside git in a Poedit-like editor."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

from mirage_i18n.catalog.poreader import read_po
from mirage_i18n.catalog.powriter import format_po
from tests.clirun import run_cli
from tests.gnu import msgfmt_check, run_tool

GERMAN = {
    "Kick-off meeting in Rome": "Auftakttreffen in Rom",
    "Twelve partners met in Rome": "Zwölf Partner trafen sich in Rom",
    "The partners met in Rome on 12 March 2019. The agenda is on the "
    "[project website](https://www.example.eu/agenda/).": "Die Partner trafen sich am 12. März 2019 in Rom. Die Tagesordnung steht auf der "
    "[Projektwebsite](https://www.example.eu/agenda/).",
    "Questions? Write to <info@newproj.eu>.": "Fragen? Schreiben Sie an <info@newproj.eu>.",
}


def cli(*args: str, input: str | None = None) -> str:
    code, out, err = run_cli(None, *args, input=input)
    assert code == 0, (args, out, err)
    return out


def translate_like_poedit(po_bytes: bytes, tmp: Path) -> bytes:
    catalog = read_po(io.BytesIO(po_bytes), "x.po")
    messages = tuple(
        replace(m, msgstr=GERMAN[m.msgid], flags=()) if m.msgid in GERMAN else m
        for m in catalog.messages
    )
    catalog = replace(catalog, messages=messages)
    catalog = catalog.with_header("Last-Translator", "Anna Schmidt <anna@example.de>")
    catalog = catalog.with_header("X-Generator", "Poedit 3.4.2")
    raw = tmp / "poedit.po"
    raw.write_text(format_po(catalog), encoding="utf-8")
    saved = run_tool("msgcat", "--width=79", str(raw))  # Poedit saves wrapped at 79
    assert saved.returncode == 0
    return saved.stdout


def test_empty_folder_to_published_translation(tmp_path: Path) -> None:
    project = tmp_path / "newproj"
    cli(
        "init",
        str(project),
        "--name",
        "NEWPROJ",
        "--source-language",
        "en",
        "--languages",
        "sv",
        "--contact-email",
        "info@newproj.eu",
    )
    p = ["--project", str(project)]
    created = cli(*p, "new", "Kick-off meeting in Rome").split()[-1]
    article = project / created
    text = article.read_text(encoding="utf-8")
    text = text.replace('lede: ""', 'lede: "Twelve partners met in Rome"')
    text = (
        text.split("---\n\n")[0]
        + "---\n\n"
        + (
            "The partners met in Rome on 12 March 2019. The agenda is on the "
            "[project website](https://www.example.eu/agenda/).\n\n"
            "Questions? Write to <info@newproj.eu>.\n"
        )
    )
    article.write_text(text, encoding="utf-8")

    cli(*p, "extract")
    cli(*p, "update")
    out = cli(*p, "add-language", "de")
    assert "added de" in out
    assert 'languages = ["sv", "de"]' in (project / "mirage-i18n.toml").read_text()
    domain = "news/" + article.stem
    assert (project / "locales/de/LC_MESSAGES" / f"{domain}.po").is_file()

    pack = tmp_path / "de.zip"
    cli(*p, "pack", "-l", "de", "--only-needed", "-o", str(pack))
    with zipfile.ZipFile(pack) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    name = domain.replace("/", "--") + ".po"
    members[name] = translate_like_poedit(members[name], tmp_path)
    returned = tmp_path / "de-returned.zip"
    with zipfile.ZipFile(returned, "w") as zf:
        for n, data in members.items():
            zf.writestr(n, data)

    out = cli(*p, "unpack", str(returned))
    assert f"{domain}: 4 taken" in out
    po = project / "locales/de/LC_MESSAGES" / f"{domain}.po"
    msgfmt_check(po)

    out = cli(*p, "build")
    page = project / "dist/site/de/auftakttreffen-in-rom/index.html"
    assert page.is_file(), out
    html = page.read_text(encoding="utf-8")
    assert '<html lang="de"' in html and "Die Partner trafen sich am 12. März 2019" in html
    assert 'href="https://www.example.eu/agenda/"' in html
    assert html.count("Asylum, Migration and Integration Fund") == 1  # English fallback, once
    assert not (project / "dist/site/sv/auftakttreffen-in-rom").exists()  # Swedish not done
