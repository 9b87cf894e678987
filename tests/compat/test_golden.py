"""The engine reports what it reported before its speed-ups (issue 16): every verdict, message,
pointer, path and example on this repository's pairs and on Confluent's corpus, both ways round,
under each policy and format setting (tests/compat/golden/findings.py)."""

from __future__ import annotations

import pytest

from tests.compat.golden import findings


def _mismatches(golden: dict[str, str], actual: dict[str, str]) -> list[str]:
    assert golden.keys() == actual.keys()
    return [key for key, digest in actual.items() if golden[key] != digest]


def test_local_pairs_report_as_before() -> None:
    golden = findings.read_golden(findings.LOCAL_GOLDEN)
    assert _mismatches(golden, findings.digests(findings.local_pairs())) == []


@pytest.mark.corpus
@pytest.mark.skipif(not findings.CORPUS_FILE.exists(), reason="third-party corpus absent")
def test_corpus_pairs_report_as_before() -> None:
    golden = findings.read_golden(findings.CORPUS_GOLDEN)
    assert _mismatches(golden, findings.digests(findings.corpus_pairs())) == []
