"""The registry against the names `eventkit codegen` gives its models: one class per event
major, ``<EventName>V<major>``, whatever the service (docs/decisions/0001-import-names.md), so
two services' events of one name and major would be one class. Codegen refuses that registry;
lint says so first, on the event that takes the name second, while the fix is still a rename."""

from __future__ import annotations

import json

from eventkit.registry import Problem, Registry

__all__ = ["check_model_names"]


def check_model_names(registry: Registry) -> list[Problem]:
    """A `model-name-clash` problem for every event major whose class name an event type of
    another service, earlier in key order, already takes."""
    taken: dict[str, str] = {}  # class name -> the event key that takes it first
    problems: list[Problem] = []
    for event in sorted(registry.events, key=lambda e: e.key):
        for major in sorted(event.majors):
            class_name = f"{event.name}V{major}"
            first = taken.setdefault(class_name, event.key)
            if first == event.key:
                continue
            problems.append(
                Problem(
                    "model-name-clash",
                    f"{event.key}@{major} and {first}@{major} would both be the model "
                    f"{class_name} (`from <package> import {class_name}`): generated class "
                    "names do not include the service, and eventkit codegen refuses the "
                    "registry",
                    path=event.key,
                    hint=f"while {event.key} is unreleased, rename its folder to a name of its "
                    f"own (e.g. {event.service.title().replace('_', '')}{event.name}); "
                    f"detail_type = {json.dumps(event.detail_type, ensure_ascii=False)} in its "
                    "event.toml keeps the "
                    "detail-type it routes by",
                )
            )
    return problems
