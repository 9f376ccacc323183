"""What a check knows besides the entry: its language's rules, in plain data.

The rules come from the validated configuration (``[checks]`` and ``[languages.<code>]``, see
:mod:`mirage_i18n.config.sections`), the glossary loaded with it (do-not-translate terms,
required target terms) and CLDR (the language's number separators).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from babel.core import Locale, UnknownLocaleError
from babel.numbers import get_decimal_symbol, get_group_symbol

from ..config import DEFAULT_LENGTH_RATIO, Settings
from ..errors import MirageError

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
    dnt_renderings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    dnt_exempt: frozenset[str] = frozenset()
    decimal: str = "."
    group: str = ","
    source_decimal: str = "."
    source_group: str = ","
    partners: tuple[str, ...] = ()  # the project's target languages (wrong-language)


@dataclass(frozen=True)
class CatalogContext:
    """A catalogue being checked: where it is and under which rules."""

    lang: str
    domain: str
    path: str  # as shown to users (project-relative)
    rules: LanguageRules
    text: str = ""  # the file's text, for locating header fields (see file_text)
    # where ``text`` is not given, reads it: only a finding at a header field or a msgstr line
    # needs it, and a language's texts were 45 MB of a build at N = 4,000
    reader: Callable[[], str] | None = field(default=None, compare=False, repr=False)

    @cached_property
    def file_text(self) -> str:
        """The file's text: ``text``, or what ``reader`` reads (no text, so no line, if the
        file cannot be read again: a finding is still reported, at its entry's line)."""
        if self.text or self.reader is None:
            return self.text
        try:
            return self.reader()
        except MirageError:
            return ""

    def line_of(self, needle: str) -> int | None:
        """First line containing ``needle`` (header fields have no entry line of their own)."""
        # "\n" only: str.splitlines() also splits at U+2028, U+0085, \v…, which are text in a PO
        for number, line in enumerate(self.file_text.split("\n"), 1):
            if needle in line:
                return number
        return None


EntryContext = CatalogContext  # entry checks see the same context


def number_symbols(lang: str) -> tuple[str, str]:
    """CLDR decimal and grouping separators for ``lang`` (Babel), English when unknown."""
    try:
        Locale.parse(lang.replace("-", "_"))
        return get_decimal_symbol(lang.replace("-", "_")), get_group_symbol(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return ".", ","


def language_rules(settings: Settings, lang: str) -> LanguageRules:
    """The rules of ``lang`` in this project (no validation: the settings are checked)."""
    conf = settings.language(lang)
    dec, grp = number_symbols(lang)
    src_dec, src_grp = number_symbols(settings.source_language)
    return LanguageRules(
        lang=lang,
        source_lang=settings.source_language,
        url_rewrites=conf.url_rewrites,
        disclaimer=conf.disclaimer,
        same_as_source_allow=settings.checks.same_as_source_allow,
        length_ratio=settings.checks.length_ratio,
        do_not_translate=settings.glossary.do_not_translate,
        terms=dict(settings.glossary.terms_for(lang)),
        dnt_renderings=dict(settings.glossary.renderings_for(lang)),
        dnt_exempt=settings.glossary.exempt_for(lang),
        decimal=dec,
        group=grp,
        source_decimal=src_dec,
        source_group=src_grp,
        partners=tuple(settings.languages),
    )
