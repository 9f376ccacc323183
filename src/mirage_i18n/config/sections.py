"""The configuration's tables as frozen dataclasses, each validated once when the file is loaded.

Every value is checked here and nowhere else: a stage receives its typed section and never
sees the TOML. Unknown keys are errors naming the known ones (a misspelt key would otherwise
switch a feature off in silence), and every error carries the ``path:line`` of its key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..chars import describe, first_forbidden
from ..errors import ConfigError
from ..tomlfile import KeyLines, Keys

LOCATIONS = ("full", "file", "never")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")
DEFAULT_TRANSLATABLE_KEYS = ("title", "subject", "lede", "summary", "image_alt")
DEFAULT_LENGTH_RATIO = (0.5, 2.0)
MEMORY_ENGINE = "memory"  # the offline translation memory: prefill's default engine
# The machine-translation engines of prefill/adapter.py (a test keeps the two lists equal).
ENGINE_NAMES = ("deepl", "google", "libre", "microsoft", "mymemory")
DEFAULT_MIN_SIMILARITY = 80.0
_ADDR = r"[^\s@<>]+@[^\s@<>]+"  # one address, no white space: never header syntax
ADDRESS = re.compile(_ADDR)
NAMED_ADDRESS = re.compile(rf"{_ADDR}|[^<>\s][^<>\r\n]*<{_ADDR}>")


# ------------------------------------------------------------------------- the sections


@dataclass(frozen=True)
class ProjectSettings:
    name: str
    source_language: str = "en"
    languages: tuple[str, ...] = ()
    contact_email: str | None = None


@dataclass(frozen=True)
class PathSettings:
    sources: Path
    locales: Path
    dist: Path
    cache: Path
    glossary: Path


@dataclass(frozen=True)
class ExtractSettings:
    translatable_front_matter: tuple[str, ...] = DEFAULT_TRANSLATABLE_KEYS
    locations: str = "full"  # "#:" references: full (path:line), file, never


@dataclass(frozen=True)
class UpdateSettings:
    fuzzy_cutoff: float = 0.6  # similarity above which changed English inherits as fuzzy
    keep_obsolete: bool = True


@dataclass(frozen=True)
class PublishSettings:
    threshold: float = 100.0  # % of entries reviewed before a document is published
    preview: bool = False


@dataclass(frozen=True)
class SiteSettings:
    templates_dir: Path  # overrides of the packaged Jinja2 templates, file by file
    base_url: str = "/"  # ends with "/"; "/" alone: absolute links are root-relative
    title: str | None = None
    feed_title: str | None = None


@dataclass(frozen=True)
class NewsletterSettings:
    sender: str  # From/To of the .eml files: "MIraGE <info@mirageproject.eu>"


@dataclass(frozen=True)
class ChecksSettings:
    select: tuple[str, ...] = ()  # ids or categories to run (empty: all)
    ignore: tuple[str, ...] = ()  # ids or categories skipped everywhere
    same_as_source_allow: frozenset[str] = frozenset()  # msgids that may stay as in the source
    length_ratio: tuple[float, float] = DEFAULT_LENGTH_RATIO  # allowed len(msgstr) / len(msgid)


@dataclass(frozen=True)
class PrefillSettings:
    engine: str = MEMORY_ENGINE  # "memory" alone, or an MT engine used after the memory
    min_similarity: float = DEFAULT_MIN_SIMILARITY  # % for fuzzy memory matches
    locked: tuple[str, ...] = ()  # "domain:context" patterns never prefilled (fnmatch)
    batch_size: int | None = None  # most texts per request (None: the engine's maximum)
    max_chars: int | None = None  # characters one run may send
    memory: bool = True  # consult the translation memory before the MT engine
    save_interval: float = 5.0  # seconds between catalogue saves while MT answers arrive


@dataclass(frozen=True)
class EngineSettings:
    """``[engines.<name>]``. ``None`` leaves the engine's own default (its URL, its length
    limit, its key variable: ``SPECS`` in prefill/options.py). The key itself is never here."""

    url: str | None = None
    timeout: float = 30.0  # seconds to wait for an answer
    connect_timeout: float = 3.0  # seconds to wait for a connection
    retries: int = 4
    backoff: float = 1.0  # first retry waits this long, then doubles
    max_wait: float = 60.0  # longest wait accepted (a longer Retry-After: give up)
    workers: int = 2
    char_limit: int | None = None  # longest text sent as one (None: the service's default)
    request_chars: int | None = None  # most characters per request (None: the service's)
    unreachable_after: int = 3  # consecutive failed connections/timeouts that stop the run
    api_key_env: str | None = None
    region: str | None = None  # Microsoft
    email: str | None = None  # MyMemory: a contact address raises its daily quota
    languages: Mapping[str, str] = field(default_factory=dict)  # our code → the engine's


@dataclass(frozen=True)
class LanguageSettings:
    code: str
    threshold: float = 100.0  # % of entries reviewed before a document is published
    disclaimer: str | None = None  # the approved translation of the disclaimer
    checks_ignore: tuple[str, ...] = ()
    url_rewrites: tuple[tuple[str, str], ...] = ()  # a link target may differ by these


# ------------------------------------------------------------------- reading a table


@dataclass(frozen=True)
class Origin:
    """Where the values came from: the file named in errors and the line of each key."""

    path: str
    lines: KeyLines | None = None
    prefix: Keys = ()  # ("tool", "mirage-i18n") in pyproject.toml

    def error(self, keys: Sequence[str], message: str) -> ConfigError:
        line = self.lines.line((*self.prefix, *keys)) if self.lines is not None else None
        return ConfigError(message, self.path, line)


@dataclass(frozen=True)
class Table:
    """One table of the file with its place in it, so that an error names the key's line."""

    data: Mapping[str, Any]
    keys: Keys
    origin: Origin

    def name(self, key: str) -> str:
        return ".".join((*self.keys, key))

    def fail(self, key: str, message: str) -> ConfigError:
        return self.origin.error((*self.keys, key), message)

    def known(self, names: Iterable[str]) -> None:
        allowed = sorted(names)
        unknown = sorted(set(self.data) - set(allowed))
        if unknown:
            key = unknown[0]
            raise self.fail(key, f"unknown key {self.name(key)}; known: {', '.join(allowed)}")

    def table(self, key: str) -> Table:
        value = self.data.get(key, {})
        if not isinstance(value, Mapping):
            raise self.fail(key, f"[{self.name(key)}] must be a table")
        return Table(value, (*self.keys, key), self.origin)

    def get(self, key: str, default: Any, valid: Callable[[Any], bool], must: str) -> Any:
        """``data[key]`` (``default`` when absent) if ``valid``; else "<table.key> <must>"."""
        value = self.data.get(key, default)
        if key in self.data and not valid(value):
            raise self.fail(key, f"{self.name(key)} {must}")
        return value

    def text(self, key: str, default: str | None = None) -> str | None:
        value = self.get(key, default, _nonempty_str, "must be a non-empty string")
        at = first_forbidden(value) if key in self.data else -1
        if at >= 0:  # a TOML escape ("\u0001", "\r"): it would reach pages, feeds and e-mail
            raise self.fail(key, f"{self.name(key)} holds {describe(value[at])}: remove it")
        return value

    def address(self, key: str, with_name: bool) -> str | None:
        """An e-mail address (``with_name``: or ``Name <address>``), one line: it becomes an
        e-mail header, where a line break would start a header of its own."""
        value = self.text(key)
        pattern = NAMED_ADDRESS if with_name else ADDRESS
        if value is not None and not pattern.fullmatch(value):
            form = "an address or 'Name <address>'" if with_name else "an e-mail address"
            raise self.fail(key, f"{self.name(key)} must be {form} on one line: {value!r}")
        return value

    def flag(self, key: str, default: bool) -> bool:
        return bool(self.get(key, default, _bool, "must be true or false"))

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.get(key, [], _str_list, "must be a list of strings")
        return tuple(value)


