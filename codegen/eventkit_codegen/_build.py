"""`generate`'s work after the generator's child is forked: load the registry, plan the units,
find the dirty ones, generate and format them, install the package (`_pipeline.generate`)."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventkit.errors import CodegenError
from eventkit_codegen import _package_dir, _render
from eventkit_codegen._child import GeneratorChild
from eventkit_codegen._datamodel import OPTIONS, generated_modules
from eventkit_codegen._inputs import fingerprint, input_digests, sha
from eventkit_codegen._lock import output_lock
from eventkit_codegen._package_dir import MANIFEST
from eventkit_codegen._pipeline import CODEGEN_VERSION, CodegenResult
from eventkit_codegen._prepare import SHARED_PACKAGE, EventUnit, Prepared, prepare

if TYPE_CHECKING:
    from eventkit.registry import Registry

__all__ = ["build"]

_INDEX = "index:"  # unit key prefix of the package and service __init__.py files (and py.typed)
_TYPED_MARKER = "py.typed"


def build(
    registry_root: Path,
    out_dir: str | os.PathLike[str] | None,
    *,
    check: bool,
    child: GeneratorChild | None,
) -> CodegenResult:
    """`generate`'s work once its child (if any) is started: load, plan, generate, install."""
    from eventkit.registry import load_registry

    registry = load_registry(registry_root)
    out = _out_dir(registry_root, out_dir, registry.config.tables.get("codegen"))
    _refuse_overlap(registry_root, out)
    _package_dir.check_out_dir(out)
    # from reading the package until it is replaced: one run at a time
    with output_lock(out) as held:
        if held and not check:  # no run can be using a staging folder found now
            _package_dir.remove_left_staging(out)
        return _build_into(registry, out, check=check, child=child)


def _build_into(
    registry: Registry, out: Path, *, check: bool, child: GeneratorChild | None
) -> CodegenResult:
    prepared = prepare(registry)
    tools = fingerprint(
        {
            "eventkit_codegen": CODEGEN_VERSION,
            "options": json.dumps(OPTIONS, sort_keys=True),
            "ruff_rules": _package_dir.RUFF_RULES,
        }
    )
    digests = input_digests(prepared, tools)
    indexes = _indexes(prepared, out, registry.config.name)
    digests.update({f"{_INDEX}{rel}": sha(tools + text) for rel, text in indexes.items()})
    unit_files: dict[str, list[str]] = {unit.key: [unit.file] for unit in prepared.events}
    unit_files[SHARED_PACKAGE] = [f for s in prepared.shared for f in s.files]
    unit_files.update({f"{_INDEX}{rel}": [rel] for rel in indexes})

    existing, refused = _package_dir.existing_files(out)
    # Check mode trusts no recorded digest: every unit goes through the generator again.
    old_manifest, manifest = (None, {}) if check else _package_dir.read_manifest(out)
    dirty = _dirty_units(unit_files, digests, existing, manifest)
    expected: dict[str, str] = {}
    for key, files in unit_files.items():
        if key not in dirty:
            expected.update({rel: existing[rel] for rel in files})

    staging = _package_dir.staging_dir(out)
    try:
        generated_units = {key for key in dirty if not key.startswith(_INDEX)}
        if child is not None and not generated_units:
            child.close()  # nothing for the generator: free its CPU for the rest of the run
        fresh = generated_modules(prepared, generated_units, child) if generated_units else {}
        fresh.update({rel: text for rel, text in indexes.items() if f"{_INDEX}{rel}" in dirty})
        # Fresh files are formatted where they will be installed from: staging/tree.
        tree = staging / _package_dir.STAGING_TREE
        modules = {rel: text for rel, text in fresh.items() if rel.endswith(".py")}
        expected.update(_package_dir.format_files(modules, tree))
        expected.update({rel: text for rel, text in fresh.items() if rel not in modules})
        regenerated = tuple(sorted(generated_units))
        changed = sorted(rel for rel, text in expected.items() if existing.get(rel) != text)
        unchanged = sorted(rel for rel, text in expected.items() if existing.get(rel) == text)
        extra = sorted(rel for rel in {*existing, *refused} if rel not in expected)
        result = CodegenResult(
            out_dir=out,
            unchanged=tuple(unchanged),
            regenerated=regenerated,
            events=len(prepared.events),
            refused=tuple(sorted(refused.items())),
        )
        if check:
            # The manifest is a build cache (input digests), not generated code: a run
            # refreshes it, and a difference there alone (e.g. a new eventkit version
            # producing the same code) does not make the checked-in code stale.
            return replace(result, stale=tuple(sorted({*changed, *extra})))
        manifest_text = _manifest_text(prepared, digests, expected, tools)
        if not changed and not extra:
            if old_manifest == manifest_text:
                return result
            changed = [MANIFEST]  # only the recorded digests changed (e.g. a new generator)
        _package_dir.install(out, tree, expected, set(unchanged), manifest_text)
        return replace(result, written=tuple(changed), removed=tuple(extra))
    finally:
        _package_dir.remove_staging(staging)


