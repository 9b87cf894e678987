"""The metadata JSON written by hand is the text `json.dumps` writes; event ids are version 4
UUID texts, unique across threads."""

from __future__ import annotations

import json
import threading
import uuid

import pytest

from eventkit.envelope import Metadata, metadata_json, new_event_id

ODD = [
    "",
    "é ü 中文",
    'quote " and \\ backslash',
    "line\nbreak\ttab\x00\x1f",
    "\u2028\u2029",
    "\ud800",
]


@pytest.mark.parametrize("text", ODD)
@pytest.mark.parametrize("optional", [None, "given"])
def test_metadata_json_is_json_dumps(text: str, optional: str | None) -> None:
    meta = Metadata(text, "1.0.0", text, text, text, optional and text, text, optional)
    expected = json.dumps(meta.to_dict(), separators=(",", ":"), ensure_ascii=False)
    assert metadata_json(meta) == expected


def test_metadata_json_of_a_value_that_is_not_a_string_is_json_dumps() -> None:
    meta = Metadata("id", "1.0.0", "t", 7, "c", None, "k", None)  # type: ignore[arg-type]
    expected = json.dumps(meta.to_dict(), separators=(",", ":"), ensure_ascii=False)
    assert metadata_json(meta) == expected


def test_event_ids_are_uuid4_text() -> None:
    ids = [new_event_id() for _ in range(2000)]  # crosses several refills of the pool
    for value in ids:
        parsed = uuid.UUID(value)
        assert parsed.version == 4
        assert parsed.variant == uuid.RFC_4122
        assert str(parsed) == value
    assert {value[19] for value in ids} == set("89ab")


def test_event_ids_are_unique_across_threads() -> None:
    ids: list[list[str]] = [[] for _ in range(4)]

    def draw(out: list[str]) -> None:
        out.extend(new_event_id() for _ in range(20_000))

    threads = [threading.Thread(target=draw, args=(out,)) for out in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [value for out in ids for value in out]
    assert len(set(every)) == len(every) == 80_000
