"""datamodel-code-generator, driven: the modules of the units a run regenerates."""

from __future__ import annotations

import contextlib
import json
import os
from typing import TYPE_CHECKING, Any

from eventkit.errors import CodegenError, EventkitError
from eventkit.registry import cpu_mark, idle_cpus, usable_cpus
from eventkit_codegen._constants import HEADER_MARKER

if TYPE_CHECKING:
    from eventkit_codegen._child import GeneratorChild
    from eventkit_codegen._prepare import Prepared

__all__ = ["OPTIONS", "generated_modules", "run_job", "warm_up", "workers_limit"]

# The datamodel-code-generator options; part of the fingerprint.
OPTIONS: dict[str, Any] = {
    "base_class": "eventkit.contract.EventkitModel",
    "disable_timestamp": True,
    "custom_file_header": HEADER_MARKER,
    "use_annotated": True,
    "field_constraints": True,
    "snake_case_field": True,
    "use_schema_description": True,
    "use_field_description": True,
    "enum_field_as_literal": "all",
    "collapse_root_models": True,
    "use_standard_collections": True,
    "use_union_operator": True,
    "use_unique_items_as_set": True,  # marks uniqueItems arrays: `_unique` makes them UniqueList
    "use_double_quotes": True,
    "output_datetime_class": "AwareDatetime",
    "formatters": [],
}

# The units go through datamodel-code-generator in chunks, one document each. Chunks are cut
# from the sorted keys, so the split is deterministic, and a unit's module does not depend on
# the other units of its chunk. 25 units a chunk: ~4% less CPU than 12 (each chunk parses the
# shared definitions again), while 400 cost ~13% more (the generator grows faster than linear
# in a document's size). With several CPUs the chunks run in forked worker processes: what
# brings codegen.full_vs_cli (bench/codegen.py) under one process's time on 2 idle cores.
_CHUNK = 25
_JOB: tuple[list[dict[str, Any]], dict[str, str]] | None = None  # what forked workers read


def workers_limit() -> int:
    """At most this many processes (EVENTKIT_CODEGEN_WORKERS=1 turns the extra ones off)."""
    try:
        return int(os.environ.get("EVENTKIT_CODEGEN_WORKERS", "4"))
    except ValueError:
        return 4


def generated_modules(
    prepared: Prepared, unit_keys: set[str], child: GeneratorChild | None = None
) -> dict[str, str]:
    """relpath -> code of the units in `unit_keys` (`SHARED_PACKAGE`: every shared module).

    Not formatted yet; headers and contracts added (`_render`). `child`: a process that has
    imported the generator meanwhile (`_child`), to run it there. Every pattern of those units
    is checked first (`_prepare.check_patterns`: its error, before any generator call).
    """
    from eventkit_codegen import _render  # not in the generator's child (`_child`)
    from eventkit_codegen._prepare import SHARED_PACKAGE

    modules = _run_generator(prepared, unit_keys, child)
    generated = _reexported_classes(modules, prepared.reexported)
    out: dict[str, str] = {}
    for unit in prepared.events:
        if unit.key not in unit_keys:
            continue
        code = modules.get(unit.file)
        if code is None:
            raise CodegenError(f"{unit.relpath}: the generator produced no module {unit.file}")
        out[unit.file] = _render.event_module(code, unit)
    if SHARED_PACKAGE in unit_keys:
        for shared in prepared.shared:
            if shared.exports:  # classes in other modules, re-exported lazily
                out[shared.file] = _render.shared_reexports(shared, generated)
            for module in [*([] if shared.exports else [shared.module]), *shared.parts]:
                file = "/".join(module) + ".py"
                code = modules.get(file)
                if code is None:  # a shared file with nothing to model (e.g. only constants)
                    code = f"{HEADER_MARKER}\n"
                out[file] = _render.shared_module(code, shared, module)
    return out


