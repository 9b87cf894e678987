"""Rule patterns for infrastructure code (what `eventkit patterns` prints): find routers by
import path, render their patterns as JSON, CloudFormation rules or SAM function events.
Imported by the command only when it runs; routing itself knows nothing of CloudFormation."""

from __future__ import annotations

import importlib
import json
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from eventkit.cli._rule_ids import ID_BASE, MAX_TARGET_ID, fit, router_id, router_prefixes, rule_ids
from eventkit.errors import RoutingError, SettingError
from eventkit.routing import Router

__all__ = ["Format", "load_routers", "permission_note", "render_patterns", "template_text"]

Format = Literal["json", "cloudformation", "sam"]

# arn:partition:service:region:account:resource (the parts CloudFormation needs to resolve)
# PutRule's EventBusName (botocore's model: EventBusNameOrArn, 1-1600 characters), which
# CloudFormation's AWS::Events::Rule passes on: a bus name (a partner bus's has slashes) or ARN.
_BUS_NAME_OR_ARN = re.compile(
    r"(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus/)?[/.\-_A-Za-z0-9]+",
    re.ASCII,
)
_MAX_BUS_CHARS = 1600
_ARN = re.compile(r"arn:[a-z0-9-]+:[a-z0-9-]+:[a-z0-9-]*:[0-9]*:.+")
# a Lambda function, its version or alias: what an AWS::Lambda::Permission can name
_FUNCTION_ARN = re.compile(
    r"arn:[a-z0-9-]+:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?"
)
# The router's hints for a pattern over the quota say "pass max_chars", an argument of its
# methods that no option of the command has: the command checks the default quota.
_RAISED = "with the quota raised (up to 4,096), build the {} in your infrastructure code from {}"


def load_routers(spec: str) -> dict[str, Router]:
    """The router(s) named by ``"package.module:attribute"``, by name.

    The attribute may be a `Router`, a mapping of names to routers, an object with a
    `routers()` method returning one, or a function of no arguments returning any of these.
    The current directory is importable, as with ``python -m``, and so is its ``src/``
    folder when it has one (the src layout), without PYTHONPATH.
    """
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise RoutingError(
            f"{spec!r} is not MODULE:ATTRIBUTE", hint="e.g. eventkit patterns app.handlers:router"
        )
    if module_name.startswith("."):
        raise RoutingError(
            f"{spec}: {module_name!r} is a relative module name, which cannot be imported here",
            hint=f"give the module's full dotted name, e.g. app.handlers:{attribute}",
        )
    for folder in _import_roots(Path.cwd()):
        if folder not in sys.path:
            sys.path.insert(0, folder)
    try:
        module = importlib.import_module(module_name)
    except (Exception, SystemExit) as exc:  # any error of the user's module is reported
        raise RoutingError(
            f"{spec}: cannot import {module_name}: {type(exc).__name__}: {exc}",
            hint="check the module name and that it imports on its own "
            f"(python -c 'import {module_name}')",
        ) from None
    try:
        found: Any = getattr(module, attribute)
    except AttributeError:
        raise RoutingError(f"{module_name} has no attribute {attribute!r}") from None
    if callable(found) and not isinstance(found, Router):
        found = _call(spec, found)
    if hasattr(found, "routers") and not isinstance(found, Mapping):
        found = _call(spec, found.routers, "its routers()")
    if isinstance(found, Router):
        return {found.name: found}
    if isinstance(found, Mapping) and all(isinstance(r, Router) for r in found.values()):
        return {str(name): router for name, router in found.items()}
    raise RoutingError(
        f"{spec} is a {type(found).__name__}, not an eventkit Router (or routers by name)"
    )


