"""Stage functions: the library calls behind each CLI command. Nothing here prints.

Each stage reads everything first, collects every error, and writes only when all input
was good (principle 7): bad input never leaves half the project updated.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .catalog.store import template_domains
from .catalog.template import ExtractReport, stale_templates, templates_for, write_templates
from .chars import describe as describe_char
from .chars import first_forbidden
from .config import Settings, load_settings
from .errors import CatalogError, MirageError, MultipleErrors, UsageError, from_os_error
from .fsutil import atomic_write_bytes, atomic_write_text, confine, folders_resolved_once
from .gcpause import collector_paused
from .lock import writes_project

if TYPE_CHECKING:
    import datetime as _dt
    from collections.abc import Callable, Mapping, Sequence

    from .catalog.update import UpdateReport
    from .checks.run import ValidationReport
    from .handoff import PackReport, UnpackReport
    from .prefill.run import PrefillReport, Progress
    from .publish.report import BuildReport
    from .publish.skip import BuildSkipped
    from .sources.project import load_documents
    from .status import StatusReport

# What the CLI may use: it imports nothing else of the package.
__all__ = [
    "BuildSkipped",
    "ExtractReport",
    "MirageError",
    "MultipleErrors",
    "PackReport",
    "PrefillReport",
    "Settings",
    "UpdateReport",
    "UsageError",
    "ValidationReport",
    "add_languages",
    "build",
    "check_sync",
    "describe_char",
    "explain_validation",
    "extract",
    "first_forbidden",
    "format_validation",
    "from_os_error",
    "init_project",
    "list_checks_text",
    "load_documents",
    "load_settings",
    "new_article",
    "pack",
    "prefill",
    "review",
    "status",
    "unpack",
    "update",
    "validate",
]


def __getattr__(name: str) -> Any:
    """The public names of stages that ``extract`` and ``update`` do not use, imported when
    first asked for: importing every stage (checks, publishing, packs, machine translation)
    was 0.2 s of CPU on every command's start, more than half of its imports."""
    value: Any
    if name == "BuildSkipped":
        from .publish.skip import BuildSkipped as value
    elif name == "PackReport":
        from .handoff import PackReport as value
    elif name == "PrefillReport":
        from .prefill.run import PrefillReport as value
    elif name == "UpdateReport":
        from .catalog.update import UpdateReport as value
    elif name == "ValidationReport":
        from .checks.run import ValidationReport as value
    elif name == "load_documents":
        from .sources.project import load_documents as value
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


# Stages that write the project run under its lock (mirage_i18n.lock); readers do not.


# The stage's modules are imported before the lock is taken (the wrappers below are not
# locked themselves): the lock is held only while the stage works, so a kill while it is
# held hits the work, not the imports, and another writer waits no longer than it must.


def unpack(settings: Settings, zip_path: Path) -> UnpackReport:
    """A returned pack or review file into the catalogues; see :func:`handoff.unpack`."""
    from .handoff import unpack as handoff_unpack

    return writes_project("unpack")(handoff_unpack)(settings, zip_path)


def prefill(
    settings: Settings,
    lang: str,
    engine: str | None = None,
    dry_run: bool = False,
    max_chars: int | None = None,
    refresh_mt: bool = False,
    progress: Progress | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    sleep: Callable[[float], None] | None = None,
    today: str | None = None,
) -> PrefillReport:
    """Suggestions from the memory or a machine translation; see :func:`prefill.run.prefill`."""
    from .prefill.run import prefill as prefill_stage

    locked = writes_project("prefill", unless=lambda *_, **__: dry_run)  # a dry run writes nothing
    return locked(prefill_stage)(
        settings,
        lang,
        engine,
        dry_run,
        max_chars,
        refresh_mt,
        progress,
        environ=environ,
        sleep=sleep,
        today=today,
    )


def init_project(
    target: Path,
    name: str,
    source_language: str,
    languages: Sequence[str],
    contact_email: str,
    today: _dt.date | None = None,
) -> list[Path]:
    """A new content project in ``target``; see :func:`scaffold.init_project`."""
    from .scaffold import init_project as scaffold_init

    return scaffold_init(target, name, source_language, languages, contact_email, today)


def new_article(settings: Settings, title: str, today: _dt.date | None = None) -> Path:
    """A new article's source file; see :func:`scaffold.new_article`."""
    from .scaffold import new_article as scaffold_new_article

    return writes_project("new")(scaffold_new_article)(settings, title, today)


