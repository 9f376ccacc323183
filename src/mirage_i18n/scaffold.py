"""New projects and new articles: the files a communications officer would otherwise copy by hand."""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

from .config import CONFIG_NAME, LANGUAGE_CODE, LanguageSettings, Settings
from .errors import MirageError, UsageError
from .fsutil import atomic_write_bytes, atomic_write_text
from .slug import slugify

AMIF_DISCLAIMER = (
    "This project was funded by the European Union’s Asylum, Migration and Integration Fund. "
    "The content of this document represents the views of the author only and is his/her sole "
    "responsibility. The European Commission does not accept any responsibility for use that may "
    "be made of the information it contains."
)


def _quoted(text: str) -> str:
    """A double-quoted string valid in both TOML and YAML: quotes and backslashes escaped."""
    return json.dumps(text, ensure_ascii=False)


def _toml_list(items: Sequence[str]) -> str:
    return "[" + ", ".join(_quoted(item) for item in items) + "]"


def config_text(name: str, source: str, languages: Sequence[str], contact: str) -> str:
    return f"""# mirage-i18n configuration. Secrets (MT API keys) never go here: engines read
# them from environment variables.

[project]
name = {_quoted(name)}
source_language = {_quoted(source)}
languages = {_toml_list(languages)}
contact_email = {_quoted(contact)}

[paths]
sources = "source_texts"
locales = "locales"
dist = "dist"
cache = ".mirage-cache"

[extract]
translatable_front_matter = ["title", "subject", "lede", "summary", "image_alt"]
locations = "full"

[publish]
# Percentage of entries that must be reviewed before an article appears in a language.
threshold = 100
"""


def shared_text(contact: str) -> str:
    return (
        "# Shared texts: one catalogue entry per key (the key becomes the msgctxt).\n"
        "# The disclaimer is locked: never machine-translated; shown in English until an\n"
        "# approved translation is reviewed.\n"
        f"disclaimer: >-\n  {AMIF_DISCLAIMER}\n"
        f"contact: {_quoted(f'Contact: <{contact}>')}\n"
    )


def article_text(title: str, date: _dt.date, lede: str = "", body: str = "") -> str:
    return (
        "---\n"
        f"title: {_quoted(title)}\n"
        f"date: {date.isoformat()}\n"
        f"lede: {_quoted(lede)}\n"
        "tags: []\n"
        "---\n\n"
        f"{body or 'Write the English text of the news item here, one paragraph per block.'}\n"
    )


def init_project(
    target: Path,
    name: str,
    source_language: str,
    languages: Sequence[str],
    contact_email: str,
    today: _dt.date | None = None,
) -> list[Path]:
    """Scaffold a content project in ``target``; refuses to touch an existing one."""
    today = today or _dt.date.today()
    target = Path(target)
    for marker in (CONFIG_NAME, "source_texts", "locales"):
        if (target / marker).exists():
            raise UsageError(
                f"{marker} already exists: this is a project already; nothing was written",
                str(target / marker),
            )
    if not languages:
        raise UsageError("give at least one target language")
    # Checked here, as the configuration loader would: a project that does not load could
    # not be fixed by running init again, which refuses to touch an existing project.
    for code in [source_language, *languages]:
        if not LANGUAGE_CODE.match(code):
            raise UsageError(f"not a language code: {code!r} (use ISO codes such as sv, it, pt-BR)")
    if source_language in languages:
        raise UsageError(f"the source language {source_language!r} is also a target language")
    if len(set(languages)) != len(languages):
        raise UsageError("a target language is given twice")
    files = {
        CONFIG_NAME: config_text(name, source_language, languages, contact_email),
        "glossary.toml": (
            "# Terms machine translation must not touch and translators must keep verbatim.\n"
            f"do_not_translate = {_toml_list([name, 'AMIF'])}\n"
        ),
        "source_texts/shared.yaml": shared_text(contact_email),
        f"source_texts/news/{today.isoformat()}-welcome.md": article_text(
            f"Welcome to the {name} news",
            today,
            lede=f"What the {name} project is about",
            body=f"The partners of {name} publish their news here in all partner languages.",
        ),
        ".gitignore": "dist/\n.mirage-cache/\n",
    }
    return _write_all(target, files)


