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

from eventkit.lazy_imports import lazy_names

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from eventkit.modes import (
        COMPATIBILITY_MODES,
        FORMAT_MODES,
        POLICIES,
        CompatibilityMode,
        FormatMode,
        Policy,
    )
    from eventkit.registry._bundle import shared_def_name
    from eventkit.registry._config import (
        BOM_HINT,
        BOM_MESSAGE,
        CONFIG_FILE,
        EVENT_BUS_NAME,
        EVENT_FILE,
        LOCK_FILE,
        REGISTRY_NAME,
        SERVICE_FILE,
        read_registry_config,
    )
    from eventkit.registry._cpus import (
        CpuMark,
        cpu_mark,
        idle_cpus,
        runnable_tasks,
        usable_cpus,
    )
    from eventkit.registry._documents import (
        DIALECT_2020_12,
        DIALECT_DRAFT_04,
        MAX_SCHEMA_BYTES,
        dialect_of,
    )
    from eventkit.registry._files import FileRefusal, entry_kind, kind_of, read_regular_file
    from eventkit.registry._fork import ForkedJob, worker_may_start
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
    from eventkit.registry._names import (
        event_name_problem,
        event_path_problems,
        routing_problems,
        service_name_problem,
        version_files,
    )
    from eventkit.registry._refs import RefProblem, iter_refs, split_ref
    from eventkit.registry._scan import load_registry, scan_registry
    from eventkit.registry._toml_lines import TomlLines
    from eventkit.registry._walk import SUBSCHEMA_KINDS, iter_schemas, pointer_of, schema_nodes

# Each name is imported from its module on first use (PEP 562): a command that needs one name
# does not load the loader, its models and tomllib (~25 ms of a cold start). The mode
# vocabulary lives in `eventkit.modes` (re-exported here), which `eventkit.compat` imports
# without this package.
_LAZY = {
    "shared_def_name": "eventkit.registry._bundle",
    "CONFIG_FILE": "eventkit.registry._config",
    "BOM_HINT": "eventkit.registry._config",
    "BOM_MESSAGE": "eventkit.registry._config",
    "EVENT_BUS_NAME": "eventkit.registry._config",
    "EVENT_FILE": "eventkit.registry._config",
    "LOCK_FILE": "eventkit.registry._config",
    "REGISTRY_NAME": "eventkit.registry._config",
    "SERVICE_FILE": "eventkit.registry._config",
    "read_registry_config": "eventkit.registry._config",
    "DIALECT_2020_12": "eventkit.registry._documents",
    "DIALECT_DRAFT_04": "eventkit.registry._documents",
    "MAX_SCHEMA_BYTES": "eventkit.registry._documents",
    "dialect_of": "eventkit.registry._documents",
    "FileRefusal": "eventkit.registry._files",
    "entry_kind": "eventkit.registry._files",
    "kind_of": "eventkit.registry._files",
    "read_regular_file": "eventkit.registry._files",
    "TomlLines": "eventkit.registry._toml_lines",
    "ForkedJob": "eventkit.registry._fork",
    "worker_may_start": "eventkit.registry._fork",
    "CpuMark": "eventkit.registry._cpus",
    "cpu_mark": "eventkit.registry._cpus",
    "idle_cpus": "eventkit.registry._cpus",
    "runnable_tasks": "eventkit.registry._cpus",
    "usable_cpus": "eventkit.registry._cpus",
    "gc_paused": "eventkit.registry._gc",
    "JsonSyntaxError": "eventkit.registry._json",
    "canonical_digest": "eventkit.registry._json",
    "parse_json": "eventkit.registry._json",
    "Deprecation": "eventkit.registry._model",
    "EventType": "eventkit.registry._model",
    "Problem": "eventkit.registry._model",
    "Registry": "eventkit.registry._model",
    "RegistryConfig": "eventkit.registry._model",
    "SchemaVersion": "eventkit.registry._model",
    "SemVer": "eventkit.registry._model",
    "Service": "eventkit.registry._model",
    "SharedSchema": "eventkit.registry._model",
    "COMPATIBILITY_MODES": "eventkit.modes",
    "FORMAT_MODES": "eventkit.modes",
    "POLICIES": "eventkit.modes",
    "CompatibilityMode": "eventkit.modes",
    "FormatMode": "eventkit.modes",
    "Policy": "eventkit.modes",
    "event_name_problem": "eventkit.registry._names",
    "event_path_problems": "eventkit.registry._names",
    "routing_problems": "eventkit.registry._names",
    "service_name_problem": "eventkit.registry._names",
    "version_files": "eventkit.registry._names",
    "RefProblem": "eventkit.registry._refs",
    "iter_refs": "eventkit.registry._refs",
    "split_ref": "eventkit.registry._refs",
    "load_registry": "eventkit.registry._scan",
    "scan_registry": "eventkit.registry._scan",
    "SUBSCHEMA_KINDS": "eventkit.registry._walk",
    "iter_schemas": "eventkit.registry._walk",
    "pointer_of": "eventkit.registry._walk",
    "schema_nodes": "eventkit.registry._walk",
}

__all__ = [
    "BOM_HINT",
    "BOM_MESSAGE",
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
    "CpuMark",
    "Deprecation",
    "EventType",
    "FileRefusal",
    "ForkedJob",
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
    "TomlLines",
    "canonical_digest",
    "cpu_mark",
    "dialect_of",
    "entry_kind",
    "event_name_problem",
    "event_path_problems",
    "gc_paused",
    "idle_cpus",
    "iter_refs",
    "iter_schemas",
    "kind_of",
    "load_registry",
    "parse_json",
    "pointer_of",
    "read_registry_config",
    "read_regular_file",
    "routing_problems",
    "runnable_tasks",
    "scan_registry",
    "schema_nodes",
    "service_name_problem",
    "shared_def_name",
    "split_ref",
    "usable_cpus",
    "version_files",
    "worker_may_start",
]


__getattr__ = lazy_names(__name__, _LAZY)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
