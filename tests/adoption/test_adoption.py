"""Another team's repository, from `pip install` to a green CI gate, with the built wheel.

The wheel is built from this checkout (`python -m build --no-isolation`, offline) and installed
with the `cli,codegen` extras into a fresh virtualenv outside the repository; dependencies come
from the package index through a wheelhouse kept in the temp folder (filled on first use, so
later runs need no network). Then, in a new git project, every command a new team runs
(README "Adopting"), timed from `eventkit init` to the first green gate.

pre-commit runs the hooks of eventkit's .pre-commit-hooks.yaml as `language: system` hooks
(docs/adopting.md's local variant): the same ids, entries and file filters, run by the
installed wheel. The remote variant's environment install is tested by tests/cli/test_init.py
(`pre-commit try-repo`).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
import yaml

from eventkit import __version__
from eventkit.errors import EXIT_USAGE
from tests.adoption._wheel import build_sdist_and_wheel

REPO = Path(__file__).resolve().parents[2]
WHEELHOUSE = Path(tempfile.gettempdir()) / "eventkit-adoption-wheelhouse"
# The tools a team's CI has beside eventkit (the versions this repository is tested with).
TOOLS = ("mypy==2.4.1", "pytest==9.2.0", "pre-commit==4.7.0")
EXAMPLE_MODULES = ("shop_events", "shop_demo", "eventkit/events/")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built as a release is: the sdist, then the wheel from the sdist alone."""
    _, built = build_sdist_and_wheel(REPO, tmp_path_factory.mktemp("dist"))
    return built


