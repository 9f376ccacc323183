"""Catalogues: PO reading and writing, merging, update, where they live on disk.

The public Python API, for scripts and web builds::

    from mirage_i18n.catalog import read_po, write_po, to_polib, from_polib

    with open("locales/sv/LC_MESSAGES/shared.po", "rb") as fh:
        po = to_polib(read_po(fh))          # a polib.POFile
    with open("out.po", "wb") as fh:
        write_po(fh, from_polib(po))        # GNU msgcat --no-wrap layout, byte for byte
"""

from ..model import Catalog, Message
from .polib_bridge import from_polib, to_polib
from .poreader import read_po
from .powriter import write_po

__all__ = ["Catalog", "Message", "from_polib", "read_po", "to_polib", "write_po"]
