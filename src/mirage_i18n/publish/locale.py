"""CLDR facts a page needs, via Babel: dates, writing direction, language names, feed dates."""

from __future__ import annotations

import datetime as dt
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_format_date

from ..errors import PublishError
from ..slug import slugify

__all__ = [
    "babel_locale",
    "format_date",
    "text_direction",
    "native_language_name",
    "slugify",
    "to_date",
    "rfc3339",
]


@cache
def babel_locale(code: str) -> Locale:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise PublishError(f"no CLDR data for language {code!r}: {exc}") from None


def format_date(value: dt.date, lang: str, fmt: str = "medium") -> str:
    """``2021-10-25`` → ``25 okt. 2021`` in Swedish, ``Oct 25, 2021`` in English (CLDR medium)."""
    return _babel_format_date(value, format=fmt, locale=babel_locale(lang))


def text_direction(lang: str) -> str:
    """``ltr`` or ``rtl`` for the ``dir`` attribute (Arabic, Farsi, Hebrew → rtl)."""
    return "rtl" if babel_locale(lang).character_order == "right-to-left" else "ltr"


@cache  # a page names every language of its menu: the few names, not babel, each time
def native_language_name(lang: str) -> str:
    """The language's name in itself (an endonym: ``sv`` → ``Svenska``), capitalised for the
    language menus of pages: a reader looks for their own language's name. The English name,
    for the coordinator's dashboard and catalogue headers, is
    :func:`mirage_i18n.catalog.merge.english_language_name`."""
    locale = babel_locale(lang)
    name = locale.get_display_name(locale) or lang
    return name[:1].upper() + name[1:]


def to_date(value: object) -> dt.date | None:
    """A front-matter date (YAML gives ``date``/``datetime``; strings are ISO) as a ``date``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def rfc3339(value: dt.date) -> str:
    """Atom's date-time: midnight UTC of the publication date."""
    return f"{value.isoformat()}T00:00:00Z"