def _reexported_classes(modules: dict[str, str], keys: list[str]) -> dict[str, str]:
    """def key -> the name of its class in the generated code, for each of `keys` (the
    definitions shared files re-export) the generator made a class of; the `DEF_MARK`s are
    removed from `modules` meanwhile."""
    from eventkit_codegen import _render  # not in the generator's child (`_child`)

    generated: dict[str, str] = {}
    for file, code in modules.items():
        modules[file], classes = _render.strip_def_marks(code, file)
        generated.update({keys[index]: name for index, name in classes.items()})
    for key in keys:  # a class without a docstring (a root model) keeps the name of its key
        module, name = key.rsplit(".", 1)
        if key not in generated and name in _render.class_names(
            modules.get(f"{module.replace('.', '/')}.py")
        ):
            generated[key] = name
    return generated


def _run_generator(
    prepared: Prepared, unit_keys: set[str], child: GeneratorChild | None
) -> dict[str, str]:
    """relpath -> code for the event units asked and the shared package."""
    from eventkit_codegen._prepare import SHARED_PACKAGE, check_patterns, patterns_of

    keys = sorted(unit_keys - {SHARED_PACKAGE})
    chunks = [keys[i : i + _CHUNK] for i in range(0, len(keys), _CHUNK)] or [[]]
    documents = [prepared.document(set(chunk)) for chunk in chunks]
    # One unit takes the lazy imports a chunk takes (the shared definitions alone miss some).
    warmup = prepared.document(set(chunks[0][:1])) if len(chunks) > 1 else None
    # The child checks the patterns before it runs the job (it has pydantic-core already):
    # None if one fails, or anything else does. Here, the check then raises the error that
    # names the schema before the generator runs.
    job = (documents, prepared.aliases, warmup, patterns_of(prepared, unit_keys))
    results = child.run(job) if child is not None else None
    if results is None:
        check_patterns(prepared, unit_keys)
        results = run_job(documents, prepared.aliases, warmup)
    modules: dict[str, str] = {}
    for chunk, part in zip(chunks, results, strict=True):
        if part is None:  # failed: again here, to raise the error that names the schema
            part = _generate_chunk(prepared, chunk)
        for rel, code in part.items():
            modules.setdefault(rel, code)  # shared modules: identical in every chunk
    return modules


def run_job(
    documents: list[dict[str, Any]], aliases: dict[str, str], warmup: dict[str, Any] | None
) -> list[dict[str, str] | None]:
    """Each document's modules (None from the first that fails on), in forked workers where
    some CPUs are idle, else one after the other."""
    if warmup is not None:
        parallel = _parallel(documents, aliases, warmup)
        if parallel is not None:
            return parallel
    results: list[dict[str, str] | None] = []
    for document in documents:
        try:
            results.append(_call_generator(document, aliases))
        except Exception:  # the generator raises many unrelated types
            break
    return results + [None] * (len(documents) - len(results))


def _generate_chunk(prepared: Prepared, chunk: list[str]) -> dict[str, str]:
    try:
        return _call_generator(prepared.document(set(chunk)), prepared.aliases)
    except EventkitError:
        raise
    except Exception as exc:  # the generator raises many unrelated types
        raise _blame(prepared, set(chunk), exc) from None


def _chunk_worker(index: int) -> dict[str, str] | None:
    assert _JOB is not None
    documents, aliases = _JOB
    try:
        return _call_generator(documents[index], aliases)
    except Exception:  # reported by the parent, which retries sequentially to blame a schema
        return None


