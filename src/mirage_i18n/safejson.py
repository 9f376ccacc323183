"""JSON that came by e-mail (a pack's manifest, a review page's saved file), read with bounds.

``json.loads`` alone raised ``RecursionError`` on deep nesting, ``ValueError`` on a 5,000-digit
number and accepted ``NaN``: each is now one :class:`CatalogError` naming the file.
"""

from __future__ import annotations

import json
from typing import Any

from . import limits
from .errors import CatalogError


class _Refused(ValueError):
    pass


def _number(text: str) -> int | float:
    digits = sum(ch.isdigit() for ch in text)
    if digits > limits.MAX_JSON_NUMBER_DIGITS:
        raise _Refused(
            f"a number with {digits:,} digits (more than {limits.MAX_JSON_NUMBER_DIGITS})"
        )
    return int(text) if text.lstrip("-").isdigit() else float(text)


def _constant(name: str) -> Any:
    raise _Refused(f"{name} is not JSON")


def _depth(value: Any) -> int:
    """Nesting depth, without recursion (the value may hold a thousand levels)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in item)
    return deepest


def load_json(data: bytes, shown: str, what: str) -> Any:
    """``data`` parsed, or ``shown: <what> is not usable JSON: <why>``. A UTF-8 BOM is allowed
    (Windows editors write one)."""

    def fail(why: str) -> CatalogError:
        return CatalogError(f"{what} is not usable JSON: {why}", shown)

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail(f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None
    try:
        value = _parse(text)
    except _Refused as exc:
        raise fail(str(exc)) from None
    except RecursionError:
        raise fail(f"nested deeper than {limits.MAX_JSON_DEPTH} levels") from None
    except ValueError as exc:  # json.JSONDecodeError is one
        raise fail(f"not JSON ({exc})") from None
    if _depth(value) > limits.MAX_JSON_DEPTH:
        raise fail(f"nested deeper than {limits.MAX_JSON_DEPTH} levels")
    return value


def _parse(text: str) -> Any:
    return json.loads(text, parse_int=_number, parse_float=_number, parse_constant=_constant)
