"""The instruction-count benchmark's measured loops run (each under valgrind when the
benchmark itself runs; here without, so the suite stays quick): the floor's transaction, a
unit of work's commit of one event, and a consumer's in-order apply of one event and of a
batch, which fail if an event is not applied in order."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.instructions import KINDS


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_measured_loop_runs_on_postgresql(kind: str, tmp_path: Path) -> None:
    if not os.environ.get("DATABASE_URL"):
        pytest.skip("the benchmark is PostgreSQL's: set DATABASE_URL (CI does)")
    ran = subprocess.run(
        [sys.executable, "-m", "bench.instructions", "--child", kind, "5"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
