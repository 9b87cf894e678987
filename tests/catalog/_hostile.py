"""A small registry whose every string tries to break out of the HTML it lands in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.registry._build import CONFIG, DIALECT, build

SCRIPT = "<script>window.__pwned = 1</script>"
IMG = '"><img src=x onerror="window.__pwned = 2">'
CLOSE = "</script><script>window.__pwned = 3</script>"


def _version(major: int, extra: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = {
        "id": {"type": "string", "description": f"The id {SCRIPT}", "pattern": "^<b>[a-z]+$"},
        "note": {"type": "string", "description": IMG, "enum": [CLOSE, "plain"]},
    }
    props.update(extra)
    return {
        "$schema": DIALECT,
        "title": f"Hostile {IMG}",
        "description": f"An event whose description holds {SCRIPT} and {CLOSE}",
        "type": "object",
        "required": ["id"],
        "properties": props,
        "examples": [{"id": "<b>abc", "note": CLOSE}],
    }


def hostile_registry(root: Path) -> Path:
    """Service `evil`, event `Thing` with three majors, and a consumer of major 1."""
    files: dict[str, Any] = {
        "evil/service.toml": f'owner = "{IMG.replace(chr(34), "")}"\ndescription = "{SCRIPT}"\n',
        "evil/Thing/event.toml": (
            f'owner = "team {SCRIPT}"\n[deprecated]\nsince = "2026-01-01"\n'
            f'reason = "{SCRIPT}"\nreplacement = "evil/Other"\n'
        ),
        "evil/Thing/1.0.0.json": _version(1, {}),
        "evil/Thing/1.1.0.json": _version(1, {"extra": {"type": "integer", "description": "x"}}),
        "evil/Thing/2.0.0.json": _version(2, {"id": {"type": "integer", "description": "now int"}}),
        "evil/Thing/3.0.0.json": _version(3, {}),
        "evil/Other/1.0.0.json": _version(1, {}),
        "good/service.toml": 'consumes = ["evil/Thing@1", "evil/Thing@3"]\n',
        "good/Fine/1.0.0.json": _version(1, {}),
    }
    return build(root, files, config=CONFIG)
