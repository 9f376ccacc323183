"""The command line: thin click commands, one library call each.

Every library error is a :class:`~mirage_i18n.errors.MirageError`; it is printed as
``path:line: message`` on stderr and its exit code returned (0 fine, 1 findings, 2 input).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__, pipeline
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
