"""eventkit_registry_sync: `eventkit sync` / `eventkit pull` for the EventBridge Schema
Registry, and a local stand-in of that API for tests and the demo.

boto3/botocore are imported here (and in eventkit.transports) only; `eventkit` never imports
this package (the CLI does, lazily). The stand-in is the submodule `standin` (also runnable:
`python -m eventkit_registry_sync.standin --port 4599`).

Example:
    ```python
    from eventkit.registry import load_registry
    from eventkit_registry_sync import make_client, standin, sync_registry

    with standin.serve() as url:
        report = sync_registry(load_registry("schemas"), client=make_client(endpoint_url=url))
        print(report.planned)
    ```
"""

from __future__ import annotations

from eventkit_registry_sync.client import make_client
from eventkit_registry_sync.plan import Plan
from eventkit_registry_sync.pull import PullReport, pull_registry
from eventkit_registry_sync.sync import SyncReport, plan_sync, sync_registry

__all__ = [
    "Plan",
    "PullReport",
    "SyncReport",
    "make_client",
    "plan_sync",
    "pull_registry",
    "sync_registry",
]
