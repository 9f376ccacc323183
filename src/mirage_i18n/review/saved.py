"""The file the review page saves, read back as the catalogues a PO editor would have returned.

The page downloads one JSON file (``<project>-<lang>-<date>-review.json``)::

    {"mirage-review": 1, "project": …, "language": …, "packId": …, "saved": …,
     "headers": {"Last-Translator": …, "PO-Revision-Date": …, "X-Generator": …},
     "pack": {…the pack's manifest, as in mirage-pack.json…},
     "catalogues": [{"domain": …, "file": …, "changed": true,
                     "entries": [{"context": …, "msgid": …, "msgstr": …, "fuzzy": false}, …]}]}

It came by e-mail from outside the project, so it is read as hostile input: a size limit,
every field type-checked, domains only those of its manifest (which ``handoff`` checks stay
inside the locales folder), and any doubt refused with the file's name and what is wrong.
What comes out is exactly what ``unpack`` gets from a returned zip: the manifest and, per
catalogue file, a :class:`Catalog`, so the same three-way merge applies.
"""

from __future__ import annotations

from typing import Any

from .. import limits
from ..errors import CatalogError
from ..model import FUZZY, Catalog, Message
from ..packmanifest import check_manifest
from ..safejson import load_json

MARK = "mirage-review"
VERSION = 1
MAX_TEXT = 1024 * 1024  # one entry's text
MAX_FORMS = 6  # plural forms of any language
CARRIED = ("Last-Translator", "PO-Revision-Date", "X-Generator")


def looks_like_review(data: bytes) -> bool:
    """Not a zip (every zip, even a truncated one, starts with ``PK``): read as a review file."""
    return not data.startswith(b"PK")


def _fail(shown: str, what: str) -> CatalogError:
    return CatalogError(f"not a usable review file: {what}", shown)


def _text(value: Any, shown: str, what: str, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise _fail(shown, f"{what} is not a string")
    if len(value) > MAX_TEXT:
        raise _fail(shown, f"{what} is longer than {MAX_TEXT} characters")
    return value


def read_review(data: bytes, shown: str) -> tuple[dict[str, Any], dict[str, Catalog]]:
    """The pack manifest and the returned catalogues (by file name) of a saved review file."""
    if len(data) > limits.MAX_PACK_FILE_BYTES:
        raise _fail(shown, f"larger than the {limits.MAX_PACK_FILE_BYTES:,}-byte limit")
    raw = load_json(data, shown, "neither a pack (.zip) nor a review page's saved file: it")
    if not isinstance(raw, dict) or raw.get(MARK) != VERSION:
        raise _fail(shown, f'it does not start with "{MARK}": {VERSION}')
    manifest = raw.get("pack")
    if not isinstance(manifest, dict):
        raise _fail(shown, "the pack's manifest is missing")
    check_manifest(manifest, shown)
    for key in ("project", "language"):
        if raw.get(key) != manifest.get(key):
            raise _fail(shown, f"its {key} differs from its pack's")
    headers_raw = raw.get("headers", {})
    if not isinstance(headers_raw, dict):
        raise _fail(shown, "headers is not an object")
    headers = []
    for name in CARRIED:
        value = _text(headers_raw.get(name), shown, f"header {name}", optional=True)
        if value and "\n" not in value and "\\" not in value:
            headers.append((name, value))
    files: dict[str, str] = {
        info["domain"]: info["file"]
        for info in manifest["catalogues"]
        if isinstance(info, dict)
        and isinstance(info.get("domain"), str)
        and isinstance(info.get("file"), str)
    }
    catalogues = raw.get("catalogues")
    if not isinstance(catalogues, list):
        raise _fail(shown, "catalogues is not a list")
    out: dict[str, Catalog] = {}
    language = str(manifest.get("language"))
    for number, cat in enumerate(catalogues, 1):
        where = f"catalogue {number}"
        if not isinstance(cat, dict) or not isinstance(cat.get("entries"), list):
            raise _fail(shown, f"{where} has no list of entries")
        domain = cat.get("domain")
        if domain not in files or cat.get("file") != files[domain]:
            raise _fail(shown, f"{where} ({domain!r}) is not one of its pack's catalogues")
        arcname = files[domain]
        if arcname in out:
            raise _fail(shown, f"{where} ({domain!r}) appears twice")
        messages = [
            _message(e, shown, f"{where}, entry {i}") for i, e in enumerate(cat["entries"], 1)
        ]
        keys = [m.key for m in messages]
        if len(set(keys)) != len(keys):
            raise _fail(shown, f"{where} ({domain!r}) holds an entry twice")
        header_fields: list[tuple[str, str]] = [("Language", language)]
        if cat.get("changed") is True:
            header_fields.extend(headers)
        out[arcname] = Catalog(headers=tuple(header_fields), messages=tuple(messages))
    return manifest, out


def _message(entry: Any, shown: str, where: str) -> Message:
    if not isinstance(entry, dict):
        raise _fail(shown, f"{where} is not an object")
    msgid = _text(entry.get("msgid"), shown, f"{where} msgid")
    if not msgid:
        raise _fail(shown, f"{where} has no English (msgid)")
    context = _text(entry.get("context"), shown, f"{where} context", optional=True)
    plural = _text(entry.get("msgid_plural"), shown, f"{where} msgid_plural", optional=True)
    fuzzy = entry.get("fuzzy", False)
    if not isinstance(fuzzy, bool):
        raise _fail(shown, f"{where} fuzzy is not true or false")
    flags = (FUZZY,) if fuzzy else ()
    if plural is None:
        msgstr = _text(entry.get("msgstr", ""), shown, f"{where} msgstr")
        assert msgstr is not None
        return Message(msgid=msgid, msgstr=msgstr, context=context, flags=flags)
    forms = entry.get("msgstr_plural")
    if not isinstance(forms, list) or not 1 <= len(forms) <= MAX_FORMS:
        raise _fail(shown, f"{where} msgstr_plural is not a list of 1 to {MAX_FORMS} texts")
    texts = tuple(str(_text(f, shown, f"{where} msgstr_plural")) for f in forms)
    return Message(
        msgid=msgid, context=context, msgid_plural=plural, msgstr_plural=texts, flags=flags
    )
