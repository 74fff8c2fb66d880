"""`dps demo`, as a newcomer runs it: a real `dps run` in one process, the demo in another.

A small year is played through the public APIs and summed up in a table that agrees with
what the services hold (every awarded call-off has exactly one contract, the spend is the
contracts service's); a second run plays the next year on the same DPSs, and a run killed
half-way is finished by the next; a run the demo cannot act on, a second demo at once, and a
failure half-way end in one line saying what to do.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import httpx
import pytest

from shared.cli import main
from shared.demo import examples
from shared.demo.client import ApiError
from shared.demo.scene import financial_year_after, year_label
from shared.demo.seeds import SEEDS
from shared.demo.summary import ROWS, pounds
from shared.http.tokens import mint_token
from shared.localrun import CLOCK_FILE, ensure_local_secret, read_local_secret
from tests.demo.support import (
    ROOT,
    Run,
    dps,
    environment,
    number,
    one_line,
    rows,
    start_run,
    stop_run,
)

pytestmark = [pytest.mark.nats, pytest.mark.slow]

LIVE = ("draft", "active", "extended")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    started = start_run(tmp_path_factory.mktemp("demo-run"))
    try:
        yield started
    finally:
        stop_run(started.process)


def council(run: Run) -> httpx.Client:
    token = mint_token(read_local_secret(run.data_dir), subject="auditor-1",
                       organisation="kent-cc", roles=["commissioner"])
    return httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=30)


def every(client: httpx.Client, url: str, **params: str) -> list[dict]:
    items: list[dict] = []
    cursor = None
    while True:
        page = client.get(url, params={**params, "limit": 200,
                                       **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if not cursor:
            return items


def test_demo_refuses_a_run_of_another_data_folder_in_one_line(run, tmp_path):
    ensure_local_secret(tmp_path)  # another folder's secret: the run refuses its tokens
    if (run.data_dir / CLOCK_FILE).exists():  # the same time, so only the secret differs
        shutil.copy(run.data_dir / CLOCK_FILE, tmp_path / CLOCK_FILE)
    said = one_line(dps("demo", "--data-dir", str(tmp_path), "--base-port",
                        str(run.base_port), "--scale", "small"))
    assert said == (f"dps: the run at {run.registry} refuses tokens signed with "
                    f"{tmp_path}/local-jwt-secret: give the --data-dir of that run")


def test_a_failure_half_way_ends_in_one_line_saying_what_to_do(run, monkeypatch, capsys):
    async def refused(*_: object) -> None:
        raise ApiError("POST", "/call-offs/1/publish", 409,
                       {"type": "urn:care-dps:problem:call_off_not_draft",
                        "detail": "The call-off is not a draft."})

    monkeypatch.setattr("shared.demo.run.play_year", refused)
    code = main(["demo", "--data-dir", str(run.data_dir), "--base-port", str(run.base_port)])
    err = capsys.readouterr().err
    assert code == 1
    assert err == (
        "dps: the demo stopped: POST /call-offs/1/publish: 409 call_off_not_draft: The call-off"
        f" is not a draft. (the services' logs are in {run.data_dir}/logs/; `dps demo` again "
        "finishes what was left)\n")


def test_demo_plays_a_year_on_the_run_then_the_next(run):
    year = financial_year_after(date.today())
    first = dps("demo", "--data-dir", str(run.data_dir), "--base-port", str(run.base_port),
                "--scale", "small")
    assert first.returncode == 0, first.stdout + first.stderr
    assert f"financial year {year_label(year)}" in first.stdout
    table = rows(first.stdout)
    titles = [seed.title for seed in SEEDS]
    assert table[""][:3] == titles and table[""][3] == "All three"
    shown_if_any = {"cancelled", "still open", "Contracts ended"}
    labels = {label.strip() for label, _, _ in ROWS} - shown_if_any
    assert labels <= set(table), first.stdout  # every row, none wrapped

    # Every count adds up across the three DPSs, and each call-off ended one way or another.
    for label in ("Lots", "Call-offs published", "awarded", "unsuccessful", "Contracts live",
                  "Responses", "Committed annual spend", "Annual budget"):
        values = [number(v) for v in table[label]]
        pence = label in ("Committed annual spend", "Annual budget")  # each shown to the pound
        assert abs(sum(values[:3]) - values[3]) <= (2 if pence else 0), (label, values)
    assert [number(v) for v in table["Lots"][:3]] == [1, 3, 1]
    published = [number(v) for v in table["Call-offs published"][:3]]
    awarded = [number(v) for v in table["awarded"][:3]]
    unsuccessful = [number(v) for v in table["unsuccessful"][:3]]
    assert "still open" not in table
    assert [a + u for a, u in zip(awarded, unsuccessful, strict=True)] == published
    assert all(n > 0 for n in awarded)
    assert number(table["direct call-offs among them"][2]) >= 3  # Sefton's immediate call-off
    assert number(table["existing placements moved on"][1]) > 0  # Kent's provision moved on
    assert number(table["Responses"][3]) > 0 and number(table["Awards signed"][3]) == sum(
        awarded)

    with council(run) as client:
        base = run.registry
        calloff, contracts = (f"http://127.0.0.1:{run.base_port + n}" for n in (1, 3))
        listed = {d["name"]: d for d in every(client, f"{base}/dps")}
        dps_ids = []
        for seed in SEEDS:
            found = listed[examples.load(seed.example)["name"]]
            assert found["status"] == "open"
            dps_ids.append(found["id"])
        spend = client.get(f"{contracts}/spend", params={"financial_year": year}).json()
        for n, dps_id in enumerate(dps_ids):
            call_offs = every(client, f"{calloff}/call-offs", dps_id=dps_id)
            made = [c for c in every(client, f"{contracts}/contracts", dps_id=dps_id)
                    if c["origin"] == "call_off"]
            won = [c for c in call_offs if c["status"] == "awarded"]
            assert len(won) == awarded[n]
            # Exactly one contract for each awarded call-off, with the provider awarded.
            assert sorted(c["call_off_id"] for c in made) == sorted(c["id"] for c in won)
            by_call_off = {c["call_off_id"]: c for c in made}
            for c in won:
                assert by_call_off[c["id"]]["id"] == c["contract_id"]
                assert by_call_off[c["id"]]["provider_id"] == c["awarded_provider_id"]
            line = next(s for s in spend["by_dps"] if s["dps_id"] == dps_id)
            assert table["Committed annual spend"][n] == pounds(
                Decimal(line["committed_annual_spend"]))
            assert table["Annual budget"][n] == pounds(Decimal(line["annual_budget"]))
        kent = client.get(f"{base}/dps/{dps_ids[1]}").json()
        windows = [w for w in kent["windows"] if w["status"] == "closed"]
        assert len(windows) == 1 and windows[0]["opens_at"].startswith(f"{year}-10-01")
        staffordshire_end = listed[examples.load(SEEDS[0].example)["name"]]["current_end_on"]

    # Again: the next year on the same DPSs, Staffordshire's term extended to cover it.
    second = dps("demo", "--data-dir", str(run.data_dir), "--base-port", str(run.base_port),
                 "--scale", "small")
    assert second.returncode == 0, second.stdout + second.stderr
    assert f"financial year {year_label(year + 1)}" in second.stdout
    again = rows(second.stdout)
    assert labels <= set(again), second.stdout
    assert number(again["Call-offs published"][3]) > number(table["Call-offs published"][3])
    assert number(again["Providers with an active membership"][3]) > number(
        table["Providers with an active membership"][3])
    with council(run) as client:
        names = {d["name"]: d for d in every(client, f"{run.registry}/dps")}
        assert len([n for n in names if n in {examples.load(s.example)["name"]
                                              for s in SEEDS}]) == 3  # no second set-up
        assert names[examples.load(SEEDS[0].example)["name"]]["current_end_on"] > (
            staffordshire_end)


def test_a_demo_killed_half_way_is_finished_by_the_next(run):
    """One demo at a time; one killed mid-year leaves call-offs open, and the next run
    finishes them before it goes on with the year."""
    args = ["demo", "--data-dir", str(run.data_dir), "--base-port", str(run.base_port),
            "--scale", "small"]
    first = subprocess.Popen([sys.executable, "-m", "shared.cli", *args],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             cwd=ROOT, env={**environment(), "PYTHONUNBUFFERED": "1"})
    try:
        assert first.stdout is not None
        for line in first.stdout:
            if "care packages out" in line or "care package out" in line:
                break
        with council(run) as client:  # killed with call-offs out, not yet decided
            calloff = f"http://127.0.0.1:{run.base_port + 1}"
            deadline = time.monotonic() + 60
            while not every(client, f"{calloff}/call-offs", status="published"):
                assert time.monotonic() < deadline, "no call-off was published"
                time.sleep(0.05)  # between looks at the condition, not in place of one
        said = one_line(dps(*args))
        assert said.startswith(f"dps: another `dps demo` (pid {first.pid}) is playing on the "
                               f"run of {run.data_dir}")
    finally:
        first.kill()
        first.wait()
    again = dps(*args)
    assert again.returncode == 0, again.stdout + again.stderr
    table = rows(again.stdout)
    assert "still open" not in table
    with council(run) as client:
        calloff = f"http://127.0.0.1:{run.base_port + 1}"
        for status in ("draft", "published", "closed"):
            assert every(client, f"{calloff}/call-offs", status=status) == []
