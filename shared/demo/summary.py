"""The demo's closing summary, read back through the four services' public APIs: what the
registry holds (lots, providers, applications), the call-off service (call-offs by outcome,
invitations, responses), the contracts service (awards, contracts, committed spend against
budget and the reference rates)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.table import Table

from shared.demo.client import CareDps
from shared.demo.market import each
from shared.demo.scene import Scene, year_label
from shared.workdays import local_date

LIVE = ("draft", "active", "extended")
Figure = int | Decimal | str | None


@dataclass
class Column:
    """The figures of one DPS."""

    title: str
    figures: dict[str, Figure] = field(default_factory=dict)
    rates: list[dict[str, Any]] = field(default_factory=list)
    buyers: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Summary:
    year: int
    as_of: str
    columns: list[Column]


#: (label, key, how to add up the column "All three"; None: leave it blank)
ROWS: list[tuple[str, str, str | None]] = [
    ("DPS open until", "status", None),
    ("Lots", "lots", "sum"),
    ("Providers with an active membership", "providers", "sum"),
    ("Lot memberships (active)", "memberships", "sum"),
    ("Applications", "applications", "sum"),
    ("Call-offs published", "call_offs", "sum"),
    ("  direct call-offs among them", "direct", "sum"),
    ("  awarded", "awarded", "sum"),
    ("  unsuccessful", "unsuccessful", "sum"),
    ("    sent again as a direct call-off", "republished", "sum"),
    ("  cancelled", "cancelled", "sum"),
    ("  still open", "open", "sum"),
    ("Invitations to members", "invitations", "sum"),
    ("Responses", "responses", "sum"),
    ("Awards signed", "awards", "sum"),
    ("  offers declined, passed down the list", "declined", "sum"),
    ("Contracts live", "live", "sum"),
    ("  from call-offs", "from_call_offs", "sum"),
    ("  existing placements moved on", "transitioned", "sum"),
    ("  extended", "extended", "sum"),
    ("Contracts ended", "ended", "sum"),
    ("Committed annual spend", "committed", "money"),
    ("Annual budget", "budget", "money"),
    ("Budget remaining", "remaining", "money"),
    ("Savings against the baseline", "savings", "money"),
    ("Savings target", "savings_target", "money"),
    ("Days from requirement to contract (median)", "days", None),
]


async def collect(system: CareDps, scenes: list[Scene], year: int) -> Summary:
    report = await system.get("contracts", "/spend", scenes[0].commissioner,
                              financial_year=year)
    columns = [await _column(system, scene, report) for scene in scenes]
    return Summary(year=year, as_of=local_date(system.now()).isoformat(), columns=columns)


async def _column(system: CareDps, scene: Scene, report: dict[str, Any]) -> Column:
    council, dps = scene.commissioner, scene.dps
    dps_id = dps["id"]
    memberships = await system.all_pages("registry", "/memberships", council, dps_id=dps_id,
                                         status="active")
    applications = await system.all_pages("registry", "/applications", council, dps_id=dps_id)
    call_offs = await system.all_pages("calloff", "/call-offs", council, dps_id=dps_id)
    awards = await system.all_pages("contracts", "/awards", council, dps_id=dps_id)
    contracts = await system.all_pages("contracts", "/contracts", council, dps_id=dps_id)
    responses = await _responses(system, scene, call_offs)
    status = Counter(c["status"] for c in call_offs)
    live = [c for c in contracts if c["status"] in LIVE]
    line = next((s for s in report["by_dps"] if s["dps_id"] == dps_id), None) or {}
    figures: dict[str, Figure] = {
        "status": dps["current_end_on"] if dps["status"] == "open" else dps["status"],
        "lots": len(dps["lots"]),
        "providers": len({m["provider_id"] for m in memberships}),
        "memberships": len(memberships),
        "applications": len(applications),
        "call_offs": sum(c["status"] != "draft" for c in call_offs),
        "direct": sum(c["kind"] == "direct_award" for c in call_offs if c["status"] != "draft"),
        "awarded": status["awarded"],
        "unsuccessful": status["unsuccessful"],
        "republished": sum(c["republished_as"] is not None for c in call_offs),
        "cancelled": status["cancelled"],
        "open": status["published"] + status["closed"],
        "invitations": sum(c["invitee_count"] or 0 for c in call_offs),
        "responses": responses,
        "awards": sum(a["status"] == "awarded" for a in awards),
        "declined": sum(c["status"] == "declined" for a in awards for c in a["candidates"]),
        "live": len(live),
        "from_call_offs": sum(c["origin"] == "call_off" for c in live),
        "transitioned": sum(c["origin"] == "transition" for c in live),
        "extended": sum(c["options_taken"] > 0 for c in live),
        "ended": sum(c["status"] in ("ended", "terminated") for c in contracts),
        "committed": _money(line.get("committed_annual_spend")),
        "budget": _money(line.get("annual_budget")),
        "remaining": _money(line.get("budget_remaining")),
        "savings": _money(line.get("savings")) if line.get("savings_target") else None,
        "savings_target": _money(line.get("savings_target")),
        "days": _money(line.get("median_days_to_contract")),
    }
    buyers = [b for b in report["by_buyer"] if b["dps_id"] == dps_id]
    return Column(scene.seed.title, figures, line.get("rates", []),
                  buyers if len(dps["buyers"]) > 1 else [])


async def _responses(system: CareDps, scene: Scene, call_offs: list[dict[str, Any]]) -> int:
    counted = 0

    async def count(call_off: dict[str, Any]) -> None:
        nonlocal counted
        listed = await system.all_pages("calloff", f"/call-offs/{call_off['id']}/responses",
                                        scene.commissioner)
        counted += sum(r["status"] != "withdrawn" for r in listed)

    await each([c for c in call_offs if c["status"] != "draft"], count)
    return counted


def _money(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def pounds(value: Figure) -> str:
    if value is None or isinstance(value, str):
        return value or ""
    return f"-£{-Decimal(value):,.0f}" if value < 0 else f"£{Decimal(value):,.0f}"


def render(summary: Summary, console: Console) -> None:
    """The tables: the three DPSs side by side; awarded rates against the reference rates;
    a joint commission's spend by buyer."""
    table = Table(title=f"care-dps demo: the seeds' three DPSs, financial year "
                        f"{year_label(summary.year)} (as of {summary.as_of})",
                  title_justify="left")
    table.add_column("")
    for column in summary.columns:
        table.add_column(column.title, justify="right")
    table.add_column("All three", justify="right")
    for label, key, total in ROWS:
        values = [c.figures.get(key) for c in summary.columns]
        if key in ("cancelled", "open", "ended") and not any(values):
            continue
        known = [v for v in values if isinstance(v, int | Decimal)]
        whole = sum(known, Decimal(0)) if total and known else None
        show = pounds if total == "money" else _plain
        table.add_row(label, *[show(v) for v in values], show(whole))
    console.print(table)
    _render_rates(summary, console)
    _render_buyers(summary, console)


