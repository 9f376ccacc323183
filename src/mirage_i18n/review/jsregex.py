"""Python regular expressions rewritten as JavaScript ones that match the same text.

The review page matches translations with the very patterns the checks compiled in Python
(masks, doubled punctuation, HTML entities, numbers written as words, glossary renderings).
The two dialects share their syntax but not all of its meaning, so the page receives each
pattern rewritten here rather than a hand-made copy:

* ``\\s``, ``\\w``, ``\\d`` and ``\\b`` are Unicode-wide in Python and differ from JavaScript's
  (Python's whitespace holds ``\\x1c``–``\\x1f`` and not ``\\ufeff``; JavaScript's ``\\b``
  knows only ASCII letters): they become explicit classes and lookarounds;
* ``.`` excludes only ``\\n`` in Python; ``$`` also matches before a final newline;
* with IGNORECASE, Python lets ``i`` match ``İ`` and ``ı`` (JavaScript's case folding does not);
* escapes Python tolerates (``\\ ``, ``\\#``, a lone ``{``) are syntax errors in a JavaScript
  ``u`` pattern.

Constructs the page never needs (inline flags, conditionals, atomic groups, possessive
quantifiers, MULTILINE, VERBOSE, ASCII) raise :class:`ValueError`: a pattern the page could
not run the same way must fail when the page is built, never match differently.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from array import array
from functools import lru_cache

# Python's \w is str.isalnum() or "_": exactly the letters and numbers (checked over every
# code point of the running Python's Unicode database by the tests).
WORD = "\\p{L}\\p{N}_"
DIGIT = "\\p{Nd}"
SYNTAX = set("^$\\.*+?()[]{}|/")
CLASS_SPECIAL = set("\\]^-[")
SUPPORTED_FLAGS = re.IGNORECASE | re.DOTALL | re.UNICODE
# Python's IGNORECASE lets each of these match the others; JavaScript's case folding does not.
I_FORMS = "iIİı"
_QUANTIFIER_RE = re.compile(r"\{(\d*)(,?)(\d*)\}")


NAMED = {"\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f", "\r": "\\r"}


def _cp(char: str) -> str:
    """A character as a JavaScript pattern writes it: as itself when printable, else escaped."""
    if char == " " or (char.isprintable() and unicodedata.category(char)[0] not in "MZ"):
        return char
    code = ord(char)
    if char in NAMED:
        return NAMED[char]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\u{{{code:x}}}"


@lru_cache(maxsize=1)
def every_character() -> str:
    """Every code point, in order, as one string (built in C: a loop over ``chr`` takes 10×)."""
    codes = array("I", range(sys.maxunicode + 1)).tobytes()
    return codes.decode("utf-32-le" if sys.byteorder == "little" else "utf-32-be", "surrogatepass")


@lru_cache(maxsize=1)
def space_class() -> str:
    """Python's ``\\s`` (``str.isspace``) as the body of a JavaScript class."""
    codes = [ord(c) for c in re.sub(r"\S+", "", every_character())]
    out: list[str] = []
    start = prev = codes[0]
    for code in [*codes[1:], -1]:
        if code == prev + 1:
            prev = code
            continue
        out.append(_cp(chr(start)) if start == prev else f"{_cp(chr(start))}-{_cp(chr(prev))}")
        start = prev = code
    return "".join(out)


def _shorthands() -> dict[str, str]:
    return {"s": space_class(), "w": WORD, "d": DIGIT}


