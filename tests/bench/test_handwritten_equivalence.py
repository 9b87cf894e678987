"""bench/handwritten_campaigns.py really is the generated campaigns module, by hand."""

from __future__ import annotations

from typing import Annotated

import handwritten_campaigns
import pytest
from handwritten_equivalence import check_equivalence
from pydantic import Field, field_validator


def test_the_handwritten_models_match_the_generated_ones() -> None:
    assert check_equivalence() > 1000


def test_a_bound_written_differently_by_hand_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    class Looser(handwritten_campaigns.CampaignScheduledV1):
        send_rate_per_second: Annotated[int | None, Field(ge=1, le=501)] = None

    Looser.__name__ = "CampaignScheduledV1"
    monkeypatch.setattr(handwritten_campaigns, "CampaignScheduledV1", Looser)
    with pytest.raises(AssertionError, match="CampaignScheduledV1"):
        check_equivalence()


def test_a_difference_the_json_schema_hides_is_caught_by_the_documents(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Trimming(handwritten_campaigns.CampaignEmailSentV1):
        @field_validator("ses_message_id")
        @classmethod
        def _strip(cls, value: str) -> str:
            return value[:-1] if len(value) > 1 else value

    Trimming.__name__ = "CampaignEmailSentV1"
    monkeypatch.setattr(handwritten_campaigns, "CampaignEmailSentV1", Trimming)
    with pytest.raises(
        AssertionError, match="CampaignEmailSentV1: generated and hand-written models differ on"
    ):
        check_equivalence()
