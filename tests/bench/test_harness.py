"""bench/_harness.py: how every benchmark figure is taken."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import _harness
import pytest


def _recording(log: list[str], name: str, seconds: float) -> _harness.Side:
    def side() -> float:
        log.append(name)
        return seconds

    return side


def test_sides_run_interleaved_after_one_warmup_turn() -> None:
    log: list[str] = []
    times = _harness.interleave(
        {"a": _recording(log, "a", 2.0), "b": _recording(log, "b", 1.0)}, rounds=5
    )
    assert log == ["a", "b"] * 6  # warm-up, then A B A B ...
    assert times == {"a": [2.0] * 5, "b": [1.0] * 5}


def test_fewer_than_five_rounds_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 5"):
        _harness.interleave({"a": lambda: 1.0}, rounds=4)


def test_the_figure_is_the_median_of_per_round_ratios_with_min_and_max() -> None:
    times = {"a": [2.0, 9.0, 3.0, 4.0, 10.0], "b": [1.0, 3.0, 1.0, 1.0, 2.0]}
    ratio = _harness.paired(times, "a", "b")  # per round: 2, 3, 3, 4, 5
    assert (ratio.median, ratio.min, ratio.max, ratio.rounds) == (3.0, 2.0, 5.0, 5)


def test_emit_prints_one_json_line_with_ratio_target_and_raw_numbers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    times = {"ours": [0.002, 0.003, 0.002, 0.002, 0.004], "base": [0.001] * 5}
    _harness.compare("x.ours_vs_base", times, "ours", "base", target=2.5, better="lower")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    line = json.loads(lines[0])
    assert line["bench"] == "x.ours_vs_base"
    assert (line["ratio"], line["ratio_min"], line["ratio_max"], line["rounds"]) == (2, 2, 4, 5)
    assert (line["target"], line["better"], line["ok"]) == (2.5, "lower", True)
    assert line["ours_ms"] == {"median": 2.0, "min": 2.0, "max": 4.0, "rounds": 5}
    assert line["base_ms"]["median"] == 1.0


def test_a_speedup_figure_is_judged_higher_is_better(capsys: pytest.CaptureFixture[str]) -> None:
    times = {"base": [3.0] * 5, "ours": [2.0] * 5}
    _harness.compare("x.speed", times, "base", "ours", target=2.0, better="higher")
    line = json.loads(capsys.readouterr().out)
    assert (line["ratio"], line["ok"]) == (1.5, False)


def test_a_process_side_reports_its_own_peak_memory() -> None:
    big = _harness.process(
        [sys.executable, "-c", "b = bytearray(120 * 2**20); b[::4096] = b'x' * len(b[::4096])"]
    )
    small = _harness.process([sys.executable, "-c", "pass"])
    assert big() > 0
    assert small() > 0
    # wait4 gives each child's own peak, not the maximum over all children so far
    assert big.peak_rss_mb[0] > 120
    assert small.peak_rss_mb[0] < 60


def test_a_failing_process_stops_the_bench_naming_the_command() -> None:
    side = _harness.process([sys.executable, "-c", "import sys; sys.exit(3)"])
    with pytest.raises(SystemExit, match="exited 3"):
        side()


def test_bytecode_is_written_even_when_pythondontwritebytecode_is_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    (tmp_path / "mod.py").write_text("X = 1\n")
    _harness.compile_bytecode(tmp_path)
    assert list((tmp_path / "__pycache__").glob("mod.*.pyc"))
