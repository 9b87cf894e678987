"""Dead-letter queues of eventkit consumers: look at what is in them, send it back.

`inspect_queue` groups a queue's messages by event type, major and the error Lambda recorded,
parsing each event with a router's models when given one; `redrive` republishes the events,
unchanged, to a bus or a queue and deletes each message once its republish succeeded,
keeping a journal so that an interrupted run can be resumed without sending twice.
`eventkit dlq inspect` / `eventkit dlq redrive` are these two on the command line.

boto3 clients are passed in; nothing here imports boto3.
"""

from eventkit.deadletters._inspect import Group, InspectReport, inspect_queue
from eventkit.deadletters._journal import DEFAULT_JOURNAL_DIR, Journal
from eventkit.deadletters._messages import DeadLetter, read_message
from eventkit.deadletters._redrive import RedriveReport, Target, redrive

__all__ = [
    "DEFAULT_JOURNAL_DIR",
    "DeadLetter",
    "Group",
    "InspectReport",
    "Journal",
    "RedriveReport",
    "Target",
    "inspect_queue",
    "read_message",
    "redrive",
]
