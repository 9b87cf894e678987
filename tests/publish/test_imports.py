"""The publishing runtime loads boto3 only when an EventBridge request is first sent."""

from __future__ import annotations

import subprocess
import sys


def test_runtime_modules_do_not_import_boto3_or_pytest() -> None:
    code = (
        "import sys\n"
        "import eventkit.publishing, eventkit.envelope, eventkit.patterns, eventkit.transports, eventkit.testing\n"
        "from eventkit.publishing import EventBus\n"
        "EventBus('b', producer='p')\n"  # the default transport is built, not used
        "loaded = sorted(m for m in ('boto3', 'botocore', 'pytest') if m in sys.modules)\n"
        "print(','.join(loaded))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
