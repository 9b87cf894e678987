"""The registry's naming rules and EventBridge's limits on source and detail-type."""

from __future__ import annotations

import keyword
import re
import unicodedata
from pathlib import Path

from eventkit.registry._config import EVENT_FILE
from eventkit.registry._model import Problem, SemVer

__all__ = [
    "EVENT_NAME",
    "MAX_DETAIL_TYPE",
    "MAX_SOURCE",
    "SERVICE_NAME",
    "control_characters",
    "event_name_problem",
    "event_path_problems",
    "guess_version",
    "routing_problems",
    "service_name_problem",
    "version_files",
    "version_name_problem",
]

SERVICE_NAME = re.compile(r"[a-z][a-z0-9_]*")  # a Python module name: <codegen package>.<service>
EVENT_NAME = re.compile(r"[A-Z][A-Za-z0-9]*")  # a class name: <EventName>V<major>
MAX_DETAIL_TYPE = 128  # EventBridge PutEvents DetailType limit
MAX_SOURCE = 256  # eventkit's own bound; AWS publishes none in the PutEvents model
_LENIENT_VERSION = re.compile(r"[vV]?0*([0-9]+)\.0*([0-9]+)(?:\.0*([0-9]+))?")
# Device names Windows reserves in every folder, whatever the case: a checkout there fails.
_WINDOWS_DEVICE = re.compile(r"(?i:con|prn|aux|nul|com[0-9]|lpt[0-9])")


def service_name_problem(name: str) -> Problem | None:
    """A problem if `name` is not a valid service folder name."""
    if not SERVICE_NAME.fullmatch(name):
        why = "must be lower_snake_case (a Python module name)"
    elif keyword.iskeyword(name):
        why = "is a Python keyword: it must be a lower_snake_case name Python can import"
    elif _WINDOWS_DEVICE.fullmatch(name):
        why = "is a device name Windows reserves"
    else:
        return None
    return Problem(
        "service-name",
        f"service folder name {name!r} {why}",
        name,
        hint="rename the folder, e.g. orders or file_uploads",
    )


def event_name_problem(key: str, name: str) -> Problem | None:
    """A problem if `name` is not a valid event folder name.

    Python's constants (`None`, `True`, `False`) are fine: the class is `<Name>V<major>`.
    """
    if not EVENT_NAME.fullmatch(name):
        why = "must be PascalCase (letters and digits, e.g. OrderPlaced)"
    elif _WINDOWS_DEVICE.fullmatch(name):
        why = "is a device name Windows reserves"
    else:
        return None
    return Problem(
        "event-name",
        f"event folder name {name!r} {why}",
        key,
        hint="rename the folder; set detail_type in event.toml if the detail-type differs",
    )


def event_path_problems(service: str, event: str, version: str | None = None) -> list[Problem]:
    """The registry's naming rules for ``<service>/<event>[/<version>.json]``, as problems.

    Empty when each part is a valid name, hence a single path component that stays inside
    the registry folder (no ``..``, ``/``, NUL, control characters, reserved names). For
    tools that build paths from data they do not control, such as `eventkit pull`.
    """
    problems = [service_name_problem(service), event_name_problem(f"{service}/{event}", event)]
    if version is not None:
        try:
            if str(SemVer.parse(version)) != version:
                raise ValueError(version)
        except ValueError:
            problems.append(
                version_name_problem(f"{service}/{event}/{version}.json", version, None, None)
            )
    return [p for p in problems if p is not None]


def guess_version(stem: str) -> SemVer | None:
    """The version a non-canonical file name stands for (``"01.2"`` -> 1.2.0), if any."""
    match = _LENIENT_VERSION.fullmatch(stem)
    return SemVer(int(match[1]), int(match[2]), int(match[3] or 0)) if match else None