def _dirty_units(
    unit_files: Mapping[str, list[str]],
    digests: Mapping[str, str],
    existing: Mapping[str, str],
    manifest: Mapping[str, Any],
) -> set[str]:
    """The units whose recorded inputs differ, or whose files are missing or edited."""
    old_units = manifest.get("units", {})
    old_files = manifest.get("files", {})
    if not isinstance(old_units, dict) or not isinstance(old_files, dict):
        old_units, old_files = {}, {}

    def up_to_date(key: str) -> bool:
        recorded = old_units.get(key)
        return (
            isinstance(recorded, dict)
            and recorded.get("inputs") == digests[key]
            and all(
                rel in existing and old_files.get(rel) == sha(existing[rel])
                for rel in unit_files[key]
            )
        )

    return {key for key in unit_files if not up_to_date(key)}


def _out_dir(root: Path, out_dir: str | os.PathLike[str] | None, table: Any) -> Path:
    """The output package: `out_dir`, else `[codegen] out` (relative to the registry folder),
    else the folder of `[codegen] package` (see `package_folder`)."""
    if out_dir is not None:
        return Path(os.path.normpath(Path(out_dir).absolute()))
    table = table if isinstance(table, dict) else {}
    configured = table.get("out")
    if isinstance(configured, str) and configured:
        return Path(os.path.normpath((root / configured).absolute()))
    package = table.get("package")
    if isinstance(package, str) and package:
        from eventkit.project_init import package_folder  # its own imports: only here

        try:
            return package_folder(root, package)
        except ValueError as error:
            raise CodegenError(
                f"[codegen] package: {error}",
                hint='use dotted lower_snake_case names, e.g. package = "myapp_events"',
            ) from None
    raise CodegenError(
        "no output package: pass --out, or set [codegen] package (or out) in eventkit.toml",
        hint='e.g. [codegen] package = "myapp_events" (written to src/myapp_events beside the '
        "registry folder), or --out src/myapp_events",
    )


def _refuse_overlap(root: Path, out: Path) -> None:
    """Refuse an output package inside the registry folder, or holding it: the generated
    modules would be read as services and events (every later command then fails to load
    the registry), or the registry's files removed as files codegen does not write. The
    likely cause is `[codegen] out` written from the project's folder, not the registry's."""
    if out.parent == out:  # "/" (or a drive): it holds everything, and names no package
        raise CodegenError(
            f"the output package {out} is a filesystem root, not a package's folder; "
            "nothing was written",
            hint="point --out (or [codegen] out) at the package's own folder, e.g. "
            'out = "../src/myapp_events"',
        )
    real_root, real_out = root.resolve(), out.resolve()
    if real_out.is_relative_to(real_root):
        what = f"the output package {out} is inside the registry folder {root}"
    elif real_root.is_relative_to(real_out):
        what = f"the registry folder {root} is inside the output package {out}"
    else:
        return
    raise CodegenError(
        f"{what}; nothing was written",
        hint='[codegen] out is relative to the registry folder: e.g. out = "../src/'
        f'{out.name}" for src/{out.name} beside it (or set [codegen] package, or pass --out)',
    )


def _indexes(prepared: Prepared, out_dir: Path, registry_name: str) -> dict[str, str]:
    """The package and service `__init__.py` files (rendered without the generator) and the
    package's py.typed marker."""
    package = _render.package_path(out_dir)
    files: dict[str, str] = {"__init__.py": _render.package_index(prepared.events, registry_name)}
    # PEP 561: a service that ships the package in its wheel gives its users typed models;
    # without the marker mypy skips an installed package and every model is Any.
    files[_TYPED_MARKER] = ""
    by_service: dict[str, list[EventUnit]] = {}
    for unit in prepared.events:
        by_service.setdefault(unit.service_module, []).append(unit)
    for service_module, units in sorted(by_service.items()):
        files[f"{service_module}/__init__.py"] = _render.service_index(
            units[0].service, service_module, units, package, prepared.aliases
        )
    packages = {s.module[:-1] for s in prepared.shared}
    packages |= {module[:-1] for s in prepared.shared for module in s.parts}
    packages |= {p[:i] for p in packages for i in range(1, len(p))}
    for package_parts in sorted(packages):
        files["/".join(package_parts) + "/__init__.py"] = _render.shared_index()
    return files


def _manifest_text(
    prepared: Prepared, digests: Mapping[str, str], files: Mapping[str, str], tools: str
) -> str:
    units = {unit.key: {"inputs": digests[unit.key], "file": unit.file} for unit in prepared.events}
    units[SHARED_PACKAGE] = {"inputs": digests[SHARED_PACKAGE], "file": SHARED_PACKAGE}
    for key, digest in digests.items():
        if key.startswith(_INDEX):
            units[key] = {"inputs": digest, "file": key.removeprefix(_INDEX)}
    manifest = {
        "generator": f"eventkit codegen {CODEGEN_VERSION}",
        "note": "written by eventkit codegen: input digests of every generated unit; do not edit",
        "fingerprint": tools,
        "units": units,
        "files": {rel: sha(text) for rel, text in sorted(files.items())},
    }
    return json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=True) + "\n"
