"""The benches import each other as top-level modules (`python bench/NAME.py` puts bench/ on
sys.path); so do these tests. Appended, so nothing of the project's is shadowed."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:
    sys.path.append(str(BENCH))
