"""The catalog in a real Chromium, opened from file://: navigation by clicking, search and
filters, version diffs, no request leaving file://, no console error, hostile text inert."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from eventkit.catalog import build_catalog
from eventkit.registry import load_registry
from tests.catalog._hostile import SCRIPT, hostile_registry

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Watch:
    """What the page asked for outside file:// and what the console said."""

    outside: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def shop_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("catalog") / "site"
    build_catalog(load_registry(REPO / "schemas"), out)
    return out


@pytest.fixture
def watched(page: Page) -> Iterator[tuple[Page, Watch]]:
    watch = Watch()

    def on_request(request: object) -> None:
        url = getattr(request, "url", "")
        if not url.startswith("file://"):
            watch.outside.append(url)

    page.on("request", on_request)
    page.on(
        "console",
        lambda message: (
            watch.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: watch.console_errors.append(str(error)))
    yield page, watch
    assert watch.outside == [], "requests left file://"
    assert watch.console_errors == [], "the console showed errors"


def test_index_to_service_to_event_to_diff(shop_site: Path, watched: tuple[Page, Watch]) -> None:
    page, _ = watched
    page.goto((shop_site / "index.html").as_uri())
    expect(page.locator("h1")).to_have_text("shop")
    page.locator("a.service-link", has_text="orders").first.click()
    expect(page).to_have_url(re.compile(r"/services/orders\.html$"))
    page.locator("a.event-link", has_text="orders/OrderPlaced").click()
    expect(page).to_have_url(re.compile(r"/events/orders/OrderPlaced\.html$"))
    expect(page.locator("h1")).to_contain_text("OrderPlaced")
    # Default: what the newest version changed (1.1.0 -> 2.0.0), breaking.
    expect(page.locator("#diff-1\\.1\\.0-2\\.0\\.0")).to_be_visible()
    expect(page.locator("#diff-1\\.1\\.0-2\\.0\\.0 .verdict")).to_have_text("breaking")
    # A consumer still on 1.0 clicks its way to 1.0.0 -> 1.1.0 ...
    page.locator("a.diff-link", has_text="1.0.0").first.click()
    expect(page.locator("#diff-1\\.0\\.0-1\\.1\\.0")).to_be_visible()
    expect(page.locator("#diff-1\\.1\\.0-2\\.0\\.0")).to_be_hidden()
    expect(page.locator("#diff-1\\.0\\.0-1\\.1\\.0 .verdict")).to_have_text("compatible")
    # ... and picks 1.0.0 -> 2.0.0: removed fields and the rule IDs.
    page.select_option("#diff-old", "1.0.0")
    page.select_option("#diff-new", "2.0.0")
    section = page.locator("#diff-1\\.0\\.0-2\\.0\\.0")
    expect(section).to_be_visible()
    expect(section.locator(".verdict")).to_have_text("breaking")
    expect(section.locator("tr.removed", has_text="user_id")).to_be_visible()
    expect(section.locator("code.rule").first).to_be_visible()
    # The consumer of major 1 is named.
    expect(page.locator("#major-1 a.consumer")).to_have_text("payments")


def test_search_and_filters(shop_site: Path, watched: tuple[Page, Watch]) -> None:
    page, _ = watched
    page.goto((shop_site / "index.html").as_uri())
    rows = page.locator("#events tbody tr:visible")
    expect(rows).to_have_count(19)
    page.fill("#search", "payment")
    expect(rows.first).to_be_visible()
    for row in rows.all():
        assert "payment" in (row.get_attribute("data-search") or "")
    page.fill("#search", "")
    page.select_option("#service-filter", "orders")
    expect(rows).to_have_count(3)
    page.select_option("#service-filter", "")
    page.select_option("#deprecated-filter", "only")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("PushNotificationRequested")
    page.fill("#search", "order")
    expect(rows).to_have_count(0)
    expect(page.locator("#no-results")).to_be_visible()


def test_graph_links_open_pages(shop_site: Path, watched: tuple[Page, Watch]) -> None:
    page, _ = watched
    page.goto((shop_site / "graph.html").as_uri())
    expect(page.locator("svg.graph")).to_be_visible()
    page.locator("svg.graph a", has_text="payments/PaymentCaptured").click()
    expect(page).to_have_url(re.compile(r"/events/payments/PaymentCaptured\.html$"))


def test_a_hostile_description_renders_as_text(tmp_path: Path, watched: tuple[Page, Watch]) -> None:
    page, _ = watched
    out = tmp_path / "site"
    build_catalog(load_registry(hostile_registry(tmp_path / "reg")), out)
    page.goto((out / "events" / "evil" / "Thing.html").as_uri())
    expect(page.locator("#event-description")).to_contain_text(SCRIPT)
    expect(page.locator("#deprecated")).to_contain_text(SCRIPT)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.goto((out / "index.html").as_uri())
    page.fill("#search", "pwned")
    assert page.evaluate("typeof window.__pwned") == "undefined"
