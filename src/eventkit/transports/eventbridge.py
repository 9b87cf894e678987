"""The EventBridge transport: PutEvents through one reused boto3 client.

boto3 is imported when the first request is sent (or the client first asked for),
never at import time, so a Lambda that only consumes events never pays for it.
Whole-request retries (throttling, 5xx, connection errors) are botocore's job: the
default client uses the "standard" retry mode. Per-entry retries are the bus's job.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from eventkit.errors import BusNotFoundError, PublishRequestError
from eventkit.transports.base import EntryResult, SendResult, Transport
from eventkit.transports.limits import RETRYABLE_REQUEST_CODES

if TYPE_CHECKING:
    import boto3
    from botocore.config import Config
    from mypy_boto3_events import EventBridgeClient

__all__ = ["EventBridgeTransport"]

# What `EntryResult(...)` does with all three values given (a NamedTuple's `__new__` is a
# Python function around it): every entry's result is built this way.
_tuple_new = tuple.__new__

# botocore's errors raised before a request was sent: no connection was made (refused,
# unresolvable, connect timeout, proxy refused). (`SSLError` is not among them: botocore
# raises it for a TLS failure while reading the answer too.) After any other
# failed attempt (a read timeout, a dropped connection, an unexpected HTTP client error) the
# request may have been processed although no response arrived.
_NOT_SENT_ERRORS = frozenset(
    {"EndpointConnectionError", "ConnectTimeoutError", "ProxyConnectionError"}
)
# The hook that sees every HTTP attempt of a PutEvents request (botocore's own retries
# included): one per client, whatever transports share it.
_HOOK_EVENT = "needs-retry.events.PutEvents"
_HOOK_ID = "eventkit-put-events-in-doubt"


class _Attempts(threading.local):
    """Per thread (botocore retries in the calling thread): the first attempt of the request
    being sent that may have reached EventBridge, as its error class name."""

    in_doubt: str | None = None


_attempts = _Attempts()


def _may_have_been_sent(exc: BaseException) -> bool:
    return not any(cls.__name__ in _NOT_SENT_ERRORS for cls in type(exc).__mro__)


def _note_attempt(caught_exception: BaseException | None = None, **_: Any) -> None:
    """botocore's `needs-retry` event, after every attempt: remember one that may have been
    processed, since a later attempt's error (connection refused) cannot tell."""
    if (
        caught_exception is not None
        and _attempts.in_doubt is None
        and _may_have_been_sent(caught_exception)
    ):
        _attempts.in_doubt = type(caught_exception).__name__


def _watch_attempts(client: Any) -> bool:
    """Register `_note_attempt` on the client's events (once per client); False for an
    object without botocore's event system (then only the final error decides)."""
    try:
        client.meta.events.register(_HOOK_EVENT, _note_attempt, unique_id=_HOOK_ID)
    except AttributeError:
        return False
    return True


