"""A settings file (eventkit.toml, service.toml, event.toml) saved in another encoding than
UTF-8 (a Windows editor's Latin-1 "é") is named with the line of the first such byte and the
fix, as a schema file is, instead of Python's codec error and a byte offset
("'utf-8' codec can't decode byte 0xe9 in position 855")."""

from __future__ import annotations

from pathlib import Path

from eventkit.errors import EXIT_PROBLEMS, EXIT_USAGE
from eventkit.project_init import init_project
from tests._child_cli import cli

LATIN_1_LINE = '# owner: "Équipe comptes"\n'.encode("latin-1")


def _append_latin_1(path: Path) -> int:
    """Append a Latin-1 comment line to `path`; the number of that line."""
    data = path.read_bytes()
    path.write_bytes(data + LATIN_1_LINE)
    return data.count(b"\n") + 1


def test_eventkit_toml_not_utf8_names_the_line(tmp_path: Path) -> None:
    init_project(tmp_path, package="p_events", ci=False, pre_commit=False)
    line = _append_latin_1(tmp_path / "schemas" / "eventkit.toml")
    code, _, err = cli("lint", cwd=tmp_path)
    assert code == EXIT_USAGE
    assert "eventkit.toml" in err
    assert f"not UTF-8 text (line {line})" in err
    assert "hint: save it as UTF-8" in err
    assert "codec" not in err
    assert "position" not in err


def test_service_toml_not_utf8_is_a_problem_at_its_line(tmp_path: Path) -> None:
    init_project(tmp_path, package="p_events", ci=False, pre_commit=False)
    service = tmp_path / "schemas" / "accounts" / "service.toml"
    service.write_text('description = "Accounts."\n', encoding="utf-8")
    line = _append_latin_1(service)
    code, out, _ = cli("lint", cwd=tmp_path)
    assert code == EXIT_PROBLEMS  # a problem in a file, as bad TOML there is
    assert f"accounts/service.toml:{line}: config-invalid: not UTF-8 text" in out
    assert "hint: save it as UTF-8" in out
    assert "codec" not in out
