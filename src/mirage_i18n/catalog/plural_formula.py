"""A header's plural formula, read and checked exactly as GNU msgfmt checks it.

msgfmt finds ``nplurals=`` and ``plural=`` anywhere in the header, parses the expression with
gettext's own C-like grammar (``n``, numbers, ``! * / % + - < > <= >= == != && || ?:`` and
parentheses; blanks are spaces and tabs; ``;`` or a line end closes it), evaluates it on
unsigned 64-bit integers for n = 0…1000 and refuses a formula that divides by zero, goes
negative or reaches nplurals (``msgl-check.c``). Python's ``gettext.c2py`` is another grammar
(it reads ``n/0`` as a Python expression, and wraps nothing), so this is a port.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_MASK = (1 << 64) - 1
_SIGN = 1 << 63
_C_SPACE = " \t\n\v\f\r"  # c_isspace, before the nplurals value

Node = tuple[Any, ...]  # ("n",), ("num", v), ("!", a), (op, a, b), ("?", c, a, b)


class _DivisionByZero(Exception):
    pass


class _Invalid(Exception):
    pass


def _tokens(text: str) -> list[tuple[str, int]]:
    """plural.y's ``yylex``: the tokens up to ``;``, a line end or the end of the text."""
    out: list[tuple[str, int]] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c in " \t":
            i += 1
            continue
        if c in ";\n":
            break
        two = text[i : i + 2]
        if c.isascii() and c.isdigit():
            j = i
            value = 0
            while j < len(text) and text[j].isascii() and text[j].isdigit():
                value = (value * 10 + ord(text[j]) - 48) & _MASK
                j += 1
            out.append(("num", value))
            i = j
            continue
        if two in ("==", "!=", "<=", ">=", "&&", "||"):
            out.append((two, 0))
            i += 2
            continue
        if c in "n?:()!<>*/%+-":
            out.append((c, 0))
            i += 1
            continue
        raise _Invalid  # "=", "&", "|" alone, letters, anything else
    return out


# binary operators by precedence, lowest first, as plural.y declares them
_LEVELS: tuple[tuple[str, ...], ...] = (
    ("||",),
    ("&&",),
    ("==", "!="),
    ("<", ">", "<=", ">="),
    ("+", "-"),
    ("*", "/", "%"),
)


