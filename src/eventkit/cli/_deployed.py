"""`eventkit check --against registry:NAME`: the folder against what a Schema Registry holds.

The registry's side is materialised by `eventkit_registry_sync.deployed` (imported here, when
the option is used, never by `eventkit --help`) and compared with `check_registry`, so the
findings, formats and exit codes are those of `--against REF`: a version the registry holds and
the folder does not is a deleted released version (VERSION_DELETED); a version only the folder
has is new, and is listed in a note.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from eventkit.compat import CheckReport
    from eventkit.registry import Registry

__all__ = ["PREFIX", "Endpoint", "check_deployed", "deployed_name", "print_notes"]

PREFIX = "registry:"


@dataclass(frozen=True)
class Endpoint:
    """Where the Schema Registry is: the options `sync` and `pull` take."""

    endpoint_url: str | None = None
    region: str | None = None
    profile: str | None = None

    @property
    def given(self) -> list[str]:
        names = ("--endpoint-url", "--region", "--profile")
        values = (self.endpoint_url, self.region, self.profile)
        return [name for name, value in zip(names, values, strict=True) if value is not None]


def deployed_name(against: str | None, endpoint: Endpoint) -> str | None:
    """NAME of `--against registry:NAME` (None for a git ref); refuses the bad combinations."""
    if against is None or not against.startswith(PREFIX):
        if endpoint.given:
            raise typer.BadParameter(
                f"{', '.join(endpoint.given)} only apply with --against registry:NAME",
                param_hint="--against",
            )
        return None
    name = against[len(PREFIX) :]
    if not name:
        raise typer.BadParameter(
            "registry: needs the Schema Registry's name, e.g. --against registry:shop",
            param_hint="--against",
        )
    return name


def check_deployed(
    registry: Registry, name: str, endpoint: Endpoint
) -> tuple[CheckReport, list[str]]:
    """The check report of `registry` against Schema Registry `name`, and the notes to print
    (schemas left out, versions only the folder has)."""
    from eventkit_registry_sync.client import make_client
    from eventkit_registry_sync.deployed import deployed_registry

    from eventkit.compat import check_registry

    client = make_client(
        profile=endpoint.profile, region=endpoint.region, endpoint_url=endpoint.endpoint_url
    )
    with deployed_registry(registry, client=client, registry_name=name) as deployed:
        report = check_registry(registry, against=deployed.registry)
        held = {(v.event_key, str(v.version)) for v in deployed.registry.versions}
    by_reason: dict[str, list[str]] = {}
    for schema, why in deployed.ignored:
        by_reason.setdefault(why, []).append(schema)
    notes = [
        f"registry {name}: {len(schemas)} schema(s) not compared, {why}: {', '.join(schemas)}"
        for why, schemas in by_reason.items()
    ]
    new = [v.relpath for v in registry.versions if (v.event_key, str(v.version)) not in held]
    if new:
        notes.append(
            f"{len(new)} version(s) only in the folder, new to registry {name} "
            f"(`eventkit sync` publishes them): {', '.join(new)}"
        )
    if not deployed.compared:
        notes.append(
            f"registry {name} holds no schema of this folder (owner {deployed.owner}): "
            "nothing was released there yet"
        )
    return replace(report, against=f"{PREFIX}{name}", notes=tuple(notes)), notes


def print_notes(notes: list[str], fmt: str) -> None:
    from eventkit.compat.render import github_notice

    for note in notes:
        typer.echo(f"note: {note}", err=True)
        if fmt == "github":
            typer.echo(github_notice(note, title="eventkit check"))
