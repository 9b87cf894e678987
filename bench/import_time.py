"""Benchmark: Lambda cold start, the import cost of a generated service module and of eventkit.

Each sample is a fresh process timing its own import (perf_counter around the import statement;
interpreter start-up, identical for all, excluded), bytecode compiled beforehand, every side on
the same sys.path; the sides are interleaved round by round and each figure is the median of
the per-round ratios (bench/_harness.py).

- import_time.service_vs_handwritten: `import shop_events.campaigns` (the largest generated
  service module) against `import handwritten_campaigns`, the same models written by hand as
  plain pydantic classes (bench/handwritten_campaigns.py; checked equivalent on the registry's
  examples and their variants before anything is measured), both building every validator at
  import (`EVENTKIT_DEFER_BUILD=0`, pydantic's default): what eventkit's base classes and
  generated extras cost, not what pydantic costs. Target: at most 1.05.
- import_time.service_default_vs_handwritten: the same with eventkit's default, each model's
  validator built on first use (`defer_build`); `first_use_ms` (a `model_validate` of every event
  of the service) and `import_and_first_use_ratio` show where the cost went. Reported.
- import_time.eventkit_vs_pydantic: `import eventkit` against `import pydantic`. Target: at most
  1.3. `one_model_ratio`: a process defining one trivial model, against `import pydantic` (the
  first model class pays pydantic's schema machinery and plugin discovery).

Run: .venv/bin/python bench/import_time.py [--rounds N] [--quick]
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

import _harness
from handwritten_equivalence import GENERATED, check_equivalence

_TIMER = """
import time, sys
t0 = time.perf_counter()
{stmt}
t1 = time.perf_counter()
first_use = 0.0
if {first_use!r}:
    mod = sys.modules[{module!r}]
    t2 = time.perf_counter()
    for name in mod.__all__:  # the event classes, in both modules
        try:
            getattr(mod, name).model_validate({{}})
        except Exception:
            pass
    first_use = time.perf_counter() - t2
print(t1 - t0, first_use)
"""


class ImportSide:
    """A fresh process importing `module`; records the first-use times alongside."""

    def __init__(self, module: str, *, env: Mapping[str, str], first_use: bool = False) -> None:
        stmt = module if module.startswith(("from ", "import ")) else f"import {module}"
        code = _TIMER.format(stmt=stmt, first_use=first_use, module=module)
        self._argv = [sys.executable, "-c", code]
        self._env = env
        self.first_use: list[float] = []

    def __call__(self) -> float:
        run = _harness.run_process(self._argv, env=self._env)
        if run.returncode != 0:
            raise SystemExit(f"{self._argv[-1]}\nfailed:\n{run.stderr[-2000:]}")
        imported, first_use = (float(x) for x in run.stdout.split())
        self.first_use.append(first_use)
        return imported


def main() -> None:
    parser = _harness.parser(__doc__.splitlines()[0], rounds=15)
    args = parser.parse_args()
    rounds = _harness.start(args)
    documents = check_equivalence()

    path = os.pathsep.join([str(_harness.BENCH), os.environ.get("PYTHONPATH", "")]).rstrip(
        os.pathsep
    )
    deferred = dict(os.environ, PYTHONPATH=path, EVENTKIT_DEFER_BUILD="1")
    eager = dict(deferred, EVENTKIT_DEFER_BUILD="0")
    one_model = "from pydantic import BaseModel\nclass A(BaseModel):\n    x: int"
    sides = {
        "handwritten": ImportSide("handwritten_campaigns", env=eager, first_use=True),
        "service_eager": ImportSide(GENERATED, env=eager, first_use=True),
        "service_default": ImportSide(GENERATED, env=deferred, first_use=True),
        "pydantic": ImportSide("pydantic", env=deferred),
        "eventkit": ImportSide("eventkit", env=deferred),
        "one_model": ImportSide(one_model, env=deferred),
    }
    times = _harness.interleave(sides, rounds)
    _harness.compare(
        "import_time.service_vs_handwritten",
        times,
        "service_eager",
        "handwritten",
        target=1.05,
        better="lower",
        service=GENERATED,
        equivalence_documents=documents,
    )
    first = {name: sides[name].first_use[-rounds:] for name in ("handwritten", "service_default")}
    totals = {
        name: [t + f for t, f in zip(times[name], first[name], strict=True)]
        for name in ("handwritten", "service_default")
    }
    _harness.compare(
        "import_time.service_default_vs_handwritten",
        times,
        "service_default",
        "handwritten",
        target=None,
        better="lower",
        first_use_ms={n: round(_harness.Stats.of(v).median * 1000, 2) for n, v in first.items()},
        import_and_first_use_ratio=round(
            _harness.paired(totals, "service_default", "handwritten").median, 3
        ),
    )
    _harness.compare(
        "import_time.eventkit_vs_pydantic",
        times,
        "eventkit",
        "pydantic",
        target=1.3,
        better="lower",
        one_model_ratio=round(_harness.paired(times, "one_model", "pydantic").median, 3),
    )


if __name__ == "__main__":
    main()
