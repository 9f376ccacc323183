"""Completeness numbers per language and document, and their text and JSON forms.

``status``, ``validate`` and the build report all take their numbers from here, so they
never disagree.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from .errors import MirageError
from .model import Counts


@dataclass(frozen=True)
class LanguageStatus:
    lang: str
    threshold: float
    documents: Mapping[str, Counts]  # domain → counts
    missing: tuple[str, ...] = ()  # domains without a .po yet (counted as untranslated)

    @property
    def total(self) -> Counts:
        out = Counts()
        for counts in self.documents.values():
            out = out + counts
        return out

    def passes(self, domain: str) -> bool:
        return self.documents[domain].percent_reviewed >= self.threshold


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
                    "total": _counts(ls.total),
                    "documents": {
                        d: _counts(c) | {"passes": ls.passes(d)} for d, c in ls.documents.items()
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
                mark = "ok " if ls.passes(domain) else "   "
                note = " (no catalogue yet: run update)" if domain in ls.missing else ""
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


def _counts(c: Counts) -> dict[str, float | int]:
    return asdict(c) | {"percent_reviewed": round(c.percent_reviewed, 2)}
