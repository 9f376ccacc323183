"""What a build tells: which document is published in which language and why the others are
not (``dist/publish-report.txt`` and ``.json``), and which files it wrote."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .gate import GateDecision

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
        return (json.dumps(self.as_dict(), ensure_ascii=False, indent=2) + "\n").encode()

    def text_bytes(self) -> bytes:
        """``publish-report.txt``."""
        return ("\n".join(self.lines()) + "\n").encode("utf-8")

    def lines(self) -> list[str]:
        """Human summary: one line per document, then why each missing language is missing."""
        out: list[str] = []
        domains = list(dict.fromkeys(d.domain for d in self.decisions))
        for domain in domains:
            mine = [d for d in self.decisions if d.domain == domain]
            live = [d.lang for d in mine if d.published]
            out.append(f"{domain}: published in {', '.join(live) or 'no language'}")
            why: dict[str, list[str]] = {}
            for d in mine:
                if not d.published:
                    why.setdefault(f"not published: {d.reason}", []).append(d.lang)
                elif d.unreviewed:
                    why.setdefault(d.reason, []).append(d.lang)
            out.extend(f"  {', '.join(codes)}: {reason}" for reason, codes in why.items())
        out.extend(f"warning: {w}" for w in self.warnings)
        return out
