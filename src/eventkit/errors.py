"""The eventkit error hierarchy: every error eventkit raises descends from `EventkitError`.

Each error carries structured, keyword-only fields (the file, event, entry or rule it is
about) so that callers never parse message text, a stable kebab-case `code` documented in
docs/errors.md, and the CLI exit code it maps to.

Tree (keep in sync with the classes below; tests/test_errors.py walks it):

    EventkitError
    ├── RegistryError            the registry folder cannot be loaded
    │   ├── RegistryNotFoundError
    │   ├── RegistryConfigError  eventkit.toml missing or malformed
    │   ├── SchemaFileError      a version file is unreadable, not JSON, not an object, too big
    │   ├── SchemaNameError      a file or folder name breaks the registry's naming rules
    │   ├── SchemaRefError       a $ref is remote, missing, or points nowhere
    │   ├── ScaffoldError        `eventkit new`/`bump` would overwrite, or has nothing to copy
    │   │   └── InitError        `eventkit init` would overwrite or leave the folder; nothing written
    │   └── LockFileError        eventkit.lock cannot be read, is malformed, or cannot be written
    ├── CompatibilityError       the compatibility engine cannot judge its input
    │   ├── RegistryAbsentAtRefError  `check --against REF`: REF has no registry (yet)
    │   └── RegistryMovedAtRefError   `check --against REF`: REF holds the registry elsewhere
    ├── CodegenError             code generation failed; nothing was written
    ├── ContractError            an event does not honour its contract
    │   ├── UnknownEventError
    │   ├── EventValidationError
    │   └── MalformedEnvelopeError  a native detail without valid metadata/data
    ├── PatternError             an EventBridge event pattern AWS would reject
    ├── PublishError             events could not be (fully) published
    │   ├── EventTooLargeError   one event is over the size limit; nothing was sent
    │   ├── PartialPublishError  some entries were not delivered; lists each one
    │   └── PublishRequestError  a whole PutEvents request failed (validation, network, ...)
    │       ├── BusNotFoundError the event bus does not exist
    │       └── BusClosedError   published after EventBus.close(); nothing was sent
    ├── RoutingError             a router or upcaster is declared wrongly
    ├── DispatchError            an incoming event could not be handled
    │   ├── EventParseError      not a well-formed event of the type it claims to be
    │   ├── UnroutableEventError no handler for its type, or for its major version
    │   ├── UpcastError          an upcaster raised or returned an invalid event
    │   └── HandlerError         the handler raised
    ├── DrainError               `drain` stopped: SQS failed a receive or a delete; `result` says what was done
    ├── RegistrySyncError        the EventBridge Schema Registry sync or pull failed
    │   ├── SchemaConversionError  a schema has no equivalent in the registry's format
    │   ├── SchemaTooLargeError    converted content is over the registry's 100,000-character limit
    │   ├── SyncRefusedError       the registry fails `eventkit check`; nothing was pushed
    │   ├── PartialSyncError       some changes were applied and some were not; lists both
    │   ├── ReleasedVersionChangedError  a released version would change; nothing was pushed
    │   ├── PullNameError          pull would write a name that breaks the naming rules; nothing written
    │   └── PullConflictError      pull would overwrite a _shared/ file with other content; nothing written
    ├── DemoFailedError          a stage of `eventkit demo` found a problem
    ├── SchemaRegexError         a schema's regular expression cannot be evaluated
    │   ├── RegexSyntaxError     not an ECMA-262 regular expression eventkit can run
    │   └── RegexTimeoutError    too slow to evaluate on one input within the time bound
    ├── RouterSpecError          a `--routers MODULE:NAME` cannot be imported or holds no router
    ├── CatalogError             `eventkit catalog` / `asyncapi` cannot write where it was told
    ├── DeadLetterError          `eventkit dlq` cannot read the queue, reach its target or journal
    └── SettingError             an environment variable, test setting or constructor setting has a value eventkit cannot use
"""

from __future__ import annotations

# The root and the compatibility engine's errors are defined in eventkit.error_base (a cold
# `import eventkit.compat` makes those five classes, not all of these); they are this module's.
# (`X as X`: the exit codes are re-exported for the CLI; the classes are in __all__)
from eventkit.error_base import EXIT_BREAKING as EXIT_BREAKING
from eventkit.error_base import EXIT_DELIVERY as EXIT_DELIVERY
from eventkit.error_base import EXIT_OK as EXIT_OK
from eventkit.error_base import EXIT_PROBLEMS as EXIT_PROBLEMS
from eventkit.error_base import EXIT_USAGE as EXIT_USAGE
from eventkit.error_base import (
    CompatibilityError,
    EventkitError,
    RegexSyntaxError,
    RegexTimeoutError,
    SchemaRegexError,
)

