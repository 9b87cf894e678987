"""The stand-in's wire layer: routes and (de)serialises rest-json requests from botocore's own
service model, so every shape the stand-in speaks is the one boto3 expects."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import botocore.session
from botocore.model import OperationModel, ServiceModel, Shape

__all__ = ["Route", "WireError", "load_model", "match_route", "parse_input", "serialize"]


class WireError(Exception):
    """An error answer: HTTP status, AWS error code and message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Route:
    """One operation's HTTP route from the model (method + URI template)."""

    operation: OperationModel
    method: str
    pattern: re.Pattern[str]
    labels: tuple[str, ...]


_MODEL: ServiceModel | None = None
_ROUTES: list[Route] = []


def load_model() -> ServiceModel:
    """botocore's `schemas` service model (loaded once)."""
    global _MODEL
    if _MODEL is None:
        _MODEL = botocore.session.get_session().get_service_model("schemas")
        for name in _MODEL.operation_names:
            op = _MODEL.operation_model(name)
            path = op.http["requestUri"].split("?")[0]
            labels: list[str] = []

            def _label(m: re.Match[str], labels: list[str] = labels) -> str:
                labels.append(m.group(1).replace("\\", "").rstrip("+"))
                return "([^/]+)"

            regex = re.sub(r"\\\{([^}]+)\\\}", _label, re.escape(path))
            _ROUTES.append(Route(op, op.http["method"], re.compile(f"^{regex}$"), tuple(labels)))
        # Literal routes first: /schemas/search must not be read as a schema named "search".
        _ROUTES.sort(key=lambda r: (len(r.labels), -len(r.pattern.pattern)))
    return _MODEL


def match_route(method: str, raw_path: str) -> tuple[Route, dict[str, str]] | None:
    """The operation for `method` + `raw_path` (percent-encoded), with its URI labels decoded."""
    load_model()
    path = urlsplit(raw_path).path
    for route in _ROUTES:
        if route.method != method:
            continue
        m = route.pattern.match(path)
        if m:
            return route, {k: unquote(v) for k, v in zip(route.labels, m.groups(), strict=True)}
    return None


def _scalar(shape: Shape, raw: str) -> Any:
    if shape.type_name in ("integer", "long"):
        try:
            return int(raw)
        except ValueError:
            raise WireError(400, "BadRequestException", f"{raw!r} is not an integer") from None
    if shape.type_name == "boolean":
        return raw.lower() == "true"
    return raw


def _from_body(shape: Shape, value: Any) -> Any:
    if shape.type_name == "structure":
        if not isinstance(value, dict):
            raise WireError(400, "BadRequestException", "expected a JSON object")
        out: dict[str, Any] = {}
        for name, member in shape.members.items():  # type: ignore[attr-defined]
            key = member.serialization.get("name", name)
            if key in value and value[key] is not None:
                out[name] = _from_body(member, value[key])
        return out
    if shape.type_name == "list":
        return [_from_body(shape.member, v) for v in value]  # type: ignore[attr-defined]
    if shape.type_name == "map":
        return {k: _from_body(shape.value, v) for k, v in value.items()}  # type: ignore[attr-defined]
    return value


def _json_body(body: bytes) -> Any:
    if not body:
        return {}
    try:
        return json.loads(body)
    except ValueError:
        raise WireError(400, "BadRequestException", "request body is not JSON") from None


def parse_input(
    route: Route, labels: Mapping[str, str], raw_path: str, body: bytes
) -> dict[str, Any]:
    """Decode a request into the operation's input members (by member name)."""
    shape = route.operation.input_shape
    if shape is None:
        return {}
    members = shape.members
    params = {
        name: value
        for name, value in _from_body(shape, _json_body(body)).items()
        if members[name].serialization.get("location") is None
    }
    query = parse_qs(urlsplit(raw_path).query, keep_blank_values=True)
    for name, member in members.items():
        loc = member.serialization.get("location")
        key = member.serialization.get("name", name)
        if loc == "uri":
            params[name] = labels[key]
        elif loc == "querystring" and key in query:
            values = query[key]
            params[name] = values if member.type_name == "list" else _scalar(member, values[0])
    missing = [name for name in shape.required_members if name not in params]
    if missing:  # what AWS says when a client skips validation
        raise WireError(400, "BadRequestException", f"Missing required parameter(s): {missing}")
    return params


def _timestamp(shape: Shape, value: dt.datetime) -> Any:
    fmt = shape.serialization.get("timestampFormat", "unixtimestamp")
    if fmt == "iso8601":
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    return round(value.timestamp(), 3)


def serialize(shape: Shape | None, value: Mapping[str, Any] | None) -> Any:
    """Encode output members (by member name) into the JSON body botocore parses."""
    if shape is None or value is None:
        return None
    return _to_body(shape, value)


def _to_body(shape: Shape, value: Any) -> Any:
    kind = shape.type_name
    if kind == "structure":
        out: dict[str, Any] = {}
        for name, member in shape.members.items():  # type: ignore[attr-defined]
            if name in value and value[name] is not None:
                out[member.serialization.get("name", name)] = _to_body(member, value[name])
        return out
    if kind == "list":
        return [_to_body(shape.member, v) for v in value]  # type: ignore[attr-defined]
    if kind == "map":
        return {k: _to_body(shape.value, v) for k, v in value.items()}  # type: ignore[attr-defined]
    if kind == "timestamp":
        return _timestamp(shape, value)
    if kind == "blob":
        return base64.b64encode(value).decode("ascii")
    return value
