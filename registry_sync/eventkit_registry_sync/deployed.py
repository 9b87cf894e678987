"""What a Schema Registry holds of a registry folder, as a registry folder of its own: the
other side of `eventkit check --against registry:NAME`.

Only schemas this folder wrote (tag `eventkit:owner` = its owner id, see owner.py) are read;
every version of them is pulled (`pull_registry`: each semantic version synced, with its
`_shared/` files restored from `x-eventkit.files`) into a temporary folder that is removed when
the `with` block ends, also on error. The folder's own eventkit.toml, service.toml and
event.toml files are copied beside the pulled versions, so both sides are read with the same
settings (compatibility modes, suppressions).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from eventkit.errors import EventkitError, RegistrySyncError
from eventkit.registry import load_registry
from eventkit_registry_sync.client import check_registry_name
from eventkit_registry_sync.owner import owner_id
from eventkit_registry_sync.plan import RemoteSchema
from eventkit_registry_sync.pull import pull_registry
from eventkit_registry_sync.remote import read_registry

if TYPE_CHECKING:
    from mypy_boto3_schemas import SchemasClient

    from eventkit.registry import Registry

__all__ = ["Deployed", "deployed_registry"]

_SETTINGS = ("service.toml", "event.toml")


@dataclass(frozen=True)
class Deployed:
    """The registry's side: `registry` (loaded from the temporary folder, valid inside the
    `with` block), the schemas compared and those left out, each with the reason."""

    name: str
    owner: str
    registry: Registry
    compared: tuple[str, ...]
    ignored: tuple[tuple[str, str], ...]  # (schema name, why)


def _why_not_ours(schema: RemoteSchema, owner: str) -> str:
    if not schema.managed:
        return "not written by eventkit"
    if schema.owner is None:
        return "written by eventkit without an owner tag (an older eventkit); `eventkit sync` adopts it"
    return f"written by eventkit for another registry folder ({schema.owner})"


def _copy_settings(folder: Path, copy: Path) -> None:
    """The folder's service.toml / event.toml for every service and event pulled."""
    for directory in [copy, *sorted(p for p in copy.rglob("*") if p.is_dir())]:
        rel = directory.relative_to(copy)
        if rel.parts[:1] == ("_shared",):
            continue
        for name in _SETTINGS:
            mine = folder / rel / name
            if rel.parts and mine.is_file() and not mine.is_symlink():
                shutil.copyfile(mine, directory / name)


@contextmanager
def deployed_registry(
    folder: Registry, *, client: SchemasClient, registry_name: str
) -> Iterator[Deployed]:
    """The versions `registry_name` holds of `folder`'s events, as a loaded `Registry`.

    Raises `RegistrySyncError` when the registry does not exist or cannot be read (the
    endpoint does not answer, credentials are refused), and the pull's errors for content
    that cannot be written back into a folder.
    """
    check_registry_name(registry_name, writable=False)
    remote = read_registry(client, registry_name)
    if remote is None:
        raise RegistrySyncError(
            f"Schema Registry {registry_name!r} does not exist (at this endpoint and Region)",
            hint="check the name, --region and --endpoint-url; `eventkit sync` creates it",
            registry=registry_name,
        )
    owner = owner_id(folder.config)
    ours = tuple(sorted(n for n, s in remote.items() if s.managed and s.owner == owner))
    ignored = tuple(
        (name, _why_not_ours(schema, owner))
        for name, schema in sorted(remote.items())
        if name not in ours
    )
    temporary = Path(tempfile.mkdtemp(prefix="eventkit-deployed-"))
    try:
        copy = temporary / "schemas"
        copy.mkdir()
        shutil.copyfile(folder.root / "eventkit.toml", copy / "eventkit.toml")
        if ours:  # an empty list would mean "every schema" to pull
            pull_registry(
                copy, client=client, registry_name=registry_name, schemas=list(ours), lint=False
            )
        _copy_settings(Path(folder.root), copy)
        try:
            loaded = load_registry(copy)
        except EventkitError as error:
            raise RegistrySyncError(
                f"the versions Schema Registry {registry_name!r} holds cannot be read as a "
                f"registry folder: {error.message}",
                hint="`eventkit pull --registry NAME` into an empty folder shows them",
                registry=registry_name,
            ) from None
        yield Deployed(registry_name, owner, loaded, ours, ignored)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
