"""What importing generated models costs, and what it keeps (bench/import_time.py).

Importing a generated service loads eventkit's base classes and nothing else of eventkit (no
`logging`, no error hierarchy); the base classes build no validator of their own and carry no
annotation pydantic would evaluate again for every model class. What they did before is kept:
eventkit's warnings are not printed when the application configured no logging, and the base
classes' class variables are pydantic class variables of every generated model.
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys

import pytest
from shop_events.orders import OrderPlacedV2

from eventkit.contract import BaseEvent, Event, EventkitModel, ForeignEvent


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )


@pytest.mark.parametrize("defer", ["0", "1"])
def test_importing_a_service_loads_no_logging_and_no_errors(defer: str) -> None:
    done = _run(
        "import sys, json\nimport shop_events.campaigns\nprint(json.dumps(sorted(sys.modules)))",
        EVENTKIT_DEFER_BUILD=defer,
    )
    modules = set(json.loads(done.stdout))
    assert "eventkit.contract" in modules
    assert {"logging", "eventkit.errors"} & modules == set()


UNHANDLED = """
import logging
from eventkit.routing import Router, UpcasterRegistry
{setup}
Router(upcasters=UpcasterRegistry())({{"source": "x", "detail-type": "Y", "detail": {{}}}})
"""


def test_routing_warnings_are_not_printed_without_logging_configuration() -> None:
    quiet = _run(UNHANDLED.format(setup=""))
    assert quiet.stderr == ""
    configured = _run(UNHANDLED.format(setup="logging.basicConfig()"))
    assert "no handler for x/Y" in configured.stderr


def test_the_library_logger_has_one_null_handler() -> None:
    done = _run(
        "import logging\nimport eventkit.routing, eventkit.publishing\n"
        "print(sum(isinstance(h, logging.NullHandler) "
        "for h in logging.getLogger('eventkit').handlers))"
    )
    assert done.stdout.strip() == "1"


def test_base_classes_build_nothing_and_generated_models_do_when_eager() -> None:
    done = _run(
        "import shop_events.campaigns as c\nfrom eventkit.contract import EventkitModel\n"
        "print(EventkitModel.__pydantic_complete__, "
        "c.CampaignStepStartedV1.__pydantic_complete__)",
        EVENTKIT_DEFER_BUILD="0",
    )
    assert done.stdout.split() == ["False", "True"]


def test_base_classes_have_no_runtime_annotations() -> None:
    # pydantic evaluates every base's annotations again for each model class it creates
    for base in (EventkitModel, BaseEvent, Event, ForeignEvent):
        assert not inspect.get_annotations(base), base


def test_the_class_variables_stay_pydantic_class_variables() -> None:
    assert EventkitModel.__class_vars__ == {"__eventkit_init_names__"}
    assert OrderPlacedV2.__class_vars__ == {"__eventkit_init_names__", "__contract__"}
    order = OrderPlacedV2.model_construct()  # type: ignore[call-arg]  # no fields: only class variables matter
    for name in ("__contract__", "__eventkit_init_names__"):
        with pytest.raises(AttributeError, match="is a ClassVar"):
            setattr(order, name, None)
