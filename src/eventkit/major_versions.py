"""How a major version appears to an EventBridge rule: one definition for every pattern eventkit
prints (router rules, the catalog, the AsyncAPI export), in the base layer both sides import."""

from __future__ import annotations

from typing import Any

__all__ = ["major_version_values"]


def major_version_values(*majors: int) -> list[Any]:
    """The values of a pattern on `detail.metadata.version` that match exactly the versions
    the router reads as one of `majors` (`eventkit.envelope.version_major`: the text before the
    first dot): the major followed by a dot (``{"prefix": "1."}``, which does not match
    ``"10.0.0"``), or the major alone (``"1"``)."""
    values: list[Any] = [{"prefix": f"{major}."} for major in majors]
    return values + [str(major) for major in majors]
