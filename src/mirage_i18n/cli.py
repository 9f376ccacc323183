"""The command line: thin click commands, one library call each.

Every library error is a :class:`~mirage_i18n.errors.MirageError`; it is printed as
``path:line: message`` on stderr and its exit code returned (0 fine, 1 findings, 2 input).
"""

from __future__ import annotations

import datetime
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__, handoff, pipeline, scaffold
from .config import Settings, load_settings
from .errors import MirageError, MultipleErrors

F = TypeVar("F", bound=Callable[..., Any])


def _report_errors(func: F) -> F:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except MirageError as exc:
            errors = exc.errors if isinstance(exc, MultipleErrors) else [exc]
            for err in errors:
                click.echo(f"{err}", err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


class Context:
    def __init__(self, project: Path) -> None:
        self.project = project
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.project)
        return self._settings


pass_ctx = click.make_pass_decorator(Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--project", "-p", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="Folder of the content project (holds mirage-i18n.toml).")
@click.version_option(__version__, prog_name="mirage-i18n")
@click.pass_context
def main(ctx: click.Context, project: Path) -> None:
    """Translate a consortium's news into every partner language through gettext catalogues."""
    ctx.obj = Context(project)


@main.command()
@pass_ctx
@_report_errors
def extract(ctx: Context) -> None:
    """Source texts → .pot templates (one per document, plus shared texts)."""
    report = pipeline.extract(ctx.settings)
    for path in report.written:
        click.echo(f"wrote {path}")
    for path in report.removed:
        click.echo(f"removed {path} (its source is gone)")
    click.echo(f"{len(report.written)} template(s) written, {len(report.unchanged)} unchanged")


@main.command()
@click.option("-l", "--lang", "langs", multiple=True, help="Language(s) to update (default: all).")
@click.option("--purge-obsolete", is_flag=True, help="Drop #~ entries whose source text is gone.")
@pass_ctx
@_report_errors
def update(ctx: Context, langs: tuple[str, ...], purge_obsolete: bool) -> None:
    """Templates → .po catalogue per language (creates missing ones; fuzzy matching)."""
    report = pipeline.update(ctx.settings, list(langs), purge=purge_obsolete)
    for path in report.created:
        click.echo(f"created {path}")
    for path in report.written:
        s = report.stats.get(path)
        detail = f" ({s.new} new, {s.fuzzy} fuzzy, {s.obsoleted} obsolete)" if s else ""
        click.echo(f"updated {path}{detail}")
    click.echo(f"{len(report.created)} created, {len(report.written)} updated, "
               f"{len(report.unchanged)} unchanged")


@main.command()
@click.option("-l", "--lang", "langs", multiple=True, help="Language(s) to report (default: all).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_ctx
@_report_errors
def status(ctx: Context, langs: tuple[str, ...], fmt: str) -> None:
    """Completeness per language and per document."""
    report = pipeline.status(ctx.settings, list(langs))
    click.echo(report.to_json() if fmt == "json" else report.to_text(), nl=False)
    if report.errors:
        sys.exit(max(e.exit_code for e in report.errors))


@main.command("check-sync")
@pass_ctx
@_report_errors
def check_sync(ctx: Context) -> None:
    """Exit 1 and list catalogues that extract/update would change (writes nothing)."""
    stale = pipeline.check_sync(ctx.settings)
    for path in stale:
        click.echo(f"{path}: out of date with the sources; run 'mirage-i18n extract' and 'mirage-i18n update'")
    if stale:
        sys.exit(1)
    click.echo("all catalogues are up to date with the sources")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--name", prompt="Project name", help="Short project name, e.g. MIraGE.")
@click.option("--source-language", default="en", show_default=True, prompt="Source language")
@click.option("--languages", prompt="Target languages (comma-separated)",
              help="Comma-separated target languages, e.g. sv,it,fr.")
@click.option("--contact-email", default="info@example.org", prompt="Contact e-mail")
@_report_errors
def init(directory: Path, name: str, source_language: str, languages: str, contact_email: str) -> None:
    """Scaffold a content project in DIRECTORY (refuses to overwrite one)."""
    langs = [code.strip() for code in languages.replace(" ", ",").split(",") if code.strip()]
    written = scaffold.init_project(directory, name, source_language, langs, contact_email)
    for path in written:
        click.echo(f"created {path}")
    click.echo(f"next: cd {directory} && mirage-i18n extract && mirage-i18n update")


@main.command()
@click.argument("title")
@pass_ctx
@_report_errors
def new(ctx: Context, title: str) -> None:
    """Start a new English article titled TITLE (front matter filled in)."""
    path = scaffold.new_article(ctx.settings, title, datetime.date.today())
    click.echo(f"created {ctx.settings.rel(path)}")


@main.command()
@click.option("-l", "--lang", required=True, help="The translator's language.")
@click.option("--only-needed", is_flag=True,
              help="Leave out catalogues with nothing to translate or review.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Zip file to write (default: <project>-<lang>-<date>.zip).")
@pass_ctx
@_report_errors
def pack(ctx: Context, lang: str, only_needed: bool, output: Path | None) -> None:
    """Zip one language's catalogues, with a read-me, for a translator without git."""
    report = pipeline.pack(ctx.settings, lang, output, only_needed)
    for domain in report.documents:
        click.echo(f"packed {domain}")
    for domain in report.skipped:
        click.echo(f"left out {domain} (complete)")
    click.echo(f"wrote {report.path}")


@main.command()
@click.argument("zip_file", type=click.Path(dir_okay=False, path_type=Path))
@pass_ctx
@_report_errors
def unpack(ctx: Context, zip_file: Path) -> None:
    """Merge a translator's returned pack safely into the catalogues."""
    report = handoff.unpack(ctx.settings, zip_file)
    for doc in report.documents:
        click.echo(doc.summary())
        for msgid in doc.conflicts:
            click.echo(f"  kept the repository's reviewed translation of: {msgid[:70]!r}")
        for msgid in doc.dropped:
            click.echo(f"  not merged, its English was removed: {msgid[:70]!r}")
    click.echo(f"{len(report.written)} catalogue(s) written")
