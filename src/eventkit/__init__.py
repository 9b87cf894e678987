"""eventkit: typed, versioned event contracts for AWS EventBridge.

`import eventkit` is what a Lambda does: it loads pydantic and nothing of the tools
(typer, jsonschema, datamodel-code-generator) nor boto3.
"""

from eventkit._version import __version__
from eventkit.contract import BaseEvent, Event, EventContract, EventkitModel, ForeignEvent
from eventkit.errors import EventkitError

__all__ = [
    "BaseEvent",
    "Event",
    "EventContract",
    "EventkitError",
    "EventkitModel",
    "ForeignEvent",
    "__version__",
]
