"""Benchmark: Lambda cold start, the whole-process import cost of eventkit and of a generated service.

Each measurement is a fresh `python -c` process timing its own imports (perf_counter around the
import statement; interpreter start-up excluded, identical for all). Runs are paired (one
baseline, then each candidate, interleaved) and the median of the per-pair ratios is reported.

- eventkit_vs_pydantic: `import eventkit` against `import pydantic` alone. Target: at most 1.3.
- service_vs_pydantic: `import eventkit.events.<largest service>` (the one with the most event
  classes) against `import pydantic`. Target: at most 2.0.
- service_eager_build_vs_pydantic: the same with `EVENTKIT_DEFER_BUILD=0` (every model built at
  import; the default defers each model's validator to its first use, pydantic's
  `defer_build`), plus `first_use_ms`: the time of the first `model_validate` of every event of
  that service, deferred and eager (deferral moves the cost to the models actually used).

Also reported: the same two ratios on a Lambda-like import path (`python -S` with only eventkit,
pydantic and its dependencies, symlinked into a temp dir), where pydantic's plugin discovery has
five distributions to scan instead of this dev venv's hundred-odd. And, as floors: `from pydantic import BaseModel` (pydantic imports BaseModel lazily) and
a process defining ONE trivial model (the first model class pays pydantic's schema machinery and
its plugin discovery, an `importlib.metadata` entry-point scan of every installed distribution),
both against `import pydantic`. Any package defining a model at import pays the second floor.
Prints one JSON line per ratio (lower is better).
Run: .venv/bin/python bench/import_time.py [--quick] [--pairs N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

EVENTS = Path(__file__).resolve().parent.parent / "src" / "eventkit" / "events"

_TIMER = """
import time, sys
{setup}
t0 = time.perf_counter()
{stmt}
t1 = time.perf_counter()
{after}
print(repr((t1 - t0, {extra})))
"""


_FIRST_USE = """
import json
t2 = time.perf_counter()
mod = sys.modules[{module!r}]
for name in mod.__all__:
    cls = getattr(mod, name)
    try:
        cls.model_validate({{}})
    except Exception:
        pass
first_use = time.perf_counter() - t2
"""


def largest_service() -> str:
    counts = {
        p.name: len(list(p.glob("*_v*.py")))
        for p in EVENTS.iterdir()
        if p.is_dir() and (p / "__init__.py").is_file() and p.name != "shared"
    }
    return max(sorted(counts), key=lambda name: counts[name])


# What a Lambda deployment package holds: eventkit and pydantic with its dependencies, nothing
# else (importlib.metadata, which pydantic's plugin discovery walks, sees only these).
_LAMBDA_PACKAGES = (
    "pydantic",
    "pydantic_core",
    "annotated_types",
    "typing_inspection",
    "typing_extensions.py",
)


def lambda_site(target: Path) -> Path:
    """A minimal import path: symlinks to eventkit and pydantic's packages and dist-infos."""
    import pydantic

    site = Path(pydantic.__file__).resolve().parent.parent
    target.mkdir(parents=True, exist_ok=True)
    (target / "eventkit").symlink_to(EVENTS.parent, target_is_directory=True)
    for name in _LAMBDA_PACKAGES:
        (target / name).symlink_to(site / name)
        stem = name.removesuffix(".py")
        for info in site.glob(f"{stem}-*.dist-info"):
            (target / info.name).symlink_to(info, target_is_directory=True)
    return target


