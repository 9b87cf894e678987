"""Every error class's structured fields, pinned: what each class took by keyword, with which
defaults, before its fields were collected by its first instance instead of by
`__init_subclass__` when the class was made (docs/decisions/0030-speed-ups.md, "cold compat
import"). Checked through construction: attributes, refusals, pickling; in this process and in
a fresh one where a subclass is instantiated before its parents."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from typing import Any

import pytest

from eventkit import errors

REQUIRED = "<required>"

# class -> {field: default, or REQUIRED}, in declaration order: what main gave (7eb6219)
FIELDS: dict[str, dict[str, Any]] = {
    "BusClosedError": {
        "bus_name": None,
        "delivered": (),
        "failed": (),
        "error_code": "Unknown",
        "retryable": False,
        "maybe_delivered": False,
    },
    "BusNotFoundError": {
        "bus_name": None,
        "delivered": (),
        "failed": (),
        "error_code": "Unknown",
        "retryable": False,
        "maybe_delivered": False,
    },
    "CatalogError": {"path": REQUIRED, "registry": None},
    "CodegenError": {},
    "CompatibilityError": {},
    "ContractError": {},
    "DeadLetterError": {"queue_url": None, "aws_code": None, "path": None, "report": None},
    "DemoFailedError": {"stage": REQUIRED},
    "DispatchError": {
        "event_id": None,
        "source": None,
        "detail_type": None,
        "version": None,
        "message_id": None,
        "fields": (),
    },
    "DrainError": {"result": None, "queue_url": None, "aws_code": None},
    "EventParseError": {
        "event_id": None,
        "source": None,
        "detail_type": None,
        "version": None,
        "message_id": None,
        "fields": (),
        "reason": None,
        "record_index": None,
        "max_depth": None,
        "received_keys": (),
        "accepted_shapes": (),
    },
    "EventTooLargeError": {
        "bus_name": None,
        "delivered": (),
        "failed": (),
        "index": 0,
        "size": 0,
        "limit": 0,
    },
    "EventValidationError": {"model": None},
    "EventkitError": {},
    "HandlerError": {
        "event_id": None,
        "source": None,
        "detail_type": None,
        "version": None,
        "message_id": None,
        "fields": (),
    },
    "InitError": {"path": None, "pointer": None, "line": None, "paths": ()},
    "LockFileError": {"path": None, "pointer": None, "line": None},
    "MalformedEnvelopeError": {"field": None, "event_id": None},
    "PartialPublishError": {"bus_name": None, "delivered": (), "failed": ()},
    "PartialSyncError": {
        "registry": None,
        "schema_name": None,
        "operation": None,
        "aws_code": None,
        "applied": REQUIRED,
        "failed": REQUIRED,
    },
    "PatternError": {"path": None},
    "PublishError": {"bus_name": None, "delivered": (), "failed": ()},
    "PublishRequestError": {
        "bus_name": None,
        "delivered": (),
        "failed": (),
        "error_code": "Unknown",
        "retryable": False,
        "maybe_delivered": False,
    },
    "PullConflictError": {
        "registry": None,
        "schema_name": None,
        "operation": None,
        "aws_code": None,
        "path": REQUIRED,
    },
    "PullNameError": {
        "registry": None,
        "schema_name": None,
        "operation": None,
        "aws_code": None,
        "name": REQUIRED,
    },
    "RegexSyntaxError": {"pattern": REQUIRED},
    "RegexTimeoutError": {"pattern": REQUIRED, "seconds": REQUIRED},
    "RegistryAbsentAtRefError": {"ref": "", "path": ""},
    "RegistryConfigError": {"path": None, "pointer": None, "line": None},
    "RegistryError": {"path": None, "pointer": None, "line": None},
    "RegistryMovedAtRefError": {"ref": "", "path": "", "old_paths": ()},
    "RegistryNotFoundError": {"path": None, "pointer": None, "line": None},
    "RegistrySyncError": {
        "registry": None,
        "schema_name": None,
        "operation": None,
        "aws_code": None,
    },
    "ReleasedVersionChangedError": {
        "registry": None,
        "schema_name": None,
        "operation": None,
        "aws_code": None,
        "changed": REQUIRED,
    },
    "RouterSpecError": {"spec": REQUIRED},
    "RoutingError": {},
    "ScaffoldError": {"path": None, "pointer": None, "line": None},
    "SchemaConversionError": {
        "registry": None,
        "schema_name": None,
        "operation": None,
        "aws_code": None,
        "path": None,
        "pointer": None,
        "keyword": None,
        "target": None,
    },
    "SchemaFileError": {"path": None, "pointer": None, "line": None},
    "SchemaNameError": {"path": None, "pointer": None, "line": None},
    "SchemaRefError": {"path": None, "pointer": None, "line": None},
    "SchemaRegexError": {"pattern": REQUIRED},
    "SchemaTooLargeError": {
        "registry": None,
        "schema_name": None,
        "operation": None,
        "aws_code": None,
        "size": REQUIRED,
        "limit": REQUIRED,
    },
    "SettingError": {"setting": REQUIRED, "value": REQUIRED},
    "SyncRefusedError": {
        "registry": None,
        "schema_name": None,
        "operation": None,
        "aws_code": None,
        "findings": REQUIRED,
    },
    "UnknownEventError": {},
    "UnroutableEventError": {
        "event_id": None,
        "source": None,
        "detail_type": None,
        "version": None,
        "message_id": None,
        "fields": (),
    },
    "UpcastError": {
        "event_id": None,
        "source": None,
        "detail_type": None,
        "version": None,
        "message_id": None,
        "fields": (),
    },
}


def _given(cls_name: str) -> dict[str, Any]:
    """A value for each required field (its name in angle brackets), and the demo error's own
    `exit_code` parameter."""
    given: dict[str, Any] = {
        name: f"<{name}>" for name, default in FIELDS[cls_name].items() if default == REQUIRED
    }
    if cls_name == "DemoFailedError":
        given["exit_code"] = 1
    return given


def _attributes(error: errors.EventkitError, cls_name: str) -> dict[str, Any]:
    return {name: getattr(error, name) for name in FIELDS[cls_name]}


def _expected(cls_name: str) -> dict[str, Any]:
    given = _given(cls_name)
    return {
        name: given[name] if default == REQUIRED else default
        for name, default in FIELDS[cls_name].items()
    }


def test_the_table_covers_every_error_class() -> None:
    assert sorted(FIELDS) == errors.__all__


@pytest.mark.parametrize("cls_name", sorted(FIELDS))
def test_each_class_takes_its_fields_with_their_defaults(cls_name: str) -> None:
    cls = getattr(errors, cls_name)
    error = cls("m", hint="h", **_given(cls_name))
    assert (error.message, error.hint, str(error)) == ("m", "h", "m\n  hint: h")
    assert _attributes(error, cls_name) == _expected(cls_name)


@pytest.mark.parametrize("cls_name", sorted(FIELDS))
def test_each_missing_required_field_is_refused_by_name(cls_name: str) -> None:
    cls = getattr(errors, cls_name)
    given = _given(cls_name)
    for name, default in FIELDS[cls_name].items():
        if default != REQUIRED:
            continue
        with pytest.raises(TypeError) as raised:
            cls("m", **{k: v for k, v in given.items() if k != name})
        assert str(raised.value) == f"{cls_name}() missing keyword argument: {name!r}"
    with pytest.raises(TypeError) as raised:
        cls("m", zz=1, aa=2, **given)
    assert str(raised.value) == f"{cls_name}() got unexpected keyword argument(s): aa, zz"


@pytest.mark.parametrize("cls_name", sorted(FIELDS))
def test_pickling_is_as_it_was(cls_name: str) -> None:
    """An error comes back with its fields, unless its class has a required field or keyword
    (unpickling calls the class with the message only): that raises `TypeError`, as before."""
    error = getattr(errors, cls_name)("m", hint="h", **_given(cls_name))
    data = pickle.dumps(error)
    if _given(cls_name):
        with pytest.raises(TypeError, match="missing"):
            pickle.loads(data)
        return
    back = pickle.loads(data)
    assert (type(back), repr(back), vars(back)) == (type(error), repr(error), vars(error))


# Leaves first: each class's first instance comes before its parents' (none was made before).
_FRESH = """
import json, sys
from eventkit import errors
given = json.loads(sys.argv[1])
seen = {}
for name in sorted(given, key=lambda n: -len(getattr(errors, n).__mro__)):
    error = getattr(errors, name)("m", **given[name])
    seen[name] = {field: getattr(error, field) for field in json.loads(sys.argv[2])[name]}