# ---------------------------------------------------------------------------- extract


@writes_project("extract")
def extract(settings: Settings) -> ExtractReport:
    """Source texts → templates; see :func:`catalog.template.write_templates`."""
    from .sources.project import load_documents

    with folders_resolved_once(), collector_paused():
        return write_templates(settings, templates_for(settings, load_documents(settings)))


# ---------------------------------------------------------------------------- update


def update(settings: Settings, langs: list[str] | None = None, purge: bool = False) -> UpdateReport:
    """Templates → each language's catalogue; see :mod:`catalog.update` (imported here, before
    the lock: ``extract`` has no use for it, nor for the manifest's hashlib and json)."""
    from .catalog import update as _stage  # noqa: F401

    return _update_locked(settings, langs, purge)


@writes_project("update")
def _update_locked(settings: Settings, langs: list[str] | None, purge: bool) -> UpdateReport:
    from .catalog.update import update_catalogues

    with folders_resolved_once(), collector_paused():
        return update_catalogues(settings, settings.selected_languages(langs), purge)


# ---------------------------------------------------------------------------- status


def _preview(settings: Settings) -> bool:
    """``[publish] preview``: status and validate judge as the build would."""
    return settings.publish.preview


def status(settings: Settings, langs: list[str] | None = None) -> StatusReport:
    """Counts and the publish verdict of every document. The verdict counts error findings
    (``readiness``), so this runs the configured error checks on reviewed entries
    (``validate(gates_only=True)``). Never stops at a broken catalogue: it is listed in
    ``errors`` and the rest is counted."""
    from .checks.run import validate as run_checks
    from .status import StatusReport

    report = run_checks(settings, langs, preview=_preview(settings), gates_only=True)
    unreadable = set(report.unreadable)
    errors: list[MirageError] = [
        CatalogError(f.message, f.path, f.line) for f in report.findings if f.path in unreadable
    ]
    return StatusReport(settings.source_language, report.languages, (*errors, *report.errors))


# ---------------------------------------------------------------------------- check-sync


def check_sync(settings: Settings) -> list[str]:
    """Catalogues that ``extract`` + ``update`` would change, computed without writing anything.

    For pre-commit and CI: an English edit committed without its catalogues is caught here.
    """
    from .catalog.update import stale_catalogues
    from .sources.project import load_documents

    templates = templates_for(settings, load_documents(settings))
    return stale_templates(settings, templates) + stale_catalogues(settings, templates)


def pack(
    settings: Settings, lang: str, out: Path | None = None, only_needed: bool = False
) -> PackReport:
    """A translator pack of ``lang``: every domain with a template, see :mod:`handoff`."""
    from .handoff import pack as handoff_pack

    return handoff_pack(
        settings,
        settings.selected_languages([lang])[0],
        template_domains(settings),
        out,
        only_needed,
    )


def review(settings: Settings, lang: str, out: Path | None = None) -> Path:
    """The review page of ``lang`` alone: what a pack holds as ``review.html``."""
    from .handoff import review_page

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
    from .checks.run import validate as run_checks

    return run_checks(
        settings, langs, select or (), ignore or (), strict, preview=_preview(settings)
    )


def list_checks_text() -> str:
    """``validate --list-checks``: id, severity, category and title of every check."""
    from .checks.registry import all_checks
    from .checks.report import format_check_list

    return format_check_list(all_checks())


def format_validation(report: ValidationReport, fmt: str, each: bool = False) -> str:
    """The report as ``validate --format`` prints it (text, json, github); ``each``: in the
    text format, one line per untranslated or fuzzy entry instead of one per catalogue."""
    from .checks.report import FORMATTERS, format_text_ungrouped

    if fmt not in FORMATTERS:
        raise UsageError(f"unknown report format {fmt!r} (one of {', '.join(FORMATTERS)})")
    if each and fmt == "text":
        return format_text_ungrouped(report)
    return FORMATTERS[fmt](report)


def explain_validation(report: ValidationReport, where: str) -> str:
    """``validate --explain WHERE``: the findings at ``path:line`` (or in a file, or of a check
    id) with the translator comment, hash included, that silences each; a usage error when
    there is none."""
    from .checks.registry import all_checks
    from .checks.report import format_explain

    text = format_explain(report, where, all_checks())
    if not text:
        raise UsageError(
            f"no finding at {where!r}: give a path:line as 'validate' prints it, or a check id"
        )
    return text