def _plain(value: Figure) -> str:
    if value is None or isinstance(value, str):
        return value or ""
    return f"{value:,}"


def _render_rates(summary: Summary, console: Console) -> None:
    table = Table(title="Awarded rates against the reference rates (live contracts)",
                  title_justify="left")
    for name, justify in (("DPS", "left"), ("rate", "left"), ("contracts", "right"),
                          ("average awarded", "right"), ("reference range", "right"),
                          ("against the maximum", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for column in summary.columns:
        for rate in column.rates:
            low, high = rate["reference_min"], rate["reference_max"]
            percent = rate["against_reference_max_percent"]
            table.add_row(
                column.title, f"{rate['element']} per {rate['unit']}", str(rate["contracts"]),
                f"£{Decimal(rate['average_awarded']):,.2f}",
                f"£{Decimal(low):,.2f} to £{Decimal(high):,.2f}" if high else "fixed rate",
                f"{Decimal(percent):+}%" if percent is not None else "",
            )
    console.print(table)


def _render_buyers(summary: Summary, console: Console) -> None:
    for column in summary.columns:
        if not column.buyers:
            continue
        table = Table(title=f"{column.title}: committed spend by buyer (joint commission)",
                      title_justify="left")
        for name in ("buyer", "committed annual spend", "annual budget", "remaining"):
            table.add_column(name, justify="left" if name == "buyer" else "right")
        for line in column.buyers:
            table.add_row(line["buyer"], pounds(_money(line["committed_annual_spend"])),
                          pounds(_money(line["annual_budget"])),
                          pounds(_money(line["budget_remaining"])))
        console.print(table)
