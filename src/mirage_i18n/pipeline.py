"""Stage functions: the library calls behind each CLI command. Nothing here prints.

Each stage reads everything first, collects every error, and writes only when all input
was good (principle 7): bad input never leaves half the project updated.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .catalog.store import load_templates, load_translation, template_domains
from .catalog.template import ExtractReport, stale_templates, templates_for, write_templates
from .catalog.update import UpdateReport, stale_catalogues, update_catalogues
from .checks.run import ValidationReport
from .checks.run import validate as run_checks
from .config import Settings
from .errors import MirageError, UsageError
from .handoff import PackReport
from .handoff import pack as handoff_pack
from .handoff import unpack as unpack  # the stage is handoff's; re-exported for the CLI
from .manifest import Manifest, content_hash
from .model import Catalog, Counts, counts_for
from .prefill.run import PrefillReport, prefill
from .sources.project import load_documents
from .status import LanguageStatus, StatusReport

# ---------------------------------------------------------------------------- extract


def extract(settings: Settings) -> ExtractReport:
    """Source texts → templates; see :func:`catalog.template.write_templates`."""
    return write_templates(settings, templates_for(settings, load_documents(settings)))


# ---------------------------------------------------------------------------- update


def selected_languages(
    settings: Settings, langs: tuple[str, ...] | list[str] | None
) -> tuple[str, ...]:
    if not langs:
        return settings.languages
    unknown = [lang for lang in langs if lang not in settings.languages]
    if unknown:
        raise UsageError(
            f"language {unknown[0]!r} is not in project.languages "
            f"({', '.join(settings.languages)}) of {settings.rel(settings.config_path)}"
        )
    return tuple(langs)


def update(settings: Settings, langs: list[str] | None = None, purge: bool = False) -> UpdateReport:
    """Templates → each language's catalogue; see :mod:`catalog.update`."""
    return update_catalogues(settings, selected_languages(settings, langs), purge)


# ---------------------------------------------------------------------------- status


def language_status(
    settings: Settings, lang: str, templates: dict[str, Catalog], errors: list[MirageError]
) -> LanguageStatus:
    documents: dict[str, Counts] = {}
    missing: list[str] = []
    for domain, template in templates.items():
        try:
            catalog = load_translation(settings, lang, domain)
        except MirageError as exc:
            errors.append(exc)
            continue
        if catalog is None:
            missing.append(domain)
            catalog = template
        documents[domain] = counts_for(catalog)
    return LanguageStatus(
        lang=lang,
        threshold=settings.language(lang).threshold,
        documents=documents,
        missing=tuple(missing),
    )


def status(settings: Settings, langs: list[str] | None = None) -> StatusReport:
    """Never stops at a broken catalogue: it is listed in ``errors`` and the rest is counted."""
    templates = load_templates(settings)
    errors: list[MirageError] = []
    languages = tuple(
        language_status(settings, lang, templates, errors)
        for lang in selected_languages(settings, langs)
    )
    return StatusReport(settings.source_language, languages, tuple(errors))


__all__ = [
    "ExtractReport",
    "PrefillReport",
    "UpdateReport",
    "extract",
    "load_documents",
    "prefill",
    "status",
    "update",
]


# ---------------------------------------------------------------------------- check-sync


def check_sync(settings: Settings) -> list[str]:
    """Catalogues that ``extract`` + ``update`` would change, computed without writing anything.

    For pre-commit and CI: an English edit committed without its catalogues is caught here.
    """
    templates = templates_for(settings, load_documents(settings))
    return stale_templates(settings, templates) + stale_catalogues(settings, templates)


def pack(
    settings: Settings, lang: str, out: Path | None = None, only_needed: bool = False
) -> PackReport:
    """A translator pack of ``lang``: every domain with a template, see :mod:`handoff`."""
    return handoff_pack(
        settings,
        selected_languages(settings, [lang])[0],
        template_domains(settings),
        out,
        only_needed,
    )


# ---------------------------------------------------------------------------- validate


