"""The "Event pattern size" quota and how AWS counts a pattern's size: in the base layer, so the
pattern engine (`eventkit.patterns`) and the router's rule patterns (`eventkit.routing`, which
must not load that engine: a Lambda cold start) count alike."""

from __future__ import annotations

__all__ = ["DEFAULT_MAX_PATTERN_CHARS", "MAX_PATTERN_CHARS", "text_chars"]

DEFAULT_MAX_PATTERN_CHARS = 2048  # the quota's default
MAX_PATTERN_CHARS = 4096  # PutRule's EventPattern, whatever the quota


def text_chars(text: str) -> int:
    """Characters of a pattern's JSON text as AWS counts them: a character outside the BMP
    is two (a UTF-16 pair, as a Java string holds it), so never fewer than AWS counts."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2