def test_the_wheel_holds_every_data_file_of_its_packages(wheel: Path) -> None:
    """Templates, static files, markers: what the tool reads beside its modules is installed
    (the flow below runs the commands that read them from the installed wheel)."""
    packages = ("src/eventkit", "codegen/eventkit_codegen", "registry_sync/eventkit_registry_sync")
    tracked = subprocess.run(
        ["git", "ls-files", "--", *packages], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    data = {path.split("/", 1)[1] for path in tracked if not path.endswith(".py") and "/" in path}
    assert {"eventkit/py.typed", "eventkit/catalog/templates/base.html"} <= data
    assert data <= set(zipfile.ZipFile(wheel).namelist())


def test_the_wheel_holds_the_tool_and_no_example_shop(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "eventkit/__init__.py" in names
    assert "eventkit/demo/run.py" in names  # the demo's runner is the tool's
    shop = [n for n in names if any(m in n for m in EXAMPLE_MODULES) or "OrderPlaced" in n]
    assert shop == []
    entry_points = zipfile.ZipFile(wheel).read(f"eventkit-{__version__}.dist-info/entry_points.txt")
    assert b"[pytest11]" in entry_points


SCHEMA = """\
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "InvoiceIssued",
  "description": "An invoice was issued to a customer account.",
  "type": "object",
  "required": ["invoice_id", "account_id", "amount_cents", "currency"],
  "properties": {
    "invoice_id": {"type": "string", "pattern": "^inv_[0-9]{4,}$", "description": "The invoice's id."},
    "account_id": {"type": "string", "minLength": 1, "description": "The billed account."},
    "amount_cents": {"type": "integer", "minimum": 0, "description": "Total, in cents."},
    "currency": {"type": "string", "enum": ["EUR", "USD"], "description": "ISO 4217 code."}
  },
  "examples": [
    {"invoice_id": "inv_0001", "account_id": "acc_0001", "amount_cents": 4200, "currency": "EUR"}
  ]
}
"""

SERVICE = '''\
"""The billing service: an invoice for every new account."""

from __future__ import annotations

from acme_events.accounts import AccountCreatedV1
from acme_events.billing import InvoiceIssuedV1

from eventkit import EventBus, Router

bus = EventBus("acme-bus", producer="billing-service")
router = Router(name="billing")


@router.on(AccountCreatedV1)
def invoice_new_account(account: AccountCreatedV1) -> InvoiceIssuedV1:
    invoice = InvoiceIssuedV1(
        invoice_id="inv_0001", account_id=account.account_id, amount_cents=0, currency="EUR"
    )
    bus.publish(invoice)
    return invoice


handler = router
'''

SERVICE_TEST = """\
from acme_events.accounts import AccountCreatedV1
from acme_events.billing import InvoiceIssuedV1

from billing_service import handlers
from eventkit.testing import (
    InMemoryEventBridge,
    build,
    eventbridge_event,
    lambda_context,
    sqs_batch,
)


def test_a_new_account_gets_an_invoice(eventbridge: InMemoryEventBridge) -> None:
    account = build(AccountCreatedV1, account_id="acc_0042")
    handlers.handler(eventbridge_event(account), lambda_context())
    (invoice,) = eventbridge.published(InvoiceIssuedV1, bus="acme-bus")
    assert invoice.account_id == "acc_0042"


def test_an_sqs_batch_reports_no_failures(eventbridge: InMemoryEventBridge) -> None:
    batch = sqs_batch(build(AccountCreatedV1), build(AccountCreatedV1, account_id="acc_0002"))
    assert handlers.handler(batch, lambda_context()) == {"batchItemFailures": []}
    assert len(eventbridge.published(InvoiceIssuedV1, bus="acme-bus")) == 2
"""

PYPROJECT = """\
[project]
name = "billing-service"
version = "0.1.0"

[tool.pytest.ini_options]
pythonpath = ["src"]

[tool.mypy]
strict = true
mypy_path = "src"
plugins = ["pydantic.mypy"]

[tool.pydantic-mypy]
init_forbid_extra = true
init_typed = true
"""


def _run(
    args: Sequence[str | Path], *, cwd: Path, env: dict[str, str], code: int = 0
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == code, (
        f"{' '.join(map(str, args))} -> {result.returncode}\n{result.stdout}\n{result.stderr}"
    )
    return result


def _install(venv: Path, wheel: Path, env: dict[str, str]) -> None:
    """eventkit[cli,codegen] from the wheel and the tools, dependencies from the wheelhouse
    (filled from the package index when something is missing)."""
    pip: list[str | Path] = [
        venv / "bin" / "python",
        "-m",
        "pip",
        "--disable-pip-version-check",
        "-q",
    ]
    wanted = [f"eventkit[cli,codegen]=={__version__}", *TOOLS]
    offline = [*pip, "install", "--no-index", "--find-links", wheel.parent]
    offline += ["--find-links", WHEELHOUSE, *wanted]
    first = subprocess.run([str(a) for a in offline], env=env, capture_output=True, timeout=600)
    if first.returncode == 0:
        return
    WHEELHOUSE.mkdir(exist_ok=True)
    download = [*pip, "download", "-d", WHEELHOUSE, "--find-links", wheel.parent, *wanted]
    _run(download, cwd=venv, env=env)
    for own in WHEELHOUSE.glob("eventkit-*.whl"):  # only ever installed from this build
        own.unlink()
    _run(offline, cwd=venv, env=env)


def _testing_section_commands() -> list[tuple[str, ...]]:
    """The `$ ` lines of docs/adopting.md's "Testing services" section, comments removed."""
    text = (REPO / "docs" / "adopting.md").read_text(encoding="utf-8")
    section = text[text.index("## Testing services") :]
    section = section[: section.index("\n## ", 1)]
    return [
        tuple(shlex.split(line[2:], comments=True))
        for line in section.splitlines()
        if line.startswith("$ ")
    ]


def _readme_git_lines() -> list[str]:
    """The `$ git ...` lines of the README's "Adopting" block."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Adopting it in your repository") :]
    section = section[: section.index("\n## ", 1)]
    return [line[2:] for line in section.splitlines() if line.startswith("$ git ")]


def _local_hooks() -> str:
    """.pre-commit-config.yaml running eventkit's own hooks with the installed eventkit."""
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    local = [
        {key: hook[key] for key in ("id", "name", "entry", "files", "pass_filenames")}
        | {"language": "system"}
        for hook in hooks
    ]
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": local}]}, sort_keys=False)


def _claimed_pythons() -> list[str]:
    """The Python versions pyproject.toml's classifiers say eventkit supports ("3.11", ...)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = (
        re.fullmatch(r"Programming Language :: Python :: (3\.\d+)", c)
        for c in project["classifiers"]
    )
    return [m.group(1) for m in found if m]


def _interpreter(version: str) -> Path | None:
    """A CPython `version` on this machine: this test's own, one on PATH, or pyenv's."""
    if f"{sys.version_info.major}.{sys.version_info.minor}" == version:
        return Path(sys.executable)
    pyenv = sorted(Path.home().glob(f".pyenv/versions/{version}.*/bin/python{version}"))
    on_path = shutil.which(f"python{version}")
    for candidate in [*pyenv, *([Path(on_path)] if on_path else [])]:
        probe = [str(candidate), "-c", "import sys, venv; print(sys.version_info[:2])"]
        ran = subprocess.run(probe, capture_output=True, text=True, timeout=60, check=False)
        if ran.returncode == 0 and ran.stdout.strip() == str(tuple(map(int, version.split(".")))):
            return candidate
    return None


def _pythons() -> list[object]:
    """One run per claimed version; a version this machine lacks is a skip that says so."""
    params: list[object] = []
    for version in _claimed_pythons():
        python = _interpreter(version)
        skip = pytest.mark.skipif(python is None, reason=f"no Python {version} on this machine")
        params.append(pytest.param(python, id=f"python{version}", marks=skip))
    return params


def test_the_claimed_pythons_include_this_one_and_admit_newer_ones() -> None:
    """The classifiers name the versions tested here; requires-python has no upper bound (a
    cap makes pip refuse even the runtime on a new Python: docs/decisions/0032)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert f"{sys.version_info.major}.{sys.version_info.minor}" in _claimed_pythons()
    assert project["requires-python"] == f">={_claimed_pythons()[0]}"


@pytest.mark.slow
@pytest.mark.parametrize("python", _pythons())
def test_from_pip_install_to_a_green_gate(
    python: Path, wheel: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    venv, project = tmp_path / "venv", tmp_path / "billing"
    subprocess.run([str(python), "-m", "venv", str(venv)], check=True, timeout=120)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env = {k: v for k, v in env.items() if not k.startswith(("PYTEST_", "EVENTKIT_"))}
    env |= {
        "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "Ada",
        "GIT_AUTHOR_EMAIL": "ada@example.com",
        "GIT_COMMITTER_NAME": "Ada",
        "GIT_COMMITTER_EMAIL": "ada@example.com",
    }
    _install(venv, wheel, env)
    eventkit = venv / "bin" / "eventkit"

    # The installed package holds no example-shop module.
    found = _run(
        [
            venv / "bin" / "python",
            "-c",
            "import importlib.util as u, pathlib, eventkit; "
            "print([m for m in ('shop_events', 'shop_demo', 'eventkit.events') if u.find_spec(m)], "
            "(pathlib.Path(eventkit.__file__).parent / 'events').exists())",
        ],
        cwd=tmp_path,
        env=env,
    )
    assert found.stdout.strip() == "[] False"

    (project / "src" / "billing_service").mkdir(parents=True)
    _run(["git", "init", "-q", "-b", "main"], cwd=project, env=env)
    started = time.perf_counter()
    _run([eventkit, "init", "--package", "acme_events", "--bus", "acme-bus"], cwd=project, env=env)
    _run([eventkit, "new", "billing/InvoiceIssued"], cwd=project, env=env)
    lint = _run([eventkit, "lint"], cwd=project, env=env, code=1)  # the TODO placeholders
    assert "InvoiceIssued" in lint.stdout + lint.stderr
    (project / "schemas" / "billing" / "InvoiceIssued" / "1.0.0.json").write_text(SCHEMA)
    _run([eventkit, "lint"], cwd=project, env=env)
    _run([eventkit, "codegen"], cwd=project, env=env)
    assert (project / "src" / "acme_events" / "billing" / "invoice_issued_v1.py").is_file()
    _run([eventkit, "codegen", "--check"], cwd=project, env=env)
    (project / "src" / "billing_service" / "__init__.py").write_text("")
    (project / "src" / "billing_service" / "handlers.py").write_text(SERVICE)
    (project / "tests").mkdir()
    (project / "tests" / "test_billing.py").write_text(SERVICE_TEST)  # no conftest.py
    (project / "pyproject.toml").write_text(PYPROJECT)
    _run([venv / "bin" / "mypy", "src/billing_service", "tests"], cwd=project, env=env)
    tests = _run([venv / "bin" / "pytest", "-q", "-p", "no:cacheprovider"], cwd=project, env=env)
    assert "2 passed" in tests.stdout
    (project / ".pre-commit-config.yaml").write_text(_local_hooks())
    for line in _readme_git_lines():  # as the README writes them: the new files committed
        _run(["bash", "-c", line], cwd=project, env=env)
    _run([eventkit, "check", "--against", "HEAD"], cwd=project, env=env)
    assert "schemas/eventkit.toml" in _run(["git", "ls-files"], cwd=project, env=env).stdout
    hooks = _run([venv / "bin" / "pre-commit", "run", "--all-files"], cwd=project, env=env)
    assert hooks.stdout.count("Passed") == 3, hooks.stdout
    duration = time.perf_counter() - started
    with capsys.disabled():
        print(
            f"\nadoption flow (init -> first green gate, installed wheel, {python}): {duration:.1f} s"
        )

    # The catalog's templates and static files come from the installed wheel.
    catalog = tmp_path / "catalog"
    _run([eventkit, "catalog", "--out", catalog], cwd=project, env=env)
    index = (catalog / "index.html").read_text(encoding="utf-8")
    assert "InvoiceIssued" in index
    assert "AccountCreated" in index
    assert {p.suffix for p in (catalog / "assets").iterdir()} >= {".css", ".js"}

    # Every command of docs/adopting.md's testing section, as written there.
    outputs = {
        command: _run([venv / "bin" / command[0], *command[1:]], cwd=project, env=env).stdout
        for command in _testing_section_commands()
    }
    assert {c[:2] for c in outputs} >= {
        ("pytest",),
        ("eventkit", "sample"),
        ("eventkit", "patterns"),
    }
    for command, output in outputs.items():
        if command[:2] == ("eventkit", "sample"):
            printed = json.loads(output)
            bus = printed[0]["EventBusName"] if "--entry" in command else None
            assert bus in (None, "acme-bus")
        if command[:2] == ("eventkit", "patterns"):
            assert '"EventBusName": "acme-bus"' in output  # [registry] event_bus, src layout

    from eventkit_registry_sync.standin import serve

    with serve() as url:
        plan = _run(
            [eventkit, "sync", "--dry-run", "--endpoint-url", url, "--region", "us-east-1"],
            cwd=project,
            env=env,
        )
    assert "InvoiceIssued" in plan.stdout

    demo = _run([eventkit, "demo"], cwd=project, env=env, code=EXIT_USAGE)
    assert "shop_demo" in demo.stderr + demo.stdout

    # Formats are checked as in this repository's environment: an installed eventkit brings
    # the packages jsonschema's checker needs (without them it passes any date-time).
    formats = tmp_path / "formats"
    formats.mkdir()
    _run(
        [eventkit, "init", "--package", "f_events", "--no-ci", "--no-pre-commit"],
        cwd=formats,
        env=env,
    )
    example = formats / "schemas" / "accounts" / "AccountCreated" / "1.0.0.json"
    schema = json.loads(example.read_text(encoding="utf-8"))
    schema["examples"][0]["created_at"] = "yesterday"
    example.write_text(json.dumps(schema), encoding="utf-8")
    lint = _run([eventkit, "lint", "--format", "json"], cwd=formats, env=env, code=1)
    assert [p["pointer"] for p in json.loads(lint.stdout)["problems"]] == ["/examples/0/created_at"]
    shutil.rmtree(venv)  # large; the project folder stays for a look after a failure
