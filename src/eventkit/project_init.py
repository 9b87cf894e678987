"""`eventkit init`: a working registry, CI gate and pre-commit hooks in an existing project.

`init_project` decides every file first, checks that none exists and that no folder on the way
is a symbolic link (so nothing is written outside the folder named), and only then writes
them, each atomically (a temporary file in the same folder, then a hard link to the final
name, which fails rather than replace a file created meanwhile). If a write fails, what was
already written is removed again: the folder ends up as it was, or complete.
"""

from __future__ import annotations

import contextlib
import keyword
import os
import re
import shlex
import stat
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from eventkit import __version__
from eventkit import _init_templates as templates
from eventkit.errors import InitError
from eventkit.registry import (
    CONFIG_FILE,
    EVENT_BUS_NAME,
    LOCK_FILE,
    REGISTRY_NAME,
    Problem,
    SemVer,
    routing_problems,
)
from eventkit.registry.lock import Lock, VersionLine
from eventkit.work_tree import git_top

__all__ = [
    "GENERATED_MANIFEST",
    "REPOSITORY_URL",
    "SCHEMAS",
    "InitResult",
    "init_project",
    "package_folder",
    "planned_files",
]

REPOSITORY_URL = templates.REPOSITORY_URL  # where the hooks and the action are published
SCHEMAS = "schemas"  # the registry folder inside the project (every command's default)
WORKFLOW = ".github/workflows/eventkit.yml"
PRE_COMMIT = ".pre-commit-config.yaml"


@dataclass(frozen=True)
class InitResult:
    """What `init_project` wrote (paths relative to `root`, in writing order)."""

    root: Path
    files: tuple[str, ...]
    registry: str  # the registry folder, relative to root
    package: str
    name: str


def _default_name(root: Path) -> str:
    name = re.sub(r"[^.\-_A-Za-z0-9]+", "-", root.name).strip("-.")[:64]
    return name or "events"


def _source_prefix_problems(source_prefix: str) -> list[Problem]:
    """EventBridge's rules for the source of init's example event under `source_prefix`."""
    key = f"{templates.EXAMPLE_SERVICE}/{templates.EXAMPLE_EVENT}"
    source = source_prefix + templates.EXAMPLE_SERVICE
    return routing_problems(
        key, source, templates.EXAMPLE_EVENT, foreign=False, explicit_source=False
    )


def _check_options(name: str, bus: str, source_prefix: str, package: str) -> None:
    if not REGISTRY_NAME.fullmatch(name):
        raise InitError(
            f"registry name {name!r} is not a valid Schema Registry name",
            hint="pass --registry-name with 1-64 of A-Z a-z 0-9 . - _",
        )
    if not EVENT_BUS_NAME.fullmatch(bus):
        raise InitError(
            f"event bus name {bus!r} is not a valid EventBridge bus name",
            hint="pass --bus with 1-256 of A-Z a-z 0-9 . - _",
        )
    problems = _source_prefix_problems(source_prefix)
    if problems:
        # the problem's own hint speaks of registry files (source_prefix, envelope) that init
        # has not written yet: name the option and a prefix that works
        works = next(p for p in (f"{name}.", "myorg.") if not _source_prefix_problems(p))
        raise InitError(
            f"source prefix {source_prefix!r}: {problems[0].message}",
            hint=f"pass another --source-prefix, e.g. --source-prefix {works}",
        )
    try:
        _package_parts(package)
    except ValueError as error:
        raise InitError(
            str(error),
            hint="pass --package with dotted lower_snake_case names of your own, e.g. "
            f"--package {_suggested(package)}",
        ) from None


