"""Completeness numbers per language and document, and their text and JSON forms.

``status``, ``validate`` and the build report all take their numbers from here, and their
verdicts from :func:`mirage_i18n.readiness.readiness`, so they never disagree.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from .errors import MirageError
from .model import Counts
from .readiness import Verdict, readiness
from .sources.shared import SHARED_DOMAIN


@dataclass(frozen=True)
class LanguageStatus:
    lang: str
    threshold: float
    documents: Mapping[str, Counts]  # domain → counts
    missing: tuple[str, ...] = ()  # domains without a .po yet (counted as untranslated)
    preview: bool = False  # [publish] preview: fuzzy entries count as ready
    unreadable: tuple[str, ...] = ()  # domains whose .po cannot be read (counted from the template)
    # domain → (unsuppressed error findings in reviewed entries, where the first one is)
    errors: Mapping[str, tuple[int, str]] = field(default_factory=dict)

    @property
    def total(self) -> Counts:
        out = Counts()
        for counts in self.documents.values():
            out = out + counts
        return out

    def verdict(self, domain: str) -> Verdict:
        errors, first = self.errors.get(domain, (0, ""))
        return readiness(
            self.documents[domain],
            self.threshold,
            preview=self.preview,
            errors=errors,
            first_error=first,
            shared=domain == SHARED_DOMAIN,
            missing=domain in self.missing,
            unreadable=domain in self.unreadable,
        )

    def passes(self, domain: str) -> bool:
        return self.verdict(domain).published


@dataclass(frozen=True)
class StatusReport:
    source_language: str
    languages: tuple[LanguageStatus, ...]
    errors: tuple[MirageError, ...] = field(default=())

    def to_json(self) -> str:
        data = {
            "schema_version": 1,
            "source_language": self.source_language,
            "languages": [
                {
                    "language": ls.lang,
                    "threshold": ls.threshold,
                    "total": counts_data(ls.total),
                    "documents": {
                        d: counts_data(c) | _verdict_data(ls.verdict(d))
                        for d, c in ls.documents.items()
                    },
                    "missing": list(ls.missing),
                }
                for ls in self.languages
            ],
            "errors": [str(e) for e in self.errors],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def to_text(self) -> str:
        lines = []
        for ls in self.languages:
            total = ls.total
            lines.append(
                f"{ls.lang}: {total.percent_reviewed:5.1f}% reviewed "
                f"({total.reviewed}/{total.total} entries, {total.fuzzy} fuzzy, "
                f"{total.untranslated} untranslated, {total.source_words} source words)"
            )
            width = max((len(d) for d in ls.documents), default=8)
            for domain, c in ls.documents.items():
                verdict = ls.verdict(domain)
                mark = "ok " if verdict.published else "   "
                note = "" if verdict.published else f" (not published: {verdict.summary})"
                if c.fallback:
                    note += f" ({c.fallback} shown in English until an approved translation exists)"
                lines.append(
                    f"  {mark}{domain:<{width}}  {c.percent_reviewed:5.1f}%  "
                    f"{c.reviewed:>4} reviewed {c.fuzzy:>4} fuzzy {c.untranslated:>4} untranslated "
                    f"{c.source_words:>6} words{note}"
                )
        for err in self.errors:
            lines.append(f"error: {err}")
        return "\n".join(lines) + "\n"


def counts_data(c: Counts) -> dict[str, float | int]:
    """Counts as JSON data: ``status --format json`` and ``validate --format json`` alike."""
    return asdict(c) | {"percent_reviewed": round(c.percent_reviewed, 2)}


def _verdict_data(v: Verdict) -> dict[str, bool | str]:
    return {"passes": v.published, "reason": v.reason, "unreviewed": v.unreviewed}