class _Rewriter:
    def __init__(self, source: str, flags: int) -> None:
        unsupported = flags & ~SUPPORTED_FLAGS
        if unsupported:
            raise ValueError(f"flags {re.RegexFlag(unsupported)!r} have no JavaScript rewrite")
        self.src = source
        self.i = 0
        self.ignorecase = bool(flags & re.IGNORECASE)
        self.dotall = bool(flags & re.DOTALL)
        self.out: list[str] = []

    def fail(self, what: str) -> ValueError:
        return ValueError(f"{what} at {self.i} of {self.src!r}: no JavaScript rewrite")

    # ------------------------------------------------------------------ outside classes
    def run(self) -> str:
        src = self.src
        while self.i < len(src):
            char = src[self.i]
            if char == "\\":
                self.out.append(self.escape())
            elif char == "[":
                self.out.append(self.char_class())
            elif char == ".":
                self.i += 1
                self.out.append("[\\s\\S]" if self.dotall else "[^\\n]")
            elif char == "$":
                self.i += 1
                self.out.append("(?=\\n?(?![\\s\\S]))")
            elif char == "(":
                self.out.append(self.group())
            elif char == "{":
                self.out.append(self.brace())
            elif char in "*+?":
                self.i += 1
                self.out.append(char + self.quantifier_suffix())
            elif char in "^|)":
                self.i += 1
                self.out.append(char)
            else:
                self.i += 1
                self.out.append(self.literal(char))
        return "".join(self.out)

    def quantifier_suffix(self) -> str:
        """A lazy ``?`` after a quantifier, kept; a possessive ``+`` refused."""
        if self.src.startswith("?", self.i):
            self.i += 1
            return "?"
        if self.src.startswith("+", self.i):
            raise self.fail("possessive quantifier")
        return ""

    def literal(self, char: str) -> str:
        if self.ignorecase and char in I_FORMS:
            return f"[{I_FORMS}]"
        return "\\" + char if char in SYNTAX else _cp(char)

    def brace(self) -> str:
        match = _QUANTIFIER_RE.match(self.src, self.i)
        if match is None or match.group(0) == "{}":
            self.i += 1
            return "\\{"
        low, comma, high = match.groups()
        self.i = match.end()
        return "{" + (low or "0") + ("," if comma else "") + high + "}" + self.quantifier_suffix()

    def group(self) -> str:
        src = self.src
        if not src.startswith("(?", self.i):
            self.i += 1
            return "("
        for keep in ("(?:", "(?=", "(?!", "(?<=", "(?<!"):
            if src.startswith(keep, self.i):
                self.i += len(keep)
                return keep
        if src.startswith("(?P<", self.i):
            end = src.index(">", self.i)
            name = src[self.i + 4 : end]
            self.i = end + 1
            return f"(?<{name}>"
        if src.startswith("(?P=", self.i):
            end = src.index(")", self.i)
            name = src[self.i + 4 : end]
            self.i = end + 1
            return f"\\k<{name}>"
        if src.startswith("(?#", self.i):
            self.i = src.index(")", self.i) + 1
            return ""
        raise self.fail("group construct")

    def escape(self) -> str:
        """The escape at ``self.i`` outside a class."""
        src = self.src
        if self.i + 1 >= len(src):
            raise self.fail("trailing backslash")
        char = src[self.i + 1]
        self.i += 2
        shorthands = _shorthands()
        if char in "dD":
            return "\\" + ("p" if char == "d" else "P") + DIGIT[2:]
        if char.lower() in shorthands:
            body = shorthands[char.lower()]
            return f"[{body}]" if char.islower() else f"[^{body}]"
        if char == "b":
            return f"(?:(?<=[{WORD}])(?![{WORD}])|(?<![{WORD}])(?=[{WORD}]))"
        if char == "B":
            return f"(?:(?<=[{WORD}])(?=[{WORD}])|(?<![{WORD}])(?![{WORD}]))"
        if char == "A":
            return "(?<![\\s\\S])"
        if char == "Z":
            return "(?![\\s\\S])"
        if char in "123456789" and not self._octal(char):
            digits = char
            while self.i < len(src) and src[self.i] in "0123456789" and len(digits) < 2:
                digits += src[self.i]
                self.i += 1
            follows = self.i < len(src) and src[self.i] in "0123456789"
            return "\\" + digits + ("(?:)" if follows else "")
        code = self.code_escape(char)
        if code is not None:
            return self.literal(code)
        if char.isalnum():
            raise self.fail(f"escape \\{char}")
        return self.literal(char)

    def _octal(self, first: str) -> bool:
        rest = self.src[self.i : self.i + 2]
        return first in "01234567" and len(rest) == 2 and all(c in "01234567" for c in rest)

    def code_escape(self, char: str) -> str | None:
        """A character written as an escape (``\\n``, ``\\x41``, ``\\u00e9``, ``\\N{…}``, octal),
        with ``self.i`` just after the escape letter; None if ``char`` starts none."""
        src = self.src
        simple = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
        if char in simple:
            return simple[char]
        sizes = {"x": 2, "u": 4, "U": 8}
        if char in sizes:
            digits = src[self.i : self.i + sizes[char]]
            self.i += sizes[char]
            return chr(int(digits, 16))
        if char == "N":
            end = src.index("}", self.i)
            name = src[self.i + 1 : end]
            self.i = end + 1
            return unicodedata.lookup(name)
        if char in "01234567" and (char == "0" or self._octal(char)):
            digits = char
            while self.i < len(src) and src[self.i] in "01234567" and len(digits) < 3:
                digits += src[self.i]
                self.i += 1
            return chr(int(digits, 8))
        return None

    # ------------------------------------------------------------------ classes
    def char_class(self) -> str:
        """``[…]`` at ``self.i``: a JavaScript class, or a group where Python's class holds a
        negated shorthand (``[^\\W\\d_]``, letters) that a JavaScript class cannot."""
        src = self.src
        self.i += 1
        negated = src.startswith("^", self.i)
        if negated:
            self.i += 1
        items: list[str] = []  # class body pieces
        negs: list[str] = []  # bodies of negated shorthands (\S \W \D)
        chars: list[tuple[int, int]] = []  # literal ranges, for the IGNORECASE fix
        first = True
        while True:
            if self.i >= len(src):
                raise self.fail("unterminated class")
            char = src[self.i]
            if char == "]" and not first:
                self.i += 1
                break
            first = False
            atom, code = self.class_atom()
            if atom is None:
                continue
            if code is None:
                if atom.startswith("^"):
                    negs.append(atom[1:])
                else:
                    items.append(atom)
                if src.startswith("-", self.i) and not src.startswith("-]", self.i):
                    raise self.fail("range from a class shorthand")
                continue
            if src.startswith("-", self.i) and not src.startswith("-]", self.i):
                self.i += 1
                end_atom, end = self.class_atom()
                if end is None or end_atom is None:
                    raise self.fail("range to a class shorthand")
                items.append(f"{self.class_char(code)}-{self.class_char(end)}")
                chars.append((ord(code), ord(end)))
            else:
                items.append(self.class_char(code))
                chars.append((ord(code), ord(code)))
        if self.ignorecase and any(a <= ord(c) <= b for a, b in chars for c in I_FORMS):
            items.append(I_FORMS)
        body = "".join(items)
        if not negs:
            return f"[{'^' if negated else ''}{body}]"
        if negated:  # not in body, and in every negated shorthand's complement
            ahead = "".join(f"(?=[{n}])" for n in negs[:-1])
            guard = f"(?![{body}])" if body else ""
            return f"(?:{guard}{ahead}[{negs[-1]}])"
        return "(?:" + "|".join(([f"[{body}]"] if body else []) + [f"[^{n}]" for n in negs]) + ")"

    def class_atom(self) -> tuple[str | None, str | None]:
        """One class member: (shorthand body, None), ("^" + body for \\S \\W \\D, None),
        or (char, char) for a literal character."""
        src = self.src
        char = src[self.i]
        if char != "\\":
            self.i += 1
            return char, char
        if self.i + 1 >= len(src):
            raise self.fail("trailing backslash")
        esc = src[self.i + 1]
        self.i += 2
        shorthands = _shorthands()
        if esc.lower() in shorthands:
            body = shorthands[esc.lower()]
            return (body if esc.islower() else "^" + body), None
        if esc == "b":
            return "\b", "\b"
        code = self.code_escape(esc)
        if code is not None:
            return code, code
        if esc.isalnum():
            raise self.fail(f"escape \\{esc} in a class")
        return esc, esc

    @staticmethod
    def class_char(char: str) -> str:
        return "\\" + char if char in CLASS_SPECIAL else _cp(char)


@lru_cache(maxsize=4096)
def _rewrite(source: str, flags: int) -> tuple[str, str]:
    js_flags = "u" + ("i" if flags & re.IGNORECASE else "")
    return _Rewriter(source, flags).run(), js_flags


def js_regex(pattern: re.Pattern[str]) -> list[str]:
    """``[source, flags]`` of a JavaScript RegExp matching what ``pattern`` matches (``u`` is
    always on; the page adds ``g`` where it iterates)."""
    if not isinstance(pattern.pattern, str):
        raise ValueError("only str patterns have a JavaScript rewrite")
    source, flags = _rewrite(pattern.pattern, pattern.flags & ~re.UNICODE)
    return [source, flags]
