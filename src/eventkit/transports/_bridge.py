"""An in-process EventBridge: buses, rules with real event patterns, PutEvents as AWS answers it.

A runtime module (the in-memory transport sends to it; local runs use it too), re-exported by
`eventkit.testing`, which adds nothing of its own to it.

Unlike moto, it enforces the PutEvents size limit and the detail-type length, refuses a
JSON array as `detail`, does not deliver to DISABLED rules, and validates patterns as
AWS does (eventkit.patterns). Failure injection makes retries and idempotency testable.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from eventkit.contract import BaseEvent
from eventkit.envelope import Metadata
from eventkit.errors import BusNotFoundError, PatternError, PublishRequestError
from eventkit.patterns import DEFAULT_MAX_PATTERN_CHARS, CompiledPattern, compile_pattern
from eventkit.transports import _published
from eventkit.transports.base import EntryResult, SendResult
from eventkit.transports.limits import (
    DEFAULT_MAX_REQUEST_BYTES,
    MAX_BUS_NAME_CHARS,
    MAX_DETAIL_TYPE_CHARS,
    MAX_ENTRIES_PER_REQUEST,
    MAX_TRACE_HEADER_CHARS,
    PUT_EVENTS_BUS_NAME,
    RETRYABLE_REQUEST_CODES,
    entry_size,
    is_put_events_bus_name,
    within_limit,
)

__all__ = ["Delivery", "InMemoryEventBridge", "PutRecord", "Rule"]

ACCOUNT = "123456789012"
REGION = "us-east-1"
MAX_RULES_PER_BUS = 300
_RULE_NAME = re.compile(r"[\.\-_A-Za-z0-9]{1,64}")
_BUS_ARN = re.compile(
    r"arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus/([\.\-_A-Za-z0-9]+)"
)

E = TypeVar("E", bound=BaseEvent)
Target = Callable[[dict[str, Any]], object]
EntryFilter = Callable[[Mapping[str, Any]], bool]


@dataclass
class Rule:
    """A rule on one bus: a compiled pattern, a state and Python callables as targets."""

    name: str
    bus: str
    pattern: CompiledPattern
    state: str = "ENABLED"
    targets: list[Target] = field(default_factory=list)
    deliveries: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PutRecord:
    """One accepted event: the envelope as delivered, the rules it matched and the entry's
    X-Ray `TraceHeader` (EventBridge passes it to targets, not in the envelope)."""

    bus: str
    event: dict[str, Any]
    matched_rules: tuple[str, ...]
    trace_header: str | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    """One delivery of an event to a rule (duplicates included)."""

    rule: str
    event: dict[str, Any]


@dataclass
class _Injection:
    code: str
    message: str
    times: int | None
    where: EntryFilter | None

    def take(self, entry: Mapping[str, Any]) -> bool:
        if self.times == 0 or (self.where is not None and not self.where(entry)):
            return False
        if self.times is not None:
            self.times -= 1
        return True


_STRING_FIELDS = ("Source", "DetailType", "Detail", "EventBusName", "TraceHeader")


def _check_types(index: int, entry: Any) -> None:
    """What botocore refuses before sending (ParamValidationError): an entry that is not an
    object, a string field that is not a string, Resources that are not strings. Hand-built
    entries only (EventBus builds strings); this was an AttributeError from the size count."""

    def refuse(name: str, value: Any, valid: str) -> PublishRequestError:
        return PublishRequestError(
            f"Parameter validation failed: Invalid type for parameter Entries[{index}]"
            f"{'.' + name if name else ''}, value: {value!r:.60}, type: {type(value).__name__}, "
            f"valid types: {valid}",
            error_code="ParamValidationError",
        )

    if not isinstance(entry, Mapping):
        raise refuse("", entry, "dict")
    for name in _STRING_FIELDS:
        value = entry.get(name)
        if value is not None and not isinstance(value, str):
            raise refuse(name, value, "str")
    resources = entry.get("Resources")
    if resources is not None:
        if not isinstance(resources, list | tuple):
            raise refuse("Resources", resources, "list, tuple")
        for j, item in enumerate(resources):
            if not isinstance(item, str):
                raise refuse(f"Resources[{j}]", item, "str")


def _check_bus_name(index: int, name: str | None) -> None:
    """AWS's answer to an entry's EventBusName that is no bus name or event-bus ARN (a space,
    a slash, another service's ARN, empty, over 1,600 characters): the whole request is refused
    (ValidationException, which the EventBridge transport raises as a `PublishRequestError`),
    not looked up as an unknown bus."""
    if name is None:  # left out: the default bus
        return
    if is_put_events_bus_name(name):
        return
    where = f"entries.{index + 1}.member.eventBusName"
    problem = (
        f"Member must have length between 1 and {MAX_BUS_NAME_CHARS}"
        if not 1 <= len(name) <= MAX_BUS_NAME_CHARS
        else f"Member must satisfy regular expression pattern: {PUT_EVENTS_BUS_NAME.pattern}"
    )
    raise PublishRequestError(
        f"1 validation error detected: Value {name[:80]!r} at '{where}' failed to satisfy "
        f"constraint: {problem}",
        error_code="ValidationException",
        bus_name=name,
        hint="name the bus by its name (letters, digits, . - _) or its event-bus ARN",
    )


def _utc(moment: datetime) -> datetime:
    """`moment` in UTC; a naive one is UTC already, as botocore sends it (not local time)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _text_time(text: str) -> datetime | None:
    """A `Time` given as text, read as botocore reads it: epoch seconds ("1640995200") or
    ISO 8601 (None: neither)."""
    try:
        return datetime.fromtimestamp(float(text), UTC)
    except (ValueError, OverflowError, OSError):
        pass
    try:
        return _utc(datetime.fromisoformat(text))
    except ValueError:
        return None


_INT64 = range(-(2**63), 2**63)


def _int64(text: str) -> int:
    value = int(text)
    if value not in _INT64:  # PutEvents: "JSON integers in Detail must fit in signed 64-bit"
        raise ValueError(f"integer {text[:20]} does not fit in 64 bits")
    return value


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")  # Python's json reads NaN; AWS does not


def _read_detail(text: Any) -> dict[str, Any] | None:
    """An entry's `Detail` as the JSON object AWS accepts, or None (`MalformedDetail`):
    not a string, not JSON (`NaN`, `Infinity` included), not an object, an integer outside
    signed 64 bits, or nested deeper than Python's parser goes (a RecursionError escaped
    PutEvents before; AWS processes nesting to 1,000 levels only)."""
    if not isinstance(text, str | bytes | bytearray):
        return None
    try:
        detail = json.loads(text, parse_int=_int64, parse_constant=_not_json)
    except (ValueError, RecursionError):
        return None
    return detail if isinstance(detail, dict) else None


def _entry_filter(match: Mapping[str, Any] | EntryFilter | None) -> EntryFilter | None:
    """An entry filter from a callable or an event pattern (matched against the entry's event)."""
    if match is None or callable(match):
        return match
    compiled = compile_pattern(match)

    def where(entry: Mapping[str, Any]) -> bool:
        # The event as a rule sees it: a pattern on `account`, `region` or `time` matches
        # here as it does on the bus.
        return compiled.matches(_event_of(entry, _read_detail(entry.get("Detail")) or {}))

    return where


def _event_of(entry: Mapping[str, Any], detail: dict[str, Any]) -> dict[str, Any]:
    """The event EventBridge makes of an accepted PutEvents entry (a fresh id)."""
    when = entry.get("Time")
    if isinstance(when, datetime):
        moment = _utc(when)
    elif isinstance(when, int | float):
        moment = datetime.fromtimestamp(when, UTC)
    elif isinstance(when, str) and (parsed := _text_time(when)) is not None:
        moment = parsed  # boto3 takes ISO 8601 text (a redrive sends the event's `time`)
    else:
        moment = datetime.now(UTC)
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": entry["DetailType"],
        "source": entry["Source"],
        "account": ACCOUNT,
        "time": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": REGION,
        "resources": list(entry.get("Resources") or []),
        "detail": detail,
    }


