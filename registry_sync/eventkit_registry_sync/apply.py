"""Carrying a `Plan` out, with boto3 (remote.py reads the registry into `RemoteSchema`s).

Independent schemas run concurrently; the versions of one schema go in order. Throttling and
server errors are retried by botocore (standard retry mode, see `client.make_client`).
UpdateSchema carries a `ClientTokenId` derived from what it pushes and on top of which
registry version, so neither a retried request nor a concurrent run of the same folder
makes a second version (see `client_token`).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eventkit.errors import RegistrySyncError
from eventkit_registry_sync._remote_tags import with_tags
from eventkit_registry_sync.client import call, schema_call
from eventkit_registry_sync.plan import (
    MANAGED_TAG,
    Action,
    DesiredVersion,
    Plan,
    RemoteSchema,
    plan_schema,
)
from eventkit_registry_sync.remote import listed_timestamp, read_versions

if TYPE_CHECKING:
    from mypy_boto3_schemas import SchemasClient

__all__ = ["Outcome", "apply_plan", "client_token"]

_TOKENS = uuid.UUID("6f1d9a3e-5c2b-4e8f-9a7d-0b3c1e2f4a5d")  # namespace of eventkit's tokens

Progress = Callable[[int, int, "Outcome"], None]


@dataclass(frozen=True)
class Outcome:
    """What happened to one action: `error` is None when it was fully applied."""

    action: Action
    done: tuple[str, ...]
    error: RegistrySyncError | None = None


def client_token(registry: str, schema: str, kind: str, content: str, base: int) -> str:
    """The `ClientTokenId` of pushing `content` on top of registry version `base`.

    Two runs of the same folder that push the same content onto the same registry version send
    the same token, so the registry makes that version once (AWS answers a repeated token with
    the first answer); a retry resends it too. A later push onto another version gets another
    token. (A UUID: ClientTokenId is at most 36 characters.)
    """
    sha = hashlib.sha256(content.encode()).hexdigest()
    return str(uuid.uuid5(_TOKENS, f"{registry}\n{schema}\n{kind}\n{base}\n{sha}"))


@contextmanager
def _pushing(version: DesiredVersion) -> Iterator[None]:
    """A failed push names the version and its file, not only the schema (which of a
    schema's versions the registry refused, e.g. for its content)."""
    try:
        yield
    except RegistrySyncError as err:
        where = f" ({version.relpath})" if version.relpath else ""
        raise RegistrySyncError(
            f"pushing {version.semver}{where}: {err.message}",
            hint=err.hint,
            registry=err.registry,
            schema_name=err.schema_name,
            operation=err.operation,
            aws_code=err.aws_code,
        ) from err


def _push_all(
    client: SchemasClient, registry: str, action: Action, done: list[str]
) -> tuple[str, int, str | None]:
    """Create (if needed) and push the action's versions; returns the ARN, the version count
    and the schema's LastModified after the last push (the listed one when nothing was
    pushed)."""
    desired = action.desired
    assert desired is not None
    name, pushes = action.schema, list(action.pushes)
    if action.kind == "create":
        first = pushes.pop(0)
        single = not pushes
        tags = desired.tags(version_count=1 if single else None)
        with _pushing(first):
            got = schema_call(
                client,
                "CreateSchema",
                registry,
                name,
                Type=desired.type,
                Content=first.content,
                Description=desired.description,
                Tags=tags,
            )
        done.append(f"{name}: created with {first.semver} (version {got['SchemaVersion']})")
        modified = listed_timestamp(got.get("LastModified"))
        if single:
            return got["SchemaArn"], 1, modified
        arn, count, base = got["SchemaArn"], 1, int(got["SchemaVersion"])
    else:
        remote = action.remote
        assert remote is not None
        assert remote.versions is not None or remote.top is not None
        arn, count = remote.arn, remote.version_count
        if remote.versions is None:  # the tags proved what it holds (RemoteSchema.held)
            base = remote.top or 0
        else:
            base = max((v.number for v in remote.versions), default=0)
        modified = remote.modified
    for version in pushes:
        token = client_token(registry, name, desired.type, version.content, base)
        with _pushing(version):
            got = schema_call(
                client,
                "UpdateSchema",
                registry,
                name,
                Type=desired.type,
                Content=version.content,
                Description=desired.description,
                ClientTokenId=token,
            )
        base = int(got["SchemaVersion"])
        modified = listed_timestamp(got.get("LastModified"))
        count += 1
        done.append(f"{name}: pushed {version.semver} (version {got['SchemaVersion']})")
    return arn, count, modified


def _apply_one(client: SchemasClient, registry: str, action: Action, prune: bool) -> Outcome:
    done: list[str] = []
    try:
        if action.kind == "delete":
            _delete(client, registry, action.schema)
            done.append(f"{action.schema}: deleted")
            return Outcome(action, tuple(done))
        try:
            arn, count, modified = _push_all(client, registry, action, done)
        except RegistrySyncError as err:
            if action.kind != "create" or err.aws_code != "ConflictException":
                raise
            # Created meanwhile (or by a retried request whose answer was lost): re-plan it.
            got = schema_call(client, "DescribeSchema", registry, action.schema)
            found = RemoteSchema(
                action.schema,
                got["SchemaArn"],
                dict(got.get("Tags") or {}),
                0,  # LastModified not kept: it may predate the other run's push, whose
            )  # state tags then stay (TagResource adds to the tags, removes none)
            found = with_tags(client, registry, {found.name: found}, jobs=1)[found.name]
            remote = read_versions(client, registry, found)
            assert action.desired is not None
            action = plan_schema(action.desired, remote, prune=prune)
            if action.kind in ("conflict", "changed-released"):
                raise RegistrySyncError(
                    f"{action.schema}: {action.reason}",
                    registry=registry,
                    schema_name=action.schema,
                ) from err
            arn, count, modified = _push_all(client, registry, action, done)
        if action.kind == "update":
            for number in action.delete_versions:
                _delete(client, registry, action.schema, str(number))
                count -= 1
                done.append(f"{action.schema}: deleted registry version {number}")
        # Record the state after the pushes and deletes. A single-version create carries its
        # state tags from CreateSchema, but its LastModified is known only from the answer:
        # without it, a version replaced by hand (count back at 1) would look unchanged.
        if action.kind == "update" or len(action.pushes) > 1 or modified is not None:
            assert action.desired is not None
            tags = action.desired.tags(
                version_count=count, modified=modified, stale=action.stale_kept
            )
            call(client, "TagResource", registry, action.schema, ResourceArn=arn, Tags=tags)
            if not done:  # only the tags were behind: the plan's `update` is this step
                done.append(f"{action.schema}: tagged ({action.reason})")
        return Outcome(action, tuple(done))
    except RegistrySyncError as err:
        return Outcome(action, tuple(done), err)


def _delete(client: SchemasClient, registry: str, schema: str, version: str | None = None) -> None:
    """Delete a schema (or one version); already gone (a concurrent run) counts as done."""
    try:
        if version is None:
            schema_call(client, "DeleteSchema", registry, schema)
        else:
            schema_call(client, "DeleteSchemaVersion", registry, schema, SchemaVersion=version)
    except RegistrySyncError as err:
        if err.aws_code != "NotFoundException":
            raise


def _delete_skipped(registry: str, schema: str, failed: int) -> RegistrySyncError:
    return RegistrySyncError(
        f"not deleted: {failed} push(es) of this run failed, and --prune deletes only after "
        "every push succeeded (the schema is kept)",
        hint="fix the cause and run sync --prune again",
        registry=registry,
        schema_name=schema,
    )


def apply_plan(
    client: SchemasClient,
    plan: Plan,
    *,
    prune: bool,
    jobs: int = 8,
    progress: Progress | None = None,
    registry_tags: dict[str, str] | None = None,
) -> list[Outcome]:
    """Carry out every write of `plan`; never raises for one schema's failure (see Outcome)."""
    registry = plan.registry
    if plan.create_registry:
        try:
            call(
                client,
                "CreateRegistry",
                registry,
                None,
                RegistryName=registry,
                Description="Event contracts synced by eventkit from the repository's schemas/",
                Tags={MANAGED_TAG: "true", **(registry_tags or {})},
            )
        except RegistrySyncError as err:
            if err.aws_code != "ConflictException":
                raise
    elif registry_tags:
        arn = call(client, "DescribeRegistry", registry, None, RegistryName=registry)["RegistryArn"]
        call(client, "TagResource", registry, None, ResourceArn=arn, Tags=registry_tags)
    writes = plan.writes
    # Whole-schema deletes (--prune) go after every push of the run, and only when all of them
    # succeeded: a delete next to a failed push (e.g. an event renamed, the new name's create
    # throttled) would leave the registry holding neither the old schema nor the new one.
    pushes = [a for a in writes if a.kind != "delete"]
    deletes = [a for a in writes if a.kind == "delete"]
    outcomes: list[Outcome] = []

    def record(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if progress is not None:
            progress(len(outcomes), len(writes), outcome)

    for batch in (pushes, deletes):
        if batch is deletes and any(o.error is not None for o in outcomes):
            failed = sum(o.error is not None for o in outcomes)
            for action in deletes:
                record(Outcome(action, (), _delete_skipped(registry, action.schema, failed)))
            break
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = [pool.submit(_apply_one, client, registry, a, prune) for a in batch]
            for future in as_completed(futures):  # progress as things finish
                record(future.result())
    order = {a.schema: i for i, a in enumerate(writes)}
    return sorted(outcomes, key=lambda o: order[o.action.schema])
