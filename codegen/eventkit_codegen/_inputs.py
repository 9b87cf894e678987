"""Input digests: what each generated unit depends on, so a run regenerates only what changed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from eventkit.errors import CodegenError
from eventkit_codegen._prepare import SHARED_PACKAGE, Prepared

__all__ = ["TOOLS", "fingerprint", "input_digests", "sha"]

# The distributions that shape the generated code; the `codegen` extra must declare each one.
TOOLS = ("datamodel-code-generator", "ruff")


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
        **{tool: _version_of(tool) for tool in TOOLS},
        **settings,
        "source": sha(source),
    }
    return sha(json.dumps(versions, sort_keys=True))


def _version_of(tool: str) -> str:
    from importlib import metadata  # ~10 ms of imports, after the generator's child started

    try:
        return metadata.version(tool)
    except metadata.PackageNotFoundError:
        raise CodegenError(
            f"{tool} is not installed; eventkit codegen needs it",
            hint='install the codegen extra: pip install "eventkit[cli,codegen]"',
        ) from None


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
                "refs": json.dumps(sorted(prepared.inputs[unit.key].refs)),
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
