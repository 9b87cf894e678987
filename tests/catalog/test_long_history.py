"""An event with a long history, each version adding a field. Every version's full field
table and its diff against the newest on the one event page made it grow with versions x
fields: 200 versions gave an 8 MB page. Now the event page holds the newest version in full,
the others in brief (each with a page of its own), and the consecutive diffs: it grows with
versions + fields."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from eventkit.catalog import build_catalog, render_site
from eventkit.registry import load_registry
from tests.registry._build import build, schema

VERSIONS = 120


def _history(root: Path, versions: int) -> Path:
    files: dict[str, Any] = {}
    properties: dict[str, Any] = {"id": {"type": "string", "description": "The id."}}
    for i in range(1, versions):
        properties = {**properties, f"field_{i}": {"type": "string", "description": f"Added {i}."}}
        files[f"svc/Long/1.{i}.0.json"] = schema(properties=properties)
    files["svc/Long/1.0.0.json"] = schema()
    return build(root, files)


def _section(page: str, ident: str) -> str:
    found = re.search(
        rf'<section class="version" id="{re.escape(ident)}">.*?</section>', page, re.S
    )
    assert found, ident
    return found.group()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = _history(tmp_path_factory.mktemp("long") / "reg", VERSIONS)
    return render_site(load_registry(root))


def test_the_event_page_grows_with_versions_plus_fields_not_their_product(
    site: dict[str, str],
) -> None:
    page = site["events/svc/Long.html"]
    newest = f"1.{VERSIONS - 1}.0"
    # the content the page must hold: the newest table in full (one row per field), and per
    # older version a brief entry and the diff from the version before it
    table = _section(page, f"v{newest}")
    per_field = len(table) / VERSIONS  # one field per version: VERSIONS rows
    brief = _section(page, "v1.1.0")
    diff = re.search(r'<section class="diff" id="diff-1.0.0-1.1.0".*?</section>', page, re.S)
    assert diff
    per_version = len(brief) + len(diff.group())
    limit = 2 * (per_field * VERSIONS + per_version * VERSIONS)
    assert len(page) <= limit, (len(page), limit)
    assert page.count('<td class="name"') == VERSIONS  # one table: the newest version's


def test_every_older_version_keeps_its_anchor_and_has_a_page_with_its_table(
    site: dict[str, str],
) -> None:
    page = site["events/svc/Long.html"]
    newest = f"1.{VERSIONS - 1}.0"
    for i in range(VERSIONS - 1):
        version = f"1.{i}.0"
        brief = _section(page, f"v{version}")  # its anchor kept
        own = f"events/svc/Long/{version}.html"
        assert f'href="../../{own}"' in brief
        version_page = site[own]
        assert version_page.count('<td class="name"') == i + 1
        if i < VERSIONS - 2:  # the version before the newest: that diff is the consecutive one
            assert f'href="../../{own}#diff-{version}-{newest}"' in brief
            assert f'id="diff-{version}-{newest}"' in version_page
        assert f'<section class="version" id="v{version}">' in version_page


def test_a_short_history_stays_on_one_page(tmp_path: Path) -> None:
    site = render_site(load_registry(_history(tmp_path / "reg", 8)))
    assert not [path for path in site if path.startswith("events/svc/Long/")]
    assert site["events/svc/Long.html"].count('<td class="name"') == sum(range(1, 9))


def test_picking_a_pair_on_a_version_page_links_to_it_and_old_links_follow(
    tmp_path: Path, page: Page
) -> None:
    out = tmp_path / "site"
    build_catalog(load_registry(_history(tmp_path / "reg", 12)), out)
    event = out / "events/svc/Long.html"
    page.goto(event.as_uri())
    page.select_option("#diff-old", "1.3.0")
    page.select_option("#diff-new", "1.11.0")
    expect(page.locator("#diff-missing")).to_be_hidden()
    away = page.locator("#diff-away-link")
    expect(away).to_be_visible()
    away.click()
    expect(page).to_have_url((out / "events/svc/Long/1.3.0.html").as_uri() + "#diff-1.3.0-1.11.0")
    expect(page.locator("#diff-1\\.3\\.0-1\\.11\\.0")).to_be_visible()
    # a bookmark from when the event page held that diff
    page.goto(event.as_uri() + "#diff-1.4.0-1.11.0")
    expect(page).to_have_url((out / "events/svc/Long/1.4.0.html").as_uri() + "#diff-1.4.0-1.11.0")


def test_the_index_sums_up_a_long_history(site: dict[str, str]) -> None:
    # every version listed made the event's row of the index a screen tall (709 px for 200)
    cell = re.search(r'<td class="versions">(.*?)</td>', site["index.html"], re.S)
    assert cell
    assert cell.group(1) == f"{VERSIONS} versions, 1.0.0 to 1.{VERSIONS - 1}.0"


def test_the_index_lists_a_short_history(tmp_path: Path) -> None:
    site = render_site(load_registry(_history(tmp_path / "reg", 8)))
    cell = re.search(r'<td class="versions">(.*?)</td>', site["index.html"], re.S)
    assert cell
    assert cell.group(1) == ", ".join(f"1.{i}.0" for i in range(8))


def test_a_long_history_is_summed_up_where_it_would_be_a_wall_of_links(
    site: dict[str, str],
) -> None:
    # every version as a link in the majors table and every consecutive pair in a paragraph
    # made a block of links 350 and 560 px tall (200 versions) above the content
    page = site["events/svc/Long.html"]
    newest = f"1.{VERSIONS - 1}.0"
    majors = re.search(r'<tr id="major-1">.*?</tr>', page, re.S)
    assert majors
    assert majors.group().count("<a ") == 2  # the first and the newest version
    assert f"{VERSIONS} versions" in majors.group()
    links = re.search(r'<p class="diff-links">.*?</p>', page, re.S)
    assert links
    assert links.group().count("<a ") == 1  # to the versions, which link their changes
    for i in range(1, VERSIONS):  # the newest (in full) too
        section = _section(page, f"v1.{i}.0")
        assert f'href="#diff-1.{i - 1}.0-1.{i}.0"' in section
    assert f'id="diff-1.{VERSIONS - 2}.0-{newest}"' in page


def test_what_the_picker_finds_is_announced(tmp_path: Path, page: Page) -> None:
    # the messages appeared outside any live region: a screen reader said nothing when a
    # picked pair was on another page or not in the catalog
    out = tmp_path / "site"
    build_catalog(load_registry(_history(tmp_path / "reg", 12)), out)
    page.goto((out / "events/svc/Long.html").as_uri())
    status = page.get_by_role("status")  # its shown text (inner_text leaves hidden parts out)
    page.select_option("#diff-old", "1.3.0")
    page.select_option("#diff-new", "1.11.0")
    assert status.inner_text(timeout=5000).startswith("This pair is on the page of version 1.3.0")
    page.select_option("#diff-new", "1.5.0")
    assert status.inner_text(timeout=5000).startswith("This pair is not in the catalog")
