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
"""

from __future__ import annotations

from eventkit.compat._api import MODES, POLICIES, check_compatibility
from eventkit.compat._catalog import BACKWARD, FORWARD, RETIRED, RULES, Rule, Side
from eventkit.compat._findings import CompatReport, Finding
from eventkit.compat._registry import check_registry
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
]