# No `typing`, `inspect` or `collections.abc` at run time: the CLI's start pays for them.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any


__all__ = [
    "BusClosedError",
    "BusNotFoundError",
    "CatalogError",
    "CodegenError",
    "CompatibilityError",
    "ContractError",
    "DeadLetterError",
    "DemoFailedError",
    "DispatchError",
    "DrainError",
    "EventParseError",
    "EventTooLargeError",
    "EventValidationError",
    "EventkitError",
    "HandlerError",
    "InitError",
    "LockFileError",
    "MalformedEnvelopeError",
    "PartialPublishError",
    "PartialSyncError",
    "PatternError",
    "PublishError",
    "PublishRequestError",
    "PullConflictError",
    "PullNameError",
    "RegexSyntaxError",
    "RegexTimeoutError",
    "RegistryAbsentAtRefError",
    "RegistryConfigError",
    "RegistryError",
    "RegistryMovedAtRefError",
    "RegistryNotFoundError",
    "RegistrySyncError",
    "ReleasedVersionChangedError",
    "RouterSpecError",
    "RoutingError",
    "ScaffoldError",
    "SchemaConversionError",
    "SchemaFileError",
    "SchemaNameError",
    "SchemaRefError",
    "SchemaRegexError",
    "SchemaTooLargeError",
    "SettingError",
    "SyncRefusedError",
    "UnknownEventError",
    "UnroutableEventError",
    "UpcastError",
]


class RegistryError(EventkitError):
    """The registry folder cannot be loaded.

    Args:
        path: the file or folder at fault, when there is one.
        pointer: JSON pointer inside that file, when there is one.
        line: 1-based line in that file, when known.
    """

    code = "registry-error"

    path: str | None = None
    pointer: str | None = None
    line: int | None = None


class RegistryNotFoundError(RegistryError):
    """The registry folder (or its eventkit.toml) does not exist."""

    code = "registry-not-found"


class RegistryConfigError(RegistryError):
    """eventkit.toml (or a per-event settings file) is missing or malformed."""

    code = "registry-config"


class SchemaFileError(RegistryError):
    """A schema file is unreadable, not JSON, not a JSON object, or too large."""

    code = "schema-file"


class SchemaNameError(RegistryError):
    """A file or folder name breaks the registry's naming rules."""

    code = "schema-name"


class SchemaRefError(RegistryError):
    """A `$ref` is remote, points to a missing file, or to a missing pointer."""

    code = "schema-ref"


class ScaffoldError(RegistryError):
    """`eventkit new` / `eventkit bump` cannot write: the version exists, or there is no source."""

    code = "scaffold"


class InitError(ScaffoldError):
    """`eventkit init` cannot set up the folder; nothing was written. `path` is the file or
    folder at fault; `paths` every file that already exists (relative to the folder)."""

    code = "init-refused"

    paths: tuple[str, ...] = ()


class LockFileError(RegistryError):
    """eventkit.lock cannot be read, has a malformed line (`line` says which), or cannot be
    written. `path` is the lock file."""

    code = "lock-file"


class RegistryAbsentAtRefError(CompatibilityError):
    """`eventkit check --against REF`: the registry folder (`path`, relative to the git
    repository) has no eventkit.toml at git `ref`, e.g. the pull request that adds it."""

    code = "registry-absent-at-ref"

    ref: str = ""
    path: str = ""


class RegistryMovedAtRefError(CompatibilityError):
    """`eventkit check --against REF`: the registry folder (`path`, relative to the git
    repository) has no eventkit.toml at git `ref`, but REF holds a registry at `old_paths`
    that the working tree no longer has there: the registry was moved or renamed. Comparing
    with nothing would pass every breaking change, so the check stops; point it at the old
    place with ``--against REF:OLD_PATH``."""

    code = "registry-moved-at-ref"

    ref: str = ""
    path: str = ""
    old_paths: tuple[str, ...] = ()


class CodegenError(EventkitError):
    """Code generation failed; nothing was written."""

    code = "codegen"


class ContractError(EventkitError):
    """An event does not honour its contract."""

    code = "contract"


class UnknownEventError(ContractError):
    """The object is not a generated eventkit event model."""

    code = "unknown-event"


