"""What a check knows besides the entry: its language's rules, parsed once from the config.

Configuration owned by validation::

    [checks]
    select = []                 # ids or categories to run (empty: all)
    ignore = ["length-ratio"]   # ids or categories to skip everywhere
    same_as_source_allow = ["MIraGE", "Facebook"]   # msgids that may stay as in English
    length_ratio = [0.5, 2.0]   # allowed len(translation) / len(source)

    [languages.sv]
    checks_ignore = ["punctuation"]
    url_rewrites = [["/en/", "/sv/"]]   # a source link target may differ by these rewrites
    disclaimer = "Detta projekt finansierades av …"   # the approved translation

The glossary (do-not-translate terms, required target terms) comes from ``glossary.toml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from babel.core import Locale, UnknownLocaleError
from babel.numbers import get_decimal_symbol, get_group_symbol

from ..config import Settings
from ..errors import ConfigError
from ..glossary import Glossary, load_glossary

DEFAULT_LENGTH_RATIO = (0.5, 2.0)
DISCLAIMER_CONTEXT = "disclaimer"


@dataclass(frozen=True)
class LanguageRules:
    """Everything language-specific a check needs, in plain data."""

    lang: str
    source_lang: str = "en"
    url_rewrites: tuple[tuple[str, str], ...] = ()
    disclaimer: str | None = None
    same_as_source_allow: frozenset[str] = frozenset()
    length_ratio: tuple[float, float] = DEFAULT_LENGTH_RATIO
    do_not_translate: tuple[str, ...] = ()
    terms: Mapping[str, str] = field(default_factory=dict)
    decimal: str = "."
    group: str = ","
    source_decimal: str = "."
    source_group: str = ","


@dataclass(frozen=True)
class CatalogContext:
    """A catalogue being checked: where it is and under which rules."""

    lang: str
    domain: str
    path: str  # as shown to users (project-relative)
    rules: LanguageRules
    text: str = ""  # the file's text, for locating header fields

    def line_of(self, needle: str) -> int | None:
        """First line containing ``needle`` (header fields have no entry line of their own)."""
        for number, line in enumerate(self.text.splitlines(), 1):
            if needle in line:
                return number
        return None


EntryContext = CatalogContext  # entry checks see the same context


@dataclass(frozen=True)
class CheckSettings:
    """The ``[checks]`` section and the per-language keys, validated."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    lang_ignore: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    rules: Mapping[str, LanguageRules] = field(default_factory=dict)

    def rules_for(self, lang: str) -> LanguageRules:
        return self.rules.get(lang) or LanguageRules(lang=lang)


def number_symbols(lang: str) -> tuple[str, str]:
    """CLDR decimal and grouping separators for ``lang`` (Babel), English when unknown."""
    try:
        Locale.parse(lang.replace("-", "_"))
        return get_decimal_symbol(lang.replace("-", "_")), get_group_symbol(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return ".", ","


def _str_list(value: Any, what: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{what} must be a list of strings", where)
    return tuple(value)


def load_check_settings(settings: Settings, glossary: Glossary | None = None) -> CheckSettings:
    """Parse the validation configuration; bad values raise :class:`ConfigError`."""
    where = str(settings.config_path)
    section = settings.section("checks")
    unknown = sorted(set(section) - {"select", "ignore", "same_as_source_allow", "length_ratio"})
    if unknown:
        raise ConfigError(f"unknown key checks.{unknown[0]}", where)
    select = _str_list(section.get("select", []), "checks.select", where)
    ignore = _str_list(section.get("ignore", []), "checks.ignore", where)
    allow = frozenset(
        _str_list(section.get("same_as_source_allow", []), "checks.same_as_source_allow", where)
    )
    ratio_raw = section.get("length_ratio", list(DEFAULT_LENGTH_RATIO))
    if (
        not isinstance(ratio_raw, list)
        or len(ratio_raw) != 2
        or not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in ratio_raw)
        or not 0 < ratio_raw[0] < ratio_raw[1]
    ):
        raise ConfigError("checks.length_ratio must be [low, high] with 0 < low < high", where)
    ratio = (float(ratio_raw[0]), float(ratio_raw[1]))

    if glossary is None:
        glossary = load_glossary(settings.glossary_path)

    src_dec, src_grp = number_symbols(settings.source_language)
    rules: dict[str, LanguageRules] = {}
    lang_ignore: dict[str, tuple[str, ...]] = {}
    for lang in settings.languages:
        raw = settings.language(lang).raw
        lang_ignore[lang] = _str_list(
            raw.get("checks_ignore", []), f"languages.{lang}.checks_ignore", where
        )
        rewrites = raw.get("url_rewrites", [])
        if not isinstance(rewrites, list) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) and s for s in p)
            for p in rewrites
        ):
            raise ConfigError(
                f"languages.{lang}.url_rewrites must be a list of [from, to] string pairs", where
            )
        disclaimer = raw.get("disclaimer")
        if disclaimer is not None and (not isinstance(disclaimer, str) or not disclaimer.strip()):
            raise ConfigError(f"languages.{lang}.disclaimer must be a non-empty string", where)
        dec, grp = number_symbols(lang)
        rules[lang] = LanguageRules(
            lang=lang,
            source_lang=settings.source_language,
            url_rewrites=tuple((a, b) for a, b in rewrites),
            disclaimer=disclaimer,
            same_as_source_allow=allow,
            length_ratio=ratio,
            do_not_translate=glossary.do_not_translate,
            terms=dict(glossary.terms_for(lang)),
            decimal=dec,
            group=grp,
            source_decimal=src_dec,
            source_group=src_grp,
        )
    return CheckSettings(select=select, ignore=ignore, lang_ignore=lang_ignore, rules=rules)
