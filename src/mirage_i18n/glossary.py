"""The project glossary: terms that must not be translated, and required target terms.

File format (``glossary.toml`` at the project root, path configurable as
``[paths] glossary``)::

    do_not_translate = ["MIraGE", "AMIF", "TCN", "Covid-19", "Center for Social Innovation"]

    [terms.sv]
    # English term = required Swedish term; inflected forms that start with the
    # required term (TCN:s, arbetsgivarna) count as using it.
    "third-country nationals" = "tredjelandsmedborgare"

Prefill masks the do-not-translate terms before machine translation; validation checks
that they survive and that required target terms are used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError
from .tomlfile import KeyLines, read_toml


@dataclass(frozen=True)
class Glossary:
    do_not_translate: tuple[str, ...] = ()
    terms: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # lang → {en: target}

    def terms_for(self, lang: str) -> Mapping[str, str]:
        return self.terms.get(lang, {})


KNOWN_KEYS = ("do_not_translate", "terms")


def parse_glossary(
    data: Mapping[str, object], where: str, lines: KeyLines | None = None
) -> Glossary:
    def line(*keys: str) -> int | None:
        return lines.line(keys) if lines is not None else None

    # A misspelt key (do_not_translated, [term.sv]) would silently empty the glossary and
    # switch its checks and prefill's masking off: an error, as for mirage-i18n.toml.
    unknown = sorted(set(data) - set(KNOWN_KEYS))
    if unknown:
        raise ConfigError(
            f"unknown key {unknown[0]!r}; known: {', '.join(KNOWN_KEYS)}",
            where,
            line(unknown[0]),
        )
    dnt = data.get("do_not_translate", [])
    if not isinstance(dnt, list) or not all(isinstance(t, str) and t for t in dnt):
        raise ConfigError(
            "do_not_translate must be a list of non-empty strings", where, line("do_not_translate")
        )
    terms_raw = data.get("terms", {})
    if not isinstance(terms_raw, Mapping):
        raise ConfigError("[terms] must hold one table per language", where, line("terms"))
    terms: dict[str, dict[str, str]] = {}
    for lang, table in terms_raw.items():
        # Empty terms are errors: an empty English term matches every entry, an empty
        # target term is found in every translation.
        if not isinstance(table, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip()
            for k, v in table.items()
        ):
            raise ConfigError(
                f"[terms.{lang}] must map English terms to {lang} terms (non-empty strings)",
                where,
                line("terms", lang, *_first_bad(table)),
            )
        terms[lang] = dict(table)
    # Longest first, so "Center for Social Innovation" is matched before "Center".
    ordered = tuple(sorted(dict.fromkeys(dnt), key=lambda t: (-len(t), t)))
    return Glossary(do_not_translate=ordered, terms=terms)


def _first_bad(table: object) -> tuple[str, ...]:
    """The key of the first term that is not a pair of non-empty strings, for its line."""
    if isinstance(table, Mapping):
        for k, v in table.items():
            if not (isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip()):
                return (str(k),)
    return ()


def load_glossary(path: Path) -> Glossary:
    """An absent glossary is an empty one: small projects need none."""
    if not path.is_file():
        return Glossary()
    toml = read_toml(path)
    return parse_glossary(toml.data, str(path), toml.lines)
