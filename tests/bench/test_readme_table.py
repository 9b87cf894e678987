"""bench/readme_table.py: the README's "Measured" table comes from a results file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import readme_table

HEADER = {
    "machine": {
        "cpu": "Test CPU",
        "cores": 2,
        "python": "3.11.7",
        "os": "Linux",
        "load_avg_1m": 1.0,
    },
    "date": "2026-01-02 03:04 UTC",
    "command": "bench/readme_table.py run --quick",
}
LINES = [
    {
        "bench": "compat.check_vs_version_process",
        "ratio": 3.2,
        "ratio_min": 2.8,
        "ratio_max": 3.6,
        "rounds": 5,
        "target": 2.5,
        "better": "lower",
        "ok": False,
        "floor_ratio": 1.4,
    },
    {
        "bench": "publish.moto_concurrent_vs_raw_sequential",
        "ratio": 1.66,
        "ratio_min": 1.3,
        "ratio_max": 2.0,
        "rounds": 5,
        "target": 1.4,
        "better": "higher",
        "ok": True,
    },
    {
        "bench": "scale.size.lint",
        "seconds": 1.0,
        "seconds_min": 1.0,
        "seconds_max": 1.0,
        "rounds": 5,
    },
    {"bench": "sync.noop_vs_first", "skipped": "stand-in not available"},
    {
        "bench": "compat.conformance_strict",
        "ratio": 0.9755,
        "rounds": 1,
        "target": 0.98,
        "better": "higher",
        "ok": False,
        "ceiling_ratio": 0.9755,
    },
]


def _results(tmp_path: Path) -> Path:
    path = tmp_path / "results.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in [HEADER, *LINES]) + "\n")
    return path


def test_render_rewrites_only_the_table_between_the_markers(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        f"# Title\n\n## Measured\n\nprose\n\n{readme_table.BEGIN}\nold table\n{readme_table.END}\n\n## Next\n"
    )
    readme_table.render(_results(tmp_path), readme)
    text = readme.read_text()
    assert text.startswith("# Title\n\n## Measured\n\nprose\n\n")
    assert text.endswith(f"{readme_table.END}\n\n## Next\n")
    assert "old table" not in text
    assert "2026-01-02 03:04 UTC" in text
    assert "Test CPU" in text
    rows = [r for r in text.splitlines() if r.startswith("| ")]
    check = next(r for r in rows if "eventkit check" in r)
    assert "3.2 (2.8-3.6, 5 rounds); floor 1.4" in check
    assert check.endswith("| ≤ 2.5 | **no** |")
    concurrent = next(r for r in rows if "concurrent vs raw" in r)
    assert concurrent.endswith("| ≥ 1.4 | yes |")
    assert any("stand-in not available" in r for r in rows)
    conformance = next(r for r in rows if "Confluent's BACKWARD verdicts" in r)
    assert "| 0.976; ceiling 0.976 | ≥ 0.98 | **no** |" in conformance
    assert not any("scale.size" in r for r in rows)  # per-size raw lines stay in the file


def test_render_refuses_a_readme_without_markers(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n")
    with pytest.raises(SystemExit, match="markers"):
        readme_table.render(_results(tmp_path), readme)
    assert readme.read_text() == "# Title\n"


def test_the_repository_readme_has_the_markers() -> None:
    text = readme_table.README.read_text()
    assert text.index(readme_table.BEGIN) < text.index(readme_table.END)