# ---------------------------------------------------------------------------- build


def build(
    settings: Settings, out: Path | None = None, preview: bool | None = None, force: bool = False
) -> BuildReport | BuildSkipped:
    """Catalogues, site, Hugo sources, newsletters and dashboard into ``dist/``, unless nothing
    changed since the last build (:mod:`mirage_i18n.publish.skip`). An output folder that
    cannot be one is refused before the project is locked: such a build touches nothing."""
    from .publish.staging import check_output_folder

    out_dir = Path(out) if out is not None else settings.dist_dir
    _confine_build(settings, out)
    check_output_folder(out_dir, settings)
    return _build_locked(settings, out_dir, out, preview, force)


@writes_project("build")
def _build_locked(
    settings: Settings, out_dir: Path, out: Path | None, preview: bool | None, force: bool
) -> BuildReport | BuildSkipped:
    from .publish.skip import LastBuild
    from .publish.staging import recover

    notes = recover(out_dir)  # a build killed before: its staging folders, a missing dist/
    last = LastBuild(settings, out_dir, preview)
    skipped = None if force else last.unchanged()
    if skipped is not None:
        return replace(skipped, warnings=tuple(notes))
    # imported once a build is needed: the checks, Markdown and templates were 40 % of the
    # CPU time of a build that changes nothing
    from .publish.build import build as build_stage
    from .publish.dashboard import build_writer

    # One validation, language by language inside the build (publish.translated): each
    # language's catalogues parsed once, checked, gated, then dropped; the gates count its
    # error findings (nothing is published with one), so every page is rendered once, and the
    # dashboard shows it. The manifest is saved into the cache before the swap: a cache that
    # cannot be written fails the build with dist/ as it was.
    return build_stage(
        settings, out=out, preview=preview, writers=[build_writer(settings), last.record]
    )


def _confine_build(settings: Settings, out: Path | None) -> None:
    """The output folder (unless given with ``--out``) and the site's templates resolve inside
    the project: a template linking to /etc/passwd would be published in the site."""
    if out is None:
        confine(settings.dist_dir, settings.root)
    templates = confine(settings.site.templates_dir, settings.root)
    if templates.is_dir():
        for path in templates.rglob("*"):
            confine(path, settings.root)


@writes_project("add-language")
def add_languages(settings: Settings, codes: list[str]) -> tuple[list[str], UpdateReport]:
    """Create the new languages' catalogues, then add the languages to the configuration.

    The configuration is written last, and a failure before it removes what was created (and
    puts back what was changed) in the new languages' folders: a failed add-language changes
    nothing. A kill in between leaves catalogues the configuration does not list yet, which
    the next add-language merges into.
    """
    from .scaffold import languages_added, with_languages

    added, config_text = languages_added(settings, codes)
    if not added:
        from .catalog.update import UpdateReport

        return [], UpdateReport()
    folders = [settings.locales_dir / lang for lang in added]
    before = {path: _state(path) for folder in folders for path in _below(folder)}
    try:
        report = update(with_languages(settings, added), added)
        atomic_write_text(settings.config_path, config_text)
    except BaseException:
        for folder in folders:
            _put_back(folder, before)
        raise
    return added, report


def _below(folder: Path) -> list[Path]:
    """``folder`` and everything in it, deepest first."""
    if not folder.is_dir():
        return [folder] if folder.exists() or folder.is_symlink() else []
    return sorted(folder.rglob("*"), key=lambda p: -len(p.parts)) + [folder]


def _state(path: Path) -> bytes | None:
    """A file's bytes; None for a folder (or anything else that is not a plain file)."""
    return path.read_bytes() if path.is_file() and not path.is_symlink() else None


def _put_back(folder: Path, before: dict[Path, bytes | None]) -> None:
    """``folder`` as in ``before``: what is new removed, changed files restored. Best effort:
    the error that made the command fail is the one reported."""
    for path in _below(folder):
        try:
            if path not in before:
                if path.is_dir() and not path.is_symlink():
                    path.rmdir()
                else:
                    path.unlink()
            elif before[path] is not None and path.read_bytes() != before[path]:
                atomic_write_bytes(path, before[path] or b"")
        except (OSError, MirageError):
            continue
