"""Sample events of the example shop, exactly as a Lambda function receives them.

Each `*.json` file here is one Lambda input: a full EventBridge event (rule -> Lambda), or an
SQS event whose records carry EventBridge events (rule -> SQS queue -> Lambda). The shop's
events and flows are described in docs/example-shop.md.

```python
from tests.events import load_event

event = load_event("order_placed_1_1_0")
assert event["detail"]["metadata"]["version"] == "1.1.0"
```

| name | what it is |
| --- | --- |
| `order_placed_1_0_0` | native `shop.orders` OrderPlaced 1.0.0 (Ben's order, GBP) |
| `order_placed_1_1_0` | OrderPlaced 1.1.0, first hop of the order flow of Ana's order `ord_7Hq2LmX9pK3a` |
| `order_placed_2_0_0` | OrderPlaced 2.0.0 of the same order (published alongside 1.1.0 during the migration) |
| `order_placed_1_1_0_invalid_data` | valid envelope, but `data` breaks the 1.1.0 schema (empty `lines`, string amount) |
| `payment_authorized_1_0_0` | PaymentAuthorized 1.0.0, caused by `order_placed_1_1_0` |
| `payment_captured_1_0_0` | PaymentCaptured 1.0.0, caused by `payment_authorized_1_0_0` |
| `payment_captured_2_0_0` | PaymentCaptured 2.0.0 (major 2: partial captures) |
| `payment_failed_1_0_0` | PaymentFailed 1.0.0 for Ben's order (final attempt) |
| `order_confirmed_1_0_0` | OrderConfirmed 1.0.0, caused by `payment_captured_1_0_0` |
| `client_notification_requested_1_1_0` | WebSocket push request, caused by `order_confirmed_1_0_0` |
| `user_signed_up_1_1_0` | UserSignedUp 1.1.0 from the Cognito post-confirmation trigger |
| `file_uploaded_1_1_0` | FileUploaded 1.1.0, published after `aws_s3_object_created` |
| `campaign_step_started_1_0_0` | CampaignStepStarted with a Step Functions task token |
| `campaign_step_completed_1_0_0` | CampaignStepCompleted returning that task token |
| `message_dead_lettered_1_0_0` | MessageDeadLettered (an OrderPlaced that ended in a DLQ) |
| `aws_s3_object_created` | foreign `aws.s3` "Object Created" (no metadata/data wrapper) |
| `aws_ec2_instance_state_change` | foreign `aws.ec2` "EC2 Instance State-change Notification" |
| `aws_ec2_instance_state_change_invalid_data` | a replayed EC2 event (`replay-name`) whose `detail` has `instance_id` instead of `instance-id` |
| `sqs_batch_order_placed_payment_captured` | SQS event, 2 records: `order_placed_1_1_0`, `payment_captured_1_0_0` |
| `sqs_batch_with_poison` | SQS event, 3 records: a valid OrderPlaced, a body that is not JSON, `order_placed_1_1_0_invalid_data` |

All native events of one flow share `detail.metadata.correlation_id`; each one's `causation_id`
is the `event_id` of the event that caused it. `schema_digest` is the digest of the registry
file the data was written with, and `data` is one of that file's `examples` (except the
invalid one). The foreign events are copies of ../shared/samples/events (see SOURCES.md there).
`tests/test_example_registry.py` keeps these files consistent with `schemas/`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["EVENTS_DIR", "event_names", "load_event"]

EVENTS_DIR = Path(__file__).resolve().parent


def event_names() -> list[str]:
    """Names of every sample event in this folder, sorted (file names without `.json`)."""
    return sorted(path.stem for path in EVENTS_DIR.glob("*.json"))


def load_event(name: str) -> dict[str, Any]:
    """Return a fresh, mutable copy of the sample event `name` (`.json` suffix optional)."""
    stem = name.removesuffix(".json")
    path = EVENTS_DIR / f"{stem}.json"
    if not path.is_file():
        known = ", ".join(event_names())
        raise FileNotFoundError(f"no sample event {stem!r} in {EVENTS_DIR}; known: {known}")
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded
