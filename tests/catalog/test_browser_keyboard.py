"""Keyboard and screen-reader basics, in Chromium: a link to skip the header on every page, a
visible focus, the index's search and filters used without a mouse with the count of matches
announced (a status), and graph boxes whose link names say in full where they go (a box
shortened to ``aws_ec2/EC2InstanceStateChangeNotific...`` was a link of that name, inside an
SVG given role img, whose content screen readers may skip)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from eventkit.catalog import build_catalog
from eventkit.registry import load_registry

REPO = Path(__file__).resolve().parents[2]
PAGES = [
    "index.html",
    "graph.html",
    "shared.html",
    "services/orders.html",
    "events/orders/OrderPlaced.html",
]


@pytest.fixture(scope="module")
def shop_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("catalog") / "site"
    build_catalog(load_registry(REPO / "schemas"), out)
    return out


def _focused_outline(page: Page) -> str:
    return str(page.evaluate("getComputedStyle(document.activeElement).outlineStyle"))


@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_one_heading_landmarks_and_a_skip_link(
    shop_site: Path, page: Page, name: str
) -> None:
    page.goto((shop_site / name).as_uri())
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    for landmark in ("banner", "navigation", "main", "contentinfo"):
        expect(page.get_by_role(landmark)).to_have_count(1)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to the content")).to_be_focused()
    assert _focused_outline(page) != "none"
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    if page.locator("main a").count():
        page.keyboard.press("Tab")  # the next stop is in the content, past the header's links
        assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
        assert _focused_outline(page) != "none"


def test_search_and_filters_work_from_the_keyboard_and_announce_the_count(
    shop_site: Path, page: Page
) -> None:
    page.goto((shop_site / "index.html").as_uri())
    rows = page.locator("#events tbody tr:visible")
    status = page.get_by_role("status")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # skip the header
    page.keyboard.press("Tab")
    expect(page.get_by_role("searchbox", name="Search event types")).to_be_focused()
    page.keyboard.type("payment")
    expect(status).to_have_text("6 of 19 event types")
    for key in ("Control+a", "Backspace", "Tab"):
        page.keyboard.press(key)
    expect(page.get_by_role("combobox", name="Service")).to_be_focused()
    page.keyboard.type("orders")  # picks the option by its first letters
    expect(rows).to_have_count(3)
    expect(status).to_have_text("3 of 19 event types")


def test_graph_links_are_named_in_full_with_what_they_open(shop_site: Path, page: Page) -> None:
    page.goto((shop_site / "graph.html").as_uri())
    expect(page.get_by_role("img")).to_have_count(0)
    event = page.get_by_role(
        "link", name="event aws_ec2/EC2InstanceStateChangeNotification", exact=True
    )
    expect(event).to_have_count(1)
    expect(page.get_by_role("link", name="service payments", exact=True)).to_have_count(2)
    event.focus()
    assert _focused_outline(page) != "none"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "EC2InstanceStateChangeNotification foreign"
    )