def _call(spec: str, func: Any, what: str = "it") -> Any:
    """`func()`, the user's factory or `routers()`: what it raises is reported, not raised."""
    try:
        return func()
    except (Exception, SystemExit) as exc:
        raise RoutingError(
            f"{spec}: calling {what} failed: {type(exc).__name__}: {exc}",
            hint="name a Router, routers by name, an object with routers(), or a function "
            "of no arguments returning one of these; it must run on its own",
        ) from None


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
        target_arn: for CloudFormation, the target of every rule (e.g. the consumer's queue);
            a Lambda function also gets each rule's invoke permission (`_invoke_permission`).
        failure_path: also the failure path of each router's function (CloudFormation or SAM):
            an SNS topic for its asynchronous-invocation DLQ and an SQS queue subscribed to it
            (`_failure_path`).

    Raises:
        RoutingError: no routers, or a router without handlers (nothing to write rules for,
            in every format); a `single` rule over the pattern size quota; options that do
            not go together.
        SettingError: (cloudformation, sam) a `bus` that is not a bus name or ARN.
    """
    if failure_path and format == "json":
        raise RoutingError(
            "--failure-path writes CloudFormation resources",
            hint="use it with --format cloudformation or --format sam",
        )
    if target_arn is not None:
        _check_target(target_arn, format)
    if format != "json":
        _check_bus(bus)
    if not routers:
        raise RoutingError(
            "no routers: there is nothing to write rules for",
            hint="name a Router, or routers by name, that have handlers",
        )
    by_router = {name: _patterns_of(name, router) for name, router in routers.items()}
    if single:
        by_router = {name: [_single_pattern(routers[name])] for name in by_router}
    if format == "json":
        if len(by_router) == 1:
            (patterns,) = by_router.values()
            return patterns
        return by_router
    rules = rule_ids(by_router, single=single)
    if format == "cloudformation":
        return _cloudformation(rules, list(by_router), bus, target_arn, failure_path=failure_path)
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
        prefix = fit(router_id(name), ID_BASE)
        path_resources, _ = _failure_path(prefix)
        return {
            **events,
            "DeadLetterQueue": {"Type": "SNS", "TargetArn": {"Ref": f"{prefix}DLQTopic"}},
            "Resources": path_resources,
        }
    raise RoutingError(f"unknown format {format!r}: json, cloudformation or sam")


def _patterns_of(name: str, router: Router) -> list[dict[str, Any]]:
    """The router's patterns, when it has a handler: one with none would print no rule and
    exit 0, and is almost certainly a mistake (its handlers' module not imported, say)."""
    try:
        patterns = router.event_patterns()
    except RoutingError as error:  # an event type's pattern alone is over the quota
        raise RoutingError(
            error.message,
            hint="handle fewer majors of it in this router; or, "
            + _RAISED.format("rules", "router.event_patterns(max_chars=N)"),
        ) from None
    if not patterns:
        raise RoutingError(
            f"router {name!r} has no handlers: there is nothing to write rules for",
            hint="register its handlers (@router.on(Model)) before it is named here, e.g. "
            "import the modules that define them",
        )
    return patterns


def _single_pattern(router: Router) -> dict[str, Any]:
    try:
        return router.event_pattern()
    except RoutingError as error:  # its patterns joined are over the quota
        raise RoutingError(
            error.message,
            hint="run it without --single for one rule per pattern, each within the quota; or, "
            + _RAISED.format("rule", "router.event_pattern(max_chars=N)"),
        ) from None


def _cloudformation(
    rules: Mapping[str, dict[str, Any]],
    routers: list[str],
    bus: str,
    target_arn: str | None,
    *,
    failure_path: bool,
) -> dict[str, Any]:
    """A template fragment: one rule per pattern, and what `target_arn` and `failure_path` add."""
    resources: dict[str, Any] = {}
    for logical_id, pattern in rules.items():
        properties: dict[str, Any] = {
            "EventBusName": bus,
            "EventPattern": pattern,
            "State": "ENABLED",
        }
        if target_arn:
            target_id = fit(f"{logical_id}Target", MAX_TARGET_ID)
            properties["Targets"] = [{"Id": target_id, "Arn": target_arn}]
        resources[f"{logical_id}Rule"] = {"Type": "AWS::Events::Rule", "Properties": properties}
        if target_arn and _FUNCTION_ARN.fullmatch(target_arn):
            # without it EventBridge cannot invoke the function: every event fails and
            # reaches neither the handler nor the function's failure path
            resources[f"{logical_id}Permission"] = _invoke_permission(
                target_arn, f"{logical_id}Rule"
            )
    if not failure_path:
        return {"Resources": resources}
    outputs: dict[str, Any] = {}
    for prefix in router_prefixes(routers):
        path_resources, path_outputs = _failure_path(prefix)
        resources.update(path_resources)
        outputs.update(path_outputs)
    return {"Resources": resources, "Outputs": outputs}


def _check_bus(bus: str) -> None:
    """Refuse a bus CloudFormation would refuse only at deploy time (EventBusName)."""
    if len(bus) <= _MAX_BUS_CHARS and _BUS_NAME_OR_ARN.fullmatch(bus):
        return
    shown = json.dumps(bus[:60] + ("..." if len(bus) > 60 else ""))
    raise SettingError(
        f"--bus {shown} is not an event bus name or ARN a rule can be on",
        hint="name the bus with A-Z a-z 0-9 . - _ (or give its ARN, "
        "arn:aws:events:REGION:ACCOUNT:event-bus/NAME), or leave --bus out for "
        "[registry] event_bus",
        setting="bus",
        value=bus,
    )


def _check_target(target_arn: str, format: Format) -> None:
    if format != "cloudformation":
        raise RoutingError(
            "--target-arn sets the target of CloudFormation rules",
            hint="use it with --format cloudformation (a SAM function is its rules' target)",
        )
    if not _ARN.fullmatch(target_arn):
        raise RoutingError(
            f"--target-arn {target_arn!r} is not an ARN",
            hint="give the target's full ARN, e.g. arn:aws:lambda:eu-west-1:123456789012:"
            "function:orders-consumer",
        )


def _invoke_permission(function_arn: str, rule: str) -> dict[str, Any]:
    """The grant that lets one rule invoke the function (added to the function's policy: other
    grants stay, unlike a queue or topic policy, which replaces the resource's whole policy)."""
    return {
        "Type": "AWS::Lambda::Permission",
        "Properties": {
            "Action": "lambda:InvokeFunction",
            "FunctionName": function_arn,
            "Principal": "events.amazonaws.com",
            "SourceArn": {"Fn::GetAtt": [rule, "Arn"]},
        },
    }


def permission_note(target_arn: str | None, format: Format) -> str | None:
    """What the user must add for the rules to deliver, when the fragment cannot add it: a
    queue or topic needs a resource policy (which replaces the resource's whole policy, so a
    fragment writing one could revoke other senders'), most other targets a role."""
    if format != "cloudformation" or not target_arn or _FUNCTION_ARN.fullmatch(target_arn):
        return None
    service = target_arn.split(":")[2]
    needs = {
        "sqs": "a queue policy allowing events.amazonaws.com sqs:SendMessage",
        "sns": "a topic policy allowing events.amazonaws.com sns:Publish",
    }.get(service)
    if needs is None:
        return (
            f"the rules need permission to deliver to {target_arn}: add what EventBridge "
            "needs for this kind of target (for most, a RoleArn on each rule's target that "
            "events.amazonaws.com may assume); without it the events are not delivered "
            "(docs/consuming.md)"
        )
    return (
        f"the rules need permission to deliver to {target_arn}: add {needs} with "
        "aws:SourceArn each rule's ARN; without it the events are not delivered "
        "(docs/consuming.md)"
    )


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


def template_text(value: Any) -> bytes:
    """A CloudFormation or SAM fragment as UTF-8 JSON, non-ASCII text as is: an astral
    character escaped as a surrogate pair (``\\ud83d\\ude00``) is valid JSON that cfn-lint
    cannot parse. (A lone surrogate never gets here: the router refuses it.)"""
    return json.dumps(value, indent=2, ensure_ascii=False).encode()


def _import_roots(cwd: Path) -> list[str]:
    """`src/` (when present) and the current folder, the current folder first on sys.path."""
    roots = [str(cwd / "src")] if (cwd / "src").is_dir() else []
    return [*roots, str(cwd)]  # inserted in turn at 0: the current folder ends up first
