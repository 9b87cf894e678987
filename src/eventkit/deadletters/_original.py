"""The original text of a dead-lettered event, as it arrived, for a redrive that republishes it
unchanged: numbers as written (no rounding to a double, no `Infinity`), strings as written (no
``\\uXXXX`` escaping that would double a CJK-heavy event), members in their order.

The text is cut out of the message body (or out of the SNS `Message` it is in) rather than
re-serialised from the parsed event, so what is sent is byte for byte what was received.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from eventkit.deadletters._messages import DeadLetter
from eventkit.json_text import JsonTextError, read_json

__all__ = ["NotRedrivable", "detail_of", "detail_text", "event_text"]

_SPACE = re.compile(r"[ \t\n\r]*")


class NotRedrivable(ValueError):
    """The event's text cannot be republished unchanged (the message stays in the queue)."""


def _refuse(constant: str) -> Any:
    raise NotRedrivable(
        f"its JSON holds {constant}, which is not JSON by the standard (RFC 8259); "
        "it would be refused or misread downstream"
    )


_STRICT = json.JSONDecoder(parse_constant=_refuse)


def event_text(letter: DeadLetter) -> str:
    """The EventBridge event of `letter`, as the exact JSON text it arrived as.

    Follows the layers `unwrap_delivery` took off (SNS `Message`, an on-failure destination's
    `detail`, a destination record's `requestPayload`) in the body's own text.

    Raises:
        NotRedrivable: the text is not strict JSON (``NaN``, ``Infinity``), or cannot be cut.
    """
    body = letter.message.get("Body")
    if not isinstance(body, str):
        raise NotRedrivable("the message has no body")
    text, span = body, _value_span(body, 0)
    layers = letter.delivery.via if letter.delivery is not None else ()
    for layer in layers:
        if layer == "sns":
            text = _sns_message(_STRICT.decode(text[span[0] : span[1]]))
            span = _value_span(text, 0)
        elif layer == "eventbridge":
            span = _member_span(text, span[0], "detail")
        elif layer == "lambda-destination":
            span = _member_span(text, span[0], "requestPayload")
    original = text[span[0] : span[1]]
    try:
        _STRICT.decode(original)  # refuses NaN / Infinity anywhere in the event
    except RecursionError:
        raise NotRedrivable("it nests too deep to check") from None
    except json.JSONDecodeError as exc:
        raise NotRedrivable(f"its text cannot be cut out of the message ({exc})") from None
    return original


def detail_text(event: str) -> str:
    """The `detail` of the event text `event`, as PutEvents' `Detail`: the text as written,
    or the string itself when `detail` is a JSON string (EventBridge Scheduler sends it so)."""
    start, end = _member_span(event, 0, "detail")
    raw = event[start:end]
    if raw.startswith('"'):
        value = json.loads(raw)
        if isinstance(value, str):
            return value
    return raw


def detail_of(event: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """The event's `detail` as an object, decoding a `detail` sent as a JSON string."""
    detail = event.get("detail") if event is not None else None
    if isinstance(detail, str):
        try:
            detail = read_json(detail)
        except JsonTextError:
            return None
    return detail if isinstance(detail, Mapping) else None


def _sns_message(notification: Any) -> str:
    if isinstance(notification, Mapping):
        message = notification.get("Message")
        if isinstance(message, str):
            return message
        records = notification.get("Records")
        if isinstance(records, list) and records and isinstance(records[0], Mapping):
            sns = records[0].get("Sns")
            if isinstance(sns, Mapping) and isinstance(sns.get("Message"), str):
                return str(sns["Message"])
    raise NotRedrivable("its SNS Message cannot be found in the body")


def _skip(text: str, at: int) -> int:
    match = _SPACE.match(text, at)
    return match.end() if match else at


def _value_span(text: str, at: int) -> tuple[int, int]:
    start = _skip(text, at)
    try:
        _, end = _STRICT.raw_decode(text, start)
    except RecursionError:
        raise NotRedrivable("it nests too deep to check") from None
    except json.JSONDecodeError as exc:
        raise NotRedrivable(f"it is not strict JSON ({exc})") from None
    return start, end


def _member_span(text: str, at: int, key: str) -> tuple[int, int]:
    """Where the value of `key` is in the object at `text[at]` (the last one, as json.loads)."""
    i = _skip(text, at)
    found: tuple[int, int] | None = None
    if text[i : i + 1] != "{":
        raise NotRedrivable(f"no object holding {key!r} where one was read")
    i = _skip(text, i + 1)
    if text[i : i + 1] == "}":
        raise NotRedrivable(f"no {key!r} where one was read")
    while True:
        name_span = _value_span(text, i)
        name = json.loads(text[name_span[0] : name_span[1]])
        i = _skip(text, name_span[1])
        if text[i : i + 1] != ":":
            raise NotRedrivable("it is not strict JSON")
        value = _value_span(text, i + 1)
        if name == key:
            found = value
        i = _skip(text, value[1])
        if text[i : i + 1] == ",":
            i = _skip(text, i + 1)
            continue
        break
    if found is None:
        raise NotRedrivable(f"no {key!r} where one was read")
    return found
