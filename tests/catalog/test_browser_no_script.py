"""Event pages with JavaScript off (a reader's choice, a locked-down browser, some text
browsers): a diff link did nothing, as every comparison but the newest stays hidden until the
script shows it, and the version pickers, which need the script, were shown and did nothing.
Now a diff link shows its comparison and the pickers appear only with the script."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from eventkit.catalog import build_catalog
from eventkit.registry import load_registry

REPO = Path(__file__).resolve().parents[2]
EVENT = "events/orders/OrderPlaced.html"


@pytest.fixture(scope="module")
def shop_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("catalog") / "site"
    build_catalog(load_registry(REPO / "schemas"), out)
    return out


@pytest.fixture
def no_script(page: Page) -> Iterator[Page]:
    # through `page`: tests/conftest.py keeps Playwright's loop for tests that request it
    browser = page.context.browser
    assert browser is not None
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_without_script_a_diff_link_shows_its_comparison(shop_site: Path, no_script: Page) -> None:
    page = no_script
    page.goto((shop_site / EVENT).as_uri())
    links = page.locator("a.diff-link")
    assert links.count() >= 2
    for i in range(links.count()):
        link = links.nth(i)
        target = str(link.get_attribute("href")).removeprefix("#")
        section = page.locator(f"section.diff[id='{target}']")
        link.click()
        expect(section).to_be_visible()
        expect(section.get_by_role("heading", level=3)).to_be_in_viewport()
    expect(page.locator("#diff-picker")).to_be_hidden()


def test_with_script_the_pickers_show_and_one_comparison_at_a_time(
    shop_site: Path, page: Page
) -> None:
    page.goto((shop_site / EVENT).as_uri())
    expect(page.locator("#diff-picker")).to_be_visible()
    page.locator("a.diff-link").first.click()
    expect(page.locator("section.diff:visible")).to_have_count(1)
    page.select_option("#diff-new", "2.0.0")  # another pair, the link's still in the address
    expect(page.locator("section.diff:visible")).to_have_count(1)
    expect(page.locator("section.diff[id='diff-1.0.0-2.0.0']")).to_be_visible()
