"""A returned pack's manifest, checked before anything is merged: it came by e-mail.

The manifest (``mirage-pack.json`` in a pack, ``"pack"`` in a review page's saved file) says
which catalogue each returned file is merged into. Every field is type-checked, every domain
must stay inside the language's locales folder, and no catalogue may be named twice: a second
entry for one catalogue used to be merged after the first and overwrite the translator's work.
"Twice" is judged as a file system would: case and Unicode normalisation folded (macOS and
Windows open ``News/A.po`` for ``news/a.po``).
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Any

from . import limits
from .chars import describe, first_forbidden
from .errors import CatalogError
from .model import Message

FORMAT = 1
MANIFEST = "mirage-pack.json"


def _fingerprint(*parts: str | None) -> str:
    digest = hashlib.sha256("\x00".join(p if p is not None else "\x01" for p in parts).encode())
    return digest.hexdigest()[:16]


def key_id(msg: Message) -> str:
    """The manifest's name for an entry (its context and English)."""
    return _fingerprint(msg.context, msg.msgid)


def state_id(msg: Message) -> str:
    """The manifest's record of an entry's translation as packed."""
    return _fingerprint(msg.msgstr, "\x00".join(msg.msgstr_plural), "fuzzy" if msg.fuzzy else "")


def same_file_key(name: str) -> str:
    """Names that one file system or another opens as the same file share this key."""
    return unicodedata.normalize("NFC", name).casefold()


def kind(value: Any) -> str:
    """What a JSON value is, for messages: ``a list``, ``null``…"""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def short(value: Any, width: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def check_manifest(manifest: Any, shown: str) -> None:
    """Raise ``shown: mirage-pack.json is damaged: …`` for the first thing wrong in it."""

    def damaged(what: str) -> CatalogError:
        return CatalogError(f"{MANIFEST} is damaged: {what}", shown)

    if not isinstance(manifest, dict):
        raise damaged(f"it is {kind(manifest)}, not an object")
    version = manifest.get("format")
    if isinstance(version, bool) or version != FORMAT:
        raise CatalogError(
            f"{MANIFEST}: unsupported pack format {short(version)} (this version reads {FORMAT})",
            shown,
        )
    for key in ("project", "language"):
        if not isinstance(manifest.get(key), str):
            raise damaged(f'"{key}" is {kind(manifest.get(key))}, not a string')
    catalogues = manifest.get("catalogues")
    if not isinstance(catalogues, list):
        raise damaged(f'"catalogues" is {kind(catalogues)}, not a list')
    if len(catalogues) > limits.MAX_PACK_MEMBERS:
        raise damaged(f"it lists more than {limits.MAX_PACK_MEMBERS:,} catalogues")
    domains: dict[str, str] = {}
    files: dict[str, str] = {}
    for number, info in enumerate(catalogues, 1):
        where = f"catalogue {number}"
        if not isinstance(info, dict):
            raise damaged(f"{where} is {kind(info)}, not an object")
        domain, file = info.get("domain"), info.get("file")
        if not isinstance(domain, str) or not domain:
            raise damaged(f'{where} has no "domain" (it is {kind(domain)})')
        problem = _domain_problem(domain)
        if problem:
            raise damaged(f"{where}: domain {short(domain)} {problem}")
        where = f"catalogue {number} ({domain!r})"
        if not isinstance(file, str):
            raise damaged(f'{where}: "file" is {kind(file)}, not a string')
        problem = _file_problem(file)
        if problem:
            raise damaged(f"{where}: file {short(file)} {problem}")
        for key in ("entries", "reviewed"):
            _check_texts(info.get(key, {}), f'{where}: "{key}"', damaged)
        version = info.get("template_version")
        if version is not None and not isinstance(version, str):
            raise damaged(f'{where}: "template_version" is {kind(version)}, not a string')
        for seen, name, label in ((domains, domain, "domain"), (files, file, "file")):
            key = same_file_key(name)
            if key in seen:
                same = "" if seen[key] == name else f" (as {seen[key]!r})"
                raise damaged(
                    f"{where}: the {label} {name!r} is listed twice{same}; merging both would "
                    "overwrite one with the other"
                )
            seen[key] = name


def _domain_problem(domain: str) -> str | None:
    if len(domain) > limits.MAX_DOMAIN_CHARS:
        return f"is longer than {limits.MAX_DOMAIN_CHARS} characters"
    at = first_forbidden(domain)
    if at >= 0:
        return f"holds {describe(domain[at])}"
    parts = domain.split("/")
    if domain.startswith("/") or "\\" in domain or any(p in ("", ".", "..") for p in parts):
        return "leaves the locales folder (only names below it, like news/2024-01-article)"
    return None


def _file_problem(file: str) -> str | None:
    at = first_forbidden(file)
    if at >= 0:
        return f"holds {describe(file[at])}"
    if "/" in file or "\\" in file or not file.endswith(".po") or file.startswith("."):
        return "is not the name of a .po file"
    if len(file) > limits.MAX_DOMAIN_CHARS + 3:
        return f"is longer than {limits.MAX_DOMAIN_CHARS + 3} characters"
    return None


def _check_texts(value: Any, where: str, damaged: Any) -> None:
    """``entries`` (fingerprint → fingerprint) and ``reviewed`` (fingerprint → text)."""
    if not isinstance(value, dict):
        raise damaged(f"{where} is {kind(value)}, not an object")
    for key, text in value.items():
        if not isinstance(text, str):
            raise damaged(f"{where}: {short(key)} is {kind(text)}, not a string")
