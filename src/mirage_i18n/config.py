"""TOML configuration → typed settings.

One file per content project: ``mirage-i18n.toml``, or ``[tool.mirage-i18n]`` in
``pyproject.toml``. Secrets never live here: engines name the environment variable
that holds their key. Each subsystem (prefill engines, checks, publishing) reads its own
section through :meth:`Settings.section`, so adding a feature does not widen this module.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .errors import ConfigError

CONFIG_NAME = "mirage-i18n.toml"
PYPROJECT_TABLE = ("tool", "mirage-i18n")

KNOWN_SECTIONS = frozenset(
    {
        "project",
        "paths",
        "extract",
        "update",
        "publish",
        "prefill",
        "engines",
        "checks",
        "languages",
        "glossary",
        "site",
        "newsletter",
    }
)
LOCATIONS = ("full", "file", "never")
_LANG_RE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")
DEFAULT_TRANSLATABLE_KEYS = ("title", "subject", "lede", "summary", "image_alt")


@dataclass(frozen=True)
class LanguageSettings:
    """Per-language knobs; anything not typed here stays in ``raw`` for its subsystem."""

    code: str
    threshold: float = 100.0  # % of entries reviewed before an article is published
    raw: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Settings:
    root: Path
    config_path: Path
    project_name: str
    source_language: str
    languages: tuple[str, ...]
    sources_dir: Path
    locales_dir: Path
    dist_dir: Path
    cache_dir: Path
    glossary_path: Path
    translatable_keys: tuple[str, ...] = DEFAULT_TRANSLATABLE_KEYS
    locations: str = "full"
    keep_obsolete: bool = True
    fuzzy_cutoff: float = 0.6
    language_settings: Mapping[str, LanguageSettings] = field(default_factory=dict)
    raw: Mapping[str, Any] = field(default_factory=dict)

    @property
    def templates_dir(self) -> Path:
        return self.locales_dir / "templates"

    def catalog_dir(self, lang: str) -> Path:
        return self.locales_dir / lang / "LC_MESSAGES"

    def language(self, code: str) -> LanguageSettings:
        return self.language_settings.get(code) or LanguageSettings(code)

    def section(self, name: str) -> Mapping[str, Any]:
        """A raw configuration table (empty when absent), for the subsystem that owns it."""
        value = self.raw.get(name, {})
        return value if isinstance(value, Mapping) else {}

    def rel(self, path: Path) -> str:
        """A path as shown to users and written in references: relative to the project, POSIX."""
        return _relative(str(path), str(self.root))


@lru_cache(maxsize=65536)
def _relative(path: str, root: str) -> str:
    """Cached: resolving costs a system call per path component, and a run over thousands of
    catalogues asks for the same paths again and again. A file that is not a symlink is
    resolved as its folder (resolved once per folder) plus its name."""
    folder, name = os.path.split(path)
    if name not in ("", ".", "..") and not os.path.islink(path):
        inside = _relative_folder(folder or ".", root)
        if inside is not None:
            return name if inside == "." else f"{inside}/{name}"
    try:
        return Path(path).resolve().relative_to(_resolved(root)).as_posix()
    except ValueError:
        return Path(path).as_posix()


@lru_cache(maxsize=4096)
def _relative_folder(folder: str, root: str) -> str | None:
    try:
        return Path(folder).resolve().relative_to(_resolved(root)).as_posix()
    except ValueError:
        return None  # outside the project: the whole path decides


@lru_cache(maxsize=4096)
def _resolved(root: str) -> Path:
    return Path(root).resolve()


def find_config(start: Path) -> Path:
    """The configuration file of the project at ``start`` (no upward search: explicit is safer)."""
    start = Path(start)
    candidate = start / CONFIG_NAME
    if candidate.is_file():
        return candidate
    pyproject = start / "pyproject.toml"
    if pyproject.is_file():
        data = _load_toml(pyproject)
        if _dig(data, PYPROJECT_TABLE) is not None:
            return pyproject
    raise ConfigError(
        f"no {CONFIG_NAME} (or [tool.mirage-i18n] in pyproject.toml) here; "
        "run 'mirage-i18n init' or pass --project DIR",
        path=str(start),
    )


def load_settings(project: Path) -> Settings:
    path = find_config(project)
    data = _load_toml(path)
    if path.name == "pyproject.toml":
        data = _dig(data, PYPROJECT_TABLE) or {}
    return parse_settings(data, Path(project), path)


def parse_settings(data: Mapping[str, Any], root: Path, config_path: Path) -> Settings:
    where = str(config_path)
    unknown = sorted(set(data) - KNOWN_SECTIONS)
    if unknown:
        raise ConfigError(
            f"unknown section [{unknown[0]}]; known: {', '.join(sorted(KNOWN_SECTIONS))}",
            path=where,
            line=_line_of(config_path, unknown[0]),
        )
    for name in sorted(KNOWN_SECTIONS):
        # Settings.section() reads a non-table as empty: "checks = [...]" would drop every key
        _table(data, name, where, config_path)
    project = _table(data, "project", where, config_path)
    paths = _table(data, "paths", where, config_path)
    extract = _table(data, "extract", where, config_path)
    update = _table(data, "update", where, config_path)
    publish = _table(data, "publish", where, config_path)
    langs_table = _table(data, "languages", where, config_path)

    source = project.get("source_language", "en")
    languages = project.get("languages", [])
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        raise ConfigError(
            "project.languages must be a list of language codes",
            where,
            _line_of(config_path, "languages"),
        )
    for code in [source, *languages]:
        if not isinstance(code, str) or not _LANG_RE.match(code):
            raise ConfigError(
                f"not a language code: {code!r}", where, _line_of(config_path, "languages")
            )
    if source in languages:
        raise ConfigError(
            f"the source language {source!r} is also a target language",
            where,
            _line_of(config_path, "languages"),
        )
    if len(set(languages)) != len(languages):
        raise ConfigError(
            "project.languages lists a language twice", where, _line_of(config_path, "languages")
        )

    locations = extract.get("locations", "full")
    if locations not in LOCATIONS:
        raise ConfigError(
            f"extract.locations must be one of {', '.join(LOCATIONS)}",
            where,
            _line_of(config_path, "locations"),
        )
    keys = extract.get("translatable_front_matter", list(DEFAULT_TRANSLATABLE_KEYS))
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise ConfigError(
            "extract.translatable_front_matter must be a list of keys",
            where,
            _line_of(config_path, "translatable_front_matter"),
        )

    default_threshold = _threshold(publish.get("threshold", 100), where, config_path)
    lang_settings: dict[str, LanguageSettings] = {}
    for code, table in langs_table.items():
        if code not in languages:
            raise ConfigError(
                f"[languages.{code}] configures a language not in project.languages",
                where,
                _line_of(config_path, f"languages.{code}"),
            )
        if not isinstance(table, Mapping):
            raise ConfigError(f"[languages.{code}] must be a table", where)
        lang_settings[code] = LanguageSettings(
            code=code,
            threshold=_threshold(table.get("threshold", default_threshold), where, config_path),
            raw=MappingProxyType(dict(table)),
        )
    for code in languages:
        lang_settings.setdefault(code, LanguageSettings(code=code, threshold=default_threshold))

    def path_of(key: str, default: str) -> Path:
        value = paths.get(key, default)
        if not isinstance(value, str):
            raise ConfigError(f"paths.{key} must be a string", where, _line_of(config_path, key))
        return root / value

    cutoff = update.get("fuzzy_cutoff", 0.6)
    if not isinstance(cutoff, (int, float)) or isinstance(cutoff, bool) or not 0 < cutoff <= 1:
        raise ConfigError(
            "update.fuzzy_cutoff must be a number in (0, 1]",
            where,
            _line_of(config_path, "fuzzy_cutoff"),
        )
    return Settings(
        root=root,
        config_path=config_path,
        project_name=str(project.get("name", root.resolve().name)),
        source_language=source,
        languages=tuple(languages),
        sources_dir=path_of("sources", "source_texts"),
        locales_dir=path_of("locales", "locales"),
        dist_dir=path_of("dist", "dist"),
        cache_dir=path_of("cache", ".mirage-cache"),
        glossary_path=path_of("glossary", "glossary.toml"),
        translatable_keys=tuple(keys),
        locations=locations,
        keep_obsolete=bool(update.get("keep_obsolete", True)),
        fuzzy_cutoff=float(cutoff),
        language_settings=MappingProxyType(lang_settings),
        raw=MappingProxyType(dict(data)),
    )


def _threshold(value: Any, where: str, config_path: Path) -> float:
    # bool is an int to Python: "threshold = true" would have meant 1 %
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 100:
        raise ConfigError(
            "threshold must be a percentage between 0 and 100",
            where,
            _line_of(config_path, "threshold"),
        )
    return float(value)


def _table(data: Mapping[str, Any], name: str, where: str, config_path: Path) -> Mapping[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, Mapping):
        raise ConfigError(f"[{name}] must be a table", where, _line_of(config_path, name))
    return value


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", str(path), toml_error_line(exc, path)) from None
    except OSError as exc:
        raise ConfigError(f"cannot read configuration: {exc.strerror}", str(path)) from None


def toml_error_line(exc: tomllib.TOMLDecodeError, path: Path) -> int | None:
    """tomllib (3.11) puts the position only in its message: "(at line 3, column 7)" or
    "(at end of document)", which is the file's last line."""
    line = getattr(exc, "lineno", None)
    if isinstance(line, int):
        return line
    match = re.search(r"line (\d+)", str(exc))
    if match:
        return int(match.group(1))
    if "end of document" in str(exc):
        try:
            return max(1, len(Path(path).read_text(encoding="utf-8").splitlines()))
        except (OSError, UnicodeDecodeError):
            return None
    return None


def _dig(data: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if not isinstance(data, Mapping) or key not in data:
            return None
        data = data[key]
    return data


def _line_of(path: Path, needle: str) -> int | None:
    """Best-effort line of a key or table name, so config errors point somewhere useful."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    last = needle.rsplit(".", 1)[-1]
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("[") and needle in stripped:
            return number
        if re.match(rf"^{re.escape(last)}\s*=", stripped):
            return number
    return None
