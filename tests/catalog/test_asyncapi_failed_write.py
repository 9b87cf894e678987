"""`eventkit asyncapi --out FILE` failing to write (a full disk, a quota) leaves the previous
document whole: it was truncated first and then written, so a write failing half-way left a
document cut short in its place (the file-size limit below is a real failure of write())."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
from pathlib import Path

from eventkit.errors import EXIT_OK, EXIT_USAGE

REPO = Path(__file__).resolve().parents[2]
LIMIT = 20_000  # bytes; the shop's document is several times larger
# the start of a document a previous run wrote (only such a file is replaced)
PREVIOUS = "asyncapi: 3.0.0\ninfo:\n  title: shop events\n  version: registry-0123456789ab\n"


def _asyncapi(out: Path, *, limited: bool) -> subprocess.CompletedProcess[str]:
    def cap() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))

    return subprocess.run(
        [
            *(sys.executable, "-c", "from eventkit.cli import main; main()", "asyncapi"),
            *("--schemas", str(REPO / "schemas"), "--out", str(out)),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=cap if limited else None,
    )


def test_a_write_failing_half_way_leaves_the_previous_document_whole(tmp_path: Path) -> None:
    out = tmp_path / "asyncapi.yaml"
    out.write_text(PREVIOUS, encoding="utf-8")
    out.chmod(0o640)

    failed = _asyncapi(out, limited=True)

    assert failed.returncode == EXIT_USAGE, failed.stderr
    assert "Traceback" not in failed.stderr
    assert out.read_text(encoding="utf-8") == PREVIOUS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["asyncapi.yaml"]  # nothing left

    written = _asyncapi(out, limited=False)
    assert written.returncode == EXIT_OK, written.stderr
    assert out.stat().st_size > LIMIT
    assert out.stat().st_mode & 0o777 == 0o640  # its permissions kept