def _parallel(
    documents: list[dict[str, Any]], aliases: dict[str, str], warmup: dict[str, Any]
) -> list[dict[str, str] | None] | None:
    """The documents' modules from forked workers, or None to run them in this process."""
    import multiprocessing
    import threading

    workers = min(len(documents), usable_cpus(), workers_limit())
    if (
        workers < 2
        or threading.active_count() > 1
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return None
    # Warm the generator up before forking (imports, template caches: ~0.3 s), so the
    # workers inherit it instead of each paying it again.
    before = cpu_mark()
    try:
        _call_generator(warmup, aliases)
    except Exception:  # the generator raises many unrelated types
        return None  # one after the other, where the first failure is reported
    # Workers only where CPUs were idle meanwhile: on 2 idle cores they bring the generator's
    # part to ~0.6x (codegen.full_vs_cli), but on a machine busy with other work they only
    # cost ~15% more CPU. Not the load average: a run of commands (a bench, a CI script)
    # shows as load on its own, which turned the workers off on an idle machine.
    idle = idle_cpus(before)
    if idle is not None:
        workers = min(workers, 1 + int(idle + 0.5))
        if workers < 2:
            return None
    global _JOB
    _JOB = (documents, aliases)
    # This process takes every `workers`-th chunk itself: one fork fewer, ~40 ms of CPU
    # (copy-on-write faults) less than a pool of `workers` with this process waiting.
    indexes = range(len(documents))
    theirs = [i for i in indexes if i % workers]
    try:
        with multiprocessing.get_context("fork").Pool(workers - 1) as pool:
            pending = pool.map_async(_chunk_worker, theirs, chunksize=1)
            mine = [_chunk_worker(i) for i in indexes[::workers]]
            done = iter(pending.get())
    except (OSError, RuntimeError):
        return None
    finally:
        _JOB = None
    own = iter(mine)
    return [next(done) if i % workers else next(own) for i in indexes]


def warm_up() -> None:
    """Import the generator and run it once on a one-property schema: its first call imports
    most of it and builds its templates and option models (~0.3 s), a second one takes ~5 ms.
    The child does this while the parent loads the registry."""
    document = {"$defs": {"warm.up.WarmUp": {"type": "object", "properties": {"id": {}}}}}
    with contextlib.suppress(Exception):  # the real run reports any problem
        _call_generator(document, {})


def _call_generator(document: dict[str, Any], aliases: dict[str, str]) -> dict[str, str]:
    import warnings

    from datamodel_code_generator import generate as dmcg_generate
    from datamodel_code_generator.enums import DataModelType, InputFileType
    from datamodel_code_generator.format import PythonVersion

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        output = dmcg_generate(
            json.dumps(document, ensure_ascii=True, sort_keys=False),
            input_file_type=InputFileType.JsonSchema,
            output_model_type=DataModelType.PydanticV2BaseModel,
            target_python_version=PythonVersion.PY_311,
            aliases=aliases,
            **OPTIONS,
        )
    if not isinstance(output, dict):
        raise CodegenError("datamodel-code-generator returned one module; expected a package")
    return {"/".join(parts): code for parts, code in output.items()}


# How much of the generator's error a CodegenError quotes: its first lines, each cut. A
# pydantic error on a deeply nested schema lists hundreds of errors, each located by a path
# through every level (a megabyte of text for a schema nested 400 levels deep).
_GIST_LINES = 3
_GIST_WIDTH = 200


def _gist(exc: Exception) -> str:
    """The start of `exc`'s message: `_GIST_LINES` lines of at most `_GIST_WIDTH` characters."""
    text = f"{type(exc).__name__}: {exc}"
    lines = text.splitlines()
    kept = [
        line if len(line) <= _GIST_WIDTH else f"{line[:_GIST_WIDTH]}..."
        for line in lines[:_GIST_LINES]
    ]
    cut = len(text) - sum(len(line) + 1 for line in lines[:_GIST_LINES])
    if cut > 0:
        kept.append(f"(the generator's message goes on for {cut:,} more characters)")
    return "\n".join(kept)


def _blame(prepared: Prepared, unit_keys: set[str], exc: Exception) -> CodegenError:
    """Find the schema the generator chokes on by retrying unit by unit (failure path only)."""
    for unit in prepared.events:
        if unit.key not in unit_keys:
            continue
        try:
            _call_generator(prepared.document({unit.key}), prepared.aliases)
        except Exception as unit_exc:  # the generator raises many unrelated types
            return CodegenError(
                f"{unit.relpath}: datamodel-code-generator cannot express this schema: "
                f"{_gist(unit_exc)}",
                hint="simplify the construct it names, or report it",
            )
    return CodegenError(
        f"datamodel-code-generator failed on the registry's shared definitions: {_gist(exc)}",
        hint="check the files in _shared/",
    )