print(json.dumps(seen))
"""


def test_first_instances_leaves_first_in_a_fresh_process_give_the_same_fields() -> None:
    given = {name: _given(name) for name in FIELDS}
    done = subprocess.run(
        [sys.executable, "-c", _FRESH, json.dumps(given), json.dumps(FIELDS)],
        capture_output=True,
        text=True,
        check=True,
    )
    seen = json.loads(done.stdout)
    expected = json.loads(json.dumps({name: _expected(name) for name in FIELDS}))
    assert seen == expected


def test_a_subclass_made_elsewhere_inherits_and_declares_fields() -> None:
    class _Base(errors.SchemaRefError):
        extra: int
        label: str = "x"
        _private: int = 0

    class _Leaf(_Base, ValueError):
        more: tuple[str, ...] = ()

    leaf = _Leaf("m", extra=1, more=("a",))
    assert (leaf.path, leaf.pointer, leaf.line, leaf.extra, leaf.label, leaf.more) == (
        None,
        None,
        None,
        1,
        "x",
        ("a",),
    )
    with pytest.raises(TypeError, match=r"unexpected keyword argument\(s\): _private"):
        _Base("m", extra=1, _private=1)  # a `_` name is not a field
    with pytest.raises(TypeError, match=r"_Leaf\(\) missing keyword argument: 'extra'"):
        _Leaf("m")
    with pytest.raises(TypeError, match=r"_Base\(\) got unexpected keyword argument\(s\): more"):
        _Base("m", extra=1, more=())
