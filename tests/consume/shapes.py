"""Every shape an EventBridge event reaches a Lambda function in, as data.

The layouts follow AWS's documentation (field names, nesting, which fields are strings):
- SNS -> SQS without raw message delivery: the body is the SNS notification JSON (Type,
  MessageId, TopicArn, Message, Timestamp, SignatureVersion, Signature, SigningCertURL,
  UnsubscribeURL, MessageAttributes as {"Type", "Value"}); Amazon SNS developer guide,
  "Amazon SNS message and JSON formats" / "Fanout to Amazon SQS queues".
- SNS -> SQS with raw message delivery: the body is the message itself, SNS message attributes
  become SQS message attributes; "Amazon SNS raw message delivery".
- SNS -> Lambda: {"Records": [{"EventVersion", "EventSubscriptionArn", "EventSource": "aws:sns",
  "Sns": {...}}]} (note SigningCertUrl / UnsubscribeUrl spelled so here); Lambda developer
  guide, "Using Lambda with Amazon SNS" (example event).
- Lambda asynchronous-invocation DLQ: the original payload, unmodified, as the body, with the
  message attributes RequestID (String), ErrorCode (Number, 3-digit HTTP code), ErrorMessage
  (String, truncated to 1 KB); Lambda developer guide, "Dead-letter queues".
- Lambda on-failure destination record: version "1.0", timestamp, requestContext {requestId,
  functionArn, condition, approximateInvokeCount}, requestPayload, responseContext
  {statusCode, executedVersion, functionError}, responsePayload {errorMessage, errorType,
  stackTrace}; Lambda developer guide, "Capturing records of Lambda asynchronous
  invocations". An EventBridge destination sends it as the `detail` of an event with source
  "lambda" and detail-type "Lambda Function Invocation Result - Failure".
- An SQS record as Lambda's event source mapping delivers it (messageId, receiptHandle, body,
  attributes, messageAttributes with stringValue / dataType, md5OfBody, eventSource
  "aws:sqs", eventSourceARN, awsRegion); "Using Lambda with Amazon SQS".

Ids, ARNs and signatures are example values in AWS's own style.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:shop-orders"
FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:payments-consumer:$LATEST"
REQUEST_ID = "e4b46cbf-b738-4f4d-8880-a18cdf61200e"
ERROR_MESSAGE = "RuntimeError: card declined"


def sns_notification(
    message: Any, *, attributes: dict[str, str] | None = None, message_id: str | None = None
) -> dict[str, Any]:
    """The JSON an SNS subscription without raw message delivery puts in an SQS body."""
    notification: dict[str, Any] = {
        "Type": "Notification",
        "MessageId": message_id or str(uuid.uuid4()),
        "TopicArn": TOPIC_ARN,
        "Message": message if isinstance(message, str) else json.dumps(message),
        "Timestamp": "2026-11-26T14:00:01.123Z",
        "SignatureVersion": "1",
        "Signature": "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=",
        "SigningCertURL": "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem",
        "UnsubscribeURL": "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
        + TOPIC_ARN
        + ":2bcfbf39-05c3-41de-beaa-fcfcc21c8f55",
    }
    if attributes:
        notification["MessageAttributes"] = {
            name: {"Type": "Number" if name == "ErrorCode" else "String", "Value": value}
            for name, value in attributes.items()
        }
    return notification


def sns_lambda_event(message: Any, *, attributes: dict[str, str] | None = None) -> dict[str, Any]:
    """What SNS invokes a subscribed Lambda function with (asynchronously, one record)."""
    notification = sns_notification(message, attributes=attributes)
    sns = {
        "SignatureVersion": notification["SignatureVersion"],
        "Timestamp": notification["Timestamp"],
        "Signature": notification["Signature"],
        "SigningCertUrl": notification["SigningCertURL"],
        "MessageId": notification["MessageId"],
        "Message": notification["Message"],
        "MessageAttributes": notification.get("MessageAttributes", {}),
        "Type": "Notification",
        "UnsubscribeUrl": notification["UnsubscribeURL"],
        "TopicArn": TOPIC_ARN,
        "Subject": None,
    }
    return {
        "Records": [
            {
                "EventVersion": "1.0",
                "EventSubscriptionArn": TOPIC_ARN + ":21be56ed-a058-49f5-8c98-aedd2564c486",
                "EventSource": "aws:sns",
                "Sns": sns,
            }
        ]
    }


def sqs_record(
    body: Any,
    *,
    message_id: str | None = None,
    attributes: dict[str, str] | None = None,
    group: str | None = None,
) -> dict[str, Any]:
    """An SQS record as Lambda's event source mapping delivers it."""
    system = {
        "ApproximateReceiveCount": "1",
        "SentTimestamp": "1764165600000",
        "SenderId": "AIDAIENQZJOLO23YVJ4VO",
        "ApproximateFirstReceiveTimestamp": "1764165600010",
    }
    if group is not None:
        system["MessageGroupId"] = group
        system["SequenceNumber"] = "18849496460467696128"
        system["MessageDeduplicationId"] = str(uuid.uuid4())
    return {
        "messageId": message_id or str(uuid.uuid4()),
        "receiptHandle": "MessageReceiptHandle",
        "body": body if isinstance(body, str) else json.dumps(body),
        "attributes": system,
        "messageAttributes": {
            name: {
                "stringValue": value,
                "stringListValues": [],
                "binaryListValues": [],
                "dataType": "Number" if name == "ErrorCode" else "String",
            }
            for name, value in (attributes or {}).items()
        },
        "md5OfBody": "e4e68fb7bd0e697a0ae8f1bb342846b3",
        "eventSource": "aws:sqs",
        # a record with a group comes from a FIFO queue, whose name ends in .fifo
        "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:payments-inbox"
        + (".fifo" if group is not None else ""),
        "awsRegion": "us-east-1",
    }


def dlq_attributes(
    request_id: str = REQUEST_ID, error_code: str = "200", message: str = ERROR_MESSAGE
) -> dict[str, str]:
    """The message attributes Lambda sets on an asynchronous invocation's DLQ message."""
    return {"RequestID": request_id, "ErrorCode": error_code, "ErrorMessage": message}


def destination_record(payload: Any, *, attempts: int = 3) -> dict[str, Any]:
    """Lambda's on-failure destination record for an invocation that raised."""
    return {
        "version": "1.0",
        "timestamp": "2026-11-26T14:03:05.568Z",
        "requestContext": {
            "requestId": REQUEST_ID,
            "functionArn": FUNCTION_ARN,
            "condition": "RetriesExhausted",
            "approximateInvokeCount": attempts,
        },
        "requestPayload": payload,
        "responseContext": {
            "statusCode": 200,
            "executedVersion": "$LATEST",
            "functionError": "Unhandled",
        },
        "responsePayload": {
            "errorMessage": "card declined",
            "errorType": "RuntimeError",
            "requestId": REQUEST_ID,
            "stackTrace": ['  File "/var/task/app.py", line 12, in handler\n'],
        },
    }


def destination_event(record: dict[str, Any]) -> dict[str, Any]:
    """The destination record as an EventBridge on-failure destination delivers it."""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Lambda Function Invocation Result - Failure",
        "source": "lambda",
        "account": "123456789012",
        "time": "2026-11-26T14:03:05Z",
        "region": "us-east-1",
        "resources": [FUNCTION_ARN.rsplit(":", 1)[0]],
        "detail": record,
    }