class EventBridgeTransport(Transport):
    """PutEvents over boto3.

    Args:
        client: a ready boto3 `events` client (used as is, and yours: `close` leaves it
            open and in use).
        session: a boto3 Session to create the client from (default: a new Session).
        config: a botocore `Config`, merged over eventkit's default (standard retry
            mode, 5 attempts in all for a whole request; no client-side parameter
            validation, since eventkit validates the entries it builds).
        region_name: region for the created client.
        endpoint_url: endpoint for the created client (e.g. a local moto_server).

    Example:
        ```python
        bus = EventBus("shop-events", transport=EventBridgeTransport(region_name="eu-west-1"),
                       producer="orders-service")
        ```
    """

    def __init__(
        self,
        *,
        client: EventBridgeClient | None = None,
        session: boto3.Session | None = None,
        config: Config | None = None,
        region_name: str | None = None,
        endpoint_url: str | None = None,
    ) -> None:
        self._client: Any = client
        # A client passed in is the caller's (its endpoint, region, credentials): `close`
        # must not drop it, or the next send would quietly build a default one (real AWS).
        self._given = client is not None
        self._session = session
        self._config = config
        self._region_name = region_name
        self._endpoint_url = endpoint_url
        self._lock = threading.Lock()
        self._client_error: type[Exception] | None = None
        self._botocore_error: type[Exception] | None = None
        self._watched: Any = None  # the client `_note_attempt` is registered on

    @property
    def client(self) -> EventBridgeClient:
        """The boto3 `events` client, created on first use and reused."""
        client = self._client
        if client is None:
            with self._lock:
                if self._client is None:
                    self._client = self._create_client()
                client = self._client
        return client  # type: ignore[no-any-return]

    def _create_client(self) -> Any:
        import boto3
        from botocore.config import Config

        # Entries are built and checked by eventkit (types, sizes, counts), so botocore's
        # per-call parameter validation would only repeat that work on the hot path.
        config = Config(
            retries={"mode": "standard", "total_max_attempts": 5}, parameter_validation=False
        )
        if self._config is not None:
            config = config.merge(self._config)
        session = self._session or boto3.session.Session()
        return session.client(
            "events",
            region_name=self._region_name,
            endpoint_url=self._endpoint_url,
            config=config,
        )

    def _errors(self) -> tuple[type[Exception], type[Exception]]:
        if self._client_error is None or self._botocore_error is None:
            from botocore.exceptions import BotoCoreError, ClientError

            self._client_error, self._botocore_error = ClientError, BotoCoreError
        return self._client_error, self._botocore_error

    def send(self, entries: Sequence[Mapping[str, Any]]) -> SendResult:
        client_error, botocore_error = self._errors()
        try:
            client = self.client
        except botocore_error as exc:  # no Region, an unknown profile: nothing was sent
            name = type(exc).__name__
            raise PublishRequestError(
                f"PutEvents to {_bus_of(entries)} not sent: no EventBridge client: {name}: {exc}",
                error_code=name,
                hint="set the AWS Region (AWS_REGION, or region_name=) and check the profile",
            ) from exc
        if client is not self._watched:  # once per client (a client passed in, or re-created)
            _watch_attempts(client)
            self._watched = client
        _attempts.in_doubt = None
        try:
            response = client.put_events(Entries=entries)  # type: ignore[arg-type]
            # an attempt before the one answered may have been processed: the entries
            # answered failed may be on the bus
            earlier_in_doubt = _attempts.in_doubt is not None
        except client_error as exc:
            raise _from_client_error(exc, entries, _attempts.in_doubt) from exc
        except botocore_error as exc:
            name = type(exc).__name__
            network = "Connection" in name or "Timeout" in name or "Endpoint" in name
            in_doubt = _attempts.in_doubt
            if in_doubt is None and network and _may_have_been_sent(exc):
                in_doubt = name  # the final attempt itself (or no hook on a foreign client)
            raise PublishRequestError(
                f"PutEvents to {_bus_of(entries)} failed: {name}: {exc}{_doubt(in_doubt, name)}",
                error_code=name,
                retryable=network,
                maybe_delivered=in_doubt is not None,
                hint="check network access to EventBridge and the AWS credentials/region"
                if not network
                else "EventBridge could not be reached; botocore already retried",
            ) from exc
        finally:
            _attempts.in_doubt = None
        results = response.get("Entries") or []
        if len(results) != len(entries):
            raise PublishRequestError(
                f"PutEvents answered {len(results)} results for {len(entries)} entries",
                error_code="InvalidResponse",
                maybe_delivered=True,
            )
        return SendResult(
            tuple(
                [
                    _tuple_new(
                        EntryResult, (r.get("EventId"), r.get("ErrorCode"), r.get("ErrorMessage"))
                    )
                    for r in results
                ]
            ),
            earlier_in_doubt,
        )

    def close(self) -> None:
        """Close the client this transport created (a later send creates another with the
        same settings); a client passed in is left open and in use."""
        if self._given:
            return
        client, self._client = self._client, None
        if client is not None and hasattr(client, "close"):
            client.close()


def _bus_of(entries: Sequence[Mapping[str, Any]]) -> str:
    name = entries[0].get("EventBusName") if entries else None
    return f"event bus {name!r}" if name else "the default event bus"


def _doubt(in_doubt: str | None, final: str) -> str:
    if in_doubt is None:
        return ""
    earlier = "it" if in_doubt == final else f"an earlier attempt ({in_doubt})"
    return f"; {earlier} may have been processed, so the events may have been delivered"


def _from_client_error(
    exc: Any, entries: Sequence[Mapping[str, Any]], in_doubt: str | None = None
) -> PublishRequestError:
    """The final attempt's AWS error. An earlier attempt that may have been processed (its
    connection dropped after the request was sent) leaves the entries in doubt all the same."""
    error = exc.response.get("Error", {})
    code = str(error.get("Code") or "Unknown")
    message = str(error.get("Message") or exc)
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
    text = f"PutEvents to {_bus_of(entries)} failed: {code}: {message}{_doubt(in_doubt, code)}"
    if code == "ResourceNotFoundException":
        return BusNotFoundError(
            text,
            error_code=code,
            maybe_delivered=in_doubt is not None,
            hint="create the event bus first, or check its name/ARN and the region",
        )
    return PublishRequestError(
        text,
        error_code=code,
        retryable=code in RETRYABLE_REQUEST_CODES or status >= 500,
        maybe_delivered=in_doubt is not None,
        hint="botocore already retried this request" if code in RETRYABLE_REQUEST_CODES else None,
    )