class EventValidationError(ContractError, ValueError):
    """Event data failed validation against its model: a generated model constructed with
    invalid values (a wrong type, a required field missing, a constraint broken, a keyword
    that is not a field), or an event that no longer validates when published.

    It is also a `ValueError`, as pydantic's `ValidationError` is, so ``except ValueError``
    keeps catching invalid construction. Parsing with `model_validate` (the consumer side)
    still raises pydantic's own `ValidationError`.

    Args:
        model: the model's class name (e.g. ``"OrderPlacedV2"``), when one model failed.
        errors: pydantic's structured errors, one dict per problem with its ``type``,
            ``loc``, ``msg`` and ``input`` (an undeclared keyword is ``extra_forbidden``);
            `errors()` returns them and `fields` gives ``(path, problem)`` pairs.
    """

    code = "event-validation"
    model: str | None = None

    # `errors` is a method here (as on pydantic's ValidationError), so the field is stored aside.
    def __init__(self, message: str, *, errors: Sequence[Any] = (), **fields: Any) -> None:
        super().__init__(message, **fields)
        self._errors = list(errors)

    def errors(self) -> list[Any]:
        """pydantic's error dicts (a new list each call, as `ValidationError.errors()`)."""
        return list(self._errors)

    def error_count(self) -> int:
        return len(self._errors)

    @property
    def fields(self) -> tuple[tuple[str, str], ...]:
        """Each problem as ``(path, message)``, path dotted from the model's root."""
        return tuple(
            (".".join(str(part) for part in error.get("loc", ())), str(error.get("msg", "")))
            for error in self._errors
        )


class MalformedEnvelopeError(ContractError):
    """A native `detail` is not an eventkit envelope: metadata or data missing or mistyped.

    Args:
        field: the offending part, e.g. ``"metadata.version"`` or ``"data"``.
        event_id: `metadata.event_id`, when it could be read.
    """

    code = "malformed-envelope"

    field: str | None = None
    event_id: str | None = None


class PatternError(EventkitError):
    """An EventBridge event pattern that AWS would reject (InvalidEventPatternException).

    Args:
        path: where in the pattern, as field names joined by dots (``"detail.price"``).
    """

    code = "invalid-event-pattern"

    path: str | None = None


class PublishError(EventkitError):
    """Events could not be published.

    Every publish error says exactly what happened to each event of the call.

    Args:
        bus_name: the event bus published to.
        delivered: `eventkit.publishing.DeliveredEntry` for each event EventBridge accepted.
        failed: `eventkit.publishing.FailedEntry` for each event not delivered (with its error
            code, message and number of attempts; `attempts == 0` means never sent).
            Those with `maybe_delivered` (also listed by `.unknown`) are of unknown
            outcome: the request may have been processed.
    """

    code = "publish"
    exit_code = EXIT_DELIVERY
    bus_name: str | None = None
    delivered: tuple[Any, ...] = ()
    failed: tuple[Any, ...] = ()

    def __init__(
        self,
        message: str,
        *,
        delivered: Sequence[Any] = (),
        failed: Sequence[Any] = (),
        **fields: Any,
    ) -> None:  # any sequence in, a tuple kept
        super().__init__(message, delivered=tuple(delivered), failed=tuple(failed), **fields)

    @property
    def unknown(self) -> tuple[Any, ...]:
        """The failed entries whose outcome is unknown (`maybe_delivered`): the request may
        have been processed, so each may or may not have been delivered."""
        return tuple(f for f in self.failed if getattr(f, "maybe_delivered", False))


class EventTooLargeError(PublishError):
    """A single event is not smaller than the PutEvents size limit; nothing was sent.

    Args:
        index: position of the event in the call.
        size: its entry size in bytes (the PutEvents formula).
        limit: the limit it must stay below, in bytes: the bus's `max_entry_bytes`
            (by default its request limit, `max_request_bytes`).
    """

    code = "event-too-large"

    index: int = 0
    size: int = 0
    limit: int = 0


class PartialPublishError(PublishError):
    """Some entries were not delivered (per-entry errors in PutEvents responses)."""

    code = "partial-publish"


class PublishRequestError(PublishError):
    """A whole PutEvents request failed: validation, access, throttling or network error.

    Args:
        error_code: AWS error code (``"ValidationException"``) or botocore error class name
            (``"EndpointConnectionError"``).
        retryable: whether sending the same request again later may succeed.
        maybe_delivered: the request may have reached EventBridge (e.g. a read timeout);
            resending is safe for consumers that deduplicate on the idempotency key.
    """

    code = "publish-request"

    error_code: str = "Unknown"
    retryable: bool = False
    maybe_delivered: bool = False


class BusNotFoundError(PublishRequestError):
    """The event bus does not exist (ResourceNotFoundException)."""

    code = "bus-not-found"


