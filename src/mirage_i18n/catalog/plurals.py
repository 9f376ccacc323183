"""GNU gettext's conventional Plural-Forms per language, pinned here.

Taken from gettext-tools' plural table (``msginit`` 0.21 prints the same), plus ar, fa and mt,
which that table lacks (values from the gettext manual and CLDR). Pinned rather than read from
Babel because Babel's formulas change with CLDR releases and would churn every header.
"""

from __future__ import annotations

_TWO_NOT_ONE = "nplurals=2; plural=(n != 1);"
_TWO_GT_ONE = "nplurals=2; plural=(n > 1);"
_EAST_SLAVIC = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)

PLURAL_FORMS: dict[str, str] = {
    **dict.fromkeys(
        (
            "en",
            "sv",
            "it",
            "de",
            "el",
            "hu",
            "bg",
            "es",
            "pt",
            "nl",
            "da",
            "fi",
            "et",
            "nb",
            "nn",
            "no",
            "tr",
            "eu",
            "ca",
            "gl",
            "sq",
            "he",
            "eo",
        ),
        _TWO_NOT_ONE,
    ),
    **dict.fromkeys(("fr", "pt_BR", "fa", "tl", "oc"), _TWO_GT_ONE),
    "ro": "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "sk": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
    "hr": _EAST_SLAVIC,
    "sr": _EAST_SLAVIC,
    "bs": _EAST_SLAVIC,
    "uk": _EAST_SLAVIC,
    "ru": _EAST_SLAVIC,
    "be": _EAST_SLAVIC,
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "lt": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "ga": "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
    "mt": "nplurals=4; plural=(n==1 ? 0 : n==0 || ( n%100>1 && n%100<11) ? 1 : "
    "(n%100>10 && n%100<20 ) ? 2 : 3);",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 ? 4 : 5);",
    **dict.fromkeys(("ja", "ko", "zh", "vi", "th", "id", "ms"), "nplurals=1; plural=0;"),
}


def plural_forms(lang: str) -> str | None:
    """The Plural-Forms header value for ``lang`` (``sv``, ``pt_BR``, ``sv-SE``), or None if unknown."""
    code = lang.replace("-", "_")
    return PLURAL_FORMS.get(code) or PLURAL_FORMS.get(code.split("_")[0])


def nplurals(lang: str) -> int | None:
    forms = plural_forms(lang)
    if forms is None:
        return None
    return int(forms.split(";")[0].split("=")[1])
