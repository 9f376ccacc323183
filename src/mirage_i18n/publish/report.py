"""What a build tells: which document is published in which language and why the others are
not (``dist/publish-report.txt`` and ``.json``), and which files it wrote."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..chunks import joined
from ..jsontext import iter_indented
from .gate import GateDecision

if TYPE_CHECKING:
    from ..checks.results import ValidationReport

# Runs on the staging folder before it is swapped in (the dashboard is one): what it writes
# there becomes part of dist/; an exception leaves dist/ as it was.
Writer = Callable[[Path, "BuildReport"], None]


@dataclass(frozen=True)
class BuildReport:
    out_dir: Path
    source_language: str
    decisions: tuple[GateDecision, ...]
    files: tuple[str, ...]  # relative to out_dir
    preview: bool = False
    warnings: tuple[str, ...] = ()
    # the validation whose error findings the gates counted (the dashboard shows it)
    validation: ValidationReport | None = field(default=None, compare=False, repr=False)

    def published(self, domain: str) -> tuple[str, ...]:
        return tuple(d.lang for d in self.decisions if d.domain == domain and d.published)

    def as_dict(self) -> dict[str, Any]:
        return {
            "preview": self.preview,
            "source_language": self.source_language,
            "documents": [d.as_dict() for d in self.decisions],
            "warnings": list(self.warnings),
        }

    def json_bytes(self) -> bytes:
        """``publish-report.json``."""
        return b"".join(self.json_chunks())

    def json_chunks(self) -> Iterator[bytes]:
        """``publish-report.json`` (``json.dumps``'s text, indent 2), a piece at a time."""
        pieces = joined(itertools.chain(iter_indented(self.as_dict(), 2), ("\n",)))
        return (piece.encode("utf-8") for piece in pieces)

    def text_bytes(self) -> bytes:
        """``publish-report.txt``."""
        return ("\n".join(self.lines()) + "\n").encode("utf-8")

    def lines(self) -> list[str]:
        """Human summary: one line per document, then why each missing language is missing
        (with ``path:line: check: message`` of each error finding that withholds it)."""
        out: list[str] = []
        by_domain: dict[str, list[GateDecision]] = {}  # one pass: linear in the decisions
        for decision in self.decisions:
            by_domain.setdefault(decision.domain, []).append(decision)
        for domain, mine in by_domain.items():
            live = [d.lang for d in mine if d.published]
            out.append(f"{domain}: published in {', '.join(live) or 'no language'}")
            why: dict[str, list[str]] = {}
            found: dict[str, list[str]] = {}  # reason → the findings that withhold
            for d in mine:
                if not d.published:
                    reason = f"not published: {d.reason}"
                    why.setdefault(reason, []).append(d.lang)
                    found.setdefault(reason, []).extend(
                        f"    {f.location}: {f.check_id}: {f.message}" for f in d.errors
                    )
                elif d.unreviewed:
                    why.setdefault(d.reason, []).append(d.lang)
            for reason, codes in why.items():
                out.append(f"  {', '.join(codes)}: {reason}")
                out.extend(found.get(reason, ()))
        out.extend(f"warning: {w}" for w in self.warnings)
        return out
