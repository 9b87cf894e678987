"""docs/errors.md documents every error code, and is what the classes say today."""

from __future__ import annotations

from pathlib import Path

from eventkit import errors
from eventkit._errors_doc import render

DOC = Path(__file__).resolve().parent.parent / "docs" / "errors.md"


def test_errors_page_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/errors.md is stale: run `python -m eventkit._errors_doc > docs/errors.md`"
    )


def test_every_public_error_code_has_a_section() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in errors.__all__:
        cls = getattr(errors, name)
        assert f"## `{cls.code}`" in text, name
