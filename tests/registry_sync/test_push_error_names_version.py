"""A push the registry refuses names the version and its file, not only the registry schema:
a schema holds several versions, and which one's content was refused is what to fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from eventkit_registry_sync.standin import StandinServer
from eventkit_registry_sync.sync import sync_registry

from eventkit.errors import PartialSyncError
from eventkit.registry import load_registry


@pytest.mark.parametrize("operation", ["CreateSchema", "UpdateSchema"])
def test_a_refused_push_names_the_version_and_file(
    folder: Path, client: Any, standin: StandinServer, operation: str
) -> None:
    standin.fail(operation, status=400, code="BadRequestException")
    with pytest.raises(PartialSyncError) as excinfo:
        sync_registry(load_registry(folder), client=client, check_gate=False, jobs=1)
    (line,) = excinfo.value.failed
    assert "BadRequestException" in line
    if operation == "UpdateSchema":  # the second version of the one schema with two
        assert "pushing 1.1.0 (orders/OrderPlaced/1.1.0.json)" in line
    else:  # the first schema created, by its first version
        assert "pushing 1.0.0 (" in line
        assert "/1.0.0.json)" in line
