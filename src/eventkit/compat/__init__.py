"""The compatibility engine: is a schema change safe for the producers and consumers of an event?

```python
from eventkit.compat import check_compatibility

report = check_compatibility(old_schema, new_schema, mode="FULL", policy="LENIENT")
if report.compatible is False:
    for finding in report.findings:
        print(finding.rule_id, finding.pointer, finding.message)
```

Semantics are set inclusion of the instances each schema accepts (docs/compatibility.md); the
rules are listed in docs/rules.md. This is a tool module: `import eventkit` does not load it.
The registry check (`check_registry` and its report) is loaded on first use: comparing two
schemas does not need it (compat.cold_pass_vs_jsoncompat imports only the comparison).
"""

from __future__ import annotations

from eventkit.compat._api import MODES, POLICIES, check_compatibility
from eventkit.compat._catalog import BACKWARD, FORWARD, RETIRED, RULES, Rule, Side
from eventkit.compat._findings import CompatReport, Finding
from eventkit.lazy_imports import lazy_names

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from eventkit.compat._git_ref import registry_at_ref
    from eventkit.compat._registry import check_registry, check_registry_forking
    from eventkit.compat._registry_findings import CheckReport, RegistryFinding, Suppression

__all__ = [
    "BACKWARD",
    "FORWARD",
    "MODES",
    "POLICIES",
    "RETIRED",
    "RULES",
    "CheckReport",
    "CompatReport",
    "Finding",
    "RegistryFinding",
    "Rule",
    "Side",
    "Suppression",
    "check_compatibility",
    "check_registry",
    "check_registry_forking",
    "registry_at_ref",
]


# The registry check's names, imported on first use (PEP 562).
__getattr__ = lazy_names(
    __name__,
    {
        "check_registry": "eventkit.compat._registry",
        "check_registry_forking": "eventkit.compat._registry",
        "CheckReport": "eventkit.compat._registry_findings",
        "RegistryFinding": "eventkit.compat._registry_findings",
        "Suppression": "eventkit.compat._registry_findings",
        "registry_at_ref": "eventkit.compat._git_ref",
    },
)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
