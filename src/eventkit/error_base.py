"""The root of eventkit's error hierarchy and the errors the compatibility engine raises.

These are `eventkit.errors`'s classes: import them from there (their `__module__` says so, and
pickling finds them there). They are defined here so that `import eventkit.compat`, whose
engine raises only these, does not make the other forty classes: ~1.2 ms of a cold comparison
process (bench/compat.py, compat.cold_pass_vs_jsoncompat; docs/decisions/0030-speed-ups.md).
The whole tree, and every other class: eventkit/errors.py.
"""

from __future__ import annotations

# No `typing`, `inspect` or `collections.abc` at run time: a cold comparison pays for every
# module it imports (compat.cold_pass_vs_jsoncompat).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar

__all__ = [
    "EXIT_BREAKING",
    "EXIT_DELIVERY",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "CompatibilityError",
    "EventkitError",
    "RegexSyntaxError",
    "RegexTimeoutError",
    "SchemaRegexError",
]

_PUBLIC_MODULE = "eventkit.errors"  # where users import these classes from (and pickle finds them)

# CLI exit codes; documented in docs/cli.md. Distinct per meaning.
EXIT_OK = 0
EXIT_PROBLEMS = 1  # lint problems, stale generated code, registry drift
EXIT_USAGE = 2  # bad arguments or unreadable input
EXIT_DELIVERY = 3  # events not delivered / not handled
EXIT_BREAKING = 100  # breaking compatibility findings (as buf does)


_REQUIRED: Any = object()  # the "default" of a field the caller must give


class EventkitError(Exception):
    """Root of every eventkit error.

    Args:
        message: what went wrong, naming the file, event, field or entry.
        hint: what the user should do about it.
    """

    code: ClassVar[str] = "eventkit-error"
    exit_code: ClassVar[int] = EXIT_USAGE
    # Each class's structured fields, inherited and its own: name -> default (or _REQUIRED).
    # A class declares its fields as class-level annotations, with a default unless required,
    # so type checkers see typed attributes; `_fields_of` collects them (by a class's first
    # instance: until then `cls._fields` is an ancestor's).
    _fields: ClassVar[dict[str, Any]] = {}

    message: str
    hint: str | None

    def __init__(self, message: str, *, hint: str | None = None, **fields: Any) -> None:
        """The one initialiser: `message`, `hint`, and the class's declared fields by keyword
        (an unknown keyword or a missing required field is a `TypeError`, as it was)."""
        super().__init__(message)
        self.message = message
        self.hint = hint
        declared = _fields_of(type(self))
        unknown = sorted(set(fields) - set(declared))
        if unknown:
            raise TypeError(
                f"{type(self).__name__}() got unexpected keyword argument(s): {', '.join(unknown)}"
            )
        for name, default in declared.items():
            value = fields.get(name, default)
            if value is _REQUIRED:
                raise TypeError(f"{type(self).__name__}() missing keyword argument: {name!r}")
            setattr(self, name, value)

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message}\n  hint: {self.hint}"
        return self.message


# Collected by a class's first instance, not by `__init_subclass__` when the class is made:
# `import eventkit.errors` makes 46 classes and a process usually raises none, and the hook was
# ~9% of making them (compat.cold_pass_vs_jsoncompat; docs/decisions/0030-speed-ups.md).
def _fields_of(cls: type[EventkitError]) -> dict[str, Any]:
    """`cls`'s fields (`EventkitError._fields`), worked out once and then kept on the class."""
    fields = cls.__dict__.get("_fields")
    if fields is None:
        # the nearest error class above: the one whose fields `cls._fields` would inherit
        parent = next(base for base in cls.__mro__[1:] if issubclass(base, EventkitError))
        fields = dict(_fields_of(parent))
        # what `inspect.get_annotations(cls)` returns for a class: its own annotations (strings)
        for name, annotation in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063
            if name.startswith("_") or str(annotation).startswith("ClassVar"):
                continue
            fields[name] = cls.__dict__.get(name, _REQUIRED)
        cls._fields = fields
    return fields


class CompatibilityError(EventkitError):
    """The compatibility engine cannot judge its input (not a schema, too deep, ...)."""

    code = "compatibility"


class SchemaRegexError(EventkitError):
    """A regular expression from a schema (`pattern`, `patternProperties`) cannot be evaluated.

    Args:
        pattern: the regular expression, as the schema writes it.
    """

    code = "schema-regex"

    pattern: str


class RegexSyntaxError(SchemaRegexError):
    """Not an ECMA-262 regular expression that eventkit can run (docs/registry.md)."""

    code = "regex-syntax"


class RegexTimeoutError(SchemaRegexError):
    """Evaluating the pattern on one input took longer than the time bound; no verdict.

    Args:
        seconds: the time bound that was exceeded.
    """

    code = "regex-timeout"

    seconds: float


for _cls in (
    EventkitError,
    CompatibilityError,
    SchemaRegexError,
    RegexSyntaxError,
    RegexTimeoutError,
):
    _cls.__module__ = _PUBLIC_MODULE
del _cls