class _Parser:
    def __init__(self, tokens: list[tuple[str, int]]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> str:
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else ""

    def take(self, kind: str) -> None:
        if self.peek() != kind:
            raise _Invalid
        self.pos += 1

    def expression(self) -> Node:
        condition = self.binary(0)
        if self.peek() != "?":
            return condition
        self.pos += 1
        then = self.expression()
        self.take(":")
        return ("?", condition, then, self.expression())

    def binary(self, level: int) -> Node:
        if level == len(_LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in _LEVELS[level]:
            op = self.peek()
            self.pos += 1
            left = (op, left, self.binary(level + 1))
        return left

    def unary(self) -> Node:
        kind = self.peek()
        if kind == "!":
            self.pos += 1
            return ("!", self.unary())
        if kind == "n":
            self.pos += 1
            return ("n",)
        if kind == "num":
            value = self.tokens[self.pos][1]
            self.pos += 1
            return ("num", value)
        if kind == "(":
            self.pos += 1
            inner = self.expression()
            self.take(")")
            return inner
        raise _Invalid


def parse_expression(text: str) -> Node | None:
    """The expression at the start of ``text`` (what follows ``plural=``), None if invalid."""
    try:
        parser = _Parser(_tokens(text))
        tree = parser.expression()
        return tree if parser.pos == len(parser.tokens) else None
    except (_Invalid, RecursionError):
        return None


_ARITHMETIC: dict[str, Callable[[int, int], int]] = {
    "*": lambda a, b: (a * b) & _MASK,
    "+": lambda a, b: (a + b) & _MASK,
    "-": lambda a, b: (a - b) & _MASK,
    "<": lambda a, b: int(a < b),
    ">": lambda a, b: int(a > b),
    "<=": lambda a, b: int(a <= b),
    ">=": lambda a, b: int(a >= b),
    "==": lambda a, b: int(a == b),
    "!=": lambda a, b: int(a != b),
}


def evaluate(tree: Node, n: int) -> int:
    """The formula's value for ``n``, in C's unsigned long arithmetic (eval-plural.h)."""
    op = tree[0]
    if op == "n":
        return n
    if op == "num":
        return int(tree[1])
    if op == "!":
        return int(not evaluate(tree[1], n))
    if op == "?":
        return evaluate(tree[2] if evaluate(tree[1], n) else tree[3], n)
    left = evaluate(tree[1], n)
    if op == "||":
        return 1 if left or evaluate(tree[2], n) else 0
    if op == "&&":
        return 1 if left and evaluate(tree[2], n) else 0
    right = evaluate(tree[2], n)
    if op in ("/", "%"):
        if right == 0:
            raise _DivisionByZero
        return left // right if op == "/" else left % right
    return _ARITHMETIC[op](left, right)


# A formula is evaluated 1,001 times in Python: a hostile header could make that minutes. Real
# ones have under 100 tokens (Arabic's, the longest in gettext's table, 62).
MAX_TOKENS = 1000


@lru_cache(maxsize=256)
def _formula_problem(nplurals: int | None, expression: str) -> str | None:
    """msgfmt's complaint about the expression (None: it is fine). Cached: evaluating a
    formula a thousand times is costly, and thousands of catalogues share a few formulas."""
    try:
        tokens = _tokens(expression)
    except _Invalid:
        return "invalid plural expression"
    if len(tokens) > MAX_TOKENS:
        return f"plural expression too long to check ({len(tokens)} tokens; at most {MAX_TOKENS})"
    try:
        parser = _Parser(tokens)
        tree = parser.expression()
    except _Invalid:
        return "invalid plural expression"
    except RecursionError:
        return "plural expression too deeply nested to check"
    if parser.pos != len(parser.tokens):
        return "invalid plural expression"
    if nplurals is None:
        return None
    try:
        for n in range(1001):
            value = evaluate(tree, n)
            if value & _SIGN:
                return "plural expression can produce negative values"
            if value >= nplurals:
                return (
                    f"nplurals = {nplurals} but plural expression can produce values "
                    f"as large as {value}"
                )
    except _DivisionByZero:
        return "plural expression can produce division by zero"
    except RecursionError:
        return "plural expression too deeply nested to check"
    return None


@lru_cache(maxsize=256)
def formula_values(expression: str, upto: int = 1200) -> tuple[int, ...] | None:
    """The formula's values for n = 0…``upto`` (None if it is invalid or cannot be evaluated):
    two formulas are the same rule when these are equal, ``n>1`` and ``(n > 1)`` alike."""
    tree = parse_expression(expression) if _formula_problem(None, expression) is None else None
    if tree is None:
        return None
    try:
        return tuple(evaluate(tree, n) for n in range(upto + 1))
    except (_DivisionByZero, RecursionError):
        return None


@dataclass(frozen=True)
class PluralForms:
    """What msgfmt makes of a header's plural formula: its problems (in msgfmt's words)."""

    problems: tuple[str, ...]
    nplurals: int | None  # None: no readable nplurals= (msgfmt then assumes 2)
    expression: str | None  # what follows "plural=", up to ";" or the line end


def read_header(header: str, has_plural: bool = False) -> PluralForms:
    """msgfmt ``-c``'s ``check_plural`` on a header entry's text (``Name: value`` lines).

    ``has_plural``: the catalogue has a translated, non-fuzzy plural entry (msgfmt then
    requires both attributes). The number of ``msgstr[n]`` of each entry is the
    ``plural-count`` check's business."""
    plural_at = header.find("plural=")
    nplurals_at = header.find("nplurals=")
    problems: list[str] = []
    if has_plural:
        lack = "message catalog has plural form translations, but header entry lacks a "
        if plural_at < 0:
            problems.append(lack + '"plural=EXPRESSION" attribute')
        if nplurals_at < 0:
            problems.append(lack + '"nplurals=INTEGER" attribute')
    nplurals: int | None = None
    expression: str | None = None
    if nplurals_at >= 0:
        rest = header[nplurals_at + 9 :].lstrip(_C_SPACE)
        digits = len(rest) - len(rest.lstrip("0123456789"))
        if digits:  # strtoul: saturates at ULONG_MAX
            nplurals = _MASK if digits > 20 else min(int(rest[:digits]), _MASK)
    if plural_at >= 0:
        expression = header[plural_at + 7 :].partition("\n")[0].partition(";")[0]
    if plural_at < 0 or nplurals_at < 0:
        return PluralForms(tuple(problems), nplurals, expression)
    if nplurals is None:
        problems.append("invalid nplurals value")
    problem = _formula_problem(nplurals, expression or "")
    if problem:
        problems.append(problem)
    return PluralForms(tuple(problems), nplurals, expression)
