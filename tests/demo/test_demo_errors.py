"""`dps demo` refuses in one line, saying what to do, when it has nothing to act on."""

from __future__ import annotations

from shared.localrun import ensure_local_secret
from tests.demo.support import dps, free_block, one_line


def test_demo_without_a_run_says_start_make_run_first(tmp_path):
    ensure_local_secret(tmp_path)  # a run was started here once, and has stopped
    port = free_block(4)
    said = one_line(dps("demo", "--data-dir", str(tmp_path), "--base-port", str(port)))
    assert said == (f"dps: no `dps run` answers at http://127.0.0.1:{port}: start `make run` "
                    "first (or give the --base-port and --data-dir of your run)")


def test_demo_without_a_data_folder_says_start_dps_run_there(tmp_path):
    missing = tmp_path / "var"
    said = one_line(dps("demo", "--data-dir", str(missing)))
    assert said.startswith(f"dps: no local secret in {missing}/: start `dps run --data-dir "
                           f"{missing}` first")


def test_demo_refuses_a_scale_or_port_it_cannot_use(tmp_path):
    said = one_line(dps("demo", "--data-dir", str(tmp_path), "--scale", "huge"), code=2)
    assert said == ("dps demo: Invalid value for --scale: 'huge': give small, full, or a factor "
                    "from 0.01 to 5 (see `dps demo --help`)")
    said = one_line(dps("demo", "--data-dir", str(tmp_path), "--base-port", "80"), code=2)
    assert "80 is not a usable port" in said
