"""`eventkit init`: a working registry, CI workflow and pre-commit config in an existing project;
never an overwrite, never a write outside the folder; `[codegen] package`."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from eventkit import __version__
from eventkit.cli import app
from eventkit.errors import EXIT_BREAKING, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, InitError
from eventkit.lint import lint_registry
from eventkit.project_init import init_project, package_folder
from eventkit.registry import load_registry
from tests._child_cli import cli, git

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()

ALL_FILES = {
    "schemas/eventkit.toml",
    "schemas/eventkit.lock",
    "schemas/accounts/AccountCreated/1.0.0.json",
    ".github/workflows/eventkit.yml",
    ".pre-commit-config.yaml",
}


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def files_in(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if not p.is_dir()}


def snapshot(root: Path) -> dict[str, bytes]:
    return {rel: (root / rel).read_bytes() for rel in files_in(root)}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "orders-service"
    (root / "src").mkdir(parents=True)
    return root


def test_init_writes_a_registry_that_lint_check_and_codegen_accept(project: Path) -> None:
    code, out, err = run("init", project, "--package", "orders_events")
    assert code == EXIT_OK, err
    assert files_in(project) == ALL_FILES
    schemas = project / "schemas"
    for rel in ALL_FILES:
        assert f"created {project / rel}" in out

    report = lint_registry(schemas)
    assert not report.problems, report.format_text()
    assert [e.key for e in load_registry(schemas).events] == ["accounts/AccountCreated"]
    version = load_registry(schemas).event("accounts/AccountCreated").latest
    for keyword in ("title", "description", "examples"):
        assert version.schema[keyword]
    assert run("lint", "--schemas", schemas)[0] == EXIT_OK
    assert run("check", "--schemas", schemas)[0] == EXIT_OK

    # codegen with no --out: the package's folder, under src/ beside the registry
    code, out, err = run("codegen", "--schemas", schemas)
    assert code == EXIT_OK, err
    generated = project / "src" / "orders_events"
    assert (generated / "accounts" / "account_created_v1.py").is_file()
    assert run("codegen", "--schemas", schemas, "--check")[0] == EXIT_OK
    assert files_in(project) - ALL_FILES == {
        f"src/orders_events/{rel}" for rel in files_in(generated)
    }


def test_the_printed_next_commands_run(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    code, out, _ = run("init", "--package", "orders_events")  # DIR defaults to "."
    assert code == EXIT_OK
    lines = out.split("next:\n", 1)[1].splitlines()
    commands = [shlex.split(line.split("#", 1)[0]) for line in lines]
    assert len(commands) == 3
    assert commands[0] == ["eventkit", "codegen"]
    assert run(*commands[0][1:])[0] == EXIT_OK
    assert (project / "src" / "orders_events" / "__init__.py").is_file()
    assert commands[1][:2] == ["eventkit", "new"]
    assert commands[2] == ["git", "init", "&&", "pre-commit", "install"]  # not a repository


@pytest.mark.parametrize("in_git", [True, False])
@pytest.mark.parametrize("from_elsewhere", [True, False])
def test_the_printed_pre_commit_install_runs_as_printed(
    project: Path, monkeypatch: pytest.MonkeyPatch, in_git: bool, from_elsewhere: bool
) -> None:
    """`pre-commit install` installs into the git repository of the current folder: outside
    one it failed, and from another folder it went to the wrong repository."""
    if in_git:
        git(project, "init", "-q")
    elsewhere = project.parent / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere if from_elsewhere else project)
    code, out, _ = run("init", project if from_elsewhere else ".", "--package", "orders_events")
    assert code == EXIT_OK
    line = out.split("next:\n", 1)[1].splitlines()[2].split("  # ", 1)[0].strip()
    assert ("git init" in line) is not in_git
    assert line.startswith("(cd ") is from_elsewhere
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", "-c", line], capture_output=True, text=True, env=env, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert (project / ".git" / "hooks" / "pre-commit").is_file()
    assert not (elsewhere / ".git").exists()


def test_next_commands_name_the_folder_when_it_is_not_the_current_one(project: Path) -> None:
    code, out, _ = run("init", project, "--package", "orders_events", "--no-pre-commit")
    assert code == EXIT_OK
    first = shlex.split(out.split("next:\n", 1)[1].splitlines()[0].split("#", 1)[0])
    assert first == ["eventkit", "codegen", "--schemas", str(project / "schemas")]
    assert run(*first[1:])[0] == EXIT_OK


def test_next_commands_paste_into_a_shell_when_the_folder_has_spaces(tmp_path: Path) -> None:
    project = tmp_path / "Café orders; $(touch x)"
    project.mkdir()
    code, out, _ = run("init", project, "--package", "orders_events", "--no-pre-commit")
    assert code == EXIT_OK
    lines = out.split("next:\n", 1)[1].splitlines()
    codegen, new, lint = (shlex.split(line.split("  # ", 1)[0]) for line in lines)
    schemas = str(project / "schemas")
    assert codegen == ["eventkit", "codegen", "--schemas", schemas]
    assert new == ["eventkit", "new", "--schemas", schemas, "SERVICE/EventName"]
    assert lint == ["eventkit", "lint", "--schemas", schemas]
    assert run(*codegen[1:])[0] == EXIT_OK


def test_codegen_checks_stale_hint_pastes_into_a_shell(tmp_path: Path) -> None:
    project = tmp_path / "my project"
    (project / "src").mkdir(parents=True)
    assert run("init", project, "--package", "orders_events", "--no-pre-commit")[0] == EXIT_OK
    schemas = ["--schemas", str(project / "schemas")]
    for out, folder in (
        ([], project / "src" / "orders_events"),
        (
            ["--out", str(tmp_path / "gen dir" / "orders_events")],
            tmp_path / "gen dir" / "orders_events",
        ),
    ):
        assert cli("codegen", *schemas, *out)[0] == EXIT_OK
        (folder / "__init__.py").write_text((folder / "__init__.py").read_text() + "# edited\n")
        code, _, err = cli("codegen", "--check", *schemas, *out)
        assert code == EXIT_PROBLEMS
        command = shlex.split(err.split("run `", 1)[1].split("`", 1)[0])
        assert command == ["eventkit", "codegen", *schemas, *out]
        assert cli(*command[1:])[0] == EXIT_OK  # as printed, it regenerates the stale file
        assert cli("codegen", "--check", *schemas, *out)[0] == EXIT_OK


def test_the_sub_folder_hint_names_a_schemas_path_that_pastes(tmp_path: Path) -> None:
    project = tmp_path / "repo" / "my services" / "billing"
    project.mkdir(parents=True)
    git(tmp_path / "repo", "init", "-q")
    with pytest.raises(InitError) as caught:
        init_project(project, package="billing_events")
    hint = caught.value.hint or ""
    words = shlex.split(hint.split("--schemas ", 1)[1].split(" (hooks", 1)[0])
    assert words == ["my services/billing/schemas"]


def test_refuses_a_schemas_folder_that_already_holds_other_files(project: Path) -> None:
    (project / "schemas" / "api").mkdir(parents=True)
    (project / "schemas" / "api" / "openapi.json").write_text("{}")
    (project / "schemas" / "user.json").write_text("{}")
    before = snapshot(project)
    code, _, _ = run("init", project, "--package", "orders_events")
    assert code == EXIT_USAGE
    assert snapshot(project) == before
    with pytest.raises(InitError) as caught:
        init_project(project, package="orders_events")
    assert caught.value.paths == ("schemas/api", "schemas/user.json")


def test_a_schemas_folder_with_only_notes_is_used(project: Path) -> None:
    (project / "schemas").mkdir()
    (project / "schemas" / "README.md").write_text("Our event contracts.\n")
    (project / "schemas" / ".gitkeep").write_text("")
    assert run("init", project, "--package", "orders_events")[0] == EXIT_OK
    assert lint_registry(project / "schemas").ok
    assert run("codegen", "--schemas", project / "schemas")[0] == EXIT_OK


@pytest.mark.parametrize("package", ["eventkit", "pydantic", "json", "types.events", "email"])
def test_refuses_a_package_that_would_shadow_a_module_it_imports(
    project: Path, package: str
) -> None:
    """With src/ on the import path (as a service's tests have it), a generated package named
    `eventkit` or `json` is imported instead of the real one, and nothing works."""
    code, _, _ = run("init", project, "--package", package)
    assert code == EXIT_USAGE
    assert files_in(project) == set()
    assert run("init", project, "--package", f"myapp.{package}")[0] == EXIT_OK  # a sub-package


def test_refuses_a_package_whose_folder_holds_the_projects_own_code(project: Path) -> None:
    own = project / "src" / "orders_service"
    own.mkdir()
    (own / "__init__.py").write_text("VERSION = 1\n")
    code, _, _ = run("init", project, "--package", "orders_service")
    assert code == EXIT_USAGE
    assert files_in(project) == {"src/orders_service/__init__.py"}  # nothing written
    with pytest.raises(InitError) as caught:
        init_project(project, package="orders_service")
    assert caught.value.path == str(own)
    # A sub-package of it is the documented way to ship the models with the service.
    code, _, err = run("init", project, "--package", "orders_service.events")
    assert code == EXIT_OK, err
    assert run("codegen", "--schemas", project / "schemas")[0] == EXIT_OK


@pytest.mark.parametrize("leftover", [[], ["__pycache__/x.pyc"], ["_manifest.json", "a.py"]])
def test_an_empty_or_generated_package_folder_is_codegens_to_write(
    project: Path, leftover: list[str]
) -> None:
    folder = project / "src" / "orders_events"
    folder.mkdir()
    for rel in leftover:
        (folder / rel).parent.mkdir(exist_ok=True)
        (folder / rel).write_text("")
    assert run("init", project, "--package", "orders_events")[0] == EXIT_OK


def test_the_manifest_name_is_codegens() -> None:
    from eventkit_codegen import MANIFEST

    from eventkit.project_init import GENERATED_MANIFEST

    assert GENERATED_MANIFEST == MANIFEST


def test_without_a_src_folder_codegen_writes_the_package_beside_the_registry(
    tmp_path: Path,
) -> None:
    assert run("init", tmp_path, "--package", "acme.events")[0] == EXIT_OK
    assert run("codegen", "--schemas", tmp_path / "schemas")[0] == EXIT_OK
    assert (tmp_path / "acme" / "events" / "accounts" / "account_created_v1.py").is_file()
    assert package_folder(tmp_path / "schemas", "acme.events") == tmp_path / "acme" / "events"


def test_options_land_in_eventkit_toml(project: Path) -> None:
    code, _, err = run(
        "init",
        project,
        "--package",
        "shop_events",
        "--registry-name",
        "shop",
        "--bus",
        "shop-events",
        "--source-prefix",
        "com.example.shop.",
    )
    assert code == EXIT_OK, err
    registry = load_registry(project / "schemas")
    assert registry.config.name == "shop"
    assert registry.config.event_bus == "shop-events"
    assert registry.config.source_prefix == "com.example.shop."
    assert registry.config.tables["codegen"] == {"package": "shop_events"}
    assert registry.event("accounts/AccountCreated").source == "com.example.shop.accounts"


def test_defaults_come_from_the_folder_name(project: Path) -> None:
    assert run("init", project, "--package", "x_events")[0] == EXIT_OK
    config = load_registry(project / "schemas").config
    assert (config.name, config.event_bus, config.source_prefix) == (
        "orders-service",
        "default",
        "orders-service.",
    )


def test_no_ci_and_no_pre_commit(project: Path) -> None:
    assert run("init", project, "--package", "p", "--no-ci")[0] == EXIT_OK
    assert files_in(project) == ALL_FILES - {".github/workflows/eventkit.yml"}
    other = project.parent / "other"
    other.mkdir()
    assert run("init", other, "--package", "p", "--no-ci", "--no-pre-commit")[0] == EXIT_OK
    assert files_in(other) == {f for f in ALL_FILES if f.startswith("schemas/")}


@pytest.mark.parametrize("existing", [".pre-commit-config.yaml", ".github/workflows/eventkit.yml"])
def test_never_overwrites_a_file_and_writes_nothing(project: Path, existing: str) -> None:
    (project / existing).parent.mkdir(parents=True, exist_ok=True)
    (project / existing).write_text("mine\n")
    before = snapshot(project)
    code, _, err = run("init", project, "--package", "p")
    assert code == EXIT_USAGE
    assert existing in err
    assert snapshot(project) == before  # nothing written, nothing changed
    assert not (project / "schemas").exists()
    with pytest.raises(InitError) as raised:
        init_project(project, package="p")
    assert raised.value.code == "init-refused"
    assert raised.value.paths == (existing,)


def test_every_existing_file_is_named(project: Path) -> None:
    for rel in (".pre-commit-config.yaml", "schemas/accounts/AccountCreated/1.0.0.json"):
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text("mine\n")
    with pytest.raises(InitError) as raised:
        init_project(project, package="p")
    assert set(raised.value.paths) == {
        ".pre-commit-config.yaml",
        "schemas/accounts/AccountCreated/1.0.0.json",
    }


def test_a_dangling_symlink_counts_as_an_existing_file(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "outside.yaml"
    (project / ".pre-commit-config.yaml").symlink_to(target)
    code, _, err = run("init", project, "--package", "p")
    assert code == EXIT_USAGE
    assert ".pre-commit-config.yaml" in err
    assert not target.exists()


def test_refuses_a_folder_that_is_already_a_registry(project: Path) -> None:
    assert run("init", project, "--package", "p")[0] == EXIT_OK
    before = snapshot(project)
    code, _, err = run("init", project, "--package", "p", "--no-ci", "--no-pre-commit")
    assert code == EXIT_USAGE
    assert "eventkit.toml" in err
    assert snapshot(project) == before
    # the folder named is itself a registry
    code, _, err = run("init", project / "schemas", "--package", "p")
    assert code == EXIT_USAGE
    assert "eventkit.toml" in err
    assert snapshot(project) == before


def test_never_writes_through_a_symlink_out_of_the_folder(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (project / ".github").symlink_to(outside, target_is_directory=True)
    code, _, err = run("init", project, "--package", "p")
    assert code == EXIT_USAGE
    assert ".github" in err
    assert list(outside.iterdir()) == []
    assert files_in(project) == set()
    assert not (project / "schemas").exists()


@pytest.mark.parametrize(
    ("folder", "hint"),
    [
        (".github", "hint: move .github aside, or pass --no-ci\n"),
        ("schemas", "hint: move schemas aside\n"),  # --no-ci would not help: refused anyway
    ],
)
def test_a_linked_folder_hint_offers_only_what_helps(
    project: Path, tmp_path: Path, folder: str, hint: str
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (project / folder).symlink_to(outside, target_is_directory=True)
    code, _, err = cli("init", str(project), "--package", "p")
    assert code == EXIT_USAGE
    assert hint in err
    if folder == "schemas":  # the hint said --no-ci / --no-pre-commit; they change nothing
        code, _, err = cli("init", str(project), "--package", "p", "--no-ci", "--no-pre-commit")
        assert code == EXIT_USAGE
        assert "schemas is a symbolic link" in err
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--package", "my-events"),
        ("--package", "class"),
        ("--registry-name", "my registry"),
        ("--bus", "bad/bus"),
        ("--source-prefix", "aws."),
        ("--source-prefix", " lead"),
    ],
)
def test_a_bad_option_writes_nothing(project: Path, option: str, value: str) -> None:
    args: list[str | Path] = ["init", project, "--package", "ok_events", option, value]
    code, _, err = run(*args)
    assert code == EXIT_USAGE
    assert value.strip() in err
    assert "Traceback" not in err
    assert files_in(project) == set()


@pytest.mark.parametrize(
    ("package", "why"),
    [
        ("class", "'class' is a Python keyword"),
        ("my-events", "'my-events' is not an identifier"),
        ("acme..events", "'acme..events' has an empty part"),
        ("acme.events.", "'acme.events.' has an empty part"),
    ],
)
def test_a_package_that_is_not_an_import_name_says_why(
    project: Path, package: str, why: str
) -> None:
    """Each reason a --package name cannot be imported is named (it said "'class' is not a
    name" for a keyword, and "'' is not a name" for a doubled dot)."""
    code, _, err = run("init", project, "--package", package)
    assert code == EXIT_USAGE
    assert why in err
    assert "'' is not a name" not in err


@pytest.mark.parametrize("prefix", ["aws.", " lead"])
def test_a_bad_source_prefix_hint_names_one_that_works(project: Path, prefix: str) -> None:
    """The hint named registry files init has not written (`change source_prefix or the
    source (envelope = "foreign" ...)`); it now gives a prefix, which init then accepts."""
    code, _, err = run("init", project, "--package", "p_events", "--source-prefix", prefix)
    assert code == EXIT_USAGE
    assert "envelope" not in err
    hint = err[err.index("hint: ") :]
    suggested = shlex.split(hint)[-1]
    assert suggested == "orders-service."
    code, _, err = run("init", project, "--package", "p_events", "--source-prefix", suggested)
    assert code == EXIT_OK, err


def test_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    code, _, err = run("init", tmp_path / "nope", "--package", "p")
    assert code == EXIT_USAGE
    assert "nope" in err
    assert not (tmp_path / "nope").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_failed_write_leaves_the_folder_as_it_was(project: Path) -> None:
    (project / ".github").mkdir()
    (project / ".github").chmod(0o555)
    try:
        code, _, _ = run("init", project, "--package", "p")
    finally:
        (project / ".github").chmod(0o755)
    assert code == EXIT_USAGE
    assert files_in(project) == set()
    assert not (project / "schemas").exists()


def test_the_workflow_runs_the_gate() -> None:
    from eventkit.project_init import planned_files

    files = planned_files(name="n", bus="b", source_prefix="n.", package="p")
    workflow = yaml.safe_load(files[".github/workflows/eventkit.yml"])
    steps = workflow["jobs"]["contracts"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    runs = [s["run"] for s in steps if "run" in s]
    assert f'pip install "eventkit[cli,codegen]=={__version__}"' in runs
    assert "eventkit lint --schemas schemas" in runs
    gate = next(s for s in steps if "--against" in s.get("run", ""))
    assert shlex.split(gate["run"]) == [
        "eventkit",
        "check",
        "--schemas",
        "schemas",
        "--against",
        "$AGAINST",
        "--format",
        "github",
    ]
    # The ref per event (pull request, merge queue, push): tests/cli/test_init_workflow_events.py
    assert set(gate["env"]) == {"AGAINST"}
    # No expression is pasted into a shell script: inputs reach it through the environment.
    assert not [run for run in runs if "${{" in run]
    assert "eventkit codegen --schemas schemas --check" in runs
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as True


def test_the_workflow_runs_for_any_default_and_target_branch() -> None:
    """A repository whose default branch is `master` or `trunk`, and a pull request to a
    release branch, get the gate too: no trigger filters branches (GitHub evaluates no
    expression under `on:`), and the job's condition names the default branch by context."""
    from eventkit.project_init import planned_files

    files = planned_files(name="n", bus="b", source_prefix="n.", package="p")
    workflow = yaml.safe_load(files[".github/workflows/eventkit.yml"])
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert set(triggers) == {"pull_request", "merge_group", "push"}
    for event, settings in triggers.items():
        filters = set(settings or {}) & {"branches", "branches-ignore", "paths", "tags"}
        assert not filters, (event, filters)
    condition = workflow["jobs"]["contracts"]["if"]
    assert " ".join(condition.split()) == (
        "github.event_name != 'push' || "
        "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)"
    )


def test_the_pre_commit_config_uses_this_repositorys_hooks() -> None:
    from eventkit.project_init import planned_files

    files = planned_files(name="n", bus="b", source_prefix="n.", package="p")
    config = yaml.safe_load(files[".pre-commit-config.yaml"])
    (repo,) = config["repos"]
    assert repo["rev"] == f"v{__version__}"
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in repo["hooks"]] == [h["id"] for h in hooks]


# -- `[codegen] package` and codegen without an output ----------------------------------------


def test_codegen_refuses_without_out_or_package(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("init", project, "--package", "p", "--no-ci", "--no-pre-commit")
    toml = project / "schemas" / "eventkit.toml"
    toml.write_text(toml.read_text().replace('package = "p"', ""))
    monkeypatch.chdir(project)
    code, _, err = run("codegen")
    assert code == EXIT_USAGE
    assert "[codegen] package" in err
    assert "Traceback" not in err
    assert not (project / "src" / "eventkit").exists()  # never the old default
    assert files_in(project / "src") == set()


def test_codegen_out_wins_over_package(project: Path) -> None:
    run("init", project, "--package", "p", "--no-ci", "--no-pre-commit")
    toml = project / "schemas" / "eventkit.toml"
    toml.write_text(toml.read_text() + 'out = "../gen/models"\n')
    assert run("codegen", "--schemas", project / "schemas")[0] == EXIT_OK
    assert (project / "gen" / "models" / "__init__.py").is_file()
    assert not (project / "src" / "p").exists()


@pytest.mark.parametrize("package", ["my-models", "eventkit"])  # not a name; a shadowing one
def test_codegen_names_a_package_python_cannot_import(project: Path, package: str) -> None:
    run("init", project, "--package", "p", "--no-ci", "--no-pre-commit")
    toml = project / "schemas" / "eventkit.toml"
    toml.write_text(toml.read_text().replace('package = "p"', f'package = "{package}"'))
    code, _, err = run("codegen", "--schemas", project / "schemas")
    assert code == EXIT_USAGE
    assert package in err
    assert files_in(project / "src") == set()


def test_this_repositorys_registry_still_generates_with_no_out() -> None:
    config = load_registry(REPO / "schemas").config
    assert (REPO / "schemas" / config.tables["codegen"]["out"]).resolve() == (
        REPO / "examples" / "shop_events"
    )


# -- a project below the top of its git repository ---------------------------------------------


def test_refuses_a_workflow_and_hooks_below_the_top_of_a_git_repository(tmp_path: Path) -> None:
    """GitHub reads .github/workflows/ and pre-commit .pre-commit-config.yaml only at the top
    of the repository: written in a sub-folder they would look like a gate and never run."""
    repo = tmp_path / "mono repo"
    project = repo / "services" / "billing"
    project.mkdir(parents=True)
    git(repo, "init", "-q")
    code, _, err = cli("init", str(project), "--package", "billing_events")
    assert code == EXIT_USAGE
    assert "services/billing/schemas" in err  # the hint's --schemas for the root's workflow
    assert files_in(project) == set()
    with pytest.raises(InitError) as caught:
        init_project(project, package="billing_events", ci=False)
    assert caught.value.path == str(repo.resolve())
    assert files_in(project) == set()
    # Without them, the registry is set up as usual; at the top, everything is written.
    code, _, err = cli("init", str(project), "--package", "b_events", "--no-ci", "--no-pre-commit")
    assert code == EXIT_OK, err
    assert files_in(project) == ALL_FILES - {
        ".github/workflows/eventkit.yml",
        ".pre-commit-config.yaml",
    }
    code, _, err = cli("init", str(repo), "--package", "r_events")
    assert code == EXIT_OK, err
    assert (repo / ".github" / "workflows" / "eventkit.yml").is_file()


def test_the_example_is_protected_once_committed_as_the_docs_say(tmp_path: Path) -> None:
    """docs/adopting.md: edit or delete init's example in the pull request that adds the
    registry; once on the target branch, `check --against` protects it like any version, and
    the suppression the docs show lets its deletion through."""
    git(tmp_path, "init", "-q")
    code, _, err = cli("init", str(tmp_path), "--package", "p_events")
    assert code == EXIT_OK, err
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "registry")
    code, _, err = cli("new", "billing/InvoiceIssued", cwd=tmp_path)  # the registry has another
    assert code == EXIT_OK, err
    shutil.rmtree(tmp_path / "schemas" / "accounts")  # "delete its folder"
    code, out, _ = cli("check", "--against", "HEAD", "--format", "json", cwd=tmp_path)
    assert code == EXIT_BREAKING
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["VERSION_DELETED"]
    section = (REPO / "docs" / "adopting.md").read_text(encoding="utf-8")
    section = section[section.index("## `eventkit init`") :]
    assert "in the pull request that adds the registry" in section
    suppression = section[section.index("```toml") + len("```toml") : section.index("  ```\n-")]
    config = tmp_path / "schemas" / "eventkit.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\n" + textwrap.dedent(suppression), encoding="utf-8"
    )
    code, _, err = cli("check", "--against", "HEAD", cwd=tmp_path)
    assert code == EXIT_OK, err