def _run(
    stmt: str,
    *,
    setup: str = "",
    after: str = "",
    extra: str = "0.0",
    defer: bool = True,
    site: Path | None = None,
) -> tuple[float, float]:
    code = _TIMER.format(setup=setup, stmt=stmt, after=after, extra=extra)
    env = dict(os.environ, EVENTKIT_DEFER_BUILD="1" if defer else "0")
    argv = [sys.executable, "-c", code]
    if site is not None:  # no site-packages, no .pth: only the minimal path
        argv = [sys.executable, "-S", "-c", code]
        env["PYTHONPATH"] = str(site)
    out = subprocess.run(argv, capture_output=True, text=True, check=True, env=env).stdout
    value: tuple[float, float] = eval(out.strip())  # our own repr of two floats
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--pairs", type=int, default=15)
    args = parser.parse_args()
    pairs = 5 if args.quick else args.pairs
    service = largest_service()
    module = f"eventkit.events.{service}"
    first_use = _FIRST_USE.format(module=module)
    one_model = "from pydantic import BaseModel\nclass A(BaseModel):\n    x: int"

    ratios: dict[str, list[float]] = {
        k: []
        for k in (
            "basemodel",
            "one_model",
            "eventkit",
            "eventkit_eager",
            "service",
            "service_eager",
            "lambda_eventkit",
            "lambda_service",
            "lambda_service_eager",
        )
    }
    tmp = tempfile.TemporaryDirectory()
    site = lambda_site(Path(tmp.name) / "site")
    first: dict[str, list[float]] = {"eager": [], "deferred": []}
    base_times: list[float] = []
    for _ in range(pairs):
        base, _x = _run("import pydantic")
        base_times.append(base)
        ratios["basemodel"].append(_run("from pydantic import BaseModel")[0] / base)
        ratios["one_model"].append(_run(one_model)[0] / base)
        ratios["eventkit"].append(_run("import eventkit")[0] / base)
        ratios["eventkit_eager"].append(_run("import eventkit", defer=False)[0] / base)
        svc_d, deferred_first = _run(f"import {module}", after=first_use, extra="first_use")
        ratios["service"].append(svc_d / base)
        first["deferred"].append(deferred_first)
        svc, eager_first = _run(f"import {module}", after=first_use, extra="first_use", defer=False)
        ratios["service_eager"].append(svc / base)
        first["eager"].append(eager_first)
        lambda_base, _x = _run("import pydantic", site=site)
        ratios["lambda_eventkit"].append(_run("import eventkit", site=site)[0] / lambda_base)
        ratios["lambda_service"].append(_run(f"import {module}", site=site)[0] / lambda_base)
        ratios["lambda_service_eager"].append(
            _run(f"import {module}", site=site, defer=False)[0] / lambda_base
        )
    tmp.cleanup()

    med = statistics.median
    rows = [
        {
            "bench": "import_time.eventkit_vs_pydantic",
            "ratio": round(med(ratios["eventkit"]), 3),
            "target": 1.3,
            "better": "lower",
            "pydantic_ms": round(med(base_times) * 1000, 1),
            "eager_build_ratio": round(med(ratios["eventkit_eager"]), 3),
            "floor_from_pydantic_import_basemodel": round(med(ratios["basemodel"]), 3),
            "floor_one_trivial_model": round(med(ratios["one_model"]), 3),
        },
        {
            "bench": "import_time.service_vs_pydantic",
            "service": module,
            "ratio": round(med(ratios["service"]), 3),
            "target": 2.0,
            "better": "lower",
            "first_use_ms": round(med(first["deferred"]) * 1000, 3),
        },
        {
            "bench": "import_time.service_eager_build_vs_pydantic",
            "service": module,
            "ratio": round(med(ratios["service_eager"]), 3),
            "first_use_ms": round(med(first["eager"]) * 1000, 3),
        },
        {
            "bench": "import_time.lambda_site",
            "note": "only eventkit + pydantic and its dependencies on the path (python -S)",
            "eventkit_ratio": round(med(ratios["lambda_eventkit"]), 3),
            "service_ratio": round(med(ratios["lambda_service"]), 3),
            "service_eager_build_ratio": round(med(ratios["lambda_service_eager"]), 3),
        },
    ]
    for row in rows:
        print(json.dumps(row))


if __name__ == "__main__":
    main()
