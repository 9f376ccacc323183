"""The cyclic garbage collector paused while a stage builds objects that live to its end."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """``extract`` keeps every parsed document until its templates are written, and markdown-it
    makes tens of thousands of short-lived tokens per run: the collector walked the growing
    pile of documents 230 times (5 % of ``extract`` at N = 1,000) to find no cycle (a parse
    makes none). Off within the block; afterwards what the block made and kept is promoted to
    the oldest generation (freeze, unfreeze), so the next collection does not walk it at once,
    and the collector is on again if it was. (``checks.parallel.few_gc_pauses`` does the same
    for validate.) ``update`` too: it makes no cycles either, only garbage freed at once."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()