def _number(value: Any) -> bool:
    # bool is an int to Python: "threshold = true" would have meant 1 %
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _bool(value: Any) -> bool:
    return isinstance(value, bool)


def _nonempty_str(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _percentage(value: Any) -> bool:
    return _number(value) and 0 <= value <= 100


# -------------------------------------------------------------------------- parsers


def parse_project(t: Table, default_name: str) -> ProjectSettings:
    t.known(("name", "source_language", "languages", "contact_email", "base_url"))
    name = t.text("name", default_name) or default_name
    source = t.get("source_language", "en", _nonempty_str, "must be a language code")
    if not LANGUAGE_CODE.match(source):
        raise t.fail("source_language", f"not a language code: {source!r}")
    languages = t.get("languages", [], _str_list, "must be a list of language codes")
    for code in languages:
        if not LANGUAGE_CODE.match(code):
            raise t.fail("languages", f"not a language code: {code!r}")
    if source in languages:
        raise t.fail("languages", f"the source language {source!r} is also a target language")
    if len(set(languages)) != len(languages):
        raise t.fail("languages", f"{t.name('languages')} lists a language twice")
    return ProjectSettings(name, source, tuple(languages), t.address("contact_email", False))


def parse_paths(t: Table, root: Path) -> PathSettings:
    defaults = {
        "sources": "source_texts",
        "locales": "locales",
        "dist": "dist",
        "cache": ".mirage-cache",
        "glossary": "glossary.toml",
    }
    t.known(defaults)
    folders = {
        k: root / t.get(k, d, _nonempty_str, "must be a string") for k, d in defaults.items()
    }
    return PathSettings(**folders)


def parse_extract(t: Table) -> ExtractSettings:
    t.known(("translatable_front_matter", "locations"))
    keys = t.get(
        "translatable_front_matter",
        list(DEFAULT_TRANSLATABLE_KEYS),
        _str_list,
        "must be a list of keys",
    )
    locations = t.get(
        "locations", "full", LOCATIONS.__contains__, f"must be one of {', '.join(LOCATIONS)}"
    )
    return ExtractSettings(tuple(keys), locations)


def parse_update(t: Table) -> UpdateSettings:
    t.known(("fuzzy_cutoff", "keep_obsolete"))
    cutoff = t.get(
        "fuzzy_cutoff", 0.6, lambda v: _number(v) and 0 < v <= 1, "must be a number in (0, 1]"
    )
    return UpdateSettings(float(cutoff), t.flag("keep_obsolete", True))


def parse_publish(t: Table) -> PublishSettings:
    t.known(("threshold", "preview"))
    threshold = t.get("threshold", 100, _percentage, "must be a percentage between 0 and 100")
    return PublishSettings(float(threshold), t.flag("preview", False))


def parse_site(t: Table, project: Table, root: Path) -> SiteSettings:
    t.known(("base_url", "title", "feed_title", "templates"))
    # [project] base_url is the older place of [site] base_url; [site] wins
    where = t if "base_url" in t.data else project
    base_url = where.text("base_url") or ""
    if base_url and not base_url.startswith(("http://", "https://")):
        raise where.fail(
            "base_url", f"{where.name('base_url')} must start with http:// or https://"
        )
    return SiteSettings(
        templates_dir=root / (t.text("templates", "templates") or "templates"),
        base_url=base_url.rstrip("/") + "/" if base_url else "/",
        title=t.text("title"),
        feed_title=t.text("feed_title"),
    )


def parse_newsletter(t: Table, project: ProjectSettings) -> NewsletterSettings:
    t.known(("sender",))
    contact = project.contact_email or "newsletter@localhost"
    return NewsletterSettings(t.address("sender", True) or f"{project.name} <{contact}>")


def parse_checks(t: Table) -> ChecksSettings:
    t.known(("select", "ignore", "same_as_source_allow", "length_ratio"))
    ratio = t.get(
        "length_ratio",
        list(DEFAULT_LENGTH_RATIO),
        lambda v: isinstance(v, list) and len(v) == 2 and all(map(_number, v)) and 0 < v[0] < v[1],
        "must be [low, high] with 0 < low < high",
    )
    return ChecksSettings(
        select=t.strings("select"),
        ignore=t.strings("ignore"),
        same_as_source_allow=frozenset(t.strings("same_as_source_allow")),
        length_ratio=(float(ratio[0]), float(ratio[1])),
    )


def parse_prefill(t: Table) -> PrefillSettings:
    t.known(
        ("engine", "min_similarity", "locked", "batch_size", "max_chars", "memory", "save_interval")
    )
    engines = (MEMORY_ENGINE, *ENGINE_NAMES)
    engine = t.get("engine", MEMORY_ENGINE, _nonempty_str, "must be an engine name")
    if engine not in engines:
        raise t.fail(
            "engine",
            f"unknown prefill engine {engine!r} in prefill.engine; known: {', '.join(engines)}",
        )
    similarity = t.get(
        "min_similarity",
        DEFAULT_MIN_SIMILARITY,
        lambda v: _number(v) and 0 < v <= 100,
        "must be a percentage in (0, 100]",
    )
    locked = t.get(
        "locked",
        [],
        lambda v: isinstance(v, list) and all(isinstance(x, str) and x for x in v),
        'must be a list of "domain:context" patterns',
    )
    batch = t.get(
        "batch_size", None, lambda v: _integer(v) and v >= 1, "must be a positive integer"
    )
    max_chars = t.get(
        "max_chars", None, lambda v: _integer(v) and v >= 0, "must be a non-negative integer"
    )
    interval = t.get(
        "save_interval", 5.0, lambda v: _number(v) and v >= 0, "must be a number of seconds ≥ 0"
    )
    return PrefillSettings(
        engine,
        float(similarity),
        tuple(locked),
        batch,
        max_chars,
        t.flag("memory", True),
        float(interval),
    )


_ENGINE_KEYS = (
    "url",
    "timeout",
    "connect_timeout",
    "retries",
    "backoff",
    "max_wait",
    "workers",
    "char_limit",
    "request_chars",
    "unreachable_after",
    "api_key_env",
    "region",
    "email",
    "languages",
)


def parse_engines(t: Table) -> Mapping[str, EngineSettings]:
    unknown = sorted(set(t.data) - set(ENGINE_NAMES))
    if unknown:
        name = unknown[0]
        raise t.fail(name, f"unknown engine [engines.{name}]; known: {', '.join(ENGINE_NAMES)}")
    return MappingProxyType({name: parse_engine(t.table(name)) for name in sorted(t.data)})


def parse_engine(t: Table) -> EngineSettings:
    for secret in ("api_key", "key"):
        if secret in t.data:
            raise t.fail(
                secret,
                f"{t.name(secret)}: API keys never go in the configuration; set api_key_env "
                "to the name of an environment variable",
            )
    t.known(_ENGINE_KEYS)

    def number(key: str, default: float, minimum: float) -> float:
        must = f"must be a number ≥ {minimum:g}"
        return float(t.get(key, default, lambda v: _number(v) and v >= minimum, must))

    languages = t.get(
        "languages",
        {},
        lambda v: isinstance(v, Mapping) and all(isinstance(x, str) for x in v.values()),
        "must map our language codes to the engine's codes",
    )
    return EngineSettings(
        url=t.text("url"),
        timeout=number("timeout", 30.0, 0.01),
        connect_timeout=number("connect_timeout", 3.0, 0.01),
        retries=int(number("retries", 4, 0)),
        backoff=number("backoff", 1.0, 0),
        max_wait=number("max_wait", 60.0, 0),
        workers=int(number("workers", 2, 1)),
        char_limit=t.get(
            "char_limit", None, lambda v: _integer(v) and v >= 20, "must be an integer ≥ 20"
        ),
        request_chars=t.get(
            "request_chars", None, lambda v: _integer(v) and v >= 20, "must be an integer ≥ 20"
        ),
        unreachable_after=int(number("unreachable_after", 3, 1)),
        api_key_env=t.text("api_key_env"),
        region=t.text("region"),
        email=t.text("email"),
        languages=MappingProxyType(dict(languages)),
    )


def engine_settings(name: str, options: Mapping[str, Any]) -> EngineSettings:
    """``[engines.<name>]`` from a mapping that was not read from a file (tests, scripts)."""
    return parse_engine(Table(options, ("engines", name), Origin(f"[engines.{name}]")))


def parse_languages(
    t: Table, project: ProjectSettings, publish: PublishSettings
) -> Mapping[str, LanguageSettings]:
    out: dict[str, LanguageSettings] = {}
    for code in t.data:
        if code not in project.languages:
            raise t.fail(code, f"[languages.{code}] configures a language not in project.languages")
        out[code] = parse_language(t.table(code), code, publish.threshold)
    for code in project.languages:
        out.setdefault(code, LanguageSettings(code, publish.threshold))
    return MappingProxyType(out)


def parse_language(t: Table, code: str, default_threshold: float) -> LanguageSettings:
    t.known(("threshold", "disclaimer", "checks_ignore", "url_rewrites"))
    threshold = t.get(
        "threshold", default_threshold, _percentage, "must be a percentage between 0 and 100"
    )
    rewrites = t.get(
        "url_rewrites",
        [],
        lambda v: (
            isinstance(v, list)
            and all(
                isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) and s for s in p)
                for p in v
            )
        ),
        "must be a list of [from, to] string pairs",
    )
    disclaimer = t.get(
        "disclaimer",
        None,
        lambda v: isinstance(v, str) and bool(v.strip()),
        "must be a non-empty string",
    )
    return LanguageSettings(
        code=code,
        threshold=float(threshold),
        disclaimer=disclaimer,
        checks_ignore=t.strings("checks_ignore"),
        url_rewrites=tuple((a, b) for a, b in rewrites),
    )
