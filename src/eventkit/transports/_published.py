"""Typed views and assertions over published events (in-memory bridge or drained SQS queue),
read with the envelope's own rules (eventkit.envelope)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from eventkit.contract import BaseEvent, EventContract
from eventkit.envelope import Metadata, contract_of, is_native_detail, parse_detail, version_major

__all__ = ["assert_not_published", "assert_published", "published", "published_with_metadata"]

E = TypeVar("E", bound=BaseEvent)


def _routes_to(contract: EventContract, envelope: Mapping[str, Any]) -> bool:
    if (
        envelope.get("source") != contract.source
        or envelope.get("detail-type") != contract.detail_type
    ):
        return False
    detail = envelope.get("detail")
    if not isinstance(detail, Mapping) or not is_native_detail(detail):
        return False
    version = detail["metadata"].get("version")
    return isinstance(version, str) and version_major(version) == str(contract.major)


def published_with_metadata(
    envelopes: Iterable[Mapping[str, Any]], model: type[E]
) -> list[tuple[Metadata, E]]:
    """`(metadata, typed event)` for each envelope of `model`'s source, detail-type and major."""
    contract = contract_of(model)
    found: list[tuple[Metadata, E]] = []
    for envelope in envelopes:
        if _routes_to(contract, envelope):
            metadata, data = parse_detail(envelope["detail"])
            found.append((metadata, model.model_validate(data)))
    return found


def published(envelopes: Iterable[Mapping[str, Any]], model: type[E]) -> list[E]:
    """The published events of type `model`, parsed back into `model`, in publish order."""
    return [event for _, event in published_with_metadata(envelopes, model)]


def assert_published(
    envelopes: Iterable[Mapping[str, Any]],
    expected: E,
    *,
    times: int | None = None,
    **metadata: Any,
) -> list[tuple[Metadata, E]]:
    """Assert an event equal to `expected` was published (exactly `times` times if given).

    Keyword arguments filter on metadata fields, e.g. ``correlation_id="c-1"``.
    Returns the matching `(metadata, event)` pairs.
    """
    model = type(expected)
    candidates = published_with_metadata(list(envelopes), model)
    hits = [
        (meta, event)
        for meta, event in candidates
        if event == expected and all(getattr(meta, k) == v for k, v in metadata.items())
    ]
    if (times is None and not hits) or (times is not None and len(hits) != times):
        wanted = "at least once" if times is None else f"exactly {times} time(s)"
        seen = "\n".join(
            f"  - {json.dumps(event.model_dump(mode='json', by_alias=True))} "
            f"(event_id {meta.event_id}, correlation_id {meta.correlation_id})"
            for meta, event in candidates
        )
        filters = f" with metadata {metadata}" if metadata else ""
        raise AssertionError(
            f"expected {model.__name__} {json.dumps(expected.model_dump(mode='json', by_alias=True))}"
            f"{filters} to be published {wanted}; found {len(hits)}.\n"
            f"{model.__name__} events published ({len(candidates)}):\n{seen or '  (none)'}"
        )
    return hits


def assert_not_published(envelopes: Iterable[Mapping[str, Any]], model: type[BaseEvent]) -> None:
    """Assert no event of `model`'s source, detail-type and major was published."""
    found = published(envelopes, model)
    if found:
        raise AssertionError(
            f"expected no {model.__name__} to be published; found {len(found)}: "
            + "; ".join(json.dumps(e.model_dump(mode="json", by_alias=True)) for e in found[:5])
        )
