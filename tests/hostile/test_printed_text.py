"""Text a registry holds reaches the terminal or CI log one line per problem or finding.

A file name, a key or a property name may hold a line break or an escape sequence. Printed as
they were, they started lines of their own (a GitHub Actions workflow command such as
``::warning::``, which the workflow `eventkit init` writes runs lint and check for) and drove
the terminal (OSC 0 sets its title, OSC 52 writes the clipboard).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from eventkit.errors import EXIT_BREAKING, EXIT_PROBLEMS, EXIT_USAGE
from tests.registry._build import CONFIG, build, schema

INJECTED = "x\n::warning::INJECTED\x1b]0;title\x07"


def run(*args: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-c", "from eventkit.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def assert_one_line_each(out: str) -> None:
    assert not [line for line in out.splitlines() if line.startswith("::")], out
    assert "\x1b" not in out
    assert "\x07" not in out


def test_lint_prints_names_keys_and_pointers_on_their_own_line(tmp_path: Path) -> None:
    version = json.dumps(schema(), indent=2).replace(
        '"title": ', f"{json.dumps(INJECTED)}: 1, {json.dumps(INJECTED)}: 2, " + '"title": ', 1
    )
    root = build(
        tmp_path,
        {
            "s/E/1.0.0.json": version,
            "s/service.toml": f"{json.dumps(INJECTED)} = 1\n",
            f"_shared/{INJECTED}.json": "{not json",
        },
    )
    code, out = run("lint", "--schemas", str(root))
    assert code == EXIT_PROBLEMS, out
    assert out.count("::warning::INJECTED") >= 3  # the file, the JSON key, the settings key
    assert_one_line_each(out)
    code, out = run("check", "--schemas", str(root))
    assert code == EXIT_USAGE, out
    assert_one_line_each(out)


def test_check_prints_each_finding_on_one_line(tmp_path: Path) -> None:
    strict = CONFIG + '[compatibility]\npolicy = "STRICT"\n'
    old = schema(properties={INJECTED: {"type": "string"}}, required=[INJECTED])
    old["examples"] = [{INJECTED: "x"}]
    root = build(tmp_path, {"s/E/1.0.0.json": old, "s/E/1.1.0.json": schema()}, config=strict)
    code, out = run("check", "--schemas", str(root))
    assert code == EXIT_BREAKING, out
    assert "PROPERTY_REMOVED" in out
    assert_one_line_each(out)


def test_lint_summary_prints_an_owner_on_its_line(tmp_path: Path) -> None:
    root = build(tmp_path, {"s/E/1.0.0.json": schema(), "s/service.toml": "owner = 'team'\n"})
    (root / "s" / "service.toml").write_text(f"owner = {json.dumps(INJECTED)}\n", encoding="utf-8")
    code, out = run("lint", "--schemas", str(root), "--summary")
    assert code == 0, out
    assert "owner x\\n::warning::INJECTED" in out
    assert_one_line_each(out)