class BusClosedError(PublishRequestError):
    """A publish after `EventBus.close()`: nothing of the call was sent, and `failed` lists
    every entry (error code ``"BusClosed"``, 0 attempts). Calls in flight when `close()` was
    called run to their end first."""

    code = "bus-closed"


class RoutingError(EventkitError):
    """A router or upcaster is declared wrongly: a duplicate handler, a class that is not an
    event model, an upcaster between unrelated events or non-consecutive majors."""

    code = "routing"


class DispatchError(EventkitError):
    """An incoming event could not be parsed or handled.

    Args:
        event_id: eventkit's `metadata.event_id` (EventBridge's `id` when there is none).
        source: EventBridge `source`, when it could be read.
        detail_type: EventBridge `detail-type`, when it could be read.
        version: the event's semantic version (`metadata.version`), when it could be read.
        message_id: the SQS message id, when the event came in an SQS batch.
        fields: the failing fields, each ``(path, problem)``; path from the event's root,
            e.g. ``("detail.data.items.0.quantity", "Input should be a valid integer")``.
    """

    code = "dispatch"
    exit_code = EXIT_DELIVERY

    event_id: str | None = None
    source: str | None = None
    detail_type: str | None = None
    version: str | None = None
    message_id: str | None = None
    fields: tuple[tuple[str, str], ...] = ()


class EventParseError(DispatchError):
    """The input is not a well-formed event: not JSON, no `detail`, a broken envelope, or
    data that fails validation against the handler's model.

    Args:
        reason: for input that could not be read at all, why, as a stable word:
            ``"not-utf8"``, ``"not-json"``, ``"too-deep"`` (nested deeper than the JSON
            parser takes), ``"number-too-long"`` (more digits than Python converts),
            ``"not-an-object"``, ``"unknown-shape"`` (a JSON object that is no shape an
            event arrives in, see `received_keys`),
            ``"missing"`` (no SQS body or message id) or ``"unreadable"`` (any other
            exception while reading; it is the `__cause__`). None when the input was read
            but is not a valid event (see `fields`).
        record_index: the position (from 0) of the SQS record in its batch, for a record
            that has no message id to name it by.
        max_depth: with reason ``"too-deep"``, the nesting depth eventkit always accepts
            (200 levels; docs/consuming.md).
        received_keys: with reason ``"unknown-shape"`` (input that is none of the shapes an
            event arrives in), the keys of what was received.
        accepted_shapes: with reason ``"unknown-shape"``, the shapes eventkit reads.
    """

    code = "event-parse"

    reason: str | None = None
    record_index: int | None = None
    max_depth: int | None = None
    received_keys: tuple[str, ...] = ()
    accepted_shapes: tuple[str, ...] = ()


class UnroutableEventError(DispatchError):
    """No handler for the event's type (with the router's policy set to fail), or none for
    its major version and no upcaster path to one."""

    code = "unroutable-event"


class UpcastError(DispatchError):
    """An upcaster raised, or returned something that is not a valid instance of its target."""

    code = "upcast-failed"


class HandlerError(DispatchError):
    """The handler raised; the original exception is the `__cause__`."""

    code = "handler-failed"


class DrainError(EventkitError):
    """`eventkit.routing.drain` stopped because SQS failed a receive or a delete (the AWS
    exception is the `__cause__`). Nothing done before is lost: `result` counts it, and the
    messages of a batch that were handled but could not be deleted are in its `undeleted`
    (they are still in the queue and come back after the visibility timeout).

    Args:
        result: the `eventkit.routing.DrainResult` of the drain up to the failure.
        queue_url: the queue being drained.
        aws_code: the AWS error code (e.g. ``"AWS.SimpleQueueService.NonExistentQueue"``),
            when AWS answered.
    """

    code = "drain"
    exit_code = EXIT_DELIVERY

    result: Any = None
    queue_url: str | None = None
    aws_code: str | None = None


class RegistrySyncError(EventkitError):
    """Syncing with (or pulling from) the EventBridge Schema Registry failed.

    Args:
        registry: the Schema Registry name, when known.
        schema_name: the registry schema at fault, when there is one.
        operation: the API operation that failed (e.g. ``"CreateSchema"``), when there is one.
        aws_code: the AWS error code (e.g. ``"ForbiddenException"``), when AWS answered.
    """

    code = "registry-sync"

    registry: str | None = None
    schema_name: str | None = None
    operation: str | None = None
    aws_code: str | None = None


class SchemaConversionError(RegistrySyncError):
    """A schema uses a construct with no equivalent in the registry's format.

    Args:
        path: the version file (registry-relative) or event key.
        pointer: JSON pointer of the construct.
        keyword: the JSON Schema keyword (e.g. ``"unevaluatedProperties"``).
        target: ``"JSONSchemaDraft4"`` or ``"OpenApi3"``.
    """

    code = "schema-conversion"

    path: str | None = None
    pointer: str | None = None
    keyword: str | None = None
    target: str | None = None