def _write_all(target: Path, files: dict[str, str]) -> list[Path]:
    """Write ``files`` below ``target``, the configuration last, or nothing at all.

    A full disk halfway through left a configuration without sources, and ``init`` refuses to
    run where a configuration exists: the project could neither be used nor created again. On
    any failure what was written is removed (a file that was there before is put back) and so
    are the folders that were created.
    """
    paths = [target / rel for rel in sorted(files, key=lambda rel: rel == CONFIG_NAME)]
    folders = {folder for path in paths for folder in (path, *path.parents)}
    new_folders = sorted(
        (f for f in folders if not f.exists() and f not in paths), key=lambda f: -len(f.parts)
    )
    before = {path: path.read_bytes() if path.is_file() else None for path in paths}
    written: list[Path] = []
    try:
        for path in paths:
            atomic_write_text(path, files[path.relative_to(target).as_posix()])
            written.append(path)
    except BaseException:
        for path in written:
            with contextlib.suppress(OSError, MirageError):  # the first failure is the one said
                if before[path] is None:
                    path.unlink()
                else:
                    atomic_write_bytes(path, before[path] or b"")
        for folder in new_folders:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return written


def new_article(settings: Settings, title: str, today: _dt.date | None = None) -> Path:
    """A new English article with its front matter filled in, named ``<date>-<slug>.md``."""
    today = today or _dt.date.today()
    slug = slugify(title)  # at most slug.MAX_SLUG characters: far below a name's 255 bytes
    if not slug:
        raise UsageError(f"the title {title!r} gives an empty slug; use letters or digits")
    path = settings.sources_dir / "news" / f"{today.isoformat()}-{slug}.md"
    if path.exists():
        raise UsageError("an article with this date and title exists already", settings.rel(path))
    atomic_write_text(path, article_text(title, today))
    return path


_LANGUAGES_LINE = re.compile(r"^(\s*languages\s*=\s*)\[([^\]\n]*)\](.*)$", re.MULTILINE)


def languages_added(settings: Settings, codes: Sequence[str]) -> tuple[list[str], str]:
    """The codes not yet configured, and the configuration text with them appended to
    ``[project] languages`` (comments and layout kept); writes nothing.

    Only a one-line list is edited; anything fancier is left to the user with a clear message
    rather than risking a rewrite of their configuration.
    """
    new = [c for c in dict.fromkeys(codes) if c not in settings.languages]
    bad = [c for c in new if not LANGUAGE_CODE.match(c) or c == settings.source_language]
    if bad:
        raise UsageError(f"not a target language code: {bad[0]!r}")
    path = settings.config_path
    text = path.read_text(encoding="utf-8")
    if not new:
        return [], text
    project = re.search(r"^\[(?:tool\.mirage-i18n\.)?project\]\s*$", text, re.MULTILINE)
    match = _LANGUAGES_LINE.search(text, project.end()) if project else None
    if match is None:
        raise UsageError(
            "cannot find a one-line 'languages = [...]' under [project]; "
            f"add {', '.join(new)} there by hand",
            settings.rel(path),
        )
    items = [item.strip() for item in match.group(2).split(",") if item.strip()]
    items += [f'"{code}"' for code in new]
    line = f"{match.group(1)}[{', '.join(items)}]{match.group(3)}"
    return new, text[: match.start()] + line + text[match.end() :]


def with_languages(settings: Settings, codes: Sequence[str]) -> Settings:
    """``settings`` as the configuration will read once ``codes`` are appended to it (a
    language without its own ``[languages.<code>]`` table gets the project's defaults; the
    configuration cannot have one for a language it does not list)."""
    languages = (*settings.languages, *codes)
    per_language = dict(settings.language_settings)
    for code in codes:
        per_language[code] = LanguageSettings(code, settings.publish.threshold)
    return replace(
        settings,
        project=replace(settings.project, languages=languages),
        language_settings=MappingProxyType(per_language),
    )
