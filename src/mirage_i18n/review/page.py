"""The review page: one self-contained HTML file holding a language's packed entries.

Partner translators open it from the pack's folder (``file://``) in any browser, with nothing
to install and no network: the script, the style sheet, markdown-it (vendored, the JavaScript
original of the markdown-it-py port the project parses with) and the entries are all inlined.
A Content-Security-Policy allowing exactly those inline blocks (by hash) and nothing else
keeps the page from loading or sending anything even if a translation tried.

Entry texts travel as JSON in a ``<script type="application/json">`` block; ``<``, ``>``, ``&``
and the JavaScript line separators are written as ``\\uXXXX`` escapes, so no text can close
the block. The script shows them with DOM text APIs only.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.core import Locale, UnknownLocaleError
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .. import __version__
from ..checks.context import language_rules
from ..checks.registry import all_checks
from ..checks.results import Finding
from ..checks.run import validate
from ..config import Settings
from ..model import Catalog, Message
from ..packmanifest import key_id
from .expect import entry_expectations, rules_data

ASSETS = Path(__file__).parent / "assets"
PAGE_NAME = "review.html"
DATA_FORMAT = 1
# Translator comments the toolkit writes: shown as the entry's origin, not as notes.
ORIGIN_MARKS = ("mirage-mt:", "mirage-tm:")
IGNORE_MARK = "mirage-ignore"


@dataclass(frozen=True)
class PackedCatalog:
    """One catalogue as packed: its manifest record and its entries."""

    domain: str
    file: str
    catalog: Catalog
    path: str  # project-relative, as validate's findings name it


def pack_id(manifest: Mapping[str, Any]) -> str:
    """Names the pack in the browser's storage: a new pack never restores an old pack's edits."""
    blob = json.dumps(manifest, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:16]


_WORD_RE = re.compile(r"\s+|\w+|[^\w\s]")


def word_diff(old: str, new: str) -> list[list[str]]:
    """``[op, text]`` runs turning ``old`` into ``new`` word by word (op ``=``, ``-``, ``+``)."""
    a, b = _WORD_RE.findall(old), _WORD_RE.findall(new)
    out: list[list[str]] = []

    def add(op: str, words: Sequence[str]) -> None:
        text = "".join(words)
        if not text:
            return
        if out and out[-1][0] == op:
            out[-1][1] += text
        else:
            out.append([op, text])

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("=", a[i1:i2])
        else:
            add("-", a[i1:i2])
            add("+", b[j1:j2])
    return out


def language_info(lang: str) -> dict[str, str]:
    """The language's own name and writing direction (CLDR through Babel)."""
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return {"code": lang, "name": lang, "dir": "ltr"}
    name = locale.get_display_name(locale) or lang
    return {"code": lang, "name": name, "dir": locale.text_direction}


def _nplurals(catalog: Catalog) -> int:
    header = catalog.header("Plural-Forms") or ""
    match = re.search(r"nplurals\s*=\s*(\d+)", header)
    return int(match.group(1)) if match else 2


def _title(catalog: Catalog, domain: str) -> str:
    for msg in catalog.active:
        if any(
            c.strip() in ("front matter: title", "front matter: subject") for c in msg.auto_comments
        ):
            return msg.msgid
    return "Texts on every page" if domain == "shared" else domain


# Checks about the entry's state (untranslated, fuzzy, machine-translated): the page shows
# the state itself, live, so their pack-time findings would only repeat it.
SHOWN_AS_STATE = frozenset({"state"})


def _shown(findings: Iterable[Finding]) -> list[dict[str, str]]:
    known = all_checks()
    return [
        {"check": f.check_id, "severity": f.severity, "message": f.message}
        for f in findings
        if f.check_id not in known or known[f.check_id].category not in SHOWN_AS_STATE
    ]


