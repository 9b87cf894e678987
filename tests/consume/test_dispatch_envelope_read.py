"""Decision 0030, "dispatch against bare model_validate, the envelope read in `_dispatch`":
the router reads a well-formed native envelope itself (`read_envelope_fields` into the lazy
context) and sends anything else to the route's reader, while `router.parse` reads every
envelope through `parse_detail`. Pinned through the public interface: for any metadata, data
and detail form (hypothesis: each field kept, missing, null, empty, another JSON type or a
`str` subclass; versions of every shape; `data` missing, not an object or a `dict` subclass;
`detail` as a mapping that is not a dict, or as JSON text), `router(event)` and
`router.dispatch(event, message_id=...)` give what `router.parse` gives (the same model or the
same error: class, message, fields and ids), and the handler's `current_event()` is the
context `parse_detail`'s metadata describes."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from eventkit.context import current_event
from eventkit.errors import DispatchError
from eventkit.routing import Router, UpcasterRegistry
from tests.consume.events import eb_event, parsed_context
from tests.consume.models import OrderPlacedV1, OrderPlacedV2, order_v1

_FIELDS = (
    "event_id",
    "version",
    "occurred_at",
    "producer",
    "correlation_id",
    "causation_id",
    "idempotency_key",
    "schema_digest",
)
_VERSIONS = ["1.1.0", "1", "1.", "01.0.0", "2.0.0", "3.0.0", "x.1.0", "\u0661.0.0", " 1.0.0", ""]
_MISSING = object()


class Text(str):
    """A `str` subclass: the fast read leaves it to `parse_detail`, which accepts it."""


class Data(dict[str, Any]):
    """A `dict` subclass as `data`."""


class Frozen(Mapping[str, Any]):
    """A mapping that is not a dict, as `detail` or `metadata`."""

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def _router(seen: list[Any]) -> Router:
    router = Router(upcasters=UpcasterRegistry(), name="envelope-read")

    @router.on(OrderPlacedV1)
    def on_v1(order: OrderPlacedV1) -> str:
        seen.append((order, current_event()))
        return "v1"

    @router.on(OrderPlacedV2)
    def on_v2(order: OrderPlacedV2) -> str:
        seen.append((order, current_event()))
        return "v2"

    return router


def _value() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.just(_MISSING),
        st.none(),
        st.just(""),
        st.integers(),
        st.booleans(),
        st.lists(st.integers(), max_size=1),
        st.text(max_size=4),
        st.text(min_size=1, max_size=4).map(Text),
    )


@st.composite
def _events(draw: st.DrawFn) -> dict[str, Any]:
    event = eb_event(order_v1(), causation_id=draw(st.sampled_from([None, "c-1"])))
    metadata = dict(event["detail"]["metadata"])
    metadata["version"] = draw(st.sampled_from(["1.1.0"] * len(_VERSIONS) + _VERSIONS))
    # most draws change at most one field, so every check is reached on its own
    for name in draw(st.sets(st.sampled_from(_FIELDS), max_size=2)):
        value = draw(_value())
        if value is _MISSING:
            metadata.pop(name, None)
        else:
            metadata[name] = value
    data: Any = draw(
        st.sampled_from(["kept"] * 5 + ["missing", "list", "none", "subclass", "empty"])
    )
    detail: dict[str, Any] = {"metadata": metadata}
    original = event["detail"]["data"]
    if data != "missing":
        detail["data"] = {
            "kept": original,
            "list": [original],
            "none": None,
            "subclass": Data(original),
            "empty": {},
        }[data]
    form = draw(st.sampled_from(["dict"] * 3 + ["mapping", "mapping-metadata", "json"]))
    if form == "mapping":
        event["detail"] = Frozen(detail)
    elif form == "mapping-metadata":
        event["detail"] = {**detail, "metadata": Frozen(metadata)}
    elif form == "json":
        try:
            event["detail"] = json.dumps(detail)
        except (TypeError, ValueError):
            event["detail"] = detail
    else:
        event["detail"] = detail
    return event


def _outcome(call: Any) -> tuple[str, Any]:
    try:
        return "result", call()
    except DispatchError as exc:
        return "error", (
            type(exc).__name__,
            str(exc),
            exc.fields,
            exc.event_id,
            exc.source,
            exc.detail_type,
            exc.version,
            exc.message_id,
            getattr(exc, "reason", None),
        )


@settings(max_examples=400, deadline=None)
@given(event=_events(), message_id=st.sampled_from([None, "m-1"]), via_call=st.booleans())
def test_dispatch_reads_any_envelope_as_parse_does(
    event: dict[str, Any], message_id: str | None, via_call: bool
) -> None:
    seen: list[Any] = []
    router = _router(seen)
    expected = _outcome(lambda: router.parse(copy.copy(event), message_id=message_id))
    lambda_context = object()
    if via_call and message_id is None:
        got = _outcome(lambda: router(event, lambda_context))
    else:
        got = _outcome(lambda: router.dispatch(event, lambda_context, message_id=message_id))
    if expected[0] == "error":
        assert got == expected
        assert seen == []
        return
    ((model, context),) = seen
    assert got == ("result", "v1" if isinstance(model, OrderPlacedV1) else "v2")
    assert model == expected[1]
    assert type(model) is type(expected[1])
    expected_context = parsed_context(event, lambda_context)
    assert context == expected_context
    assert context.raw is event
    assert context.lambda_context is lambda_context
    for name in ("event_id", "version", "correlation_id", "causation_id", "idempotency_key"):
        assert type(getattr(context, name)) is type(getattr(expected_context, name))


def test_a_well_formed_event_and_its_json_detail_give_the_same_context() -> None:
    seen: list[Any] = []
    router = _router(seen)
    event = eb_event(order_v1())
    as_text = {**event, "detail": json.dumps(event["detail"])}
    assert router(event, None) == router(as_text, None) == "v1"
    (_, first), (_, second) = seen
    assert first == parsed_context(event, None)
    assert second == parsed_context(as_text, None)
    assert (first.event_id, first.version) == (second.event_id, second.version)
