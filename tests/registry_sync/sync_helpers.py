"""Helpers shared by the sync/pull tests (a uniquely named module: `conftest` is not importable
reliably when several test folders have one)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

EC2_NAME = "aws.ec2@EC2InstanceStateChangeNotification"
# The aws.events OpenApi3 schema for EC2 state changes (copy of ../shared/samples; see SOURCES.md).
EC2_OPENAPI = Path(__file__).with_name(f"{EC2_NAME}.OpenApi3.json")


def version_file(title: str, props: dict[str, Any], example: dict[str, Any]) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "description": f"{title} data.",
        "type": "object",
        "required": sorted(example),
        "properties": props,
        "examples": [example],
    }


def write(path: Path, doc: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=2) + "\n")
