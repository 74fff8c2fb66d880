"""A DPS as the parent contracting process: ``tender.techniques`` says it is a dynamic
purchasing system (or, for an open framework, a framework agreement), ``tender.lots`` are
its lots, and the regime is named in ``procurementMethodDetails`` (and ``specialRegime``
for light touch). Its call-offs point here through ``relatedProcesses``."""

from __future__ import annotations

from typing import Any

from services.contracts.domain.publication.facts import DpsFacts, DpsStatus, LotFacts
from services.contracts.domain.publication.ocds.parties import buyer, buyers
from services.contracts.domain.publication.values import (
    clean,
    cpv_for,
    day_end,
    day_start,
    iso,
)
from shared.regimes import Regime, rules_for

LIGHT_TOUCH = {Regime.PCR2015_LIGHT_TOUCH, Regime.PA2023_DYNAMIC_MARKET,
               Regime.PA2023_OPEN_FRAMEWORK}


def special_regime(regime: str) -> list[str] | None:
    """Social care is a light-touch service; under the PCR 2015 only a pseudo DPS says so."""
    return ["lightTouch"] if Regime(regime) in LIGHT_TOUCH else None


def _lot(lot: LotFacts, ended: bool) -> dict[str, Any]:
    notes = []
    if lot.closed_lot:
        notes.append("A closed lot: it admits providers only in its initial window.")
    if not lot.admission_open:
        notes.append("Not admitting providers now.")
    if lot.remote_delivery_allowed:
        notes.append("Virtual or remote support allowed.")
    out: dict[str, Any] = {
        "id": str(lot.lot_id),
        "title": clean(lot.title),
        "description": " ".join([f"Lot {clean(lot.code)}.", *notes]),
        "status": "complete" if ended else "active",
    }
    if lot.window_opens_at and lot.window_closes_at:
        out["tenderPeriod"] = {"startDate": iso(lot.window_opens_at),
                               "endDate": iso(lot.window_closes_at)}
    return out


def _techniques(facts: DpsFacts, ended: bool) -> dict[str, Any]:
    if Regime(facts.regime) is Regime.PA2023_OPEN_FRAMEWORK:
        return {"hasFrameworkAgreement": True, "frameworkAgreement": {
            "method": "withAndWithoutReopeningCompetition",
            "isOpenFrameworkScheme": True,
            "openFrameworkSchemeEndDate": day_end(facts.latest_end_on),
        }}
    status = "terminated" if ended else "active"
    return {"hasDynamicPurchasingSystem": True,
            "dynamicPurchasingSystem": {"type": "closed", "status": status}}


def dps_release(
    facts: DpsFacts, ocid: str, documents: list[dict[str, Any]]
) -> dict[str, Any]:
    """The DPS as now known (a full snapshot, before pruning against the record)."""
    ended = facts.status is not DpsStatus.OPEN
    label = rules_for(facts.regime, on=facts.rules_effective_from).label
    lead = facts.buyers[0]
    criteria = "; ".join(
        f"{clean(c.name)} ({c.kind.replace('_', ' ')}, {c.min_weight:g}-{c.max_weight:g}%)"
        for c in facts.criteria
    )
    tender: dict[str, Any] = {
        "id": str(facts.dps_id),
        "title": clean(facts.name),
        "description": (
            f"{label}, {len(facts.lots)} lot(s), run by {len(facts.buyers)} buyer(s); call-offs"
            " are awarded to its members as each person's care is needed."
        ),
        "status": "complete" if ended else "active",
        "procurementMethod": "selective",
        "procurementMethodDetails": label,
        "mainProcurementCategory": "services",
        "items": [
            {"id": str(lot.lot_id), "description": f"Lot {clean(lot.code)}",
             "classification": cpv_for(facts.service_category), "relatedLot": str(lot.lot_id)}
            for lot in facts.lots
        ],
        "tenderPeriod": {"startDate": iso(facts.opened_at),
                         "endDate": day_end(facts.current_end_on)},
        "contractPeriod": {"startDate": day_start(facts.starts_on),
                           "endDate": day_end(facts.current_end_on),
                           "maxExtentDate": day_end(facts.latest_end_on)},
        "techniques": _techniques(facts, ended),
        "lots": [_lot(lot, ended) for lot in facts.lots],
    }
    if criteria:
        tender["awardCriteria"] = "ratedCriteria"
        tender["awardCriteriaDetails"] = "Call-offs weight these, within the ranges: " + criteria
    regime = special_regime(facts.regime)
    if regime:
        tender["specialRegime"] = regime
    if ended and facts.ended_at:
        tender["finalStatusDate"] = iso(facts.ended_at)
    if documents:
        tender["documents"] = documents
    return {
        "ocid": ocid,
        "initiationType": "tender",
        "language": "en",
        "parties": buyers(facts.buyers, lead),
        "buyer": buyer(lead),
        "tender": tender,
    }
