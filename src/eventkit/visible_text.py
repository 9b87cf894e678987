"""Text from a registry made safe to print: on one line of a terminal or a CI log, on an HTML
page, or inside JSON that may be printed.

A schema, a settings file or a file name can hold any character. Printed as it is, a line
break lets it start a line of its own (a GitHub Actions workflow command such as
``::warning::``, or a forged problem), and an escape sequence drives the terminal (OSC 52
writes the clipboard). Each field of a problem or finding is printed through `visible`; the
catalog's pages through `visible_on_page` (line breaks stay white space there), and its
AsyncAPI JSON through `json_controls_escaped`.
"""

from __future__ import annotations

import re

__all__ = ["json_controls_escaped", "visible", "visible_lines", "visible_on_page"]

# C0 controls but the tab, DEL, C1 controls, and the Unicode line and paragraph separators
_INVISIBLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r"}
# The same without tab, line feed and carriage return: on a page those are white space
_ON_PAGE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# What `json.dumps(..., ensure_ascii=False)` writes as it is (it escapes C0 controls only)
_RAW_IN_JSON = re.compile(r"[\x7f-\x9f]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (
        f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    )


def visible(text: str) -> str:
    """`text` with every control character, line break and separator written as a visible
    escape (``\\n``, ``\\x1b``, ``\\u2028``); other text, a tab included, as it is."""
    return _INVISIBLE.sub(_escape, text) if _INVISIBLE.search(text) else text


def visible_lines(text: str) -> str:
    """`visible` for each line of `text`: its line breaks kept (an error message of several
    lines), every other control character escaped."""
    return "\n".join(visible(line) for line in text.split("\n"))


def visible_on_page(text: str) -> str:
    """`visible` for text shown on an HTML page, where tab and line breaks are white space:
    every other C0 and C1 control (invisible there, NUL turned into U+FFFD) as a visible
    escape (``\\x1b``); tab, line feed and carriage return as they are."""
    return _ON_PAGE.sub(_escape, text) if not text.isprintable() else text


def json_controls_escaped(json_text: str) -> str:
    """JSON text written by ``json.dumps(..., ensure_ascii=False)`` with DEL and the C1
    controls (U+0080-U+009F, which it leaves raw; U+009B starts a terminal control sequence)
    as ``\\u`` escapes: the same JSON value, harmless to print."""
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)
