"""On a phone (below 480 px) no page is wider than the screen: the index's table and the field
tables (whose headings alone were wider: the index 532 px at 360) widened the page, so the
whole page scrolled sideways, and the service filter's menu stuck out. Tables now scroll
inside their own box, and long headings (event names, detail-types without spaces) wrap."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from eventkit.catalog import build_catalog
from eventkit.registry import load_registry
from tests.registry._build import CONFIG, build, schema

REPO = Path(__file__).resolve().parents[2]
SERVICE = "customer_subscription_payment_method_verification"
EVENT = "CustomerSubscriptionPaymentMethodVerificationAttemptFailedNotificationRequested"
DETAIL_TYPE = "CustomerSubscription.PaymentMethod.VerificationAttemptFailed.NotificationRequested"


def _long_names(root: Path) -> Path:
    properties = {
        "customerSubscriptionPaymentMethodVerificationIdentifier": {
            "type": "string",
            "description": "The id.",
            "minLength": 1,
        }
    }
    files: dict[str, Any] = {
        f"{SERVICE}/{EVENT}/1.0.0.json": schema(properties=properties),
        f"{SERVICE}/{EVENT}/1.1.0.json": schema(
            properties={**properties, "n": {"type": "integer"}}
        ),
        f"{SERVICE}/{EVENT}/event.toml": f'detail_type = "{DETAIL_TYPE}"\n'
        'owner = "team-payments-platform-verification@example.com"\n',
        f"{SERVICE}/service.toml": 'owner = "team-payments-platform@example.com"\n',
        "notifications_and_reminders/service.toml": f'consumes = ["{SERVICE}/{EVENT}@1"]\n',
        "notifications_and_reminders/Short/1.0.0.json": schema(),
    }
    config = CONFIG + '[codegen]\npackage = "company_platform_events_generated"\n'
    return build(root, files, config=config)


@pytest.mark.parametrize("width", [320, 360, 479])
def test_no_page_is_wider_than_a_phone_screen(tmp_path: Path, page: Page, width: int) -> None:
    out = tmp_path / "site"
    build_catalog(load_registry(_long_names(tmp_path / "reg")), out)
    page.set_viewport_size({"width": width, "height": 800})
    pages = [
        "index.html",
        f"services/{SERVICE}.html",
        f"events/{SERVICE}/{EVENT}.html",
        "graph.html",
        "shared.html",
    ]
    for name in pages:
        page.goto((out / name).as_uri())
        assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth"), name
        # the heading is shown whole: within the screen, nothing of it cut off
        heading = page.locator("h1")
        assert heading.evaluate("h => h.getBoundingClientRect().right <= innerWidth"), name
        assert heading.evaluate("h => h.scrollWidth <= h.clientWidth"), name


def test_the_index_rows_stay_readable_on_a_phone(tmp_path: Path, page: Page) -> None:
    # every cell squeezed to its minimum made a description a few words wide: the shop's rows
    # were 300-690 px tall at 360 px, one or two events per screen
    out = tmp_path / "site"
    build_catalog(load_registry(REPO / "schemas"), out)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto((out / "index.html").as_uri())
    heights = page.evaluate(
        "[...document.querySelectorAll('table.events tbody tr')]"
        ".map(r => r.getBoundingClientRect().height)"
    )
    assert heights
    assert max(heights) < 300, heights
