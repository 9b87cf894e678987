"""ECMA-262 pattern syntax, rewritten for the engines eventkit runs patterns in (and the one
generated models run them in: Rust's, in pydantic-core).

JSON Schema patterns are ECMA-262 regular expressions (with the `u` flag, as JSON Schema
recommends): `\\d`, `\\w`, `\\b` are ASCII-only, `\\s` is Unicode white space, `.` stops at
any line terminator and `$` only matches at the very end. Neither RE2 nor Python's regex
engines read a pattern that way, so each ECMA construct whose meaning differs is written out
explicitly (character classes as code-point ranges), and everything the engines read the same
is passed through. Constructs ECMA-262 does not have (`\\A`, `\\Z`, `(?P<...>)`, inline flags)
are rejected rather than silently given Python's meaning.
"""

from __future__ import annotations

import re

from eventkit.error_base import RegexSyntaxError

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["Dialect", "translate"]

MAX_CODE_POINT = 0x10FFFF
Ranges = tuple[tuple[int, int], ...]

_DIGIT: Ranges = ((0x30, 0x39),)
_WORD: Ranges = ((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A))
# ECMA-262 WhiteSpace and LineTerminator (Unicode Zs included).
_SPACE: Ranges = (
    (0x09, 0x0D),
    (0x20, 0x20),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
    (0xFEFF, 0xFEFF),
)
_LINE_TERMINATORS: Ranges = ((0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029))
_CONTROL_ESCAPES = {"t": 0x09, "n": 0x0A, "v": 0x0B, "f": 0x0C, "r": 0x0D}
_SYNTAX_CHARS = frozenset("^$\\.*+?()[]{}|/-")
# Compiled on first use (`re`'s own cache), not at import: a cold `import eventkit.compat`
# loads this module, and most patterns have no `{` or named group.
_QUANTIFIER = r"\{[0-9]+(?:,[0-9]*)?\}"
_GROUP_NAME = r"[A-Za-z_$][A-Za-z0-9_$]*"


def complement(ranges: Iterable[tuple[int, int]]) -> Ranges:
    """The code points (0..MAX_CODE_POINT) outside `ranges`, as sorted inclusive ranges."""
    out: list[tuple[int, int]] = []
    start = 0
    for lo, hi in sorted(ranges):
        if lo > start:
            out.append((start, lo - 1))
        start = max(start, hi + 1)
    if start <= MAX_CODE_POINT:
        out.append((start, MAX_CODE_POINT))
    return tuple(out)


_CLASS_ESCAPES: dict[str, Ranges] = {
    "d": _DIGIT,
    "D": complement(_DIGIT),
    "w": _WORD,
    "W": complement(_WORD),
    "s": _SPACE,
    "S": complement(_SPACE),
}


class Dialect:
    """How one engine spells what the translation needs.

    A plain class, not a `@dataclass`: `dataclasses` (with `inspect`) is most of a cold
    `import eventkit.compat`. There are two, made here; each is its own value.
    """

    __slots__ = ("boundary", "code_point", "end", "name")

    def __init__(self, name: str, code_point: str, end: str, boundary: str = "\\%s") -> None:
        self.name = name
        self.code_point = code_point  # format for an escaped code point, e.g. "\\x{%X}"
        self.end = end  # ECMA `$`: the very end of the input
        self.boundary = boundary  # format for an ASCII `\\b` or `\\B` (given "b" or "B")


RE2 = Dialect("re2", "\\x{%X}", "\\z")
PYTHON = Dialect("regex", "\\U%08X", "\\Z")
# Rust's `regex` crate (pydantic-core's engine): RE2's syntax, but `\\b` is Unicode there.
RUST = Dialect("rust", "\\x{%X}", "\\z", "(?-u:\\%s)")


