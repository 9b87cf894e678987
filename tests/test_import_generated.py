"""What importing a generated service module loads of eventkit: the base classes, nothing else."""

from __future__ import annotations

import pytest

import eventkit
from eventkit import __version__
from eventkit._version import __version__ as packaged
from tests._modules import modules_after


def test_a_generated_module_loads_only_eventkit_contract() -> None:
    modules = modules_after("import shop_events.campaigns")
    assert sorted(m for m in modules if m.split(".")[0] == "eventkit") == [
        "eventkit",
        "eventkit.contract",
    ]


def test_the_version_is_the_packaged_one_both_ways() -> None:
    assert eventkit.__version__ == __version__ == packaged


def test_the_version_is_read_on_first_use() -> None:
    assert "eventkit._version" not in modules_after("import eventkit")
    assert "eventkit._version" in modules_after("import eventkit\neventkit.__version__")


def test_a_generated_module_loads_only_the_shared_definitions_it_uses() -> None:
    # campaigns uses ErrorInfo and S3ObjectRef of _shared/common.json, not PostalAddress
    modules = modules_after("import shop_events.campaigns")
    shared = sorted(m for m in modules if m.startswith("shop_events.shared."))
    assert shared == [
        "shop_events.shared.common_defs",
        "shop_events.shared.common_defs.error_info",
        "shop_events.shared.common_defs.s3_object_ref",
        "shop_events.shared.customer_ref",
    ]


def test_the_shared_file_module_re_exports_each_definition_as_the_same_class() -> None:
    from shop_events.campaigns import CampaignStepCompletedV1
    from shop_events.shared import common
    from shop_events.shared.common import ErrorInfo, PostalAddress, S3ObjectRef
    from shop_events.shared.common_defs.postal_address import PostalAddress as Defined

    assert PostalAddress is Defined
    assert CampaignStepCompletedV1.model_fields["error"].annotation == ErrorInfo | None
    assert dir(common) == sorted(common.__all__) == ["ErrorInfo", "PostalAddress", "S3ObjectRef"]
    assert S3ObjectRef.__name__ == "S3ObjectRef"
    with pytest.raises(AttributeError, match="Nope"):
        common.Nope  # noqa: B018