class SchemaTooLargeError(RegistrySyncError):
    """Converted content is over the registry's content limit (100,000 characters).

    Args:
        size: characters of the most compact rendering.
        limit: the limit.
    """

    code = "schema-too-large"

    size: int
    limit: int


class SyncRefusedError(RegistrySyncError):
    """The registry folder fails `eventkit check`, so sync pushed nothing.

    Args:
        findings: how many blocking findings `eventkit check` reported.
    """

    code = "sync-refused"
    exit_code = EXIT_BREAKING

    findings: int


class PartialSyncError(RegistrySyncError):
    """Some planned changes were applied and some were not; a re-run finishes the job.

    Args:
        applied: one line per change that was applied.
        failed: one line per change that was not, with its reason.
    """

    code = "partial-sync"

    applied: tuple[str, ...]
    failed: tuple[str, ...]


class ReleasedVersionChangedError(RegistrySyncError):
    """The registry already holds a released version whose content the folder would change;
    released versions are immutable, so sync pushed nothing.

    Args:
        changed: one mapping per changed version: ``event``, ``version`` (the eventkit
            version), ``schema`` (the registry schema) and ``registry_version``.
    """

    code = "released-version-changed"
    exit_code = EXIT_BREAKING

    changed: tuple[Mapping[str, str], ...]


class PullNameError(RegistrySyncError):
    """A name `eventkit pull` derives from registry content (`x-eventkit` event or version,
    source, definition name) breaks the registry's naming rules or would leave the folder;
    nothing was written.

    Args:
        name: the offending name or path, as read from the content.
    """

    code = "pull-name"

    name: str


class PullConflictError(RegistrySyncError):
    """`eventkit pull` would write a `_shared/` file that already exists with other content (or
    two pulled schemas carry different content for it); nothing was written.

    Args:
        path: the `_shared/` file, relative to the registry folder.
    """

    code = "pull-conflict"

    path: str


class DemoFailedError(EventkitError):
    """A stage of `eventkit demo` found a problem; its own output says which.

    Args:
        stage: the stage that failed (``"lint"``, ``"check"``, ...).
        exit_code: the exit code of that stage's own command, which the demo exits with.
    """

    code = "demo-failed"
    exit_code = EXIT_PROBLEMS

    stage: str

    def __init__(self, message: str, *, exit_code: int, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.exit_code = exit_code  # type: ignore[misc]  # per instance: the stage's own code


class RouterSpecError(EventkitError):
    """A `--routers` entry (``[SERVICE=]MODULE:NAME``) cannot be imported, names nothing that
    holds a router, or names a service the registry does not have.

    Args:
        spec: the entry as given on the command line.
    """

    code = "router-spec"

    spec: str


class CatalogError(EventkitError):
    """`eventkit catalog` or `eventkit asyncapi` refuses to write where it was told (a
    non-empty folder that is not a previous catalog, a file in the way, a path inside the
    registry folder, a folder another build is writing into) or cannot write.

    Args:
        path: the folder or file at fault.
        registry: the registry folder, when `path` is refused for lying inside it.
    """

    code = "catalog"

    path: str
    registry: str | None = None


class DeadLetterError(EventkitError):
    """`eventkit dlq` cannot read the dead-letter queue or reach its target (a queue that does
    not exist, missing permissions or credentials), or its journal folder is unusable.

    Args:
        queue_url: the queue at fault, when there is one.
        aws_code: the AWS error code (e.g. ``"AWS.SimpleQueueService.NonExistentQueue"``),
            when AWS answered.
        path: the journal file or folder at fault, when there is one.
        report: for a run stopped midway, the `eventkit.deadletters.RedriveReport` (or
            `InspectReport`) of what it did before (what it redrove was deleted and
            journalled; the rest stays in the queue).
    """

    code = "dead-letter"

    queue_url: str | None = None
    aws_code: str | None = None
    path: str | None = None
    report: Any = None


class SettingError(EventkitError, ValueError):
    """An environment variable, test setting (e.g. ``EVENTKIT_TRANSPORT``, the pytest ini
    option ``eventkit_transport``) or setting given to a constructor (``RetryPolicy``'s
    ``max_attempts``, ``EventBus``'s ``max_workers``) has a value eventkit cannot use. It is
    a `ValueError` too.

    Args:
        setting: the variable, option or parameter.
        value: the value found (for a parameter, its ``repr``).
    """

    code = "setting"

    setting: str
    value: str
