"""A field table stops at 2,000 rows and 12 levels of nesting (pages stay readable), and the
page now says so under the table; the diff compares past those limits. Before, a schema of
5,000 properties showed 2,000 with no word of the rest, and a property added after them (or
a change 14 levels deep) made the diff say "0 added ... No field changed"."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from eventkit.catalog import render_site
from eventkit.registry import load_registry
from tests.registry._build import build, schema


def _diff(page: str, old: str, new: str) -> str:
    found = re.search(rf'<section class="diff" id="diff-{old}-{new}".*?</section>', page, re.S)
    assert found, (old, new)
    return found.group()


def _cut_notes(page: str) -> list[str]:
    return re.findall(r'<p class="muted cut">', page)


def _nested(depth: int, leaf: dict[str, Any]) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "object", "properties": {"leaf": leaf}}
    for _ in range(depth):
        node = {"type": "object", "properties": {"inner": node}}
    return node


def test_a_table_cut_at_its_rows_says_so_and_the_diff_still_sees_a_field_past_them(
    tmp_path: Path,
) -> None:
    wide = {f"p{i}": {"type": "string", "description": f"property {i}"} for i in range(5000)}
    files = {
        "svc/Wide/1.0.0.json": schema(properties=wide, required=["p0"], examples=[{"p0": "a"}]),
        "svc/Wide/1.1.0.json": schema(
            properties={**wide, "extra": {"type": "integer"}},
            required=["p0"],
            examples=[{"p0": "a"}],
        ),
    }
    page = render_site(load_registry(build(tmp_path / "reg", files)))["events/svc/Wide.html"]
    assert page.count('<td class="name"') == 2 * 2000  # a table per version, cut
    assert len(_cut_notes(page)) == 2
    diff = _diff(page, "1.0.0", "1.1.0")
    assert '<tr class="added"><td><code>extra</code>' in diff
    assert not _cut_notes(diff)  # every field was compared


def test_fields_nested_deeper_than_a_table_shows_are_noted_and_compared(tmp_path: Path) -> None:
    files = {
        "svc/Deep/1.0.0.json": schema(properties={"top": _nested(14, {"type": "string"})}),
        "svc/Deep/2.0.0.json": schema(properties={"top": _nested(14, {"type": "integer"})}),
    }
    page = render_site(load_registry(build(tmp_path / "reg", files)))["events/svc/Deep.html"]
    assert len(_cut_notes(page)) == 2
    diff = _diff(page, "1.0.0", "2.0.0")
    assert '<tr class="changed"><td><code>top.inner.inner' in diff
    assert "type: string -&gt; integer" in diff


def test_a_table_within_its_limits_has_no_note(tmp_path: Path) -> None:
    files = {"svc/Small/1.0.0.json": schema(), "svc/Small/1.1.0.json": schema()}
    page = render_site(load_registry(build(tmp_path / "reg", files)))["events/svc/Small.html"]
    assert not _cut_notes(page)


def test_a_diff_past_its_own_limits_says_what_it_left_out(tmp_path: Path) -> None:
    # definitions reused at every level: 8**6 rows, more than a diff compares
    defs: dict[str, Any] = {"L6": {"type": "object", "properties": {"v": {"type": "string"}}}}
    for level in range(5, -1, -1):
        inner = {f"f{i}": {"$ref": f"#/$defs/L{level + 1}"} for i in range(8)}
        defs[f"L{level}"] = {"type": "object", "properties": inner}
    version = schema(properties={"root": {"$ref": "#/$defs/L0"}})
    version["$defs"] = defs
    files = {"svc/Many/1.0.0.json": version, "svc/Many/1.1.0.json": version}
    page = render_site(load_registry(build(tmp_path / "reg", files)))["events/svc/Many.html"]
    assert _cut_notes(_diff(page, "1.0.0", "1.1.0"))
