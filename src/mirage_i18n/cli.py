"""The command line: thin click commands, one library call each.

Every library error is a :class:`~mirage_i18n.errors.MirageError`; it is printed as
``path:line: message`` on stderr and its exit code returned (0 fine, 1 findings, 2 input).
"""

from __future__ import annotations

import atexit
import datetime
import functools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__, pipeline
from .pipeline import MirageError, MultipleErrors, Settings, UsageError, load_settings

F = TypeVar("F", bound=Callable[..., Any])


def _report_errors(func: F) -> F:
    """Every failure is one line per problem and an exit code, never a traceback: library
    errors as ``path:line: message``; an operating-system failure no stage turned into one
    (a full disk, a read-only folder) as ``path: what failed: why``, exit 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            _check_arguments(kwargs)
            return func(*args, **kwargs)
        except MirageError as exc:
            _exit_with(exc)
        except OSError as exc:
            _exit_with(pipeline.from_os_error(exc))
        except RecursionError:
            _exit_with(UsageError("input nested too deeply to read"))

    return wrapper  # type: ignore[return-value]


def _exit_with(exc: MirageError) -> None:
    errors = exc.errors if isinstance(exc, MultipleErrors) else [exc]
    for err in errors:
        click.echo(f"{err}", err=True)
    sys.exit(exc.exit_code)


def _echo(text: str, nl: bool = True) -> None:
    """``click.echo`` of a command's report; output that cannot be written (a full disk, a
    closed pipe) is said as such, not as an anonymous "cannot access"."""
    try:
        click.echo(text, nl=nl)
    except OSError as exc:
        raise _output_error(exc) from None


def _output_error(exc: OSError) -> MirageError:
    return pipeline.from_os_error(exc, "cannot write the output")


def _check_arguments(values: dict[str, Any]) -> None:
    """Arguments with a NUL byte, a control character or an undecodable byte (a lone surrogate
    from a non-UTF-8 argv) failed deep inside with ``ValueError: embedded null byte`` or
    ``UnicodeEncodeError``."""
    for name, value in values.items():
        for item in value if isinstance(value, tuple | list) else (value,):
            if isinstance(item, str | Path):
                text = str(item)
                at = pipeline.first_forbidden(text)
                if at >= 0:
                    raise UsageError(
                        f"the {name.replace('_', '-')} given holds "
                        f"{pipeline.describe_char(text[at])}: remove it"
                    )


class _SafePath(click.Path):
    """click's Path stats the value before any command code runs: a NUL byte gave
    ``ValueError: embedded null byte``, /proc paths odd errors. Refuse such values first.
    Readability is left to the command: click's check printed a usage error over three lines
    for an unreadable pack, where every other unreadable file is one ``path: message`` line."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("readable", False)
        super().__init__(**kwargs)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        text = os.fsdecode(value) if isinstance(value, bytes) else str(value)
        at = pipeline.first_forbidden(text)
        if at >= 0:
            self.fail(f"holds {pipeline.describe_char(text[at])}: remove it", param, ctx)
        return super().convert(value, param, ctx)


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
@click.option(
    "--project",
    "-p",
    type=_SafePath(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Folder of the content project (holds mirage-i18n.toml).",
)
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
        _echo(f"wrote {path}")
    for path in report.removed:
        _echo(f"removed {path} (its source is gone)")
    _echo(f"{len(report.written)} template(s) written, {len(report.unchanged)} unchanged")


@main.command()
@click.option("-l", "--lang", "langs", multiple=True, help="Language(s) to update (default: all).")
@click.option("--purge-obsolete", is_flag=True, help="Drop #~ entries whose source text is gone.")
@pass_ctx
@_report_errors
def update(ctx: Context, langs: tuple[str, ...], purge_obsolete: bool) -> None:
    """Templates → .po catalogue per language (creates missing ones; fuzzy matching)."""
    report = pipeline.update(ctx.settings, list(langs), purge=purge_obsolete)
    for path in report.created:
        _echo(f"created {path}")
    for path in report.written:
        s = report.stats.get(path)
        detail = f" ({s.new} new, {s.fuzzy} fuzzy, {s.obsoleted} obsolete)" if s else ""
        _echo(f"updated {path}{detail}")
    for path in report.orphaned:
        click.echo(
            f"{path}: its source text is gone; kept (delete it once its translations "
            "are no longer needed)",
            err=True,
        )
    _echo(
        f"{len(report.created)} created, {len(report.written)} updated, "
        f"{len(report.unchanged)} unchanged"
    )


@main.command()
@click.option("-l", "--lang", "langs", multiple=True, help="Language(s) to report (default: all).")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@pass_ctx
@_report_errors
def status(ctx: Context, langs: tuple[str, ...], fmt: str) -> None:
    """Completeness per language and per document."""
    report = pipeline.status(ctx.settings, list(langs))
    _echo(report.to_json() if fmt == "json" else report.to_text(), nl=False)
    if report.errors:
        sys.exit(max(e.exit_code for e in report.errors))


def _list_checks(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    click.echo(pipeline.list_checks_text(), nl=False)
    ctx.exit(0)


@main.command()
@click.option("-l", "--lang", "langs", multiple=True, help="Language(s) to check (default: all).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text: path:line: severity: check-id: message; json: for "
    "tools (docs/checks.md); github: GitHub Actions annotations.",
)
@click.option("--strict", is_flag=True, help="Warnings fail the run too.")
@click.option(
    "--each",
    is_flag=True,
    help="Text format: one line per untranslated or fuzzy entry "
    "(by default a catalogue with more than 3 gets one line per check).",
)
@click.option(
    "--select",
    "select",
    multiple=True,
    metavar="ID",
    help="Run only these checks (ids or categories; repeatable).",
)
@click.option(
    "--ignore",
    "ignore",
    multiple=True,
    metavar="ID",
    help="Skip these checks (ids or categories; repeatable).",
)
@click.option(
    "--explain",
    "explain",
    metavar="PATH:LINE",
    help="Explain the findings at PATH:LINE (as printed), in a file, or of a check id, with "
    "the translator comment (hash included) that silences each on its entry.",
)
@click.option(
    "--list-checks",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_list_checks,
    help="List every check (id, severity, category, title) and exit.",
)
@pass_ctx
@_report_errors
def validate(
    ctx: Context,
    langs: tuple[str, ...],
    fmt: str,
    strict: bool,
    each: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    explain: str | None,
) -> None:
    """QA checks and publish gates. Exit 0 ready, 1 findings or gate not met, 2 bad input."""
    split = [i.strip() for item in select for i in item.split(",") if i.strip()]
    skip = [i.strip() for item in ignore for i in item.split(",") if i.strip()]
    report = pipeline.validate(ctx.settings, list(langs), split, skip, strict)
    if explain is not None:
        _echo(pipeline.explain_validation(report, explain), nl=False)
        return
    _echo(pipeline.format_validation(report, fmt, each), nl=False)
    sys.exit(report.exit_code)


@main.command("check-sync")
@pass_ctx
@_report_errors
def check_sync(ctx: Context) -> None:
    """Exit 1 and list catalogues that extract/update would change (writes nothing)."""
    stale = pipeline.check_sync(ctx.settings)
    for path in stale:
        _echo(
            f"{path}: out of date with the sources; run 'mirage-i18n extract' and 'mirage-i18n update'"
        )
    if stale:
        sys.exit(1)
    _echo("all catalogues are up to date with the sources")


# init's questions, in the order asked: (option name, prompt, default)
_INIT_QUESTIONS = (
    ("name", "Project name", None),
    ("source_language", "Source language", "en"),
    ("languages", "Target languages (comma-separated)", None),
    ("contact_email", "Contact e-mail", "info@example.org"),
)


def _ask_missing(given: dict[str, str | None]) -> dict[str, str]:
    """Ask for what the options did not give. Answers may come from a terminal or a pipe; when
    standard input ends first (CI, a script), name every missing option instead of click's bare
    "Aborted!"."""
    answers: dict[str, str] = {}
    for key, question, default in _INIT_QUESTIONS:
        value = given[key]
        if value is None:
            try:
                value = click.prompt(question, default=default)
            except click.exceptions.Abort:
                if sys.stdin.isatty():
                    raise  # Ctrl-C or Ctrl-D at a terminal: the user chose to stop
                missing = [
                    "--" + k.replace("_", "-")
                    for k, _, _ in _INIT_QUESTIONS
                    if given[k] is None and k not in answers
                ]
                raise UsageError(
                    f"init needs {', '.join(missing)}: no terminal to ask and no answer on "
                    "standard input (pass them as options)"
                ) from None
        answers[key] = str(value)
    return answers


@main.command()
@click.argument("directory", type=_SafePath(file_okay=False, path_type=Path), default=".")
@click.option("--name", help="Short project name, e.g. MIraGE (asked when not given).")
@click.option("--source-language", help="Language of the master texts (asked; default en).")
@click.option("--languages", help="Comma-separated target languages, e.g. sv,it,fr (asked).")
@click.option("--contact-email", help="Contact e-mail shown on pages and newsletters (asked).")
@_report_errors
def init(
    directory: Path,
    name: str | None,
    source_language: str | None,
    languages: str | None,
    contact_email: str | None,
) -> None:
    """Scaffold a content project in DIRECTORY (refuses to overwrite one)."""
    answers = _ask_missing(
        {
            "name": name,
            "source_language": source_language,
            "languages": languages,
            "contact_email": contact_email,
        }
    )
    langs = [c.strip() for c in answers["languages"].replace(" ", ",").split(",") if c.strip()]
    written = pipeline.init_project(
        directory, answers["name"], answers["source_language"], langs, answers["contact_email"]
    )
    for path in written:
        _echo(f"created {path}")
    _echo(f"next: cd {directory} && mirage-i18n extract && mirage-i18n update")


@main.command()
@click.argument("title")
@pass_ctx
@_report_errors
def new(ctx: Context, title: str) -> None:
    """Start a new English article titled TITLE (front matter filled in)."""
    path = pipeline.new_article(ctx.settings, title, datetime.date.today())
    _echo(f"created {ctx.settings.rel(path)}")


@main.command()
@click.option("-l", "--lang", required=True, help="The translator's language.")
@click.option(
    "--only-needed", is_flag=True, help="Leave out catalogues with nothing to translate or review."
)
@click.option(
    "-o",
    "--output",
    type=_SafePath(dir_okay=False, path_type=Path),
    help="Zip file to write (default: <project>-<lang>-<date>.zip).",
)
@pass_ctx
@_report_errors
def pack(ctx: Context, lang: str, only_needed: bool, output: Path | None) -> None:
    """Zip one language's catalogues, with a read-me, for a translator without git."""
    report = pipeline.pack(ctx.settings, lang, output, only_needed)
    for domain in report.documents:
        _echo(f"packed {domain}")
    for domain in report.skipped:
        _echo(f"left out {domain} (complete)")
    _echo(f"wrote {report.path}")


@main.command()
@click.option("-l", "--lang", required=True, help="The translator's language.")
@click.option(
    "-o",
    "--output",
    type=_SafePath(dir_okay=False, path_type=Path),
    help="HTML file to write (default: review.html in the project).",
)
@pass_ctx
@_report_errors
def review(ctx: Context, lang: str, output: Path | None) -> None:
    """Write the review page of one language alone (the page every pack holds)."""
    _echo(f"wrote {pipeline.review(ctx.settings, lang, output)}")


@main.command()
@click.argument("zip_file", metavar="FILE", type=_SafePath(dir_okay=False, path_type=Path))
@pass_ctx
@_report_errors
def unpack(ctx: Context, zip_file: Path) -> None:
    """Merge a returned pack (.zip) or a review page's saved file (.json) into the catalogues."""
    report = pipeline.unpack(ctx.settings, zip_file)
    for doc in report.documents:
        _echo(doc.summary())
        for msgid in doc.conflicts:
            _echo(f"  kept the repository's reviewed translation of: {msgid[:70]!r}")
        for msgid in doc.dropped:
            _echo(f"  not merged, its English was removed: {msgid[:70]!r}")
    _echo(f"{len(report.written)} catalogue(s) written")


class _BarProgress:
    """Interactive terminals: a bar with entries, characters and ETA."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None
        self.chars = self.total_chars = 0

    def start(self, entries: int, chars: int) -> None:
        self.total_chars = chars
        self.bar = click.progressbar(
            length=max(entries, 1),
            label=self.label,
            show_eta=True,
            show_pos=True,
            file=sys.stderr,
            item_show_func=lambda _: f"{self.chars:,}/{self.total_chars:,} chars",
        )
        self.bar.__enter__()

    def advance(self, entries: int, chars: int) -> None:
        self.chars += chars
        if self.bar is not None:
            self.bar.update(entries, current_item=True)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


class _LineProgress:
    """Logs and CI: a plain line about every 10 % (and at the end)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.entries = self.chars = self.total = self.total_chars = 0
        self.next_report = 0.0
        self.started = 0.0

    def start(self, entries: int, chars: int) -> None:
        self.total, self.total_chars = entries, chars
        self.started = time.monotonic()
        self.next_report = 0.1

    def advance(self, entries: int, chars: int) -> None:
        self.entries += entries
        self.chars += chars
        if self.total and (
            self.entries / self.total >= self.next_report or self.entries == self.total
        ):
            self.next_report = self.entries / self.total + 0.1
            elapsed = time.monotonic() - self.started
            eta = elapsed / self.entries * (self.total - self.entries) if self.entries else 0
            click.echo(
                f"{self.label}: {self.entries}/{self.total} entries, "
                f"{self.chars:,}/{self.total_chars:,} chars, ETA {eta:.0f} s",
                err=True,
            )

    def finish(self) -> None:
        pass


@main.command()
@click.option("-l", "--lang", required=True, help="Language to prefill.")
@click.option(
    "--engine",
    help="Engine: memory, libre, deepl, google, microsoft, mymemory "
    "(default: [prefill] engine, else memory).",
)
@click.option(
    "--dry-run", is_flag=True, help="Send nothing, write nothing: report what would be sent."
)
@click.option(
    "--max-chars",
    type=click.IntRange(min=0),
    help="Most characters the service may translate in this run; "
    "what does not fit waits for the next run (exit 0).",
)
@click.option("--refresh-mt", is_flag=True, help="Also redo fuzzy entries that came from MT.")
@pass_ctx
@_report_errors
def prefill(
    ctx: Context,
    lang: str,
    engine: str | None,
    dry_run: bool,
    max_chars: int | None,
    refresh_mt: bool,
) -> None:
    """Fill untranslated entries from the translation memory, then machine translation (fuzzy)."""
    label = f"prefill {lang}"
    progress = _BarProgress(label) if sys.stderr.isatty() else _LineProgress(label)
    report = pipeline.prefill(
        ctx.settings,
        lang,
        engine,
        dry_run=dry_run,
        max_chars=max_chars,
        refresh_mt=refresh_mt,
        progress=progress,
    )
    for path in report.written:
        _echo(f"wrote {path}")
    for failure in report.not_filled:
        click.echo(str(failure), err=True)
    _echo(_prefill_summary(report))
    if report.interrupted:
        name = signal.Signals(report.interrupted).name
        click.echo(f"interrupted by {name}: everything received is saved", err=True)
        sys.exit(128 + report.interrupted)
    if report.stopped:
        click.echo(f"error: {report.stopped}", err=True)
        sys.exit(2)
    if report.not_filled:
        sys.exit(1)


def _prefill_summary(r: pipeline.PrefillReport) -> str:
    would = "would fill " if r.dry_run else ""
    memory = r.memory_exact + r.memory_fuzzy
    lines = [
        f"{r.lang}: {would}{memory} from memory ({r.memory_exact} exact, {r.memory_fuzzy} fuzzy)"
    ]
    if r.engine != "memory":
        lines[0] += (
            f", {r.machine} by {r.engine} ({r.from_cache} from cache), {r.copied} copied "
            "(nothing to translate)"
        )
        if r.memory_chars:
            lines.append(f"the memory saved {r.memory_chars:,} characters of machine translation")
        if r.dry_run:
            lines.append(
                f"dry run: would send {r.within_budget_texts} of {r.planned_texts} distinct "
                f"texts ({r.planned_entries} entries) in {r.planned_requests} request(s), "
                f"{r.within_budget_chars:,} of {r.planned_chars:,} characters to {r.engine}; "
                "nothing written"
            )
        else:
            lines.append(
                f"sent {r.requests} request(s) (minimum {r.planned_requests}): "
                f"{r.answered} answered, {r.failed_requests} failed, {r.retried} retried; "
                f"{r.chars_accepted:,} characters accepted (minimum {r.within_budget_chars:,})"
            )
    if r.budget_skipped:
        lines.append(
            f"{r.budget_skipped} entries left for a later run (--max-chars): "
            "run prefill again to continue"
        )
    if r.left_by_stop:
        lines.append(f"{r.left_by_stop} entries not translated: {r.engine} stopped")
    if r.terms_inserted:
        lines.append(
            f"{r.terms_inserted} entries got glossary terms as they are: their comment asks "
            "the reviewer to check the form"
        )
    if r.locked:
        lines.append(f"{r.locked} locked entries left alone")
    if r.plural:
        lines.append(f"{r.plural} plural entries left to translators")
    if r.not_filled:
        lines.append(f"{len(r.not_filled)} entries could not be prefilled (see above)")
    return "\n".join(lines)


@main.command()
@click.option(
    "--out",
    type=_SafePath(path_type=Path),  # a file given here is the build's to explain
    default=None,
    help="Output folder (default: [paths] dist, usually dist/).",
)
@click.option(
    "--preview/--no-preview",
    default=None,
    help="Include fuzzy (unreviewed) text, with a banner on every such page. For reviewers only.",
)
@click.option(
    "--force", is_flag=True, help="Rebuild even when no input changed since the last build."
)
@pass_ctx
@_report_errors
def build(ctx: Context, out: Path | None, preview: bool | None, force: bool) -> None:
    """Compile catalogues and render the site, Hugo sources and newsletters of ready languages."""
    report = pipeline.build(ctx.settings, out=out, preview=preview, force=force)
    for line in report.lines():
        _echo(line)
    if isinstance(report, pipeline.BuildSkipped):
        return
    where = ctx.settings.rel(report.out_dir)
    _echo(
        f"wrote {len(report.files)} files to {where}/: open {where}/site/index.html, "
        f"newsletters in {where}/newsletter/, catalogues in {where}/catalogs/"
    )


@main.command("add-language")
@click.argument("codes", nargs=-1, required=True)
@pass_ctx
@_report_errors
def add_language(ctx: Context, codes: tuple[str, ...]) -> None:
    """Add target language(s) CODES to the configuration and create their catalogues."""
    added, report = pipeline.add_languages(ctx.settings, list(codes))
    if not added:
        _echo("nothing to add: already configured")
        return
    _echo(f"added {', '.join(added)} to {ctx.settings.rel(ctx.settings.config_path)}")
    for path in report.created:
        _echo(f"created {path}")


def run() -> None:
    """The ``mirage-i18n`` console script: :func:`main`, then the process ends at once.

    When a command has returned, its output is echoed (``click.echo`` flushes), its files are
    closed and its lock is released; the interpreter's teardown would only free, one by one,
    every object the command made (a 1,000-article ``validate`` holds millions, in its caches
    and its report) and run a last cyclic collection: 0.6 s of that run's 13 s of CPU
    (benchmarks/README.md). So the exit handlers run (``atexit``: thread pools joined,
    logging flushed), the standard streams are flushed, and the process exits without the
    teardown; while another thread is still running, the normal exit waits for it. Output
    that cannot be written (a full disk, a closed pipe) is one line on stderr and exit 2,
    never a traceback.
    """
    try:
        main()
        code: object = 0  # pragma: no cover - click's standalone mode always exits
    except SystemExit as done:
        code = done.code
    except OSError as exc:  # writing the output outside a command (--version, --help)
        code = _output_failed(exc)
    status = _exit_status(code)
    if threading.active_count() > 1:
        sys.exit(status)
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
    except OSError as exc:  # (status 2: the command has said what failed)
        status = status if status == 2 else _output_failed(exc)
    try:
        sys.stderr.flush()
    except OSError:
        pass  # nowhere left to say it
    os._exit(status)


def _exit_status(code: object) -> int:
    """What ``sys.exit(code)`` makes the process's status: None is 0, a text is printed, 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _output_failed(exc: OSError) -> int:
    """One line for output that cannot be written; stdout is given up (its buffer dropped)."""
    try:
        sys.stderr.write(f"{_output_error(exc)}\n")
        sys.stderr.flush()
    except OSError:
        pass
    try:
        sys.stdout = open(os.devnull, "w")  # the process ends now
    except OSError:
        pass
    return 2
