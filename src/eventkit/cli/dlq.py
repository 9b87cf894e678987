"""`eventkit dlq inspect|redrive`: a consumer's dead-letter queue, read and sent back."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from eventkit.cli._app import FormatOpt, TextOrJson, Typer, app, run_reported
from eventkit.errors import EXIT_DELIVERY, DeadLetterError, RoutingError
from eventkit.visible_text import visible

if TYPE_CHECKING:
    from eventkit.deadletters import InspectReport, RedriveReport
    from eventkit.routing import Router

dlq_app = Typer(
    name="dlq",
    help="Inspect a dead-letter queue, or redrive its events to a bus or a queue.",
    no_args_is_help=True,
)
app.add_typer(dlq_app)

QueueArg = Annotated[str, typer.Argument(metavar="QUEUE_URL", help="The dead-letter queue.")]
ProfileOpt = Annotated[str | None, typer.Option("--profile", help="AWS profile.")]
RegionOpt = Annotated[str | None, typer.Option("--region", help="AWS Region.")]
EndpointOpt = Annotated[
    str | None, typer.Option("--endpoint-url", help="SQS/EventBridge endpoint (e.g. moto).")
]
MaxOpt = Annotated[
    int | None, typer.Option("--max", min=1, help="Read at most N messages (whole run).")
]
WaitOpt = Annotated[
    int, typer.Option("--wait-seconds", min=0, max=20, help="Long-poll time per receive.")
]


def _clients(
    profile: str | None, region: str | None, endpoint: str | None, *services: str
) -> list[Any]:
    import boto3  # only when a dlq command runs
    import botocore.exceptions

    try:
        session = boto3.session.Session(profile_name=profile)
        return [
            session.client(service, region_name=region, endpoint_url=endpoint)  # type: ignore[call-overload]
            for service in services
        ]
    except botocore.exceptions.BotoCoreError as exc:
        raise DeadLetterError(
            f"cannot make an AWS client: {exc}", hint="pass --region (and --profile)"
        ) from exc


def _progress(sqs: Any, queue_url: str, limit: int | None) -> Any:
    """A progress bar on stderr (when it is a terminal), sized by the queue's count."""
    from rich.console import Console
    from rich.progress import Progress

    total: float | None = limit
    try:
        attributes = sqs.get_queue_attributes(
            QueueUrl=queue_url, AttributeNames=["ApproximateNumberOfMessages"]
        )["Attributes"]
        count = int(attributes.get("ApproximateNumberOfMessages", 0))
        total = min(count, limit) if limit else count
    except Exception:  # the receive that follows reports an unreachable queue properly
        pass
    return Progress(
        console=Console(stderr=True), transient=True, disable=not sys.stderr.isatty()
    ), total


def _router(spec: str | None) -> Router | None:
    if spec is None:
        return None
    from eventkit.cli._rule_patterns import load_routers

    routers = load_routers(spec)
    if len(routers) != 1:
        raise RoutingError(
            f"{spec} holds {len(routers)} routers; --router takes one",
            hint="name the consumer's own Router (MODULE:ROUTER)",
        )
    (router,) = routers.values()
    return router


@dlq_app.command("inspect")
def inspect(
    queue_url: QueueArg,
    router: Annotated[
        str | None,
        typer.Option(
            "--router",
            metavar="MODULE:ROUTER",
            help="Parse each event with this router's models (typed parse).",
        ),
    ] = None,
    max_messages: MaxOpt = None,
    visibility_timeout: Annotated[
        int, typer.Option("--visibility-timeout", min=1, help="Seconds the messages are held.")
    ] = 120,
    wait_seconds: WaitOpt = 1,
    format: FormatOpt = TextOrJson.text,
    profile: ProfileOpt = None,
    region: RegionOpt = None,
    endpoint_url: EndpointOpt = None,
) -> None:
    """Group a dead-letter queue's messages by event type, major and error; delete nothing.

    Exit 3 when the read is partial (the queue reported messages it did not reach).
    """
    from eventkit.deadletters import inspect_queue

    def run() -> InspectReport:
        parser = _router(router)
        (sqs,) = _clients(profile, region, endpoint_url, "sqs")
        bar, total = _progress(sqs, queue_url, max_messages)
        with bar:
            task = bar.add_task("reading", total=total)
            return inspect_queue(
                sqs,
                queue_url,
                router=parser,
                max_messages=max_messages,
                visibility_timeout=visibility_timeout,
                wait_seconds=wait_seconds,
                progress=lambda n: bar.advance(task, n),
            )

    report = run_reported(run, as_json=format is TextOrJson.json)
    if format is TextOrJson.json:
        typer.echo(json.dumps(report.as_json(), indent=2))
        _partial(report.queue_url, report.unread)
        return
    typer.echo(f"{visible(report.queue_url)}: {report.received} message(s)")
    # what the messages hold is anyone's text: escaped, one line each (eventkit.visible_text)
    for group in report.groups:
        major = "-" if group.major is None else str(group.major)
        line = f"  {group.count:>6}  {visible(group.source)}/{visible(group.detail_type)}"
        line += f"  major {major}  error: {visible(group.error or '(none recorded)')}"
        if router is not None:
            line += f"  parsed {group.parsed}, invalid {len(group.invalid)}"
            line += f", unhandled {group.unhandled}" if group.unhandled else ""
        typer.echo(line)
    for item in report.unreadable:
        typer.echo(
            f"  unreadable {visible(str(item['message_id']))}: {item['reason']}: "
            f"{visible(str(item['message']))}"
        )
    _partial(report.queue_url, report.unread)


