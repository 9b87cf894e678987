"""Input digests: what each generated unit depends on, so a run regenerates only what changed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

from eventkit_codegen._prepare import SHARED_PACKAGE, Prepared

__all__ = ["fingerprint", "input_digests", "sha"]


def sha(text: str) -> str:
    """``"sha256:<hex>"`` of `text`."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint(settings: Mapping[str, str]) -> str:
    """The tools that shape every unit: their versions, `settings`, and this package's source.

    Any change to the generator's own code regenerates everything.
    """
    source = "".join(
        p.read_text(encoding="utf-8") for p in sorted(Path(__file__).parent.glob("*.py"))
    )
    versions = {
        "datamodel-code-generator": metadata.version("datamodel-code-generator"),
        "ruff": metadata.version("ruff"),
        **settings,
        "source": sha(source),
    }
    return sha(json.dumps(versions, sort_keys=True))


def input_digests(prepared: Prepared, tools: str) -> dict[str, str]:
    """Unit key (or `SHARED_PACKAGE`) -> the digest of everything its module depends on."""
    shared_digests = {s.relpath: s.digest for s in prepared.shared}
    digests = {
        unit.key: _digest(
            {
                "fingerprint": tools,
                "schema": unit.digest,
                "relpath": unit.relpath,
                "version": unit.version,
                "source": unit.source,
                "detail_type": unit.detail_type,
                "foreign": str(unit.foreign),
                "deprecated": unit.deprecated or "",
                "aliases": _alias_digest(prepared, unit.key),
                **{f"shared:{p}": shared_digests[p] for p in unit.shared},
            }
        )
        for unit in prepared.events
    }
    digests[SHARED_PACKAGE] = _digest(
        {
            "fingerprint": tools,
            "aliases": _alias_digest(prepared, SHARED_PACKAGE),
            **shared_digests,
        }
    )
    return digests


def _digest(parts: Mapping[str, str]) -> str:
    return sha(json.dumps(parts, sort_keys=True, separators=(",", ":")))


def _alias_digest(prepared: Prepared, unit_key: str) -> str:
    """The identifiers chosen for the property names one unit uses (what its code depends on)."""
    names = sorted(prepared.inputs[unit_key].property_names)
    text = json.dumps([[n, prepared.aliases.get(n, n)] for n in names], ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()
