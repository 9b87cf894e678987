"""`build()` without a registry example draws values with a fixed seed: the same test builds
the same event on every run (docs/testing.md). polyfactory draws dates and datetimes up to
"now", so a datetime field came out different on every call, a date on every day."""

from __future__ import annotations

import datetime as dt
import time

from pydantic import AwareDatetime, BaseModel, NaiveDatetime, PastDate

from eventkit.testing import build


class Shipment(BaseModel):
    shipped_at: AwareDatetime
    delivered_on: dt.date | None
    packed_at: NaiveDatetime
    ordered_on: PastDate


class Order(BaseModel):
    placed_at: AwareDatetime
    at: dt.datetime
    shipment: Shipment


def test_dates_and_times_are_the_same_on_every_build() -> None:
    first = build(Order)
    time.sleep(1.01)  # the clock moved on by a second (faker reads it in whole seconds)
    assert build(Order) == first
    assert first.placed_at.tzinfo is not None
    assert first.shipment.ordered_on < dt.date.today()


def test_an_override_still_wins() -> None:
    moment = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    assert build(Order, placed_at=moment).placed_at == moment
