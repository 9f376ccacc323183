"""The source texts of a content project: where they are, and all of them read at once."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from ..config import Settings
from ..errors import MirageError, SourceError, raise_all
from ..fsutil import confine, names_below
from ..model import SourceDocument
from ..slug import clash_message, clashes, page_slug
from .frontmatter import decode_source, read_source, split_front_matter
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
    # names_below and split("/"): the order and names of Path objects (files_below, then
    # relative_to, with_suffix), a Path made only for each file that is read
    for rel in sorted(names_below(root, ".md"), key=_parts):
        folder, _, name = rel.rpartition("/")
        path = root / rel
        confine(path, settings.root)
        if name.lower() == "readme.md":
            continue
        kind = "newsletter" if rel.split("/", 1)[0] == NEWSLETTER_DIR else "article"
        domain = rel[:-3] if not name.startswith(".") else PurePosixPath(rel).with_suffix("")
        found.append((path, str(domain), kind))
    return found


def _parts(rel: str) -> list[str]:
    return rel.split("/")


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
    errors.extend(_slug_clashes(docs, settings.root, settings.source_language))
    raise_all(errors)
    return docs


def document_slug(doc: SourceDocument, source_lang: str) -> tuple[str, str | None]:
    """The source-language page's slug and its front matter key (:func:`slug.page_slug`)."""
    title = str(doc.front_matter.get("title") or doc.domain)
    return page_slug(doc.front_matter, source_lang, source_lang, title, _name(doc))


def _name(doc: SourceDocument) -> str:
    return doc.domain.rsplit("/", 1)[-1]


def _slug_clashes(docs: list[SourceDocument], root: Path, source_lang: str) -> list[MirageError]:
    """Two articles on one source-language page: an error at the second one's front matter
    line that gives the slug (``slugs``, ``slug`` or ``title``). The build checks every
    language the same way (``publish.versions.check_slugs``)."""
    articles = [d for d in docs if d.kind == "article"]
    keys = {id(d): document_slug(d, source_lang) for d in articles}
    pages = [(d, source_lang, keys[id(d)][0]) for d in articles]
    return [
        SourceError(
            clash_message(slug, lang, first.domain),
            doc.path,
            front_matter_line(root, doc, keys[id(doc)][1] or "title"),
        )
        for doc, lang, slug, first in clashes(pages)
    ]


def front_matter_line(root: Path, doc: SourceDocument, key: str) -> int:
    """The line of a top-level front matter key in ``doc``'s file, for an error message; the
    file's first line when the key is not there. The file is parsed again (only on an error):
    documents do not keep their key lines."""
    try:
        text = decode_source((root / doc.path).read_bytes(), doc.path)
        return split_front_matter(text, doc.path).key_lines.get(key) or 1
    except (OSError, MirageError):
        return 1
