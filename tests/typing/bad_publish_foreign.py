"""Publishing a consume-only foreign (AWS) event."""

from __future__ import annotations

from shop_events.aws_ec2 import EC2InstanceStateChangeNotificationV1

from eventkit.publishing import EventBus

bus = EventBus("shop-events")
ec2 = EC2InstanceStateChangeNotificationV1.model_validate(
    {"instance-id": "i-1", "state": "running"}
)
bus.publish(ec2)  # E: arg-type
ec2.publish(bus)  # E: attr-defined
