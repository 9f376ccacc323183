"""Translator hand-off packs: a zip of one language's catalogues out, and a safe merge back in.

Partners without git get a zip by e-mail, work for weeks in Poedit, and send it back while
the English has moved on. The manifest records, per catalogue, a fingerprint of the template
and of every entry as packed, so ``unpack`` can tell what the translator changed from what
changed in the repository meanwhile, and merges three ways:

* English unchanged since the pack, translator changed the entry → the translator's work is taken;
* English changed since the pack → the translator's text is kept as fuzzy with the packed
  English as previous msgid (``#|``), so the reviewer sees both;
* translator did not touch the entry → the repository's entry stays as it is;
* the repository's entry was reviewed meanwhile and differs → the repository wins, reported.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import limits
from .catalog.merge import best_match, same_language
from .catalog.poreader import read_po_bytes
from .catalog.store import catalog_path, load_catalog, save_catalog, template_path
from .config import Settings
from .errors import CatalogError, MirageError, UsageError, raise_all
from .fsutil import atomic_write_bytes
from .model import FUZZY, Catalog, EntryState, Message
from .packmanifest import FORMAT, MANIFEST, check_manifest, key_id, same_file_key, state_id
from .review.page import PAGE_NAME, PackedCatalog, build_page
from .review.saved import looks_like_review, read_review
from .safejson import load_json
from .safezip import SafeZip

UTF8_BOM = b"\xef\xbb\xbf"
README = "README-translators.txt"
CARRIED_HEADERS = ("Last-Translator", "Language-Team", "PO-Revision-Date", "X-Generator")

README_TEXT = """\
Translation pack for {project} — language: {lang}
=================================================

Thank you for translating! This zip holds {count} file(s) ending in .po, one per news item
(and one, shared.po, for texts used on every page), and review.html, a page to translate them
in your web browser.

The easy way: your web browser
------------------------------
1. Unzip the pack anywhere (in Windows: right-click, "Extract All"), then double-click
   review.html. It opens in your browser and needs no internet connection and no install.
2. Translate every empty entry and check every entry marked "Needs work" (in gettext words,
   "fuzzy"): it is a suggestion, from machine translation, from an earlier version of the
   English or from a similar sentence, that nobody has checked yet. When the translation is
   right, tick "Reviewed". Only reviewed entries are ever published.
3. Your work is kept in the browser as you type: you can close the page and open it again.
4. When you are done, click "Save translations" and send the file it downloads
   ({project}-{lang}-<date>-review.json) to the communications officer.

The other way: Poedit
---------------------
1. Open each .po file in Poedit (https://poedit.net, free).
2. Translate the empty entries, check the ones marked "Needs work" and click "Needs work"
   off when the translation is right.
3. Save, zip the .po files again (keep the file mirage-pack.json in the zip, and do not
   rename the files) and send the zip back to the communications officer.

Either way, keep exactly as they are:
   - link targets, the part in brackets in [text](https://…): translate the text, not the address;
   - e-mail addresses and web addresses;
   - Markdown marks such as **bold**, *italic*, `code`, and "## " at the start of headings;
   - names that must not be translated: {dnt}.
The EU funding disclaimer (marked "locked") may only hold the officially approved
translation for your language. If you do not have it, leave it empty: the English text
is shown instead, which is always allowed.

Do not worry if the English changes while you work: your translations are merged back
safely, and anything that changed is marked for a quick second look.
"""


def template_version(template_bytes: bytes) -> str:
    return hashlib.sha256(template_bytes).hexdigest()[:16]


def needs_work(catalog: Catalog) -> bool:
    return any(m.state in (EntryState.FUZZY, EntryState.UNTRANSLATED) for m in catalog.active)


@dataclass(frozen=True)
class PackReport:
    path: Path
    documents: tuple[str, ...]
    skipped: tuple[str, ...]  # complete catalogues left out by --only-needed


@dataclass(frozen=True)
class PackContents:
    """What a pack holds, before anything is written: its manifest and its catalogues."""

    manifest: dict[str, Any]
    files: dict[str, bytes]  # file name in the zip → the catalogue's bytes
    catalogues: tuple[PackedCatalog, ...]
    skipped: tuple[str, ...]


def pack_contents(
    settings: Settings,
    lang: str,
    domains: Iterable[str],
    only_needed: bool = False,
    today: _dt.date | None = None,
) -> PackContents:
    """The manifest and catalogues of a pack of ``lang``; reads everything, writes nothing."""
    today = today or _dt.date.today()
    settings.selected_languages([lang])
    entries: list[dict[str, object]] = []
    files: dict[str, bytes] = {}
    packed: list[PackedCatalog] = []
    skipped: list[str] = []
    errors: list[MirageError] = []
    for domain in domains:
        path = catalog_path(settings, lang, domain)
        if not path.exists():
            errors.append(
                CatalogError("no catalogue yet: run 'mirage-i18n update' first", settings.rel(path))
            )
            continue
        try:
            catalog = load_catalog(settings, path)
        except MirageError as exc:
            errors.append(exc)
            continue
        if only_needed and not needs_work(catalog):
            skipped.append(domain)
            continue
        arcname = f"{domain.replace('/', '--')}.po"
        files[arcname] = path.read_bytes()
        packed.append(PackedCatalog(domain, arcname, catalog, settings.rel(path)))
        tpl = template_path(settings, domain)
        entries.append(
            {
                "domain": domain,
                "file": arcname,
                "template_version": template_version(tpl.read_bytes()) if tpl.exists() else None,
                "entries": {key_id(m): state_id(m) for m in catalog.active},
                "reviewed": {
                    key_id(m): m.msgstr for m in catalog.active if m.state is EntryState.REVIEWED
                },
            }
        )
    raise_all(errors)
    if not files:
        raise UsageError(f"nothing to pack for {lang}: every catalogue is complete")
    manifest = {
        "format": FORMAT,
        "project": settings.project_name,
        "language": lang,
        "created": today.isoformat(),
        "catalogues": entries,
    }
    return PackContents(manifest, files, tuple(packed), tuple(skipped))


def pack(
    settings: Settings,
    lang: str,
    domains: Iterable[str],
    out: Path | None = None,
    only_needed: bool = False,
    today: _dt.date | None = None,
) -> PackReport:
    """Write ``<project>-<lang>-<date>.zip``: the catalogues, the review page, read-me, manifest."""
    today = today or _dt.date.today()
    contents = pack_contents(settings, lang, domains, only_needed, today)
    glossary = settings.glossary
    page = build_page(settings, lang, contents.manifest, contents.catalogues)
    out = out or settings.root / f"{settings.project_name}-{lang}-{today.isoformat()}.zip"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            README,
            README_TEXT.format(
                project=settings.project_name,
                lang=lang,
                count=len(contents.files),
                dnt=", ".join(glossary.do_not_translate) or "the project's name",
            ),
        )
        zf.writestr(PAGE_NAME, page)
        zf.writestr(MANIFEST, json.dumps(contents.manifest, indent=2, ensure_ascii=False) + "\n")
        for arcname, data in contents.files.items():
            zf.writestr(arcname, data)
    atomic_write_bytes(out, buf.getvalue())
    domains_packed = tuple(c.domain for c in contents.catalogues)
    return PackReport(out, domains_packed, contents.skipped)


def review_page(
    settings: Settings,
    lang: str,
    domains: Iterable[str],
    out: Path | None = None,
    today: _dt.date | None = None,
) -> Path:
    """Write the review page of a pack of ``lang`` alone (``review.html`` at the project root)."""
    contents = pack_contents(settings, lang, domains, False, today)
    out = out or settings.root / PAGE_NAME
    atomic_write_bytes(out, build_page(settings, lang, contents.manifest, contents.catalogues))
    return out


@dataclass
class DocumentMerge:
    domain: str
    taken: int = 0  # translator's work taken as is
    fuzzy: int = 0  # English changed meanwhile: kept as fuzzy with #|
    untouched: int = 0
    conflicts: list[str] = field(default_factory=list)  # repository's reviewed text kept
    dropped: list[str] = field(default_factory=list)  # translated English that no longer exists

    def summary(self) -> str:
        parts = [
            f"{self.taken} taken",
            f"{self.fuzzy} fuzzy (English changed)",
            f"{self.untouched} untouched",
        ]
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} conflict(s) kept from the repository")
        if self.dropped:
            parts.append(f"{len(self.dropped)} dropped (English removed)")
        return f"{self.domain}: " + ", ".join(parts)


@dataclass(frozen=True)
class UnpackReport:
    language: str
    documents: tuple[DocumentMerge, ...]
    written: tuple[str, ...]


def _member_base(name: str) -> str:
    """The file name of a zip member wherever it sits (Windows tools may write ``\\``)."""
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def _read_pack(data: bytes, shown: str) -> tuple[Any, dict[str, bytes]]:
    """The manifest and the ``.po`` files of a returned zip, read within :mod:`limits`."""
    zf = SafeZip(data, shown)
    # Members are found by file name wherever they are: a translator who re-zips the
    # unzipped folder puts everything under it, and macOS adds __MACOSX/._* copies.
    # Names one file system or another opens as one file (case, Unicode form) count as one:
    # both copies would be merged, the second over the first.
    by_key: dict[str, list[str]] = {}
    for name in zf.names():
        base = _member_base(name)
        if name.replace("\\", "/").startswith("__MACOSX/") or base.startswith("._") or not base:
            continue
        if base == MANIFEST or base.lower().endswith(".po"):
            by_key.setdefault(same_file_key(base), []).append(name)
    for found in by_key.values():
        if len(found) > 1:
            listed = ", ".join(found[:3]) + (
                f" and {len(found) - 3:,} more" if len(found) > 3 else ""
            )
            raise CatalogError(
                f"the zip holds {_member_base(found[0])} twice ({listed}); keep one and zip again",
                shown,
            )
    members = {_member_base(found[0]): found[0] for found in by_key.values()}
    if MANIFEST not in members:
        raise CatalogError(f"not a mirage-i18n pack: {MANIFEST} is missing", shown)
    manifest = load_json(zf.read(members[MANIFEST]), shown, MANIFEST)
    check_manifest(manifest, shown)
    wanted = {info["file"] for info in manifest["catalogues"]}
    return manifest, {base: zf.read(name) for base, name in members.items() if base in wanted}


def _read_returned(path: Path, shown: str) -> bytes:
    """The returned file, refused unread when larger than any pack."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(limits.MAX_PACK_FILE_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"cannot read the pack: {exc.strerror or exc}", shown) from None
    if len(data) > limits.MAX_PACK_FILE_BYTES:
        raise CatalogError(
            f"larger than the {limits.MAX_PACK_FILE_BYTES:,}-byte limit for a pack; not read",
            shown,
        )
    return data


def unpack(settings: Settings, zip_path: Path) -> UnpackReport:
    """Merge a returned pack, or a review page's saved file; validates everything before
    writing anything. Both go through the same three-way merge."""
    shown = str(zip_path)
    data = _read_returned(Path(zip_path), shown)
    if looks_like_review(data):
        manifest, returned_catalogues = read_review(data, shown)
        members: dict[str, bytes | Catalog] = dict(returned_catalogues)
    else:
        manifest, zipped = _read_pack(data, shown)
        members = dict(zipped)
    if manifest.get("project") != settings.project_name:
        raise CatalogError(
            f"this pack belongs to project {manifest.get('project')!r}, not {settings.project_name!r}",
            shown,
        )
    lang = manifest.get("language")
    if lang not in settings.languages:
        raise CatalogError(
            f"this pack is for language {lang!r}, which the project does not have", shown
        )

    plans: list[tuple[Path, Catalog, DocumentMerge]] = []
    errors: list[MirageError] = []
    for info in manifest.get("catalogues", []):
        domain, arcname = info["domain"], info["file"]
        where = f"{shown}:{arcname}"
        if arcname not in members:
            errors.append(CatalogError("missing from the returned pack", where))
            continue
        member = members[arcname]
        try:
            returned = (
                member
                if isinstance(member, Catalog)
                else read_po_bytes(_without_bom(member), where)
            )
        except MirageError as exc:
            errors.append(exc)
            continue
        declared = returned.header("Language")
        if declared and not same_language(declared, lang):
            errors.append(
                CatalogError(
                    f"this file is in language {declared!r}, the pack is for {lang!r}", where
                )
            )
            continue
        path = catalog_path(settings, lang, domain)
        try:
            current = load_catalog(settings, path)
        except MirageError as exc:
            errors.append(exc)
            continue
        merged, result = merge_returned(current, returned, info, domain, settings.fuzzy_cutoff)
        plans.append((path, merged, result))
    raise_all(errors)
    written = []
    for path, catalog, _ in plans:
        if save_catalog(path, catalog):
            written.append(settings.rel(path))
    return UnpackReport(lang, tuple(p[2] for p in plans), tuple(written))


def _without_bom(data: bytes) -> bytes:
    """Poedit on Windows may save a UTF-8 BOM. Catalogues are UTF-8 only, so the mark says
    nothing the header does not; dropping it is safe (the reader still checks the charset)."""
    return data[len(UTF8_BOM) :] if data.startswith(UTF8_BOM) else data


def merge_returned(
    current: Catalog, returned: Catalog, info: dict, domain: str, cutoff: float
) -> tuple[Catalog, DocumentMerge]:
    packed_states: dict[str, str] = info.get("entries", {})
    packed_reviewed: dict[str, str] = info.get("reviewed", {})
    result = DocumentMerge(domain)
    out = {m.key: m for m in current.messages if not m.obsolete}
    order = [m.key for m in current.messages]
    claimed: set[tuple[str | None, str]] = set()
    changed_english: list[Message] = []
    for ret in returned.active:
        kid = key_id(ret)
        if packed_states.get(kid) == state_id(ret):
            result.untouched += 1
            continue
        if ret.key in out:
            repo = out[ret.key]
            if (
                repo.state is EntryState.REVIEWED
                and repo.msgstr != packed_reviewed.get(kid)
                and repo.msgstr != ret.msgstr
            ):
                result.conflicts.append(ret.msgid)
                continue
            out[ret.key] = replace(
                repo,
                msgstr=ret.msgstr,
                msgstr_plural=ret.msgstr_plural,
                flags=_flags_from(repo.flags, ret.fuzzy),
                user_comments=ret.user_comments or repo.user_comments,
            )
            claimed.add(ret.key)
            result.taken += 1
        elif ret.translated:
            changed_english.append(ret)
    returned_keys = {m.key for m in returned.active}
    for ret in changed_english:
        target = best_match(
            ret, [m for k, m in out.items() if k not in returned_keys and k not in claimed], cutoff
        )
        if target is None:
            result.dropped.append(ret.msgid)
            continue
        if target.state is EntryState.REVIEWED:
            result.conflicts.append(ret.msgid)
            continue
        claimed.add(target.key)
        out[target.key] = replace(
            target,
            msgstr=ret.msgstr,
            msgstr_plural=ret.msgstr_plural,
            flags=_flags_from(target.flags, True),
            previous_msgid=ret.msgid,
            previous_context=ret.context,
            user_comments=ret.user_comments or target.user_comments,
        )
        result.fuzzy += 1
    messages = tuple(
        out.get(k, m) if not m.obsolete else m for k, m in zip(order, current.messages)
    )
    merged = replace(current, messages=messages)
    for name in CARRIED_HEADERS:
        value = returned.header(name)
        if value is not None:
            merged = merged.with_header(name, value)
    return merged, result


def _flags_from(flags: tuple[str, ...], fuzzy: bool) -> tuple[str, ...]:
    rest = tuple(f for f in flags if f != FUZZY)
    return (FUZZY, *rest) if fuzzy else rest