class _Translator:
    def __init__(self, pattern: str, dialect: Dialect) -> None:
        self.src = pattern
        self.d = dialect
        self.i = 0
        self.out: list[str] = []

    def fail(self, what: str) -> RegexSyntaxError:
        return RegexSyntaxError(
            f"pattern {self.src!r} is not an ECMA-262 regular expression: {what} "
            f"(at character {self.i})",
            pattern=self.src,
            hint="write the pattern in ECMA-262 syntax (see 'Regular expressions' in "
            "docs/registry.md)",
        )

    # -- rendering ----------------------------------------------------------------------------

    def cp(self, code: int) -> str:
        char = chr(code)
        if char.isascii() and (char.isalnum() or char == "_"):
            return char
        return self.d.code_point % code

    def ranges(self, ranges: Ranges) -> str:
        return "".join(
            self.cp(lo) if lo == hi else f"{self.cp(lo)}-{self.cp(hi)}" for lo, hi in ranges
        )

    def char_class(self, items: list[str], negated: bool) -> str:
        if not items:  # [] matches nothing, [^] any character
            everything = self.ranges(((0, MAX_CODE_POINT),))
            return f"[^{everything}]" if not negated else f"[{everything}]"
        return f"[{'^' if negated else ''}{''.join(items)}]"

    # -- reading ------------------------------------------------------------------------------

    def run(self) -> str:
        src = self.src
        while self.i < len(src):
            ch = src[self.i]
            self.i += 1
            if ch == "\\":
                self.out.append(self.atom_escape())
            elif ch == "[":
                self.out.append(self.class_body())
            elif ch == ".":
                self.out.append(self.char_class([self.ranges(_LINE_TERMINATORS)], negated=True))
            elif ch == "$":
                self.out.append(self.d.end)
            elif ch == "(":
                self.out.append(self.group_open())
            elif ch == "{":
                found = re.compile(_QUANTIFIER).match(src, self.i - 1)
                if found:
                    self.out.append(found.group())
                    self.i = found.end()
                else:
                    self.out.append("\\{")  # a lone brace is a literal (Annex B)
            elif ch in "}]":
                self.out.append("\\" + ch)
            elif ch in "^|)*+?":
                self.out.append(ch)
            elif ch.isascii() and not ch.isalnum():
                self.out.append(self.cp(ord(ch)))  # punctuation: escaped, never special
            else:
                self.out.append(ch)
        return "".join(self.out)

    def group_open(self) -> str:
        src, i = self.src, self.i
        if not src.startswith("?", i):
            return "("
        for opener in ("?:", "?=", "?!", "?<=", "?<!"):
            if src.startswith(opener, i):
                self.i += len(opener)
                return "(" + opener
        if src.startswith("?<", i):
            name = re.compile(_GROUP_NAME).match(src, i + 2)
            if name and src.startswith(">", name.end()):
                self.i = name.end() + 1
                return f"(?P<{name.group()}>"
        raise self.fail("unknown group syntax `(?`")

    def atom_escape(self) -> str:
        src = self.src
        if self.i >= len(src):
            raise self.fail("a pattern cannot end with `\\`")
        ch = src[self.i]
        if ch in "bB":
            self.i += 1
            return self.d.boundary % ch  # every engine is asked for ASCII word boundaries
        if ch in "123456789":
            digits = re.match(r"[0-9]+", src[self.i :])
            assert digits is not None
            self.i += len(digits.group())
            return f"(?:\\{digits.group()})"
        if ch == "k":
            name = re.compile(_GROUP_NAME).match(src, self.i + 2)
            if not (src.startswith("k<", self.i) and name and src.startswith(">", name.end())):
                raise self.fail("`\\k` must name a group, as `\\k<name>`")
            self.i = name.end() + 1
            return f"(?P={name.group()})"
        if ch in _CLASS_ESCAPES:
            self.i += 1
            return self.char_class([self.ranges(_CLASS_ESCAPES[ch])], negated=False)
        if ch in "pP":
            return self.property_escape()
        return self.cp(self.character_escape())

    def property_escape(self) -> str:
        end = self.src.find("}", self.i)
        if not self.src.startswith("{", self.i + 1) or end < 0:
            raise self.fail("`\\p` needs a property in braces, as `\\p{L}`")
        text = self.src[self.i - 1 : end + 1]
        self.i = end + 1
        return text

    def character_escape(self) -> int:
        """The code point of a character escape starting at `self.i` (after the backslash)."""
        src = self.src
        ch = src[self.i]
        self.i += 1
        if ch in _CONTROL_ESCAPES:
            return _CONTROL_ESCAPES[ch]
        if ch == "c":
            letter = src[self.i : self.i + 1]
            if not (letter.isascii() and letter.isalpha()):
                raise self.fail("`\\c` must be followed by a letter")
            self.i += 1
            return ord(letter) % 32
        if ch == "0" and not src[self.i : self.i + 1].isdigit():
            return 0
        if ch == "x":
            return self.hex_digits(2)
        if ch == "u":
            return self.unicode_escape()
        if ch in _SYNTAX_CHARS:
            return ord(ch)
        raise self.fail(f"`\\{ch}` is not an ECMA-262 escape")

    def hex_digits(self, count: int) -> int:
        text = self.src[self.i : self.i + count]
        if len(text) != count or not all(c in "0123456789abcdefABCDEF" for c in text):
            raise self.fail(f"expected {count} hexadecimal digits")
        self.i += count
        return int(text, 16)

    def unicode_escape(self) -> int:
        if self.src.startswith("{", self.i):
            end = self.src.find("}", self.i)
            digits = self.src[self.i + 1 : end] if end > 0 else ""
            if not digits or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise self.fail("`\\u{...}` needs hexadecimal digits")
            if int(digits, 16) > MAX_CODE_POINT:
                raise self.fail("code point beyond U+10FFFF")
            self.i = end + 1
            return int(digits, 16)
        code = self.hex_digits(4)
        if 0xD800 <= code <= 0xDBFF and self.src.startswith("\\u", self.i):
            low = self.src[self.i + 2 : self.i + 6]
            if len(low) == 4 and all(c in "0123456789abcdefABCDEF" for c in low):
                trail = int(low, 16)
                if 0xDC00 <= trail <= 0xDFFF:  # a surrogate pair is one code point
                    self.i += 6
                    return 0x10000 + ((code - 0xD800) << 10) + (trail - 0xDC00)
        return code

    def class_body(self) -> str:
        src = self.src
        negated = src.startswith("^", self.i)
        self.i += negated
        items: list[str] = []
        can_end_range = False  # the last item is one character (so `-` after it is a range)
        while True:
            if self.i >= len(src):
                raise self.fail("unterminated character class `[`")
            ch = src[self.i]
            self.i += 1
            if ch == "]":
                return self.char_class(items, negated)
            if ch == "-" and can_end_range and not src.startswith("]", self.i):
                items.append("-")
                can_end_range = False
                continue
            item, one = self.class_escape() if ch == "\\" else (self.cp(ord(ch)), True)
            ends_range = items[-1:] == ["-"]
            if ends_range and not one:
                items[-1] = self.cp(ord("-"))  # `[a-\\d]`: the hyphen is a literal
            items.append(item)
            can_end_range = one and not ends_range

    def class_escape(self) -> tuple[str, bool]:
        """One escape inside a class: its text, and whether it is a single character."""
        src = self.src
        if self.i >= len(src):
            raise self.fail("unterminated character class `[`")
        ch = src[self.i]
        if ch in _CLASS_ESCAPES:
            self.i += 1
            return self.ranges(_CLASS_ESCAPES[ch]), False
        if ch in "pP":
            return self.property_escape(), False
        if ch == "b":
            self.i += 1
            return self.cp(0x08), True  # backspace inside a class
        return self.cp(self.character_escape()), True


def translate(pattern: str, dialect: Dialect) -> str:
    """`pattern` (ECMA-262) in `dialect`'s syntax with the same meaning; RegexSyntaxError if
    it is not ECMA-262. The result is still checked by the engine (e.g. `a**`)."""
    return _Translator(pattern, dialect).run()