def _entry(msg: Message, rules: Any, findings: list[Finding]) -> dict[str, Any]:
    origin = next(
        (c for c in msg.user_comments if c.startswith(ORIGIN_MARKS)),
        None,
    )
    notes = [c for c in msg.user_comments if not c.startswith(ORIGIN_MARKS)]
    forms = list(msg.msgstr_plural) if msg.msgid_plural is not None else [msg.msgstr]
    return {
        "id": key_id(msg),
        "ctx": msg.context,
        "msgid": msg.msgid,
        "plural": msg.msgid_plural,
        "forms": forms,
        "fuzzy": msg.fuzzy,
        "comments": list(msg.auto_comments),
        "notes": notes,
        "origin": origin,
        "previous": msg.previous_msgid,
        "diff": word_diff(msg.previous_msgid, msg.msgid) if msg.previous_msgid else None,
        "expect": entry_expectations(msg, rules),
        "findings": _shown(findings),
    }


def page_data(
    settings: Settings,
    lang: str,
    manifest: Mapping[str, Any],
    packed: Iterable[PackedCatalog],
    findings: Sequence[Finding],
    enabled: Iterable[str],
) -> dict[str, Any]:
    """Everything the page shows, as plain JSON-able data."""
    rules = language_rules(settings, lang)
    by_place: dict[tuple[str, int | None], list[Finding]] = {}
    for finding in findings:
        by_place.setdefault((finding.path, finding.line), []).append(finding)
    documents = []
    expectations: list[dict[str, Any]] = []  # every entry's, for the rules they refer to
    for item in packed:
        lines = {m.lineno for m in item.catalog.active}
        entries = [
            _entry(m, rules, by_place.get((item.path, m.lineno), []))
            for m in item.catalog.active
            if m.msgid  # the header entry is not translated by people
        ]
        expectations += [e["expect"] for e in entries]
        documents.append(
            {
                "domain": item.domain,
                "file": item.file,
                "title": _title(item.catalog, item.domain),
                "nplurals": _nplurals(item.catalog),
                "entries": entries,
                # findings about the catalogue as a whole (headers, consistency…)
                "findings": _shown(
                    f
                    for (path, line), group in by_place.items()
                    if path == item.path and line not in lines
                    for f in group
                ),
            }
        )
    return {
        "format": DATA_FORMAT,
        "generator": f"mirage-i18n {__version__}",
        "project": settings.project_name,
        "language": language_info(lang),
        "sourceLanguage": language_info(settings.source_language),
        "packId": pack_id(manifest),
        "created": manifest.get("created"),
        "manifest": manifest,
        "rules": rules_data(rules, enabled, expectations),
        "documents": documents,
    }


def build_page(
    settings: Settings, lang: str, manifest: Mapping[str, Any], packed: Sequence[PackedCatalog]
) -> bytes:
    """The review page of ``packed``, with ``validate``'s findings for the language."""
    report = validate(settings, [lang])
    return render_page(page_data(settings, lang, manifest, packed, report.findings, report.checks))


def json_for_script(data: Any) -> str:
    """JSON that cannot end its ``<script>`` block, start a comment or break a JS parser."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


def _inline_script(code: str) -> str:
    """A script that is safe to inline: no ``</script`` and no ``<!--`` left in it (both only
    occur in string and regular-expression literals, where ``\\x3C`` means the same)."""
    code = re.sub(r"</(script)", r"\\x3C/\1", code, flags=re.IGNORECASE)
    return code.replace("<!--", "\\x3C!--")


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(ASSETS)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str, str]:
    style = (ASSETS / "review.css").read_text(encoding="utf-8")
    library = _inline_script((ASSETS / "markdown-it.min.js").read_text(encoding="utf-8"))
    script = _inline_script((ASSETS / "review.js").read_text(encoding="utf-8"))
    return style, library, script


def render_page(data: Mapping[str, Any]) -> bytes:
    style, library, script = _assets()
    csp = "; ".join(
        (
            "default-src 'none'",
            f"script-src {_csp_hash(library)} {_csp_hash(script)}",
            f"style-src {_csp_hash(style)}",
            "img-src data:",
            "connect-src 'none'",
            "form-action 'none'",
            "base-uri 'none'",
        )
    )
    html = (
        _environment()
        .get_template("review.html.j2")
        .render(
            data=data,
            csp=csp,
            style=Markup(style),
            library=Markup(library),
            script=Markup(script),
            payload=Markup(json_for_script(data)),
        )
    )
    return html.encode("utf-8")
