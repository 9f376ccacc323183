"""Stage functions: the library calls behind each CLI command. Nothing here prints.

Each stage reads everything first, collects every error, and writes only when all input
was good (principle 7): bad input never leaves half the project updated.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .catalog.store import load_templates, load_translation, template_domains
from .catalog.template import ExtractReport, stale_templates, templates_for, write_templates
from .catalog.update import UpdateReport, stale_catalogues, update_catalogues
from .chars import describe as describe_char
from .chars import first_forbidden
from .checks.registry import all_checks
from .checks.report import FORMATTERS, format_check_list, format_text_ungrouped
from .checks.run import BackgroundValidation, ValidationReport
from .checks.run import validate as run_checks
from .config import Settings
from .errors import MirageError, UsageError, from_os_error
from .handoff import PackReport, review_page
from .handoff import pack as handoff_pack
from .handoff import unpack as unpack  # the stage is handoff's; re-exported for the CLI
from .model import Catalog, Counts, counts_for
from .prefill.run import PrefillReport, prefill
from .publish.skip import BuildSkipped, LastBuild
from .sources.project import load_documents
from .status import LanguageStatus, StatusReport

if TYPE_CHECKING:
    from .publish.report import BuildReport


# ---------------------------------------------------------------------------- extract


def extract(settings: Settings) -> ExtractReport:
    """Source texts → templates; see :func:`catalog.template.write_templates`."""
    return write_templates(settings, templates_for(settings, load_documents(settings)))


# ---------------------------------------------------------------------------- update


def update(settings: Settings, langs: list[str] | None = None, purge: bool = False) -> UpdateReport:
    """Templates → each language's catalogue; see :mod:`catalog.update`."""
    return update_catalogues(settings, settings.selected_languages(langs), purge)


# ---------------------------------------------------------------------------- status


def language_status(
    settings: Settings,
    lang: str,
    templates: dict[str, Catalog],
    errors: list[MirageError],
    preview: bool = False,
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
        preview=preview,
    )


def _preview(settings: Settings) -> bool:
    """``[publish] preview``: status and validate judge as the build would."""
    return settings.publish.preview


def status(settings: Settings, langs: list[str] | None = None) -> StatusReport:
    """Never stops at a broken catalogue: it is listed in ``errors`` and the rest is counted."""
    templates = load_templates(settings)
    errors: list[MirageError] = []
    preview = _preview(settings)
    languages = tuple(
        language_status(settings, lang, templates, errors, preview)
        for lang in settings.selected_languages(langs)
    )
    return StatusReport(settings.source_language, languages, tuple(errors))


__all__ = [
    "describe_char",
    "first_forbidden",
    "from_os_error",
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
        settings.selected_languages([lang])[0],
        template_domains(settings),
        out,
        only_needed,
    )


def review(settings: Settings, lang: str, out: Path | None = None) -> Path:
    """The review page of ``lang`` alone: what a pack holds as ``review.html``."""
    return review_page(
        settings, settings.selected_languages([lang])[0], template_domains(settings), out
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
    return run_checks(
        settings, langs, select or (), ignore or (), strict, preview=_preview(settings)
    )


def list_checks_text() -> str:
    """``validate --list-checks``: id, severity, category and title of every check."""
    return format_check_list(all_checks())


def format_validation(report: ValidationReport, fmt: str, each: bool = False) -> str:
    """The report as ``validate --format`` prints it (text, json, github); ``each``: in the
    text format, one line per untranslated or fuzzy entry instead of one per catalogue."""
    if fmt not in FORMATTERS:
        raise UsageError(f"unknown report format {fmt!r} (one of {', '.join(FORMATTERS)})")
    if each and fmt == "text":
        return format_text_ungrouped(report)
    return FORMATTERS[fmt](report)


# ---------------------------------------------------------------------------- build


def build(
    settings: Settings, out: Path | None = None, preview: bool | None = None, force: bool = False
) -> BuildReport | BuildSkipped:
    """Catalogues, site, Hugo sources, newsletters and dashboard into ``dist/``, unless nothing
    changed since the last build (:mod:`mirage_i18n.publish.skip`)."""
    from .publish.build import build as build_stage
    from .publish.dashboard import build_writer
    from .publish.staging import check_output_folder, recover

    out_dir = Path(out) if out is not None else settings.dist_dir
    check_output_folder(out_dir, settings)
    notes = recover(out_dir)  # a build killed before: its staging folders, a missing dist/
    last = LastBuild(settings, out_dir, preview)
    skipped = None if force else last.unchanged()
    if skipped is not None:
        return replace(skipped, warnings=tuple(notes))
    # The dashboard's validation is independent of the rendering: run it at the same time.
    judge_preview = _preview(settings) if preview is None else preview
    background = BackgroundValidation(lambda: run_checks(settings, preview=judge_preview))
    try:
        # the manifest is saved into the cache before the swap: a cache that cannot be
        # written fails the build with dist/ as it was
        return build_stage(
            settings,
            out=out,
            preview=preview,
            writers=[build_writer(settings, background), last.record],
            watch=background.poll,
        )
    finally:
        background.cancel()  # only still running if the build failed before the dashboard


def add_languages(settings: Settings, codes: list[str]) -> tuple[list[str], UpdateReport]:
    """Add target languages to the configuration, then create their catalogues."""
    from .config import load_settings
    from .scaffold import add_languages as _add

    added = _add(settings, codes)
    fresh = load_settings(settings.root)
    return added, update(fresh, added) if added else UpdateReport()
