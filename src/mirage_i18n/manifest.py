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
from json.encoder import encode_basestring as _encode_string  # C, as json.dumps uses
from pathlib import Path

from . import __version__
from .errors import from_os_error
from .fsutil import atomic_write_text, confine

FORMAT = 1


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def file_hash(path: Path) -> str | None:
    """Hash of the file's bytes; None when it does not exist."""
    try:
        return content_hash(path.read_bytes())
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
        return atomic_write_text(self.path, dumps(data) + "\n")


def dumps(data: dict[str, object]) -> str:
    """``json.dumps(data, indent=0, ensure_ascii=False)``, the same text: with an indent, the
    json module encodes in Python, value by value (6 % of an ``update`` without its cache, for
    the 8,168 entries of a 1,000-article project); here each string goes through its C
    encoder. Anything but lists of strings or None under ``entries`` goes to ``json.dumps``."""
    entries = data.get("entries")
    if list(data) != ["format", "fingerprint", "entries"] or not isinstance(entries, dict):
        return json.dumps(data, indent=0, ensure_ascii=False)
    string = _encode_string
    lines = [
        "{",
        f'"format": {json.dumps(data["format"], ensure_ascii=False)},',
        f'"fingerprint": {json.dumps(data["fingerprint"], ensure_ascii=False)},',
    ]
    if not entries:
        lines.append('"entries": {}')
    else:
        lines.append('"entries": {')
        last = len(entries) - 1
        for n, (key, hashes) in enumerate(entries.items()):
            if not isinstance(key, str) or type(hashes) is not list:
                return json.dumps(data, indent=0, ensure_ascii=False)
            if not hashes:
                lines.append(f"{string(key)}: []")
            else:
                items = []
                for value in hashes:
                    if value is None:
                        items.append("null")
                    elif type(value) is str:
                        items.append(string(value))
                    else:
                        return json.dumps(data, indent=0, ensure_ascii=False)
                lines.append(f"{string(key)}: [\n" + ",\n".join(items) + "\n]")
            if n != last:
                lines[-1] += ","
        lines.append("}")
    lines.append("}")
    return "\n".join(lines)
