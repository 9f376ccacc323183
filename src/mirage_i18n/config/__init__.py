"""The project configuration, read and validated once into typed sections.

One file per content project: ``mirage-i18n.toml``, or ``[tool.mirage-i18n]`` in
``pyproject.toml``. Secrets never live here: engines name the environment variable that holds
their key. :func:`load_settings` checks every table (:mod:`.sections`) and loads the glossary;
stages receive :class:`Settings` and read its typed sections, never the TOML.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ConfigError, UsageError
from ..glossary import Glossary, load_glossary
from ..tomlfile import read_toml
from .sections import (
    DEFAULT_LENGTH_RATIO,
    DEFAULT_MIN_SIMILARITY,
    DEFAULT_TRANSLATABLE_KEYS,
    ENGINE_NAMES,
    LANGUAGE_CODE,
    LOCATIONS,
    MEMORY_ENGINE,
    ChecksSettings,
    EngineSettings,
    ExtractSettings,
    LanguageSettings,
    NewsletterSettings,
    Origin,
    PathSettings,
    PrefillSettings,
    ProjectSettings,
    PublishSettings,
    SiteSettings,
    Table,
    UpdateSettings,
    engine_settings,
    parse_checks,
    parse_engines,
    parse_extract,
    parse_languages,
    parse_newsletter,
    parse_paths,
    parse_prefill,
    parse_project,
    parse_publish,
    parse_site,
    parse_update,
)

CONFIG_NAME = "mirage-i18n.toml"
PYPROJECT_TABLE = ("tool", "mirage-i18n")

SECTIONS = (
    "project",
    "paths",
    "extract",
    "update",
    "publish",
    "prefill",
    "engines",
    "checks",
    "languages",
    "site",
    "newsletter",
)


@dataclass(frozen=True)
class Settings:
    """A loaded project: its typed sections, and shortcuts for the values every stage uses."""

    root: Path
    config_path: Path
    project: ProjectSettings
    paths: PathSettings
    site: SiteSettings
    newsletter: NewsletterSettings
    extract: ExtractSettings = ExtractSettings()
    update: UpdateSettings = UpdateSettings()
    publish: PublishSettings = PublishSettings()
    checks: ChecksSettings = ChecksSettings()
    prefill: PrefillSettings = PrefillSettings()
    engines: Mapping[str, EngineSettings] = field(default_factory=dict)
    language_settings: Mapping[str, LanguageSettings] = field(default_factory=dict)
    glossary: Glossary = Glossary()
    origin: Origin = field(default=Origin(""), repr=False, compare=False)

    # shortcuts
    @property
    def project_name(self) -> str:
        return self.project.name

    @property
    def source_language(self) -> str:
        return self.project.source_language

    @property
    def languages(self) -> tuple[str, ...]:
        return self.project.languages

    @property
    def sources_dir(self) -> Path:
        return self.paths.sources

    @property
    def locales_dir(self) -> Path:
        return self.paths.locales

    @property
    def dist_dir(self) -> Path:
        return self.paths.dist

    @property
    def cache_dir(self) -> Path:
        return self.paths.cache

    @property
    def glossary_path(self) -> Path:
        return self.paths.glossary

    @property
    def translatable_keys(self) -> tuple[str, ...]:
        return self.extract.translatable_front_matter

    @property
    def locations(self) -> str:
        return self.extract.locations

    @property
    def keep_obsolete(self) -> bool:
        return self.update.keep_obsolete

    @property
    def fuzzy_cutoff(self) -> float:
        return self.update.fuzzy_cutoff

    @property
    def templates_dir(self) -> Path:
        """The catalogue templates (``.pot``); the site's templates are ``site.templates_dir``."""
        return _templates_dir(self.locales_dir)

    def catalog_dir(self, lang: str) -> Path:
        return _catalog_dir(self.locales_dir, lang)

    def language(self, code: str) -> LanguageSettings:
        return self.language_settings.get(code) or LanguageSettings(code, self.publish.threshold)

    def engine(self, name: str) -> EngineSettings:
        """``[engines.<name>]``, or every default when the file has no such table."""
        return self.engines.get(name) or EngineSettings()

    def selected_languages(self, langs: Sequence[str] | None) -> tuple[str, ...]:
        """The languages asked for (all when none; each once), refusing an unknown code."""
        if not langs:
            return self.languages
        unknown = [lang for lang in langs if lang not in self.languages]
        if unknown:
            raise UsageError(
                f"language {unknown[0]!r} is not in project.languages "
                f"({', '.join(self.languages)}) of {self.rel(self.config_path)}"
            )
        return tuple(dict.fromkeys(langs))

    def config_error(self, keys: Sequence[str], message: str) -> ConfigError:
        """An error about configured values found only later (an engine's key, say), with the
        line of ``keys`` in the configuration file."""
        return self.origin.error(keys, message)

    def rel(self, path: Path) -> str:
        """A path as shown to users and written in references: relative to the project, POSIX."""
        return _relative(str(path), str(self.root))


