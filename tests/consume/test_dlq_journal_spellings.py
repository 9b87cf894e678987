"""The redrive journal names a queue by what identifies it (Region, account, name), not by the
spelling of its URL: a run interrupted after a republish and resumed with the queue spelt
another way (the legacy endpoint, a trailing slash) finds the journal and sends nothing twice."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import pytest

from eventkit.deadletters import Journal, Target, redrive
from eventkit.testing import MotoServer, receive_events
from tests.consume.test_dlq import Wiring

ACCOUNT = "123456789012"


@pytest.fixture
def wiring(moto_server: MotoServer) -> Wiring:
    return Wiring(moto_server)


def spellings(name: str) -> list[str]:
    """One queue, as users write its URL (moto answers for any of them, by path)."""
    return [
        f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/{name}",
        f"https://queue.amazonaws.com/{ACCOUNT}/{name}",
        f"https://us-east-1.queue.amazonaws.com/{ACCOUNT}/{name}",
        f"HTTPS://SQS.us-east-1.amazonaws.com/{ACCOUNT}/{name}/",
    ]


def test_a_resumed_redrive_given_another_spelling_sends_nothing_twice(
    wiring: Wiring, tmp_path: Path
) -> None:
    originals = wiring.dead_letter(12)  # two batches: 10 + 2
    first, again = spellings(wiring.dlq.rsplit("/", 1)[-1])[:2]
    target = Target("bus", wiring.bus_name)

    def interrupt(count: int) -> None:  # after the first batch was sent, before its delete
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        redrive(
            wiring.sqs,
            first,
            target,
            journal=Journal(tmp_path, first, target.label),
            events_client=wiring.events,
            visibility_timeout=1,
            wait_seconds=0,
            progress=interrupt,
        )
    time.sleep(1.5)  # the held messages come back
    code, output = wiring.dlq_cli(
        "redrive",
        again,
        "--to-bus",
        wiring.bus_name,
        "--journal",
        str(tmp_path),
        "--format",
        "json",
    )
    assert code == 0, output
    report = json.loads(output)
    assert (report["redriven"], report["already_redriven"]) == (2, 10)
    delivered = receive_events(wiring.sqs, wiring.inbox, expected=12)
    ids = Counter(e["detail"]["metadata"]["event_id"] for e in delivered)
    assert ids == Counter(e["detail"]["metadata"]["event_id"] for e in originals)
    assert len(list(tmp_path.iterdir())) == 1


def test_every_spelling_finds_one_journal_and_other_queues_their_own(tmp_path: Path) -> None:
    names = spellings("dlq")
    Journal(tmp_path, names[0], "queue:" + spellings("work")[1]).record([("m-1", "e-1")])
    for queue in names:
        for target in spellings("work"):
            assert "m-1" in Journal(tmp_path, queue, "queue:" + target)
    assert len(list(tmp_path.iterdir())) == 1
    # another Region, account, queue or target is another journal
    for queue, target in [
        (f"https://sqs.eu-west-1.amazonaws.com/{ACCOUNT}/dlq", spellings("work")[0]),
        ("https://sqs.us-east-1.amazonaws.com/210987654321/dlq", spellings("work")[0]),
        (spellings("dlq2")[0], spellings("work")[0]),
        (names[0], f"https://sqs.eu-west-1.amazonaws.com/{ACCOUNT}/work"),
    ]:
        assert "m-1" not in Journal(tmp_path, queue, "queue:" + target)


def test_a_journal_an_earlier_version_named_by_the_spelling_is_still_read(tmp_path: Path) -> None:
    # how versions before the canonical key named the journal of this queue and bus
    legacy = tmp_path / f"sqs.us-east-1.amazonaws.com_{ACCOUNT}_dlq--to--bus_b.jsonl"
    legacy.write_text(
        '{"message_id": "m-1", "event_id": "e-1", "at": "2026-01-01T00:00:00+00:00"}\n'
    )
    assert "m-1" in Journal(tmp_path, spellings("dlq")[0], "bus:b")
