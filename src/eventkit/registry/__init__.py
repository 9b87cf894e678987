"""The registry loader: a `schemas/` folder as one immutable model.

Pure standard library + pydantic (no jsonschema): runtime-adjacent code imports it.
The format is documented in docs/registry.md.

Example:
    ```python
    from eventkit.registry import load_registry

    registry = load_registry("schemas")
    event = registry.event("orders/OrderPlaced")
    print(event.source, event.detail_type, event.latest.version, event.latest.digest)
    schema = registry.bundle(event.latest)  # self-contained: shared files under $defs
    ```
"""

from __future__ import annotations

from eventkit.registry._bundle import shared_def_name
from eventkit.registry._config import (
    CONFIG_FILE,
    EVENT_BUS_NAME,
    EVENT_FILE,
    LOCK_FILE,
    REGISTRY_NAME,
    SERVICE_FILE,
    read_registry_config,
)
from eventkit.registry._documents import (
    DIALECT_2020_12,
    DIALECT_DRAFT_04,
    MAX_SCHEMA_BYTES,
    dialect_of,
)
from eventkit.registry._files import read_regular_file
from eventkit.registry._gc import gc_paused
from eventkit.registry._json import JsonSyntaxError, canonical_digest, parse_json
from eventkit.registry._model import (
    Deprecation,
    EventType,
    Problem,
    Registry,
    RegistryConfig,
    SchemaVersion,
    SemVer,
    Service,
    SharedSchema,
)
from eventkit.registry._modes import (
    COMPATIBILITY_MODES,
    FORMAT_MODES,
    POLICIES,
    CompatibilityMode,
    FormatMode,
    Policy,
)
from eventkit.registry._names import (
    event_name_problem,
    event_path_problems,
    routing_problems,
    service_name_problem,
    version_files,
)
from eventkit.registry._refs import RefProblem, iter_refs, split_ref
from eventkit.registry._scan import load_registry, scan_registry
from eventkit.registry._walk import SUBSCHEMA_KINDS, iter_schemas, pointer_of, schema_nodes

__all__ = [
    "COMPATIBILITY_MODES",
    "CONFIG_FILE",
    "DIALECT_2020_12",
    "DIALECT_DRAFT_04",
    "EVENT_BUS_NAME",
    "EVENT_FILE",
    "FORMAT_MODES",
    "LOCK_FILE",
    "MAX_SCHEMA_BYTES",
    "POLICIES",
    "REGISTRY_NAME",
    "SERVICE_FILE",
    "SUBSCHEMA_KINDS",
    "CompatibilityMode",
    "Deprecation",
    "EventType",
    "FormatMode",
    "JsonSyntaxError",
    "Policy",
    "Problem",
    "RefProblem",
    "Registry",
    "RegistryConfig",
    "SchemaVersion",
    "SemVer",
    "Service",
    "SharedSchema",
    "canonical_digest",
    "dialect_of",
    "event_name_problem",
    "event_path_problems",
    "gc_paused",
    "iter_refs",
    "iter_schemas",
    "load_registry",
    "parse_json",
    "pointer_of",
    "read_registry_config",
    "read_regular_file",
    "routing_problems",
    "scan_registry",
    "schema_nodes",
    "service_name_problem",
    "shared_def_name",
    "split_ref",
    "version_files",
]