class InMemoryEventBridge:
    """EventBridge in a Python object, for tests and local runs.

    Args:
        max_request_bytes: the PutEvents request size limit it enforces.
        max_pattern_chars: the "Event pattern size" quota `put_rule` enforces.

    Example:
        ```python
        bridge = InMemoryEventBridge()
        bridge.create_event_bus("shop-events")
        bridge.put_rule("payments", {"source": ["shop.orders"]}, bus="shop-events")
        bus = EventBus("shop-events", transport=InMemoryTransport(bridge), producer="orders")
        bus.publish(OrderPlacedV1(order_id="o-1"))
        assert bridge.rule("payments", bus="shop-events").deliveries
        ```
    """

    def __init__(
        self,
        *,
        max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
        max_pattern_chars: int = DEFAULT_MAX_PATTERN_CHARS,
    ) -> None:
        self.max_request_bytes = max_request_bytes
        self.max_pattern_chars = max_pattern_chars
        self._lock = threading.RLock()
        self._buses: dict[str, dict[str, Rule]] = {"default": {}}
        self._entry_failures: list[_Injection] = []
        self._request_failures: list[_Injection] = []
        self._duplicates: list[_Injection] = []
        self.records: list[PutRecord] = []
        self.deliveries: list[Delivery] = []
        self.requests: list[list[dict[str, Any]]] = []
        self.target_errors: list[tuple[str, dict[str, Any], Exception]] = []

    # -- buses and rules -------------------------------------------------------------

    def create_event_bus(self, name: str) -> str:
        """Create a bus (idempotent here; AWS would answer ResourceAlreadyExists)."""
        with self._lock:
            self._buses.setdefault(name, {})
        return f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/{name}"

    def put_rule(
        self,
        name: str,
        pattern: str | Mapping[str, Any],
        *,
        bus: str = "default",
        state: str = "ENABLED",
        targets: Iterable[Target] = (),
    ) -> Rule:
        """Create or replace a rule. Raises `PatternError` for a pattern AWS would reject."""
        if not _RULE_NAME.fullmatch(name):
            raise PatternError(f"rule name {name!r} must be 1-64 characters of [.-_A-Za-z0-9]")
        if state not in ("ENABLED", "DISABLED"):
            raise PatternError(f"rule state must be ENABLED or DISABLED, got {state!r}")
        compiled = compile_pattern(
            dict(pattern) if isinstance(pattern, Mapping) else pattern,
            max_chars=self.max_pattern_chars,
        )
        with self._lock:
            rules = self._bus_rules(bus)
            if name not in rules and len(rules) >= MAX_RULES_PER_BUS:
                raise PatternError(f"bus {bus!r} already has {MAX_RULES_PER_BUS} rules (the quota)")
            rule = Rule(name, self._bus_name(bus), compiled, state, list(targets))
            rules[name] = rule
        return rule

    def rule(self, name: str, *, bus: str = "default") -> Rule:
        with self._lock:
            try:
                return self._bus_rules(bus)[name]
            except KeyError:
                raise KeyError(f"no rule {name!r} on bus {bus!r}") from None

    def delete_rule(self, name: str, *, bus: str = "default") -> None:
        with self._lock:
            self._bus_rules(bus).pop(name, None)

    def _bus_name(self, bus: str) -> str:
        found = _BUS_ARN.fullmatch(bus)
        return found.group(1) if found else bus

    def _bus_rules(self, bus: str) -> dict[str, Rule]:
        name = self._bus_name(bus)
        try:
            return self._buses[name]
        except KeyError:
            raise BusNotFoundError(
                f"Event bus {name} does not exist.",
                bus_name=name,
                error_code="ResourceNotFoundException",
            ) from None

    # -- failure injection -----------------------------------------------------------

    def fail_entries(
        self,
        code: str = "ThrottlingException",
        *,
        times: int | None = 1,
        match: Mapping[str, Any] | EntryFilter | None = None,
        message: str | None = None,
    ) -> None:
        """Make the next `times` entries (matching `match`, a pattern or a callable on the
        PutEvents entry) fail with `code` (None: every matching entry, forever)."""
        self._entry_failures.append(
            _Injection(code, message or f"injected {code}", times, _entry_filter(match))
        )

    def fail_requests(
        self,
        code: str = "ThrottlingException",
        *,
        times: int | None = 1,
        message: str | None = None,
    ) -> None:
        """Make the next `times` PutEvents requests fail as a whole with `code`."""
        self._request_failures.append(_Injection(code, message or f"injected {code}", times, None))

    def duplicate_deliveries(
        self, *, times: int | None = 1, match: Mapping[str, Any] | EntryFilter | None = None
    ) -> None:
        """Deliver the next `times` matching events twice to every matched rule (at-least-once)."""
        self._duplicates.append(_Injection("duplicate", "", times, _entry_filter(match)))

    def clear_failures(self) -> None:
        self._entry_failures.clear()
        self._request_failures.clear()
        self._duplicates.clear()

    # -- PutEvents ---------------------------------------------------------------------

    def put_events(self, entries: Sequence[Mapping[str, Any]]) -> SendResult:
        """Answer a PutEvents request as AWS does: per-entry results, or a request error."""
        for i, entry in enumerate(entries):
            _check_types(i, entry)  # botocore refuses these before sending: not recorded
        deliveries: list[tuple[Rule, dict[str, Any]]] = []
        with self._lock:
            self.requests.append([dict(e) for e in entries])
            self._check_request(entries)
            results: list[EntryResult] = []
            for entry in entries:
                results.append(self._put_entry(entry, deliveries))
        # Targets run once the request is recorded, without the lock: a target that publishes
        # in turn (a handler's follow-up events, sent by a bus's worker threads) would
        # otherwise wait for a lock its own caller holds, and hang the publish.
        self._call_targets(deliveries)
        return SendResult(tuple(results))

    def _check_request(self, entries: Sequence[Mapping[str, Any]]) -> None:
        for injection in self._request_failures:
            if injection.take({}):
                # the class the EventBridge transport raises for AWS's answer with this code
                error = (
                    BusNotFoundError
                    if injection.code == "ResourceNotFoundException"
                    else PublishRequestError
                )
                raise error(
                    f"PutEvents failed: {injection.code}: {injection.message}",
                    error_code=injection.code,
                    retryable=injection.code in RETRYABLE_REQUEST_CODES,
                )
        if not entries or len(entries) > MAX_ENTRIES_PER_REQUEST:
            raise PublishRequestError(
                "1 validation error detected: Value at 'entries' failed to satisfy constraint: "
                f"Member must have length {'greater than or equal to 1' if not entries else 'less than or equal to 10'}",
                error_code="ValidationException",
            )
        total = sum(entry_size(e) for e in entries)
        if not within_limit(total, self.max_request_bytes):  # "less than" the limit
            raise PublishRequestError(
                f"Total size of the entries in the request is over the limit ({total} bytes, the limit is less than {self.max_request_bytes}).",
                error_code="ValidationException",
            )
        for i, entry in enumerate(entries):
            trace = entry.get("TraceHeader")
            if trace is not None and not 1 <= len(str(trace)) <= MAX_TRACE_HEADER_CHARS:
                raise PublishRequestError(
                    f"1 validation error detected: Value at 'entries.{i + 1}.member.traceHeader' "
                    f"failed to satisfy constraint: Member must have length between 1 and {MAX_TRACE_HEADER_CHARS}",
                    error_code="ValidationException",
                )
        for i, entry in enumerate(entries):
            _check_bus_name(i, entry.get("EventBusName"))
        for entry in entries:
            self._bus_rules(entry.get("EventBusName") or "default")

    def _put_entry(
        self, entry: Mapping[str, Any], deliveries: list[tuple[Rule, dict[str, Any]]]
    ) -> EntryResult:
        for name in ("Source", "DetailType", "Detail"):
            if not entry.get(name):
                return EntryResult(
                    error_code="InvalidArgument",
                    error_message=f"Parameter {name} is not valid. Reason: {name} is a required argument.",
                )
        detail_type = str(entry["DetailType"])
        if len(detail_type) > MAX_DETAIL_TYPE_CHARS:
            return EntryResult(
                error_code="InvalidArgument",
                error_message=f"Parameter DetailType is not valid. Reason: it is longer than {MAX_DETAIL_TYPE_CHARS} characters.",
            )
        if str(entry["Source"]).startswith("aws."):
            return EntryResult(
                error_code="NotAuthorizedForSourceException",
                error_message=f"Not authorized for the source {entry['Source']}.",
            )
        detail = _read_detail(entry["Detail"])
        if detail is None:
            return EntryResult(error_code="MalformedDetail", error_message="Detail is malformed.")
        for injection in self._entry_failures:
            if injection.take(entry):
                return EntryResult(error_code=injection.code, error_message=injection.message)
        event = _event_of(entry, detail)
        bus = self._bus_name(entry.get("EventBusName") or "default")
        self._route(bus, entry, event, deliveries)
        return EntryResult(event_id=event["id"])

    def _route(
        self,
        bus: str,
        entry: Mapping[str, Any],
        event: dict[str, Any],
        deliveries: list[tuple[Rule, dict[str, Any]]],
    ) -> None:
        matched = [
            rule
            for rule in self._buses[bus].values()
            if rule.state == "ENABLED" and rule.pattern.matches(event)
        ]
        trace = entry.get("TraceHeader")
        self.records.append(
            PutRecord(bus, event, tuple(r.name for r in matched), str(trace) if trace else None)
        )
        copies = 2 if any(d.take(entry) for d in self._duplicates) else 1
        for rule in matched:
            for _ in range(copies):
                rule.deliveries.append(event)
                self.deliveries.append(Delivery(rule.name, event))
                if rule.targets:
                    deliveries.append((rule, event))

    def _call_targets(self, deliveries: list[tuple[Rule, dict[str, Any]]]) -> None:
        for rule, event in deliveries:
            for target in rule.targets:
                try:
                    target(event)
                except Exception as exc:  # a failing target never fails PutEvents
                    with self._lock:
                        self.target_errors.append((rule.name, event, exc))

    # -- inspection --------------------------------------------------------------------

    def events(self, *, bus: str | None = None) -> list[dict[str, Any]]:
        """Every accepted event (as delivered), optionally only those put on `bus`."""
        with self._lock:
            return [r.event for r in self.records if bus is None or r.bus == self._bus_name(bus)]

    def matched_rules(self, event_id: str) -> tuple[str, ...]:
        """Names of the rules the event with this EventBridge id matched."""
        with self._lock:
            for record in self.records:
                if record.event["id"] == event_id:
                    return record.matched_rules
        raise KeyError(f"no event with id {event_id!r} was put")

    def published(self, model: type[E], *, bus: str | None = None) -> list[E]:
        """Accepted events of `model` (source, detail-type, major), parsed into `model`."""
        return _published.published(self.events(bus=bus), model)

    def published_with_metadata(
        self, model: type[E], *, bus: str | None = None
    ) -> list[tuple[Metadata, E]]:
        """Like `published`, with each event's envelope metadata."""
        return _published.published_with_metadata(self.events(bus=bus), model)

    def assert_published(
        self, expected: E, *, times: int | None = None, bus: str | None = None, **metadata: Any
    ) -> list[tuple[Metadata, E]]:
        """Assert `expected` was published (`times` times if given); keyword arguments
        filter on metadata, e.g. ``correlation_id="c-1"``."""
        return _published.assert_published(self.events(bus=bus), expected, times=times, **metadata)

    def assert_not_published(self, model: type[BaseEvent], *, bus: str | None = None) -> None:
        """Assert no event of `model` was published."""
        _published.assert_not_published(self.events(bus=bus), model)

    def reset(self) -> None:
        """Forget recorded events, deliveries and injected failures (keeps buses and rules)."""
        with self._lock:
            self.records.clear()
            self.deliveries.clear()
            self.requests.clear()
            self.target_errors.clear()
            for rules in self._buses.values():
                for rule in rules.values():
                    rule.deliveries.clear()
            self.clear_failures()
