"""Printing a page (or saving it as PDF). On paper nothing scrolls: a rule pattern, an example
or a field table wider than the page was cut at its edge (its box scrolls on screen), the
graph ran off the page, the header's white text printed white on white (browsers leave
backgrounds out), and a version's example, folded in a closed <details>, was left out."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from eventkit.catalog import build_catalog
from eventkit.registry import load_registry

REPO = Path(__file__).resolve().parents[2]
PAPER = 680  # CSS px: an A4 or Letter page's width inside the usual margins
PAGES = [
    "index.html",
    "graph.html",
    "shared.html",
    "services/orders.html",
    "events/orders/OrderPlaced.html",
]
# every element whose content is wider than its box and that cuts it (overflow not visible)
_CUT = """() => Array.from(document.querySelectorAll("body *"))
  .filter(e => getComputedStyle(e).overflowX !== "visible" && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.tagName.toLowerCase() + "." + e.className)"""


@pytest.fixture(scope="module")
def shop_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("catalog") / "site"
    build_catalog(load_registry(REPO / "schemas"), out)
    return out


@pytest.mark.parametrize("name", PAGES)
def test_a_printed_page_fits_the_paper_and_cuts_nothing(
    shop_site: Path, page: Page, name: str
) -> None:
    page.set_viewport_size({"width": PAPER, "height": 900})
    page.emulate_media(media="print")
    page.goto((shop_site / name).as_uri())
    assert page.evaluate(_CUT) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PAPER
    brand = page.locator("header.top .brand")
    assert brand.evaluate("e => getComputedStyle(e).color") != "rgb(255, 255, 255)"


def test_a_printed_event_page_holds_its_examples(shop_site: Path, page: Page) -> None:
    page.emulate_media(media="print")
    page.goto((shop_site / "events/orders/OrderPlaced.html").as_uri())
    examples = page.locator("details.example pre")
    assert examples.count() >= 2
    for i in range(examples.count()):
        expect(examples.nth(i)).to_be_visible()
