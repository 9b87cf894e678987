"""Session-wide test setup: nothing can reach real AWS by accident."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# CI (CI=true) runs the property tests derandomized: the same examples on every run, so a red
# build is a real regression, reproducible locally with CI=true; local runs keep exploring.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Fixtures `eventbridge`, `event_bus` and the session-wide `moto_server` (a moto_server on
# 127.0.0.1 and a free port, started once, stopped by its process id): eventkit.testing.
pytest_plugins = ["eventkit.testing.pytest_plugin"]

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = REPO_ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture(autouse=True)
def _clean_aws_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scrub AWS_* settings and use fake credentials and a fixed region."""
    import os

    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")


@pytest.fixture(autouse=True)
def _no_loop_left_running_by_the_browser(request: pytest.FixtureRequest) -> Iterator[None]:
    """Playwright's sync API (the catalog's browser tests: a session-wide browser) leaves its
    event loop marked running in this thread between its calls, so a later test on the same
    xdist worker that runs `asyncio.run` itself would fail, depending on which tests shared
    the worker. Other tests run with no loop marked; the mark is put back after each."""
    import asyncio

    left = asyncio.events._get_running_loop()
    if left is None or "page" in request.fixturenames:
        yield
        return
    asyncio.events._set_running_loop(None)
    try:
        yield
    finally:
        asyncio.events._set_running_loop(left)
