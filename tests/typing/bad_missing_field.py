"""A required field left out, and an undeclared one added."""

from __future__ import annotations

from datetime import UTC, datetime

from shop_events.users import UserEmailVerifiedV1

UserEmailVerifiedV1(  # E: call-arg
    user_pool_id="eu-west-1_AbC123",
    email="ada@example.com",
    verified_at=datetime.now(UTC),
)
UserEmailVerifiedV1(  # E: call-arg
    user_id=None,  # E: arg-type
    user_pool_id="eu-west-1_AbC123",
    email="ada@example.com",
    verified_at=datetime.now(UTC),
    nickname="ada",
)
