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
    │   └── SchemaRefError       a $ref is remote, missing, or points nowhere
    ├── CompatibilityError       the compatibility engine cannot judge its input
    ├── CodegenError             code generation failed; nothing was written
    ├── ContractError            an event does not honour its contract
    │   ├── UnknownEventError
    │   └── EventValidationError
    ├── PatternError             an EventBridge event pattern AWS would reject
    ├── PublishError             events could not be (fully) published
    │   ├── EventTooLargeError
    │   └── PartialPublishError  some entries were not delivered; lists each one
    ├── DispatchError            an incoming event could not be handled
    └── RegistrySyncError        the EventBridge Schema Registry sync failed
"""

from __future__ import annotations

from typing import ClassVar

__all__ = [
    "CodegenError",
    "CompatibilityError",
    "ContractError",
    "DispatchError",
    "EventTooLargeError",
    "EventValidationError",
    "EventkitError",
    "PartialPublishError",
    "PatternError",
    "PublishError",
    "RegistryConfigError",
    "RegistryError",
    "RegistryNotFoundError",
    "RegistrySyncError",
    "SchemaFileError",
    "SchemaNameError",
    "SchemaRefError",
    "UnknownEventError",
]

# CLI exit codes; documented in docs/cli.md. Distinct per meaning.
EXIT_OK = 0
EXIT_PROBLEMS = 1  # lint problems, stale generated code, registry drift
EXIT_USAGE = 2  # bad arguments or unreadable input
EXIT_DELIVERY = 3  # events not delivered / not handled
EXIT_BREAKING = 100  # breaking compatibility findings (as buf does)


class EventkitError(Exception):
    """Root of every eventkit error.

    Args:
        message: what went wrong, naming the file, event, field or entry.
        hint: what the user should do about it.
    """

    code: ClassVar[str] = "eventkit-error"
    exit_code: ClassVar[int] = EXIT_USAGE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message}\n  hint: {self.hint}"
        return self.message


class RegistryError(EventkitError):
    """The registry folder cannot be loaded.

    Args:
        path: the file or folder at fault, when there is one.
        pointer: JSON pointer inside that file, when there is one.
        line: 1-based line in that file, when known.
    """

    code = "registry-error"

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        path: str | None = None,
        pointer: str | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.path = path
        self.pointer = pointer
        self.line = line


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


class CompatibilityError(EventkitError):
    """The compatibility engine cannot judge its input (not a schema, too deep, ...)."""

    code = "compatibility"


class CodegenError(EventkitError):
    """Code generation failed; nothing was written."""

    code = "codegen"


class ContractError(EventkitError):
    """An event does not honour its contract."""

    code = "contract"


class UnknownEventError(ContractError):
    """The object is not a generated eventkit event model."""

    code = "unknown-event"


class EventValidationError(ContractError):
    """Event data failed validation against its model."""

    code = "event-validation"


class PatternError(EventkitError):
    """An EventBridge event pattern that AWS would reject (InvalidEventPatternException)."""

    code = "invalid-event-pattern"


class PublishError(EventkitError):
    """Events could not be published."""

    code = "publish"
    exit_code = EXIT_DELIVERY


class EventTooLargeError(PublishError):
    """A single event is over the PutEvents size limit; nothing was sent."""

    code = "event-too-large"


class PartialPublishError(PublishError):
    """Some entries were not delivered."""

    code = "partial-publish"


class DispatchError(EventkitError):
    """An incoming event could not be parsed or handled."""

    code = "dispatch"
    exit_code = EXIT_DELIVERY


class RegistrySyncError(EventkitError):
    """Syncing with the EventBridge Schema Registry failed."""

    code = "registry-sync"