@lru_cache(maxsize=64)
def _templates_dir(locales_dir: Path) -> Path:
    """Cached: ``extract`` and ``update`` ask for it once per template."""
    return locales_dir / "templates"


@lru_cache(maxsize=1024)
def _catalog_dir(locales_dir: Path, lang: str) -> Path:
    """Cached: ``update`` asks for it once per catalogue (8,168 pathlib joins)."""
    return locales_dir / lang / "LC_MESSAGES"


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
    if pyproject.is_file() and _dig(read_toml(pyproject).data, PYPROJECT_TABLE) is not None:
        return pyproject
    raise ConfigError(
        f"no {CONFIG_NAME} (or [tool.mirage-i18n] in pyproject.toml) here; "
        "run 'mirage-i18n init' or pass --project DIR",
        path=str(start),
    )


def load_settings(project: Path) -> Settings:
    """The project's settings and glossary; any invalid value is a :class:`ConfigError` with
    the ``path:line`` of its key."""
    path = find_config(project)
    toml = read_toml(path)
    prefix = PYPROJECT_TABLE if path.name == "pyproject.toml" else ()
    origin = Origin(str(path), toml.lines, prefix)
    data = _dig(toml.data, prefix) if prefix else toml.data
    if not isinstance(data, Mapping):
        raise origin.error((), "[tool.mirage-i18n] must be a table")
    return parse_settings(data, Path(project), path, origin)


def parse_settings(
    data: Mapping[str, Any], root: Path, config_path: Path, origin: Origin | None = None
) -> Settings:
    origin = origin or Origin(str(config_path))
    top = Table(data, (), origin)
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise origin.error(
            unknown[:1], f"unknown section [{unknown[0]}]; known: {', '.join(sorted(SECTIONS))}"
        )
    tables = {name: top.table(name) for name in SECTIONS}
    project = parse_project(tables["project"], root.resolve().name)
    paths = parse_paths(tables["paths"], root)
    publish = parse_publish(tables["publish"])
    return Settings(
        root=root,
        config_path=config_path,
        project=project,
        paths=paths,
        extract=parse_extract(tables["extract"]),
        update=parse_update(tables["update"]),
        publish=publish,
        site=parse_site(tables["site"], tables["project"], root),
        newsletter=parse_newsletter(tables["newsletter"], project),
        checks=parse_checks(tables["checks"]),
        prefill=parse_prefill(tables["prefill"]),
        engines=parse_engines(tables["engines"]),
        language_settings=parse_languages(tables["languages"], project, publish),
        glossary=load_glossary(paths.glossary),
        origin=origin,
    )


def _dig(data: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if not isinstance(data, Mapping) or key not in data:
            return None
        data = data[key]
    return data


__all__ = [
    "CONFIG_NAME",
    "DEFAULT_LENGTH_RATIO",
    "DEFAULT_MIN_SIMILARITY",
    "DEFAULT_TRANSLATABLE_KEYS",
    "ENGINE_NAMES",
    "LANGUAGE_CODE",
    "LOCATIONS",
    "MEMORY_ENGINE",
    "ChecksSettings",
    "EngineSettings",
    "ExtractSettings",
    "LanguageSettings",
    "NewsletterSettings",
    "PathSettings",
    "PrefillSettings",
    "ProjectSettings",
    "PublishSettings",
    "Settings",
    "SiteSettings",
    "UpdateSettings",
    "engine_settings",
    "find_config",
    "load_settings",
    "parse_settings",
]
