"""Rule patterns for infrastructure code (what `eventkit patterns` prints): find routers by
import path, render their patterns as JSON, CloudFormation rules or SAM function events.
Imported by the command only when it runs; routing itself knows nothing of CloudFormation."""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from eventkit.errors import RoutingError
from eventkit.routing import Router

__all__ = ["Format", "load_routers", "render_patterns"]

Format = Literal["json", "cloudformation", "sam"]


def load_routers(spec: str) -> dict[str, Router]:
    """The router(s) named by ``"package.module:attribute"``, by name.

    The attribute may be a `Router`, a mapping of names to routers, an object with a
    `routers()` method returning one, or a function of no arguments returning any of these.
    The current directory is importable, as with ``python -m``.
    """
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise RoutingError(
            f"{spec!r} is not MODULE:ATTRIBUTE", hint="e.g. eventkit patterns app.handlers:router"
        )
    cwd = str(Path.cwd())
    if cwd not in sys.path:
        sys.path.insert(0, cwd)
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise RoutingError(f"cannot import {module_name}: {exc}") from exc
    try:
        found: Any = getattr(module, attribute)
    except AttributeError:
        raise RoutingError(f"{module_name} has no attribute {attribute!r}") from None
    if callable(found) and not isinstance(found, Router):
        found = found()
    if hasattr(found, "routers") and not isinstance(found, Mapping):
        found = found.routers()
    if isinstance(found, Router):
        return {found.name: found}
    if isinstance(found, Mapping) and all(isinstance(r, Router) for r in found.values()):
        return {str(name): router for name, router in found.items()}
    raise RoutingError(
        f"{spec} is a {type(found).__name__}, not an eventkit Router (or routers by name)"
    )


def render_patterns(
    routers: Mapping[str, Router],
    *,
    format: Format = "json",
    bus: str = "default",
    single: bool = False,
    target_arn: str | None = None,
    failure_path: bool = False,
) -> Any:
    """The routers' patterns as a JSON-ready value.

    Args:
        format: ``"json"`` (the patterns; a list for one router, by name for several),
            ``"cloudformation"`` (a template fragment of ``AWS::Events::Rule`` resources) or
            ``"sam"`` (``EventBridgeRule`` events for an ``AWS::Serverless::Function``).
        bus: the event bus the rules are on.
        single: one rule per router (its patterns joined with ``$or``) instead of one per
            pattern.
        target_arn: for CloudFormation, the target of every rule (e.g. the consumer's queue).
        failure_path: also the failure path of each router's function (CloudFormation or SAM):
            an SNS topic for its asynchronous-invocation DLQ and an SQS queue subscribed to it
            (`_failure_path`).
    """
    if failure_path and format == "json":
        raise RoutingError(
            "--failure-path writes CloudFormation resources",
            hint="use it with --format cloudformation or --format sam",
        )
    by_router = {
        name: [router.event_pattern()] if single else router.event_patterns()
        for name, router in routers.items()
    }
    if format == "json":
        if len(by_router) == 1:
            (patterns,) = by_router.values()
            return patterns
        return by_router
    rules = {
        f"{_logical_id(name)}{_suffix(i, len(patterns))}": pattern
        for name, patterns in by_router.items()
        for i, pattern in enumerate(patterns)
    }
    if format == "cloudformation":
        resources: dict[str, Any] = {}
        for logical_id, pattern in rules.items():
            properties: dict[str, Any] = {
                "EventBusName": bus,
                "EventPattern": pattern,
                "State": "ENABLED",
            }
            if target_arn:
                properties["Targets"] = [{"Id": f"{logical_id}Target", "Arn": target_arn}]
            resources[f"{logical_id}Rule"] = {"Type": "AWS::Events::Rule", "Properties": properties}
        if not failure_path:
            return {"Resources": resources}
        outputs: dict[str, Any] = {}
        for name in by_router:
            path_resources, path_outputs = _failure_path(_logical_id(name))
            resources.update(path_resources)
            outputs.update(path_outputs)
        return {"Resources": resources, "Outputs": outputs}
    if format == "sam":
        events = {
            "Events": {
                logical_id: {
                    "Type": "EventBridgeRule",
                    "Properties": {"EventBusName": bus, "Pattern": pattern},
                }
                for logical_id, pattern in rules.items()
            }
        }
        if not failure_path:
            return events
        if len(by_router) != 1:
            raise RoutingError(
                "--format sam --failure-path describes one function: name one router",
                hint="run it once per router (MODULE:ROUTER naming a single Router)",
            )
        (name,) = by_router
        path_resources, _ = _failure_path(_logical_id(name))
        return {
            **events,
            "DeadLetterQueue": {
                "Type": "SNS",
                "TargetArn": {"Ref": f"{_logical_id(name)}DLQTopic"},
            },
            "Resources": path_resources,
        }
    raise RoutingError(f"unknown format {format!r}: json, cloudformation or sam")


def _failure_path(prefix: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A function's DLQ -> SNS -> SQS: the topic Lambda dead-letters failed asynchronous
    invocations to, and a queue subscribed with raw message delivery (the body is the event;
    Lambda's RequestID / ErrorCode / ErrorMessage arrive as message attributes), kept 14
    days, for `eventkit dlq inspect` / `redrive` and for a router, which reads it as is."""
    topic, queue = f"{prefix}DLQTopic", f"{prefix}DLQQueue"
    resources: dict[str, Any] = {
        topic: {"Type": "AWS::SNS::Topic", "Properties": {}},
        queue: {"Type": "AWS::SQS::Queue", "Properties": {"MessageRetentionPeriod": 1209600}},
        f"{prefix}DLQSubscription": {
            "Type": "AWS::SNS::Subscription",
            "Properties": {
                "Protocol": "sqs",
                "TopicArn": {"Ref": topic},
                "Endpoint": {"Fn::GetAtt": [queue, "Arn"]},
                "RawMessageDelivery": True,
            },
        },
        f"{prefix}DLQQueuePolicy": {
            "Type": "AWS::SQS::QueuePolicy",
            "Properties": {
                "Queues": [{"Ref": queue}],
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "sns.amazonaws.com"},
                            "Action": "sqs:SendMessage",
                            "Resource": {"Fn::GetAtt": [queue, "Arn"]},
                            "Condition": {"ArnEquals": {"aws:SourceArn": {"Ref": topic}}},
                        }
                    ],
                },
            },
        },
    }
    outputs = {
        f"{prefix}DLQTopicArn": {"Value": {"Ref": topic}},
        f"{prefix}DLQQueueUrl": {"Value": {"Ref": queue}},
    }
    return resources, outputs


def _logical_id(name: str) -> str:
    """CloudFormation logical ids are alphanumeric: ``orders-consumer`` -> ``OrdersConsumer``."""
    words = re.split(r"[^0-9A-Za-z]+", name)
    return "".join(w[:1].upper() + w[1:] for w in words if w) or "Router"


def _suffix(index: int, count: int) -> str:
    return "" if count == 1 else str(index + 1)