def _cut(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else f"{text[:limit]}..."


# Bytes in one file or folder name on common file systems (NAME_MAX); the CLI's path errors
# say it too.
NAME_MAX = 255


# Top-level import names the generated package must not take: eventkit's own and those of the
# runtime it imports (generated modules import them; a package of that name in src/ would be
# imported instead in every test run with src/ on the path).
_TAKEN = frozenset(
    {
        "eventkit",
        "eventkit_codegen",
        "eventkit_registry_sync",
        "pydantic",
        "pydantic_core",
        "boto3",
        "botocore",
        "typing_extensions",
    }
)


def _suggested(package: str) -> str:
    """A package name to offer instead of `package`: its first part + ``_events`` when that is
    a plain identifier (``json`` -> ``json_events``), else ``myapp_events``."""
    first = package.split(".")[0].strip().lower().replace("-", "_")
    return f"{first}_events" if first.isidentifier() and first.isascii() else "myapp_events"


def _not_a_part(part: str, package: str) -> str | None:
    """Why `part` of `package` cannot be a part of an import name, or None when it can."""
    if not part:
        return f"{package!r} has an empty part (a leading, trailing or doubled dot)"
    if keyword.iskeyword(part):
        return f"{part!r} is a Python keyword"
    if not part.isidentifier():
        return f"{part!r} is not an identifier (letters, digits and _, not starting with a digit)"
    return None


def _package_parts(package: str) -> list[str]:
    parts = package.split(".")
    for part in parts:
        why = _not_a_part(part, package)
        if why is not None:
            raise ValueError(f"{package!r} is not a Python import name: {why}")
    long = [p for p in parts if len(p.encode("utf-8")) > NAME_MAX]
    if long:
        raise ValueError(
            f"{_cut(package)!r} has a name too long for a folder ({_cut(long[0])!r}: "
            f"{len(long[0].encode('utf-8'))} bytes, at most {NAME_MAX})"
        )
    if parts[0] in sys.stdlib_module_names or parts[0] in _TAKEN:
        raise ValueError(
            f"{package!r} would shadow the module {parts[0]!r} (Python's own, or one eventkit "
            "runs on) wherever the generated package is on the import path"
        )
    return parts


def package_folder(registry: Path, package: str) -> Path:
    """The folder of the import package `package` ("myapp_events", "myapp.events") that
    `eventkit codegen` writes for the registry folder `registry` (`[codegen] package`): under
    ``src/`` when the folder holding the registry has one (the src layout), else directly in
    that folder. Raises `ValueError` for a name Python cannot import."""
    parts = _package_parts(package)
    project = Path(os.path.normpath(registry.absolute())).parent
    base = project / "src" if (project / "src").is_dir() else project
    return base.joinpath(*parts)


def planned_files(
    *,
    name: str,
    bus: str,
    source_prefix: str,
    package: str,
    ci: bool = True,
    pre_commit: bool = True,
) -> dict[str, str]:
    """Every file `eventkit init` writes: relative POSIX path -> text."""
    example = f"{templates.EXAMPLE_SERVICE}/{templates.EXAMPLE_EVENT}"
    # The example is a draft: the team may edit or delete it before `eventkit lock`.
    lock = Lock({f"{example}@1.0.0": VersionLine(example, SemVer(1, 0, 0))})
    files = {
        f"{SCHEMAS}/{CONFIG_FILE}": templates.eventkit_toml(
            name=name, bus=bus, source_prefix=source_prefix, package=package
        ),
        f"{SCHEMAS}/{example}/1.0.0.json": templates.example_schema(),
        f"{SCHEMAS}/{LOCK_FILE}": lock.render(),
    }
    if ci:
        files[WORKFLOW] = templates.workflow(version=__version__, schemas=SCHEMAS)
    if pre_commit:
        files[PRE_COMMIT] = templates.pre_commit_config(version=__version__)
    return files


def init_project(
    directory: str | Path,
    *,
    package: str,
    registry_name: str | None = None,
    bus: str = "default",
    source_prefix: str | None = None,
    ci: bool = True,
    pre_commit: bool = True,
) -> InitResult:
    """Scaffold a registry (`schemas/`), its CI workflow and pre-commit config in `directory`.

    Raises `InitError`, having written nothing, for an invalid option, a folder that does not
    exist or already holds a registry, a file that exists (all of them are named), a path
    through a symbolic link, or a workflow or pre-commit config asked for in a folder below the
    top of a git repository (where neither would ever run).
    """
    root = Path(directory)
    if not root.is_dir():
        kind = "is not a folder" if root.exists() else "does not exist"
        raise InitError(
            f"{root} {kind}",
            hint="eventkit init sets up an existing project: pass its folder",
            path=str(root),
        )
    root = root.resolve()  # the folder the user named; nothing below it is followed
    name = registry_name if registry_name is not None else _default_name(root)
    prefix = source_prefix if source_prefix is not None else f"{name.lower()}."
    _check_options(name, bus, prefix, package)
    for registry in (Path(SCHEMAS), Path()):
        if os.path.lexists(root / registry / CONFIG_FILE):
            where = root / registry
            raise InitError(
                f"{where} is already an eventkit registry (it holds {CONFIG_FILE})",
                hint="nothing to initialise: add events with `eventkit new SERVICE/EventName`",
                path=str(where / CONFIG_FILE),
            )
    _refuse_a_nested_project(root, ci=ci, pre_commit=pre_commit)
    files = planned_files(
        name=name, bus=bus, source_prefix=prefix, package=package, ci=ci, pre_commit=pre_commit
    )
    _refuse_conflicts(root, list(files))
    _refuse_a_used_registry_folder(root)
    _refuse_a_taken_package(root, package)
    _write_all(root, files)
    return InitResult(root, tuple(files), SCHEMAS, package, name)


def _refuse_a_nested_project(root: Path, *, ci: bool, pre_commit: bool) -> None:
    """Raise `InitError` when the workflow or the pre-commit config would land below the top
    of a git repository: GitHub reads workflows, and pre-commit its config, only at the top,
    so the files would look like a gate and never run."""
    top = git_top(root) if ci or pre_commit else None
    if top is None or top == root:
        return
    rel = root.relative_to(top).as_posix()
    what = [
        *([f"{WORKFLOW} (GitHub reads workflows only there)"] if ci else []),
        *([f"{PRE_COMMIT} (pre-commit reads it only there)"] if pre_commit else []),
    ]
    flags = " ".join([*(["--no-ci"] if ci else []), *(["--no-pre-commit"] if pre_commit else [])])
    raise InitError(
        f"{root} is inside the git repository {top}, not at its top: "
        f"{' and '.join(what)} would never run from here; nothing was written",
        hint=f"pass {flags} and add eventkit's steps to the repository's own workflow and "
        f"hooks with --schemas {shlex.quote(f'{rel}/{SCHEMAS}')} (hooks: also files: "
        f"^{re.escape(rel)}/{SCHEMAS}/); "
        "docs/adopting.md, 'A project in a sub-folder'",
        path=str(top),
    )


def _refuse_a_used_registry_folder(root: Path) -> None:
    """Raise `InitError` when `schemas/` already holds files of its own (a project's API
    schemas, say): the registry would take them for services and events, and the one `init`
    sets up would fail `eventkit lint` and codegen at once. Dot-files and ``*.md`` files are
    fine: the loader ignores them."""
    folder = root / SCHEMAS
    if not folder.is_dir() or folder.is_symlink():
        return  # absent, or refused with every other conflict (_refuse_conflicts)
    taken = sorted(
        p.name for p in folder.iterdir() if not p.name.startswith(".") and p.suffix != ".md"
    )
    if taken:
        shown = ", ".join(f"{SCHEMAS}/{name}" for name in taken[:5])
        more = f" and {len(taken) - 5} more" if len(taken) > 5 else ""
        raise InitError(
            f"{folder} already holds {shown}{more}; eventkit init sets up its registry in "
            f"{SCHEMAS}/, where the loader would read them as services and events; nothing "
            "was written",
            hint=f"move them out of {SCHEMAS}/ (or rename the folder), then run eventkit init "
            "again",
            path=str(folder),
            paths=tuple(f"{SCHEMAS}/{name}" for name in taken),
        )


# The file eventkit codegen keeps in every package it generates (eventkit_codegen's MANIFEST;
# tests/cli/test_init.py keeps the two equal): a folder holding it is codegen's to rewrite.
GENERATED_MANIFEST = "_manifest.json"


def _refuse_a_taken_package(root: Path, package: str) -> None:
    """Raise `InitError` when the folder `eventkit codegen` would write `package` into is
    already something else (the project's own package, say): codegen would refuse it, so the
    registry set up here could never generate its models."""
    folder = package_folder(root / SCHEMAS, package)
    if not os.path.lexists(folder):
        return
    if folder.is_dir():  # as codegen sees it
        entries = [p.name for p in folder.iterdir() if p.name != "__pycache__"]
        if not entries or GENERATED_MANIFEST in entries:
            return
    shown = folder.relative_to(root).as_posix()
    raise InitError(
        f"--package {package}: eventkit codegen would write the models into {shown}, which "
        "exists and is not a package codegen generated (codegen would refuse to overwrite "
        "it); nothing was written",
        hint=f"pass another --package, e.g. {package}_events or {package}.events (a "
        "sub-package, shipped with yours)",
        path=str(folder),
    )


def _refuse_conflicts(root: Path, relpaths: Sequence[str]) -> None:
    """Raise `InitError` naming every target that exists and every folder on the way that is
    a symbolic link or not a folder."""
    existing: list[str] = []
    for rel in relpaths:
        parts = PurePosixPath(rel).parts
        current = root
        for part in parts[:-1]:
            current = current / part
            if not os.path.lexists(current):
                break
            mode = current.lstat().st_mode
            if stat.S_ISLNK(mode) or not stat.S_ISDIR(mode):
                what = "a symbolic link" if stat.S_ISLNK(mode) else "not a folder"
                # only the workflow is written under .github: --no-ci skips it; the
                # registry (schemas/...) is always written
                skip = ", or pass --no-ci" if parts[0] == ".github" else ""
                raise InitError(
                    f"{current} is {what}; eventkit init writes only into real folders "
                    f"inside {root}, nothing was written",
                    hint=f"move {current.name} aside{skip}",
                    path=str(current),
                )
        else:
            if os.path.lexists(root / rel):
                existing.append(rel)
    if existing:
        listed = ", ".join(existing)
        raise InitError(
            f"{listed} already exist(s) in {root}; eventkit init never overwrites a file, "
            "nothing was written",
            hint="move it aside and run again (or pass --no-ci / --no-pre-commit to leave the "
            "workflow or the pre-commit config alone and add eventkit's steps to yours)",
            path=str(root / existing[0]),
            paths=tuple(existing),
        )


def _write_all(root: Path, files: dict[str, str]) -> None:
    created: list[Path] = []  # files and folders, in creation order
    try:
        for rel, text in files.items():
            target = root / rel
            folder = root
            for part in PurePosixPath(rel).parts[:-1]:
                folder = folder / part
                if not folder.is_dir():
                    folder.mkdir()
                    created.append(folder)
            _write_new(target, text.encode("utf-8"))
            created.append(target)
    except BaseException:
        for path in reversed(created):  # undo: leave the project as it was
            with contextlib.suppress(OSError):
                if path.is_dir() and not path.is_symlink():
                    path.rmdir()
                else:
                    path.unlink()
        raise


def _write_new(path: Path, data: bytes) -> None:
    """Write `path` atomically, never replacing an existing file (`InitError` if one appears)."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        Path(temp).chmod(0o644)  # mkstemp makes it private; these files are the project's
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(temp, path)  # fails if `path` exists: never replaces
        except FileExistsError:
            raise InitError(
                f"{path} appeared while eventkit init was writing; nothing was overwritten",
                path=str(path),
            ) from None
        except OSError:  # a file system without hard links: a checked rename
            if os.path.lexists(path):
                raise InitError(f"{path} exists; nothing was overwritten", path=str(path)) from None
            Path(temp).replace(path)
    except OSError as error:
        raise InitError(f"cannot write {path}: {error.strerror or error}", path=str(path)) from None
    finally:
        Path(temp).unlink(missing_ok=True)