def validate(
    settings: Settings,
    langs: list[str] | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    strict: bool = False,
) -> ValidationReport:
    """QA checks and publish gates; see :mod:`mirage_i18n.checks.run`."""
    return run_checks(settings, langs, select or (), ignore or (), strict)


# ---------------------------------------------------------------------------- build

if TYPE_CHECKING:
    from .publish.build import BuildReport


BUILD_MANIFEST = "build-manifest.json"


@dataclass(frozen=True)
class BuildSkipped:
    """``build`` found every input byte-for-byte as at the last build and its output intact."""

    out_dir: Path
    inputs: int
    files: tuple[str, ...]
    skipped: bool = True

    def lines(self) -> list[str]:
        return [
            f"nothing changed since the last build ({self.inputs} inputs unchanged by content "
            f"hash, {len(self.files)} output files intact): skipped"
        ]


def _build_inputs(settings: Settings) -> list[Path]:
    """Every file the build reads: configuration, glossary, sources, catalogues, templates."""
    from .publish.options import publish_options

    files = [settings.config_path, settings.glossary_path]
    package = Path(__file__).parent  # packaged templates: a new version must rebuild
    folders = [
        settings.sources_dir,
        settings.locales_dir,
        package / "templates",
        package / "publish" / "templates",
        publish_options(settings).templates_dir,
    ]
    for folder in folders:
        if folder.is_dir():
            files.extend(sorted(p for p in folder.rglob("*") if p.is_file()))
    return files


def _outputs_state(out_dir: Path, files: Iterable[str | None]) -> str:
    """Size and mtime of every output: a deleted or edited file in dist/ forces a rebuild."""
    parts = []
    for rel in files:
        try:
            st = (out_dir / str(rel)).stat()
        except OSError:
            return "missing"
        parts.append(f"{rel}:{st.st_size}:{st.st_mtime_ns}")
    return content_hash("\n".join(parts).encode("utf-8"))


def build(
    settings: Settings, out: Path | None = None, preview: bool | None = None, force: bool = False
) -> BuildReport | BuildSkipped:
    """Catalogues, site, Hugo sources, newsletters and report into ``dist/`` (publish/build.py).

    When every input has the bytes it had at the last build (a content-hash manifest in the
    cache folder) and that build's output is untouched, nothing is rebuilt.
    """
    from .checks.dashboard import build_writer
    from .checks.run import BackgroundValidation
    from .publish.build import build as build_stage

    out_dir = Path(out) if out is not None else settings.dist_dir
    inputs = _build_inputs(settings)
    digest = hashlib.blake2b(digest_size=16)
    for path in inputs:
        digest.update(settings.rel(path).encode("utf-8") + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"<none>")
        digest.update(b"\0")
    inputs_hash = digest.hexdigest()
    manifest = Manifest(
        settings.cache_dir / BUILD_MANIFEST, f"out={out_dir.resolve()};preview={preview}"
    )
    recorded = manifest.get("files") or []
    if (
        not force
        and recorded
        and manifest.unchanged("inputs", inputs_hash)
        and manifest.unchanged("outputs", _outputs_state(out_dir, recorded))
    ):
        return BuildSkipped(out_dir, len(inputs), tuple(str(f) for f in recorded))
    # The dashboard's validation is independent of the rendering: run it at the same time.
    background = BackgroundValidation(settings)
    try:
        report = build_stage(
            settings, out=out, preview=preview, writers=[build_writer(settings, background)]
        )
    finally:
        background.cancel()  # only still running if the build failed before the dashboard
    manifest.record("inputs", inputs_hash)
    manifest.record("files", *report.files)
    manifest.record("outputs", _outputs_state(report.out_dir, report.files))
    manifest.save()
    return report


def add_languages(settings: Settings, codes: list[str]) -> tuple[list[str], UpdateReport]:
    """Add target languages to the configuration, then create their catalogues."""
    from .config import load_settings
    from .scaffold import add_languages as _add

    added = _add(settings, codes)
    fresh = load_settings(settings.root)
    return added, update(fresh, added) if added else UpdateReport()
