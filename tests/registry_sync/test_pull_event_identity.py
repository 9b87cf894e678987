"""`pull` never files one event type's schema in another event type's folder: two foreign
schemas whose `detail` definitions share a name (`Detail`) get a folder each, and an existing
folder for another source or detail-type is never added to."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from eventkit_registry_sync.pull import pull_registry
from eventkit_registry_sync.standin import StandinServer

from eventkit.errors import PullConflictError
from eventkit.registry import load_registry

PAID = "acme.billing@InvoicePaid"
VOIDED = "acme.billing@InvoiceVoided"


def _doc(detail_type: str, props: dict[str, Any]) -> str:
    envelope = {
        "type": "object",
        "required": ["detail-type", "source", "detail"],
        "x-amazon-events-detail-type": detail_type,
        "x-amazon-events-source": "acme.billing",
        "properties": {
            "detail": {"$ref": "#/components/schemas/Detail"},
            "detail-type": {"type": "string"},
            "source": {"type": "string"},
        },
    }
    detail = {"type": "object", "properties": props}
    return json.dumps(
        {
            "openapi": "3.0.0",
            "info": {"version": "1.0.0", "title": "Event"},
            "paths": {},
            "components": {"schemas": {"AWSEvent": envelope, "Detail": detail}},
        }
    )


@pytest.fixture
def partner(client: Any, standin: StandinServer) -> str:
    client.create_registry(RegistryName="partner")
    standin.seed("partner", PAID, _doc("Invoice Paid", {"invoice": {"type": "string"}}))
    standin.seed("partner", VOIDED, _doc("Invoice Voided", {"reason": {"type": "integer"}}))
    return "partner"


def _folder(tmp_path: Path) -> Path:
    root = tmp_path / "schemas"
    root.mkdir()
    (root / "eventkit.toml").write_text('[registry]\nname = "mine"\n')
    return root


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_two_event_types_sharing_a_detail_name_get_a_folder_each(
    tmp_path: Path, client: Any, partner: str
) -> None:
    root = _folder(tmp_path)
    report = pull_registry(root, client=client, registry_name=partner)
    assert report.problems == []
    events = {e.key: e for e in load_registry(root).events}
    assert sorted(events) == ["acme_billing/Detail", "acme_billing/InvoiceVoided"]
    assert events["acme_billing/Detail"].detail_type == "Invoice Paid"
    assert [str(v.version) for v in events["acme_billing/Detail"].versions] == ["1.0.0"]
    voided = events["acme_billing/InvoiceVoided"]
    assert voided.detail_type == "Invoice Voided"
    assert voided.foreign
    assert "reason" in voided.latest.schema["properties"]
    # pulling again writes nothing and files nothing elsewhere
    before = _files(root)
    again = pull_registry(root, client=client, registry_name=partner)
    assert again.written == []
    assert _files(root) == before


def test_an_existing_folder_of_another_event_type_is_never_added_to(
    tmp_path: Path, client: Any, partner: str
) -> None:
    root = _folder(tmp_path)
    pull_registry(root, client=client, registry_name=partner, schemas=[PAID])
    report = pull_registry(root, client=client, registry_name=partner, schemas=[VOIDED])
    assert report.written == ["acme_billing/InvoiceVoided/1.0.0.json"]
    assert not (root / "acme_billing/Detail/1.1.0.json").exists()


def test_no_folder_of_its_own_refuses_before_writing(
    tmp_path: Path, client: Any, partner: str
) -> None:
    root = _folder(tmp_path)
    pull_registry(root, client=client, registry_name=partner, schemas=[PAID])
    taken = root / "acme_billing/InvoiceVoided"
    taken.mkdir()
    (taken / "event.toml").write_text('source = "acme.billing"\ndetail_type = "Other"\n')
    before = _files(root)
    with pytest.raises(PullConflictError) as caught:
        pull_registry(root, client=client, registry_name=partner)
    assert VOIDED in str(caught.value)
    assert "Invoice Paid" in str(caught.value)
    assert _files(root) == before
