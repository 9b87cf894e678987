"""The campaigns service's event models written by hand as plain pydantic v2 classes.

The baseline of bench/import_time.py: the same fields, types and constraints as the generated
`shop_events.campaigns` (and the shared models it uses), with none of eventkit's base
classes, contracts or generated extras. Written by hand, not generated; the bench checks that
both accept and reject the same documents (`handwritten_equivalence.py`), so a change of the
schemas that is not made here too stops the bench instead of skewing it.
"""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, Field

__all__ = [
    "CampaignEmailSentV1",
    "CampaignScheduledV1",
    "CampaignStepCompletedV1",
    "CampaignStepStartedV1",
]

CampaignId = Annotated[str, Field(pattern="^cmp_[0-9A-Za-z]{12}$")]
StepId = Annotated[str, Field(pattern="^[a-z][a-z0-9-]{0,47}$")]
TemplateId = Annotated[str, Field(pattern="^tpl_[a-z0-9_]{3,40}$")]
ExecutionArn = Annotated[
    str,
    Field(
        pattern="^arn:aws[a-z-]*:states:[a-z0-9-]+:[0-9]{12}:execution:[A-Za-z0-9_-]{1,80}:[A-Za-z0-9_-]{1,80}$"
    ),
]
TaskToken = Annotated[str, Field(min_length=1, max_length=1024)]
EmailCount = Annotated[int, Field(ge=0, le=10_000_000)]


class CustomerRef(BaseModel):
    """Who a fact is about."""

    user_id: UUID
    email: Annotated[str | None, Field(max_length=254)] = None
    display_name: Annotated[str | None, Field(min_length=1, max_length=100)] = None
    locale: Annotated[str | None, Field(pattern="^[a-z]{2}(-[A-Z]{2})?$")] = None


class ErrorInfo(BaseModel):
    """What went wrong."""

    code: Annotated[str, Field(min_length=1, max_length=128)]
    message: Annotated[str, Field(max_length=2000)]
    retryable: bool


class S3ObjectRef(BaseModel):
    """Where an object lives in Amazon S3."""

    bucket: Annotated[str, Field(pattern="^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    key: Annotated[str, Field(min_length=1, max_length=1024)]
    version_id: Annotated[str | None, Field(max_length=1024)] = None


class CampaignEmailSentV1(BaseModel):
    """One campaign email was accepted by Amazon SES."""

    campaign_id: CampaignId
    step_id: StepId
    recipient: CustomerRef
    template_id: TemplateId
    variant: Literal["A", "B"] | None = None
    ses_message_id: Annotated[str, Field(min_length=1, max_length=100)]
    unsubscribe_url: Annotated[str | None, Field(max_length=2048)] = None
    sent_at: AwareDatetime


class Segment(BaseModel):
    """Who receives the campaign."""

    segment_id: Annotated[str, Field(pattern="^seg_[0-9A-Za-z_]{8,24}$")]
    estimated_recipients: Annotated[int, Field(ge=0, le=10_000_000)]


class CampaignStep(BaseModel):
    """One step of the campaign's state machine."""

    step_id: StepId
    kind: Literal["send_email", "wait", "check_engagement"]
    template_id: Annotated[str | None, Field(pattern="^tpl_[a-z0-9_]{3,40}$")] = None
    wait_hours: Annotated[int | None, Field(ge=1, le=720)] = None


class CampaignScheduledV1(BaseModel):
    """An email campaign was scheduled."""

    campaign_id: CampaignId
    name: Annotated[str, Field(min_length=1, max_length=120)]
    segment: Segment
    steps: Annotated[list[CampaignStep], Field(min_length=1, max_length=20)]
    scheduled_for: AwareDatetime
    scheduled_by: CustomerRef
    time_zone: Annotated[str | None, Field(pattern="^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$")] = None
    send_rate_per_second: Annotated[int | None, Field(ge=1, le=500)] = None


class CampaignStepCompletedV1(BaseModel):
    """A campaign step the state machine waited on is done."""

    campaign_id: CampaignId
    execution_arn: ExecutionArn
    step_id: StepId
    task_token: TaskToken
    outcome: Literal["succeeded", "failed"]
    emails_sent: EmailCount
    emails_failed: EmailCount
    error: ErrorInfo | None = None
    completed_at: AwareDatetime


class Batch(BaseModel):
    """Recipient batch a step covers."""

    batch_id: Annotated[str, Field(pattern="^b[0-9]{1,5}$")]
    recipient_count: Annotated[int, Field(ge=1, le=50_000)]
    recipients_object: S3ObjectRef


class CampaignStepStartedV1(BaseModel):
    """The campaign state machine reached a send step and is waiting."""

    campaign_id: CampaignId
    execution_arn: ExecutionArn
    step_id: StepId
    step_index: Annotated[int, Field(ge=0, le=19)]
    task_token: TaskToken
    batch: Batch
    heartbeat_seconds: Annotated[int | None, Field(ge=60, le=86_400)] = None
    started_at: AwareDatetime


EVENTS = (CampaignEmailSentV1, CampaignScheduledV1, CampaignStepCompletedV1, CampaignStepStartedV1)
