"""Content-hash manifests: skip work whose inputs and output are byte-for-byte as last time.

A stage records, per unit of work (a catalogue, a document), the hashes of the inputs it read
and of the output it wrote. On the next run, a unit whose current hashes all equal the recorded
ones would produce the same bytes again, so it is skipped without parsing anything. The
manifest lives in the cache folder; deleting it only makes the next run slower. A fingerprint
(tool version + the settings that shape the output) invalidates the whole manifest when it
changes.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import __version__
from .errors import from_os_error
from .fsutil import atomic_write_text, confine, read_bytes
from .jsontext import dumps_indented

FORMAT = 1


def content_hash(data: bytes) -> str:
    return content_hasher(data).hexdigest()


def content_hasher(data: bytes = b"") -> hashlib.blake2b:
    """The hash :func:`content_hash` gives, to be fed a piece at a time."""
    return hashlib.blake2b(data, digest_size=16)


def file_hash(path: Path) -> str | None:
    """Hash of the file's bytes; None when it does not exist."""
    try:
        return content_hash(read_bytes(path))
    except FileNotFoundError:
        return None
    except OSError as exc:  # a failed read() names no file
        raise from_os_error(exc, "cannot read", path) from None


class Manifest:
    """key → list of hashes, tied to a fingerprint of everything else the output depends on."""

    def __init__(self, path: Path, fingerprint: str, shown: str | None = None) -> None:
        """``shown``: the path as messages name it (relative to the project)."""
        self.path = confine(path, path.parent, shown or str(path), "the cache folder")
        self.fingerprint = f"{__version__}:{fingerprint}"
        self._old: dict[str, list[str | None]] = {}
        self._new: dict[str, list[str | None]] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return  # none yet, or damaged: the run is slower, not wrong
        except OSError as exc:
            # Said now, before anything is written: saving it at the end would fail the same way
            raise from_os_error(exc, "cannot read", shown or path) from None
        if (
            isinstance(data, dict)
            and data.get("format") == FORMAT
            and data.get("fingerprint") == self.fingerprint
            and isinstance(data.get("entries"), dict)
        ):
            self._old = data["entries"]
            self._new = dict(self._old)

    def unchanged(self, key: str, *hashes: str | None) -> bool:
        """True when ``key`` was recorded with exactly these hashes (none of them missing)."""
        if any(h is None for h in hashes):
            return False
        return self._old.get(key) == list(hashes)

    def get(self, key: str) -> list[str | None] | None:
        return self._old.get(key)

    def record(self, key: str, *hashes: str | None) -> None:
        self._new[key] = list(hashes)

    def save(self) -> bool:
        data = {
            "format": FORMAT,
            "fingerprint": self.fingerprint,
            "entries": dict(sorted(self._new.items())),
        }
        # json.dumps(data, indent=0, ensure_ascii=False)'s text, its strings encoded in C
        return atomic_write_text(self.path, dumps_indented(data, 0) + "\n")
