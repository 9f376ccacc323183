"""The project glossary: terms that must not be translated, and required target terms.

File format (``glossary.toml`` at the project root, path configurable as
``[paths] glossary``)::

    do_not_translate = ["MIraGE", "AMIF", "TCN", "Covid-19", "Center for Social Innovation"]

    [terms.sv]
    # English term = required Swedish term; inflected forms that start with the
    # required term (TCN:s, arbetsgivarna) count as using it.
    "third-country nationals" = "tredjelandsmedborgare"

    [renderings.it]
    # How Italian writes a do-not-translate term instead (the term itself stays accepted);
    # inflected forms starting with a rendering count, as for required terms.
    TCN = ["cittadini di paesi terzi", "cittadino di un paese terzo"]
    AMIF = ["FAMI"]

    [exempt]
    # Languages that may write a do-not-translate term any way at all.
    el = ["Center for Social Innovation"]

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
    # lang → {do-not-translate term: accepted renderings in that language}
    renderings: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    exempt: Mapping[str, frozenset[str]] = field(default_factory=dict)  # lang → terms

    def terms_for(self, lang: str) -> Mapping[str, str]:
        return self.terms.get(lang, {})

    def renderings_for(self, lang: str) -> Mapping[str, tuple[str, ...]]:
        return self.renderings.get(lang, {})

    def exempt_for(self, lang: str) -> frozenset[str]:
        return self.exempt.get(lang, frozenset())


KNOWN_KEYS = ("do_not_translate", "terms", "renderings", "exempt")


def _dnt_term(term: object, dnt: list[str], table: str, where: str, line: int | None) -> str:
    """A key of [renderings.X] or an item of [exempt]: must name a do-not-translate term."""
    if not isinstance(term, str) or term not in dnt:
        raise ConfigError(f"{table}: {term!r} is not in do_not_translate", where, line)
    return term


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
    renderings: dict[str, dict[str, tuple[str, ...]]] = {}
    raw = data.get("renderings", {})
    if not isinstance(raw, Mapping):
        raise ConfigError(
            "[renderings] must hold one table per language", where, line("renderings")
        )
    for lang, table in raw.items():
        if not isinstance(table, Mapping):
            raise ConfigError(
                f"[renderings.{lang}] must map do-not-translate terms to lists of renderings",
                where,
                line("renderings", lang),
            )
        renderings[lang] = {}
        for term, values in table.items():
            _dnt_term(term, dnt, f"[renderings.{lang}]", where, line("renderings", lang, term))
            # an empty rendering would be found in every translation
            if (
                not isinstance(values, list)
                or not values
                or not all(isinstance(v, str) and v.strip() for v in values)
            ):
                raise ConfigError(
                    f"[renderings.{lang}] {term}: must be a list of non-empty strings, "
                    f'e.g. {term} = ["…"]',
                    where,
                    line("renderings", lang, term),
                )
            renderings[lang][term] = tuple(values)
    exempt: dict[str, frozenset[str]] = {}
    raw = data.get("exempt", {})
    if not isinstance(raw, Mapping):
        raise ConfigError(
            '[exempt] must map languages to lists of terms: el = ["…"]', where, line("exempt")
        )
    for lang, items in raw.items():
        if not isinstance(items, list):
            raise ConfigError(
                f"exempt.{lang} must be a list of do-not-translate terms",
                where,
                line("exempt", lang),
            )
        exempt[lang] = frozenset(
            _dnt_term(t, dnt, f"exempt.{lang}", where, line("exempt", lang)) for t in items
        )
    # Longest first, so "Center for Social Innovation" is matched before "Center".
    ordered = tuple(sorted(dict.fromkeys(dnt), key=lambda t: (-len(t), t)))
    return Glossary(do_not_translate=ordered, terms=terms, renderings=renderings, exempt=exempt)


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
