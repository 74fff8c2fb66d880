"""A call-off (or a placement moved onto the DPS) as its own contracting process: its own
``ocid``, linked to its DPS by ``relatedProcesses`` (relationship ``framework``, the lot in
``relatedLots``); its tender, its award decisions (standstill, assessment summaries), its
contract with amendments (extensions, variations) and implementation (end, termination).

What the person needs is told only as a service: the lot's classification, the need band,
the weekly hours, nights or days, the postcode district, the dates and the value.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from services.contracts.domain.publication.facts import (
    AmendmentFacts,
    AmendmentKind,
    AwardFacts,
    AwardStatus,
    CallOffFacts,
    ContractFacts,
    ContractStatus,
    ProcessKind,
)
from services.contracts.domain.publication.ocds.dps import special_regime
from services.contracts.domain.publication.ocds.parties import buyer, buyers, supplier
from services.contracts.domain.publication.values import (
    clean,
    cpv_for,
    day_end,
    day_start,
    gbp,
    iso,
    pounds_text,
)
from services.contracts.domain.term import end_of_term

Documents = Mapping[str | None, list[dict[str, Any]]]
UNITS = {"hour": "hours", "night": "nights", "day": "days", "week": "weeks"}
METHODS = {
    "mini_competition": ("selective", "Mini-competition among the lot's members"),
    "direct_award": ("limited", "Direct award to a member of the lot"),
    "transition": ("limited", "Direct award: an existing placement moved onto the DPS"),
}


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _volume_text(facts: CallOffFacts) -> str:
    parts = [
        f"{v.per_week.normalize():f} {UNITS[v.unit]} a week of {clean(v.element)}"
        + (f" ({clean(v.band)})" if v.band else "")
        for v in facts.volumes
    ]
    return "; ".join(parts)


def _description(facts: CallOffFacts) -> str:
    what = "An individual care package"
    if facts.need_band:
        what += f" for {facts.need_band} needs"
    if facts.postcode_district:
        what += f" in {facts.postcode_district}"
    sentences = [what + "."]
    if facts.volumes:
        sentences.append(_volume_text(facts).capitalize() + ".")
    if facts.start_on and facts.initial_term_months:
        options = " + ".join(str(m) for m in facts.extension_months)
        term = f"From {_day(facts.start_on)}, {facts.initial_term_months} months"
        sentences.append(term + (f", with options of {options} months." if options else "."))
    if len(facts.shares) > 1:
        sentences.append("Jointly commissioned: " + ", ".join(
            f"{clean(s.buyer)} {s.percent.normalize():f}%" for s in facts.shares) + ".")
    if facts.annual_value is not None:
        sentences.append(f"Annual value {pounds_text(facts.annual_value)}.")
    return " ".join(sentences)


def _status(facts: CallOffFacts) -> str:
    if facts.contract is not None:
        return "complete"
    if facts.cancelled_at is not None:
        return "cancelled"
    if facts.unsuccessful_at is not None:
        return "unsuccessful"
    return "active"


def _tender(facts: CallOffFacts, documents: list[dict[str, Any]]) -> dict[str, Any]:
    method, details = METHODS.get(facts.method or "", ("selective", "Call-off"))
    tender: dict[str, Any] = {
        "id": str(facts.call_off_id or (facts.contract.contract_id if facts.contract else "")),
        "title": _title(facts),
        "description": _description(facts),
        "status": _status(facts),
        "procurementMethod": method,
        "procurementMethodDetails": details + " (a call-off under a dynamic purchasing system).",
        "mainProcurementCategory": "services",
        "items": [{"id": "1", "description": _volume_text(facts) or "Care and support",
                   "classification": cpv_for(None)}],
        "techniques": {"hasDynamicPurchasingSystem": True},
        "competitive": facts.method == "mini_competition",
    }
    if facts.whole_life_value is not None:
        tender["value"] = gbp(facts.whole_life_value)
    if facts.published_at and facts.response_deadline:
        tender["tenderPeriod"] = {"startDate": iso(facts.published_at),
                                  "endDate": iso(facts.response_deadline)}
    if facts.start_on and facts.initial_term_months:
        months = facts.initial_term_months + sum(facts.extension_months)
        tender["contractPeriod"] = {
            "startDate": day_start(facts.start_on),
            "endDate": day_end(end_of_term(facts.start_on, facts.initial_term_months)),
            "maxExtentDate": day_end(end_of_term(facts.start_on, months)),
        }
    if facts.criteria:
        tender["awardCriteria"] = "ratedCriteria"
        tender["awardCriteriaDetails"] = "; ".join(
            f"{clean(w.name)} {w.percent.normalize():f}%" for w in facts.criteria)
    if facts.tenderers is not None:
        tender["numberOfTenderers"] = facts.tenderers
    if facts.above_threshold is not None:
        tender["aboveThreshold"] = facts.above_threshold
    regime = special_regime(facts.regime or "")
    if regime:
        tender["specialRegime"] = regime
    ended = facts.cancelled_at or facts.unsuccessful_at
    if ended is not None and facts.contract is None:
        tender["finalStatusDate"] = iso(ended)
    if documents:
        tender["documents"] = documents
    return tender


def _title(facts: CallOffFacts) -> str:
    if facts.kind is ProcessKind.PLACEMENT:
        return f"Existing placement {clean(facts.placement_reference or '')} moved onto the DPS"
    return f"Call-off {clean(facts.reference or str(facts.call_off_id))}"


def _award(facts: CallOffFacts, award: AwardFacts, documents: Documents) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": award.ocds_id,
        "status": award.status.value,
        "date": iso(award.decided_at),
        "value": gbp(award.value),
        "suppliers": [supplier(award.provider_id, award.provider_name)],
    }
    if facts.lot_id:
        out["relatedLots"] = [str(facts.lot_id)]
    if award.standstill_ends_at is not None:
        out["standstillPeriod"] = {"startDate": iso(award.decided_at),
                                   "endDate": iso(award.standstill_ends_at)}
    if facts.summaries_sent_at is not None and award.status is not AwardStatus.CANCELLED:
        out["assessmentSummariesDateSent"] = iso(facts.summaries_sent_at)
    if facts.above_threshold is not None:
        out["aboveThreshold"] = facts.above_threshold
    if award.status is not AwardStatus.PENDING:
        out["finalStatusDate"] = iso(award.decided_at)
    docs = documents.get(award.ocds_id)
    if docs:
        out["documents"] = docs
    return out


def _amendment(amendment: AmendmentFacts) -> dict[str, Any]:
    out: dict[str, Any] = {"id": amendment.id, "date": iso(amendment.at)}
    if amendment.kind is AmendmentKind.EXTENSION:
        out["rationale"] = (f"Extension option {amendment.option_sequence} taken:"
                            f" {amendment.months} months more.")
        if amendment.ends_on:
            out["period"] = {"endDate": day_end(amendment.ends_on)}
    else:
        out["rationale"] = f"Rates or hours varied from {_day(amendment.effective_on)}."
        if amendment.whole_life_value is not None:
            out["value"] = gbp(amendment.whole_life_value)
    return out


def _contract(facts: CallOffFacts, contract: ContractFacts, documents: Documents,
              implementation: list[dict[str, Any]]) -> dict[str, Any]:
    months = contract.initial_term_months + sum(contract.extension_months)
    award = facts.award_of(contract.provider_id)
    out: dict[str, Any] = {
        "id": str(contract.contract_id),
        "awardID": award.ocds_id if award else f"award-{contract.provider_id}",
        "title": f"Individual contract with {clean(contract.provider_name)}",
        "status": "active" if contract.status is ContractStatus.ACTIVE else "terminated",
        "period": {"startDate": day_start(contract.start_on),
                   "endDate": day_end(contract.ended_on or contract.current_end_on),
                   "maxExtentDate": day_end(end_of_term(contract.start_on, months))},
        "value": gbp(contract.whole_life_value),
        "dateSigned": iso(contract.signed_at),
        "description": f"Annual value {pounds_text(contract.annual_value)}.",
    }
    if facts.above_threshold is not None:
        out["aboveThreshold"] = facts.above_threshold
    if contract.amendments:
        out["amendments"] = [_amendment(a) for a in contract.amendments]
    docs = documents.get(str(contract.contract_id))
    if docs:
        out["documents"] = docs
    if contract.status is not ContractStatus.ACTIVE and contract.ended_on:
        early = contract.status is ContractStatus.TERMINATED
        impl: dict[str, Any] = {"milestones": [{
            "id": "end",
            "title": "Ended early" if early else "Ended at the end of its term",
            "type": "delivery", "status": "met", "dateMet": day_end(contract.ended_on),
        }]}
        if implementation:
            impl["documents"] = implementation
        out["implementation"] = impl
    return out


def call_off_release(
    facts: CallOffFacts, ocid: str, parent_ocid: str, documents: Documents,
    implementation: list[dict[str, Any]],
) -> dict[str, Any]:
    """The call-off as now known (a full snapshot, before pruning against the record).
    ``documents`` are the notices issued, by the object holding them (None: the tender)."""
    names = [s.buyer for s in facts.shares] or ([facts.lead_buyer] if facts.lead_buyer else [])
    parties = buyers(names, facts.lead_buyer)
    for award in facts.awards:
        role = "supplier" if award.status is not AwardStatus.CANCELLED else "tenderer"
        parties.append({**supplier(award.provider_id, award.provider_name), "roles": [role]})
    related: dict[str, Any] = {
        "id": "dps", "relationship": ["framework"], "scheme": "ocid", "identifier": parent_ocid,
        "title": "The dynamic purchasing system this call-off is made under",
    }
    if facts.lot_id:
        related["relatedLots"] = [str(facts.lot_id)]
    release: dict[str, Any] = {
        "ocid": ocid, "initiationType": "tender", "language": "en", "parties": parties,
        "relatedProcesses": [related],
        "tender": _tender(facts, documents.get(None, [])),
    }
    if facts.lead_buyer:
        release["buyer"] = buyer(facts.lead_buyer)
    if facts.awards:
        release["awards"] = [_award(facts, a, documents) for a in facts.awards]
    if facts.contract is not None:
        release["contracts"] = [_contract(facts, facts.contract, documents, implementation)]
    return release
