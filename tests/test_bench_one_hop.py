"""The one-hop benchmark runs from anywhere, floor and project alternating, and reports
each round's ratios and their median (its figures go in notes, never into assertions)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.nats


def _one_hop(tmp_path: Path, *options: str) -> str:
    """A short run of the bench from outside the project; what it printed."""
    ran = subprocess.run(
        [sys.executable, "-m", "bench.one_hop", "--events", "6", "--pace", "200",
         "--burst", "20", *options],
        cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    return ran.stdout


def test_rounds_alternate_and_end_with_the_median_ratio(tmp_path: Path) -> None:
    printed = _one_hop(tmp_path, "--rounds", "2")
    runs = [line.split()[0] for line in printed.splitlines()
            if line.startswith(("floor ", "project "))]
    assert runs == ["floor", "project", "project", "floor"]
    assert len(re.findall(r"^ratio +project/floor p50=", printed, re.M)) == 2
    assert re.search(
        r"^median of 2 rounds +p50=[\d.]+x \([\d.]+-[\d.]+\) p99=.* throughput=[\d.]+x",
        printed, re.M,
    ), printed


def test_the_consuming_end_can_run_in_a_process_of_its_own(tmp_path: Path) -> None:
    printed = _one_hop(tmp_path, "--processes", "2")
    assert "processes=2" in printed
    # Every event was reported back by the child (else the run ends with "not applied").
    for name in ("floor", "project"):
        found = re.search(rf"^{name} +one-hop ms p50= *([\d.]+) .* throughput= *(\d+)",
                          printed, re.M)
        assert found is not None, printed
        assert float(found.group(1)) > 0 and int(found.group(2)) > 0