def _partial(queue_url: str, unread: int) -> None:
    """A read that did not reach every message: say so on stderr and exit 3."""
    if not unread:
        return
    why = (
        "a FIFO queue hands out no more messages of a group while some are held, so a read "
        "that deletes nothing reaches at most 10 of each group"
        if queue_url.endswith(".fifo")
        else "they were held by another reader, or came back faster than they were read "
        "(raise --visibility-timeout)"
    )
    typer.echo(
        f"warning: partial: the queue reported {unread} more message(s) than were read; {why}",
        err=True,
    )
    raise typer.Exit(EXIT_DELIVERY)


@dlq_app.command("redrive")
def redrive(
    queue_url: QueueArg,
    to_bus: Annotated[
        str | None, typer.Option("--to-bus", metavar="BUS", help="Republish to this bus.")
    ] = None,
    to_queue: Annotated[
        str | None, typer.Option("--to-queue", metavar="URL", help="Send to this queue.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be sent; send and delete nothing.")
    ] = False,
    max_messages: MaxOpt = None,
    journal_dir: Annotated[
        Path | None,
        typer.Option(
            "--journal",
            metavar="DIR",
            help="Folder of the redrive journal (default ./.eventkit-dlq).",
        ),
    ] = None,
    visibility_timeout: Annotated[
        int, typer.Option("--visibility-timeout", min=1, help="Seconds a batch is held.")
    ] = 300,
    wait_seconds: WaitOpt = 1,
    format: FormatOpt = TextOrJson.text,
    profile: ProfileOpt = None,
    region: RegionOpt = None,
    endpoint_url: EndpointOpt = None,
) -> None:
    """Republish the events of a dead-letter queue, unchanged, deleting each once sent.

    Exit 3 when a message could not be redriven (it stays in the queue), or when the run did
    not reach every message the queue reported (partial).
    """
    from eventkit.deadletters import DEFAULT_JOURNAL_DIR, Journal, Target
    from eventkit.deadletters import redrive as run_redrive

    if (to_bus is None) == (to_queue is None):
        typer.echo("error: give one of --to-bus BUS or --to-queue URL", err=True)
        raise typer.Exit(2)
    target = Target("bus", to_bus) if to_bus is not None else Target("queue", str(to_queue))

    def run() -> RedriveReport:
        journal = None
        if not dry_run:
            folder = journal_dir if journal_dir is not None else Path(DEFAULT_JOURNAL_DIR)
            journal = Journal(folder, queue_url, target.label)
        sqs, events = _clients(profile, region, endpoint_url, "sqs", "events")
        bar, total = _progress(sqs, queue_url, max_messages)
        with bar:
            task = bar.add_task("redriving", total=total)
            try:
                return run_redrive(
                    sqs,
                    queue_url,
                    target,
                    journal=journal,
                    events_client=events,
                    dry_run=dry_run,
                    max_messages=max_messages,
                    visibility_timeout=visibility_timeout,
                    wait_seconds=wait_seconds,
                    progress=lambda n: bar.advance(task, n),
                )
            except DeadLetterError as exc:  # stopped midway: say what was already done
                done = exc.report
                if done is not None and done.received:
                    typer.echo(
                        f"stopped after {done.received} received: {done.redriven} redriven, "
                        f"{done.already_redriven} already redriven (deleted), {done.skipped} "
                        f"skipped, {done.failed} failed",
                        err=True,
                    )
                raise

    report = run_reported(run, as_json=format is TextOrJson.json)
    if format is TextOrJson.json:
        typer.echo(json.dumps(report.as_json(), indent=2))
    else:
        verb = "would redrive" if report.dry_run else "redriven"
        typer.echo(
            f"{visible(report.queue_url)} -> {visible(report.target)}: {report.received} received, "
            f"{report.redriven} {verb}, {report.already_redriven} already redriven "
            f"(deleted), {report.skipped} skipped, {report.failed} failed"
        )
        for problem in report.problems:
            typer.echo(
                f"  {problem['status']} {visible(str(problem['message_id']))}: "
                f"{visible(str(problem['why']))}"
            )
        if report.journal:
            typer.echo(f"journal: {visible(report.journal)}")
    _partial(report.queue_url, report.unread)  # exits 3 itself when messages were left unread
    if report.skipped or report.failed:
        raise typer.Exit(EXIT_DELIVERY)
