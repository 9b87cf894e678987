"""The one structured initialiser: every error takes its class's declared fields by keyword,
keeps them as attributes (defaults when not given), and refuses what it does not declare."""

from __future__ import annotations

from typing import Any

import pytest

from eventkit import errors


def _error_classes() -> list[type[errors.EventkitError]]:
    found = [getattr(errors, name) for name in errors.__all__]
    return [c for c in found if isinstance(c, type) and issubclass(c, errors.EventkitError)]


def test_fields_are_inherited_and_kept_as_given() -> None:
    error = errors.EventParseError(
        "bad", hint="fix", event_id="e-1", message_id="m-1", reason="not-json", max_depth=200
    )
    assert (error.message, error.hint, error.code) == ("bad", "fix", "event-parse")
    assert (error.event_id, error.message_id, error.reason, error.max_depth) == (
        "e-1",
        "m-1",
        "not-json",
        200,
    )
    assert (error.source, error.fields, error.record_index) == (None, (), None)  # defaults


def test_publish_errors_keep_entries_as_tuples() -> None:
    error = errors.PublishRequestError("m", delivered=[1], failed=[2, 3], error_code="X")
    assert (error.delivered, error.failed, error.error_code, error.retryable) == (
        (1,),
        (2, 3),
        "X",
        False,
    )


@pytest.mark.parametrize("cls", _error_classes(), ids=lambda c: c.__name__)
def test_an_undeclared_keyword_is_refused(cls: type[errors.EventkitError]) -> None:
    extra: dict[str, Any] = (
        {"exit_code": 1} if cls is errors.DemoFailedError else {}
    )  # its own parameter
    with pytest.raises(TypeError, match="no_such_field"):
        cls("m", no_such_field=1, **extra)


def test_a_missing_required_field_is_refused() -> None:
    with pytest.raises(TypeError, match="limit"):
        errors.SchemaTooLargeError("m", size=1)
    assert errors.SchemaTooLargeError("m", size=1, limit=2).limit == 2


def test_the_demo_error_carries_its_stage_exit_code_per_instance() -> None:
    error = errors.DemoFailedError("m", stage="lint", exit_code=5)
    assert (error.stage, error.exit_code, errors.DemoFailedError.exit_code) == (
        "lint",
        5,
        errors.EXIT_PROBLEMS,
    )
