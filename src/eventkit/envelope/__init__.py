"""The native eventkit envelope: what goes in an EventBridge event's `detail`.

A native event travels as ``{"metadata": {...}, "data": {...}}`` inside `detail`
(docs/internals/interfaces.md, "The envelope on the bus"). Producers build it with
`new_metadata` + `detail_json` (or `build_detail`); consumers read it back with
`parse_detail`, which checks the metadata cheaply in plain Python and leaves `data`
to the typed model. `unwrap_delivery` finds the EventBridge event inside the wrappers AWS
delivers it in (SNS, a Lambda DLQ message, a Lambda destination record). The rules live here only: the bus, the router and the in-memory
EventBridge all read and write through this package.

Example:
    ```python
    meta = new_metadata(OrderPlacedV1, producer="orders-service")
    detail = build_detail(OrderPlacedV1(order_id="o-1"), meta)
    meta2, data = parse_detail(detail)
    assert meta2 == meta
    ```
"""

from eventkit.envelope._delivery import (
    ACCEPTED_SHAPES,
    dlq_failure,
    is_eventbridge_event,
    unwrap_delivery,
)
from eventkit.envelope._ids import new_event_id, new_event_ids, now_iso
from eventkit.envelope._metadata import (
    METADATA_FIELDS,
    REQUIRED_METADATA_FIELDS,
    Metadata,
    is_native_detail,
    parse_detail,
    read_envelope,
    read_envelope_fields,
    version_major,
)
from eventkit.envelope._writing import (
    MetadataStamp,
    build_detail,
    contract_of,
    detail_json,
    entry_detail,
    event_data,
    event_data_json,
    event_data_text,
    metadata_json,
    new_metadata,
)

__all__ = [
    "ACCEPTED_SHAPES",
    "METADATA_FIELDS",
    "REQUIRED_METADATA_FIELDS",
    "Metadata",
    "MetadataStamp",
    "build_detail",
    "contract_of",
    "detail_json",
    "dlq_failure",
    "entry_detail",
    "event_data",
    "event_data_json",
    "event_data_text",
    "is_eventbridge_event",
    "is_native_detail",
    "metadata_json",
    "new_event_id",
    "new_event_ids",
    "new_metadata",
    "now_iso",
    "parse_detail",
    "read_envelope",
    "read_envelope_fields",
    "unwrap_delivery",
    "version_major",
]
