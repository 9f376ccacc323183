"""The source texts of a content project: where they are, and all of them read at once."""

from __future__ import annotations

from pathlib import Path

from ..config import Settings
from ..errors import MirageError, SourceError, raise_all
from ..fsutil import confine, files_below
from ..model import SourceDocument
from ..slug import slugify
from .frontmatter import read_source
from .reader import read_document
from .shared import SHARED_DOMAIN, parse_shared

SHARED_FILE = "shared.yaml"
NEWSLETTER_DIR = "newsletters"


# ---------------------------------------------------------------------------- sources


def source_files(settings: Settings) -> list[tuple[Path, str, str]]:
    """(path, domain, kind) of every source text, in a stable order."""
    root = confine(settings.sources_dir, settings.root)
    if not root.is_dir():
        raise SourceError("source folder does not exist", settings.rel(root))
    found: list[tuple[Path, str, str]] = []
    shared = root / SHARED_FILE
    if shared.is_file():
        found.append((confine(shared, settings.root), SHARED_DOMAIN, "shared"))
    for path in files_below(root, ".md"):
        confine(path, settings.root)
        rel = path.relative_to(root)
        if rel.name.lower() == "readme.md":
            continue
        kind = "newsletter" if rel.parts[0] == NEWSLETTER_DIR else "article"
        found.append((path, rel.with_suffix("").as_posix(), kind))
    return found


def load_documents(settings: Settings) -> list[SourceDocument]:
    """Every source text, parsed; all errors raised together."""
    docs: list[SourceDocument] = []
    errors: list[MirageError] = []
    for path, domain, kind in source_files(settings):
        try:
            if kind == "shared":
                text = read_source(path, settings.rel(path))
                docs.append(parse_shared(text, settings.rel(path)))
            else:
                docs.append(
                    read_document(path, settings.root, domain, kind, settings.translatable_keys)
                )
        except MirageError as exc:
            errors.append(exc)
    errors.extend(_slug_clashes(docs))
    raise_all(errors)
    return docs


def document_slug(doc: SourceDocument) -> str:
    slug = doc.front_matter.get("slug")
    return str(slug) if slug else slugify(str(doc.front_matter.get("title", doc.domain)))


def _slug_clashes(docs: list[SourceDocument]) -> list[MirageError]:
    seen: dict[str, SourceDocument] = {}
    errors: list[MirageError] = []
    for doc in docs:
        if doc.kind != "article":
            continue
        slug = document_slug(doc)
        if slug in seen:
            errors.append(
                SourceError(
                    f"slug {slug!r} is already used by {seen[slug].path}; set a distinct 'slug' "
                    "in the front matter",
                    doc.path,
                    1,
                )
            )
        else:
            seen[slug] = doc
    return errors
