"""The validate stage: load each language's catalogues, run the selected checks, apply gates.

Nothing here prints. One unreadable catalogue becomes a finding (``po-syntax``,
``header-charset`` or ``duplicate-entry``, with the reader's line) and the run goes on;
the report's exit code is then 2. Completeness numbers are :func:`model.counts_for` wrapped
in :class:`status.LanguageStatus`, the very objects ``status`` prints; the gates are
:func:`readiness.readiness`. The checking itself is :mod:`.engine`, the processes
:mod:`.parallel`, the report :mod:`.results`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path

from ..catalog.poreader import decode_po
from ..catalog.store import (
    catalog_domains,
    catalog_path,
    read_catalog,
    read_catalog_bytes,
    template_domains,
    template_path,
)
from ..config import ChecksSettings, Settings
from ..errors import CatalogError, MirageError, UsageError
from ..fsutil import folders_resolved_once
from ..gcpause import collector_paused
from ..model import Catalog, Counts, counts_for
from ..readiness import readiness
from ..sources.shared import SHARED_DOMAIN
from ..status import LanguageStatus
from .catalog import template_problems
from .context import CatalogContext, language_rules
from .engine import CheckPlan, check_catalog, check_project, reader_finding
from .parallel import BackgroundValidation, map_languages
from .registry import CheckInfo, all_checks, expand, select_checks
from .results import (
    Finding,
    FindingTotals,
    GateResult,
    ValidationReport,
    first_error,
    withholding,
)
from .util import clear_language_caches

# the stage's public names; the dashboard and the pipeline import them from here
__all__ = [
    "BackgroundValidation",
    "Checking",
    "GateResult",
    "ValidationReport",
    "validate",
]


def resolve_selection(
    settings: Settings,
    conf: ChecksSettings,
    select: Sequence[str],
    ignore: Sequence[str],
    known: dict[str, CheckInfo],
) -> dict[str, frozenset[str]]:
    """Check ids per language: command line over configuration over defaults.

    ``--select`` replaces ``[checks] select``; ignores add up (``--ignore``,
    ``[checks] ignore``, ``[languages.X] checks_ignore``), except that a check named by
    ``--select`` runs even where the configuration ignores it.
    """
    try:
        cli_select = expand(known, select)
        base = select_checks(known, select or conf.select, ignore)
        conf_ignore = expand(known, conf.ignore)
        out: dict[str, frozenset[str]] = {}
        for lang in settings.languages:
            lang_ignore = expand(known, settings.language(lang).checks_ignore)
            out[lang] = frozenset(base - ((conf_ignore | lang_ignore) - cli_select))
    except KeyError as exc:
        raise UsageError(f"unknown check {exc.args[0]!r}; see 'validate --list-checks'") from None
    return out


def _published_by_share(counts: Counts, threshold: float, preview: bool, domain: str) -> bool:
    """The verdict without error findings: where it is "no", they cannot change it."""
    return readiness(counts, threshold, preview=preview, shared=domain == SHARED_DOMAIN).published


def validate(
    settings: Settings,
    langs: Sequence[str] | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    strict: bool = False,
    preview: bool = False,
    gates_only: bool = False,
    parsed: Mapping[tuple[str, str], Catalog] | None = None,
) -> ValidationReport:
    """Check every catalogue of the selected languages and apply the publish gates.

    ``preview``: judge the gates as ``build --preview`` does (fuzzy entries count as ready).
    ``gates_only``: only what the gates count (``status``): the selected checks of severity
    error, on reviewed entries; the verdicts are the same as a full run's.
    ``parsed``: (lang, domain) → the catalogue as a caller already parsed it from its file
    (the build: one parse per run); the others are read here.
    """
    with collector_paused(), folders_resolved_once():  # 8,168 catalogues: one realpath per folder
        return _validate(settings, langs, select, ignore, strict, preview, gates_only, parsed or {})


def _validate(
    settings: Settings,
    langs: Sequence[str] | None,
    select: Sequence[str],
    ignore: Sequence[str],
    strict: bool,
    preview: bool,
    gates_only: bool = False,
    parsed: Mapping[tuple[str, str], Catalog] | None = None,
) -> ValidationReport:
    parsed = parsed or {}
    checking = Checking(settings, langs, select, ignore, preview, gates_only)

    def one(lang: str) -> LanguageResult:
        return checking.language(lang, {d: c for (code, d), c in parsed.items() if code == lang})

    return checking.report(map_languages(one, checking.languages, renew=bool(parsed)), strict)


def _text(path: Path, shown: str) -> str:
    return decode_po(read_catalog_bytes(path, shown), shown)


LanguageResult = tuple[list[Finding], list[GateResult], LanguageStatus, list[str], set[str]]


class Checking:
    """One validation run, prepared (selection, templates, rules): :meth:`language` checks one
    language's catalogues, :meth:`report` puts the languages' results together. ``validate``
    runs the languages side by side; the build checks each language when it has read its
    catalogues, and drops them before reading the next language's."""

    def __init__(
        self,
        settings: Settings,
        langs: Sequence[str] | None = None,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        preview: bool = False,
        gates_only: bool = False,
    ) -> None:
        self.settings = settings
        self.preview = preview
        self.gates_only = gates_only
        self.languages = settings.selected_languages(langs)
        self.rules_of = {lang: language_rules(settings, lang) for lang in self.languages}
        self.known = known = all_checks()
        per_lang = resolve_selection(settings, settings.checks, select, ignore, known)
        if gates_only:
            per_lang = {
                lang: frozenset(i for i in ids if known[i].severity == "error")
                for lang, ids in per_lang.items()
            }
        self.per_lang = per_lang
        self.errors: list[MirageError] = []
        # domain → the template's counts (what a missing catalogue counts as); the templates
        # themselves are not kept
        self.templates: dict[str, Counts] = {}
        for domain in template_domains(settings):
            path = template_path(settings, domain)  # one leading out of the project stops the run
            shown = settings.rel(path)
            try:
                template, text = read_catalog(path, shown)
            except MirageError as exc:
                self.errors.append(exc)
                continue
            # what msgfmt -c refuses in a template the reader accepts (no header…): input errors
            for problem in template_problems(template, text, shown):
                self.errors.append(CatalogError(problem.message, shown, problem.line))
            self.templates[domain] = counts_for(template)
        self.plans: dict[frozenset[str], CheckPlan] = {}  # languages with the same checks share one

    def language(
        self,
        lang: str,
        parsed: Mapping[str, Catalog] | None = None,
    ) -> LanguageResult:
        """Check ``lang``'s catalogues. ``parsed``: domain → the catalogue as the caller parsed
        it from its file (the others are read here). A file's text is read again only to
        locate a finding at a header field or a msgstr line (:attr:`CatalogContext.file_text`)."""
        settings, known, templates = self.settings, self.known, self.templates
        parsed = parsed or {}
        gates_only, preview = self.gates_only, self.preview
        findings: list[Finding] = []
        gates: list[GateResult] = []
        unreadable: list[str] = []
        ids = self.per_lang.get(lang, frozenset())
        chosen = [known[i] for i in sorted(ids)]
        plans = self.plans
        plan = plans.get(ids) or plans.setdefault(ids, CheckPlan(chosen, reviewed_only=gates_only))
        rules = self.rules_of[lang]
        threshold = settings.language(lang).threshold
        documents: dict[str, Counts] = {}
        missing: list[str] = []
        unreadable_domains: list[str] = []
        shown_of: dict[str, str] = {}
        loaded: list[tuple[Catalog, CatalogContext]] = []
        domains = list(templates) + [
            d for d in catalog_domains(settings, lang) if d not in templates
        ]
        for domain in domains:
            path = catalog_path(settings, lang, domain)
            shown_of[domain] = shown = settings.rel(path)
            known_catalog = parsed.get(domain)
            if known_catalog is None and not path.exists():
                documents[domain] = templates[domain]
                missing.append(domain)
                continue
            try:
                catalog = read_catalog(path, shown)[0] if known_catalog is None else known_catalog
            except CatalogError as exc:
                unreadable.append(shown)
                unreadable_domains.append(domain)
                findings.append(reader_finding(exc, known, lang, domain, shown))
                documents[domain] = templates.get(domain) or Counts()
                continue
            ctx = CatalogContext(lang, domain, shown, rules, reader=partial(_text, path, shown))
            loaded.append((catalog, ctx))  # project checks learn from every catalogue
            counts = documents[domain] = counts_for(catalog)
            if gates_only and not _published_by_share(counts, threshold, preview, domain):
                continue  # the share is the verdict's reason: findings would change nothing
            findings.extend(check_catalog(catalog, ctx, plan))
        findings.extend(check_project(plan, loaded, lang))
        clear_language_caches()  # no other language asks for these translations
        # the gates count the error findings of every check, the project ones included
        withheld = withholding(findings)
        for domain, counts in documents.items():
            gates.append(
                GateResult(
                    lang,
                    domain,
                    shown_of[domain],
                    counts,
                    threshold,
                    missing=domain in missing,
                    unreadable=domain in unreadable_domains,
                    preview=preview,
                    errors=withheld.get((lang, domain), ()),
                )
            )
        status = LanguageStatus(
            lang=lang,
            threshold=threshold,
            documents=documents,
            missing=tuple(missing),
            preview=preview,
            unreadable=tuple(unreadable_domains),
            errors={d: (len(e), first_error(e)) for (_, d), e in withheld.items()},
        )
        return findings, gates, status, unreadable, set(ids)

    def report(
        self,
        results: Iterable[LanguageResult],
        strict: bool = False,
        totals: Mapping[str, FindingTotals] | None = None,
    ) -> ValidationReport:
        """The report of the languages' results, given in :attr:`languages` order. ``totals``:
        lang → its totals, where its result holds a summary of its findings
        (:func:`.results.summarised`)."""
        findings: list[Finding] = []
        gates: list[GateResult] = []
        statuses: list[LanguageStatus] = []
        unreadable: list[str] = []
        ran: set[str] = set()
        for lang_findings, lang_gates, status, lang_unreadable, ids in results:
            findings.extend(lang_findings)
            gates.extend(lang_gates)
            statuses.append(status)
            unreadable.extend(lang_unreadable)
            ran |= ids
        lang_order = {lang: i for i, lang in enumerate(self.languages)}
        findings.sort(key=lambda f: (lang_order.get(f.lang, 0), f.path, f.line or 0, f.check_id))
        return ValidationReport(
            findings=tuple(findings),
            languages=tuple(statuses),
            gates=tuple(gates),
            checks=tuple(sorted(ran)),
            strict=strict,
            unreadable=tuple(unreadable),
            errors=tuple(self.errors),
            totals=tuple((totals or {}).items()),
        )
