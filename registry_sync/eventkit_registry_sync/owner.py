"""The owner id of a registry folder: which folder wrote a registry schema (`eventkit:owner`).

It must be the same in every clone of the folder (a CI checkout, a laptop) and differ between
folders that sync into one AWS registry, so it comes from eventkit.toml, never from a path:
`[sync] owner` when set, else `[registry] name` + `/` + `source_prefix` (decision 0011).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from eventkit.errors import RegistryConfigError

if TYPE_CHECKING:
    from eventkit.registry import RegistryConfig

__all__ = ["OWNER_LIMIT", "owner_id"]

OWNER_LIMIT = 128
# Characters every AWS tag value accepts (letters, digits and `_ . : / = + - @`), no spaces.
_OWNER = re.compile(r"[A-Za-z0-9_.:/=+\-@]+")


def owner_id(config: RegistryConfig) -> str:
    """`[sync] owner`, else `<[registry] name>/<source_prefix>` (or the name alone without a
    prefix). Raises `RegistryConfigError` for an owner tags cannot carry."""
    settings = config.tables.get("sync", {})
    explicit = settings.get("owner") if isinstance(settings, dict) else None
    if explicit is None:
        prefix = re.sub(r"[^A-Za-z0-9_.:/=+\-@]", "-", config.source_prefix)
        return f"{config.name}/{prefix}"[:OWNER_LIMIT] if prefix else config.name
    if isinstance(explicit, str) and len(explicit) <= OWNER_LIMIT and _OWNER.fullmatch(explicit):
        return explicit
    where = config.path or "eventkit.toml"
    raise RegistryConfigError(
        f"{where}: [sync] owner = {explicit!r} cannot identify this folder in registry "
        f"tags: it must be a string of 1-{OWNER_LIMIT} letters, digits or _ . : / = + - @",
        hint='pick a name that stays the same for this folder, e.g. [sync] owner = "team-orders"',
        path="eventkit.toml",
    )
