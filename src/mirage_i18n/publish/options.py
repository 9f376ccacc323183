"""The ``[site]``, ``[newsletter]`` and ``[publish]`` configuration tables, validated."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import Settings, _line_of
from ..errors import ConfigError


@dataclass(frozen=True)
class PublishOptions:
    base_url: str
    templates_dir: Path
    feed_title: str | None
    site_title: str | None
    sender: str
    contact_email: str | None
    preview: bool


def _string(settings: Settings, table: str, key: str, default: str | None) -> str | None:
    value = settings.section(table).get(key, default)
    if value is not None and not isinstance(value, str):
        raise ConfigError(
            f"{table}.{key} must be a string",
            str(settings.config_path),
            _line_of(settings.config_path, key),
        )
    return value


def publish_options(settings: Settings) -> PublishOptions:
    project = settings.section("project")
    contact = _string(settings, "project", "contact_email", None)
    base_url = _string(settings, "site", "base_url", project.get("base_url") or "") or ""
    if base_url and not base_url.startswith(("http://", "https://")):
        raise ConfigError(
            "site.base_url must start with http:// or https://",
            str(settings.config_path),
            _line_of(settings.config_path, "base_url"),
        )
    preview = settings.section("publish").get("preview", False)
    if not isinstance(preview, bool):
        raise ConfigError(
            "publish.preview must be true or false",
            str(settings.config_path),
            _line_of(settings.config_path, "preview"),
        )
    sender = _string(settings, "newsletter", "sender", None)
    if sender is None:
        sender = (
            f"{settings.project_name} <{contact}>"
            if contact
            else f"{settings.project_name} <newsletter@localhost>"
        )
    return PublishOptions(
        base_url=base_url.rstrip("/") + "/" if base_url else "/",
        templates_dir=settings.root
        / (_string(settings, "site", "templates", "templates") or "templates"),
        feed_title=_string(settings, "site", "feed_title", None),
        site_title=_string(settings, "site", "title", None),
        sender=sender,
        contact_email=contact,
        preview=preview,
    )
