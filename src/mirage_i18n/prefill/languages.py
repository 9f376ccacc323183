"""Language codes: ours (ISO 639-1, lower case, optional region) in each engine's spelling.

deep-translator 1.11.4's own tables are incomplete (its LibreTranslate table lacks most EU
languages), MyMemory wants locale codes (``sv-SE``), DeepL wants ``EN-GB``/``PT-PT`` as
targets, and Microsoft downloads its table from the internet. One table per engine here.
"""

from __future__ import annotations

from collections.abc import Mapping

# Our codes (ISO 639-1, lower case, optional region) → each engine's. Identity unless listed;
# a code listed as None is not offered by that engine. EU languages plus ar, fa, uk.
_EU = tuple("bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv".split())
_EXTRA = ("ar", "fa", "uk", "nb", "no", "tr", "ru", "zh")


_SAME: dict[str, str | None] = {c: c for c in (*_EU, *_EXTRA)}
_UPPER: dict[str, str | None] = {c: c.upper() for c in (*_EU, *_EXTRA)}
LANGUAGE_CODES: dict[str, dict[str, str | None]] = {
    "libre": _SAME | {"no": "nb", "zh": "zh-Hans"},
    "google": _SAME | {"nb": "no", "zh": "zh-CN"},
    "microsoft": _SAME | {"no": "nb", "zh": "zh-Hans"},
    "mymemory": {
        "bg": "bg-BG",
        "cs": "cs-CZ",
        "da": "da-DK",
        "de": "de-DE",
        "el": "el-GR",
        "en": "en-GB",
        "es": "es-ES",
        "et": "et-EE",
        "fi": "fi-FI",
        "fr": "fr-FR",
        "ga": "ga-IE",
        "hr": "hr-HR",
        "hu": "hu-HU",
        "it": "it-IT",
        "lt": "lt-LT",
        "lv": "lv-LV",
        "mt": "mt-MT",
        "nl": "nl-NL",
        "pl": "pl-PL",
        "pt": "pt-PT",
        "ro": "ro-RO",
        "sk": "sk-SK",
        "sl": "sl-SI",
        "sv": "sv-SE",
        "ar": "ar-SA",
        "fa": "fa-IR",
        "uk": "uk-UA",
        "nb": "nb-NO",
        "no": "nb-NO",
        "tr": "tr-TR",
        "ru": "ru-RU",
        "zh": "zh-CN",
    },
    # DeepL: upper case; targets en/pt need a variant (_DEEPL_TARGET_VARIANTS); no ga, hr, mt, fa.
    "deepl": _UPPER | {"ga": None, "hr": None, "mt": None, "fa": None, "no": "NB"},
}
_DEEPL_TARGET_VARIANTS = {"EN": "EN-GB", "PT": "PT-PT"}


def engine_language(
    engine: str, code: str, *, target: bool, overrides: Mapping[str, str] = {}
) -> str | None:
    """Our language code in ``engine``'s spelling, or None when it does not offer it."""
    if code in overrides:
        return overrides[code]
    table = LANGUAGE_CODES.get(engine, {})
    key = code.lower().replace("_", "-")
    if key in table:
        mapped = table[key]
    elif key.split("-")[0] in table and table[key.split("-")[0]] is not None:
        # A regional variant the table does not list: keep the region the user asked for.
        mapped = key if engine in ("libre", "google", "microsoft") else table[key.split("-")[0]]
    else:
        mapped = key
    if mapped is not None and engine == "deepl" and target:
        mapped = _DEEPL_TARGET_VARIANTS.get(mapped, mapped)
    return mapped