def version_files(folder: Path) -> dict[SemVer, Path]:
    """The canonically named version files of an event folder (none if it does not exist).

    Badly named files are left out: the loader reports them (`version-name`).
    """
    found = {}
    if folder.is_dir():
        for path in folder.glob("*.json"):
            try:
                found[SemVer.parse(path.stem)] = path
            except ValueError:
                continue
    return found


def version_name_problem(
    relpath: str, name: str, guess: SemVer | None, holder: str | None
) -> Problem:
    """The problem with version file `name`: `holder` is the canonical file of `guess`, if any."""
    if guess is not None and holder is not None:
        return Problem(
            "duplicate-version",
            f"{name} names version {guess}, which {holder} already holds",
            relpath,
            hint=f"delete {name} (released versions live in one file each)",
        )
    if guess is not None:
        return Problem(
            "version-name",
            f"file name {name!r} is not a canonical semantic version",
            relpath,
            hint=f"rename it to {guess}.json",
        )
    return Problem(
        "version-name",
        f"file name {name!r} is not a semantic version MAJOR.MINOR.PATCH.json",
        relpath,
        hint="name version files like 1.0.0.json",
    )


def routing_problems(
    key: str,
    source: str,
    detail_type: str,
    *,
    foreign: bool,
    explicit_source: bool,
    source_file: str | None = None,
    detail_type_file: str | None = None,
    envelope_file: str | None = None,
) -> list[Problem]:
    """EventBridge's rules for an event type's resolved source and detail-type.

    Each problem names the file the value came from (`*_file`; default the event.toml).
    """
    where = f"{key}/{EVENT_FILE}"
    source_at, detail_type_at = source_file or where, detail_type_file or where
    found: list[tuple[str, str, str, str]] = []  # (code, message, hint, file)
    if foreign and not explicit_source:
        found.append(
            (
                "source-invalid",
                "a foreign event needs an explicit source (the AWS service's, e.g. aws.s3)",
                'set source = "aws.<service>" in service.toml or event.toml',
                envelope_file or where,
            )
        )
    elif not foreign and source.startswith("aws."):
        found.append(
            (
                "source-invalid",
                f"source {source!r} starts with 'aws.', which AWS reserves for its own services",
                'change source_prefix or the source (envelope = "foreign" for AWS events)',
                source_at,
            )
        )
    if not 1 <= len(source) <= MAX_SOURCE or source != source.strip():
        found.append(
            (
                "source-invalid",
                f"source {source!r} must be 1-{MAX_SOURCE} characters without surrounding spaces",
                "shorten the source or source_prefix",
                source_at,
            )
        )
    if not 1 <= len(detail_type) <= MAX_DETAIL_TYPE or detail_type != detail_type.strip():
        found.append(
            (
                "detail-type-invalid",
                f"detail-type is {len(detail_type)} characters; EventBridge allows "
                f"1-{MAX_DETAIL_TYPE} (longer ones are silently discarded)",
                "set a shorter detail_type in event.toml, or rename the folder",
                detail_type_at,
            )
        )
    for code, what, value, at in (
        ("source-invalid", "source", source, source_at),
        ("detail-type-invalid", "detail-type", detail_type, detail_type_at),
    ):
        control = control_characters(value)
        if control:
            found.append(
                (
                    code,
                    f"{what} {value!r} contains control character(s) {', '.join(control)}",
                    "remove them: they are invisible in consoles and logs, and rules written "
                    "by hand cannot match them",
                    at,
                )
            )
    return [Problem(code, message, at, hint=hint) for code, message, hint, at in found]


def control_characters(text: str) -> list[str]:
    """The code points (``"U+0007"``) of the control characters in `text`, each once.

    C0 and C1 controls, DEL, and the line and paragraph separators U+2028/U+2029.
    """
    if text.isprintable():  # every Cc, Zl and Zp character is non-printable
        return []
    found = dict.fromkeys(
        f"U+{ord(c):04X}" for c in text if unicodedata.category(c) in ("Cc", "Zl", "Zp")
    )
    return list(found)
