"""Text from a registry made safe to print on one line of a terminal or a CI log.

A schema, a settings file or a file name can hold any character. Printed as it is, a line
break lets it start a line of its own (a GitHub Actions workflow command such as
``::warning::``, or a forged problem), and an escape sequence drives the terminal (OSC 52
writes the clipboard). Each field of a problem or finding is printed through `visible`.
"""

from __future__ import annotations

import re

__all__ = ["visible", "visible_lines"]

# C0 controls but the tab, DEL, C1 controls, and the Unicode line and paragraph separators
_INVISIBLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


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
