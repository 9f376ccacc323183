"""Jinja2 environment: packaged templates, overridable file by file from the content project.

Autoescaping is on for every template except ``*.txt``; undefined names are errors
(StrictUndefined), so a typo in an overriding template fails the build instead of silently
printing nothing. Template errors become :class:`PublishError` with ``path:line``.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2

from ..chunks import joined
from ..errors import PublishError

PACKAGED = Path(__file__).parent / "templates"


def _autoescape(name: str | None) -> bool:
    return not (name or "").endswith(".txt")


def make_environment(override_dir: Path | None = None) -> jinja2.Environment:
    """Templates in ``override_dir`` (the project's ``templates/``) win over the packaged ones."""
    loaders: list[jinja2.BaseLoader] = []
    if override_dir is not None and Path(override_dir).is_dir():
        loaders.append(jinja2.FileSystemLoader(str(override_dir)))
    loaders.append(jinja2.FileSystemLoader(str(PACKAGED)))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=_autoescape,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # a build's templates do not change while it renders: a template is read once, not
        # checked for changes (a stat of its file) at each of the thousands of pages
        auto_reload=False,
    )


def render(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render one template; any Jinja error is reported at the template's file and line. A
    file as big as the project (a feed, the sitemap, the dashboard) is :class:`Streamed`."""
    with _template_errors(name):
        return env.get_template(name).render(**context)


class Streamed:
    """A file as big as the project (a feed, the sitemap: 8 to 20 MB at N = 4,000 articles),
    rendered while it is written: iterating gives its text in pieces of about
    :data:`..chunks.PIECE` characters, each rendered when it is asked for; ``str()`` gives it
    whole (the pieces joined, never a million small strings held at once). Jinja errors are
    reported as :func:`render` reports them, when the piece they are in is rendered."""

    __slots__ = ("context", "env", "name")

    def __init__(self, env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> None:
        self.env = env
        self.name = name
        self.context = context

    def __iter__(self) -> Iterator[str]:
        with _template_errors(self.name):
            yield from joined(self.env.get_template(self.name).generate(**self.context))

    def __str__(self) -> str:
        return "".join(self)


def render_chunks(
    env: jinja2.Environment, name: str, context: Mapping[str, Any]
) -> Iterator[bytes]:
    """``render(…).encode("utf-8")`` a piece at a time, for a file written as it renders:
    the dashboard at N = 4,000 is 27 MB of UTF-8, but as one text, stored two bytes a
    character once a Bulgarian or Greek message is in it and accumulated before it is copied
    out, it was the build's peak (100 MB over the rest)."""
    return (piece.encode("utf-8") for piece in Streamed(env, name, context))


@contextmanager
def _template_errors(name: str) -> Iterator[None]:
    """Any Jinja error of rendering ``name``, as a :class:`PublishError` at its template's file
    and line."""
    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        raise PublishError(
            f"template error: {exc.message}", exc.filename or name, exc.lineno
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise PublishError(f"template not found: {exc.name}", name) from None
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError) as exc:
        path, line = _template_frame(sys.exc_info()[2]) or (name, None)
        message = getattr(exc, "message", None) or str(exc)
        raise PublishError(f"template error: {message}", path, line) from None


def _template_frame(tb: Any) -> tuple[str, int] | None:
    """The innermost traceback frame that belongs to a template file (Jinja rewrites them)."""
    found = None
    for frame, lineno in traceback.walk_tb(tb):
        filename = frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt", ".svg")):
            found = (filename, lineno)
    return found
