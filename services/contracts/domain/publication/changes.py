"""How each event changes what is publicly known. Pure functions: facts in, facts out.

A DPS's events come from the registry, a call-off's from the call-off, evaluation and
contracts services: they arrive in order per aggregate but in any order across producers.
So a call-off's facts only ever accumulate (a late ``CallOffPublished`` after its award
changes nothing already known), and a status is derived from the facts, never set back.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from services.contracts.domain.publication.facts import (
    AmendmentFacts,
    AmendmentKind,
    AwardFacts,
    AwardStatus,
    CallOffFacts,
    ContractFacts,
    ContractStatus,
    CriterionFacts,
    DpsFacts,
    DpsStatus,
    LotFacts,
    ProcessKind,
    Share,
    Volume,
    Weight,
    band_or_none,
    district_or_none,
)
from services.contracts.domain.term import end_of_term
from shared.events import calloff as c
from shared.events import contracts as k
from shared.events import registry as r
from shared.regimes import RegimeNotInForce, first_rules, rules_for
from shared.workdays import local_date

# --- a DPS (registry) ----------------------------------------------------------------------


def _lot(summary: r.LotSummary, known: LotFacts | None = None) -> LotFacts:
    return LotFacts(
        lot_id=summary.lot_id, code=summary.code, title=summary.title,
        admission_open=summary.admission_open, closed_lot=summary.closed_lot,
        remote_delivery_allowed=summary.remote_delivery_allowed,
        window_opens_at=known.window_opens_at if known else None,
        window_closes_at=known.window_closes_at if known else None,
    )


def dps_opened(event: r.DpsOpened) -> DpsFacts:
    return DpsFacts(
        dps_id=event.dps_id, name=event.name, regime=event.regime,
        rules_effective_from=event.rules_effective_from or _rules_from(event),
        service_category=event.service_category, buyers=tuple(event.buyer_organisations),
        starts_on=event.starts_on, initial_term_ends_on=event.initial_term_ends_on,
        current_end_on=event.current_end_on or event.initial_term_ends_on,
        latest_end_on=event.latest_end_on, opened_at=event.occurred_at,
        lots=tuple(_lot(lot) for lot in event.lots),
        criteria=tuple(
            CriterionFacts(name=c.name, kind=c.kind, min_weight=c.min_weight,
                           max_weight=c.max_weight)
            for c in event.criteria
        ),
    )


def _rules_from(event: r.DpsOpened) -> date:
    """An opening that does not say which rule set the DPS keeps: the one in force that day."""
    try:
        return rules_for(event.regime, on=local_date(event.occurred_at)).effective_from
    except RegimeNotInForce:
        return first_rules(event.regime).effective_from


def _with_lots(facts: DpsFacts, summaries: list[r.LotSummary]) -> tuple[LotFacts, ...]:
    known = {lot.lot_id: lot for lot in facts.lots}
    listed = [_lot(s, known.get(s.lot_id)) for s in summaries]
    # A lot is never removed from a DPS: one missing from the list stays as it was.
    listed_ids = {lot.lot_id for lot in listed}
    return (*listed, *(lot for lot in facts.lots if lot.lot_id not in listed_ids))


def dps_changed(facts: DpsFacts, event: r.DpsChanged) -> DpsFacts:
    return facts.model_copy(update={
        "name": event.name, "current_end_on": event.current_end_on,
        "lots": _with_lots(facts, list(event.lots)) if event.lots else facts.lots,
    })


def lot_opened(facts: DpsFacts, event: r.LotOpened) -> DpsFacts:
    return facts.model_copy(update={"lots": _with_lots(facts, [event.lot])})


def _lot_update(facts: DpsFacts, lot_ids: set[UUID], **values: object) -> DpsFacts:
    lots = tuple(lot.model_copy(update=values) if lot.lot_id in lot_ids else lot
                 for lot in facts.lots)
    return facts.model_copy(update={"lots": lots})


def lot_closed(facts: DpsFacts, event: r.LotClosed) -> DpsFacts:
    return _lot_update(facts, {event.lot_id}, admission_open=False)


def window_opened(facts: DpsFacts, event: r.ReopeningWindowOpened) -> DpsFacts:
    return _lot_update(facts, set(event.lot_ids), window_opens_at=event.opens_at,
                       window_closes_at=event.closes_at)


def window_closed(facts: DpsFacts, event: r.ReopeningWindowClosed) -> DpsFacts:
    return _lot_update(facts, set(event.lot_ids), window_opens_at=None, window_closes_at=None)


def dps_closed(facts: DpsFacts, event: r.DpsClosed) -> DpsFacts:
    status = DpsStatus.EXPIRED if event.outcome == "expired" else DpsStatus.CLOSED
    return facts.model_copy(update={"status": status, "ended_at": event.occurred_at})


# --- a call-off (call-off, evaluation, contracts) --------------------------------------------


def new_call_off(call_off_id: UUID) -> CallOffFacts:
    return CallOffFacts(call_off_id=call_off_id)


def with_terms(facts: CallOffFacts, terms: c.CallOffTerms) -> CallOffFacts:
    """The call-off's terms (the same in every event that carries them)."""
    advertised = terms.advertised
    return facts.model_copy(update={
        "dps_id": terms.dps_id, "lot_id": terms.lot_id, "regime": terms.regime,
        "rules_effective_from": terms.rules_effective_from, "reference": terms.reference,
        "lead_buyer": terms.buyer_organisation,
        "shares": tuple(Share(buyer=s.buyer, percent=s.share_percent)
                        for s in terms.funding_shares),
        "method": terms.kind, "pricing_mode": terms.pricing_mode,
        "funding_route": terms.funding_route,
        "criteria": tuple(Weight(name=w.name, kind=w.kind, percent=w.weight)
                          for w in terms.criteria),
        "volumes": tuple(Volume(element=v.element, unit=v.unit, band=v.band,
                                per_week=v.quantity_per_week) for v in terms.volumes),
        "need_band": band_or_none(advertised.need_band),
        "postcode_district": district_or_none(advertised.postcode_district),
        "start_on": terms.start_on, "initial_term_months": terms.initial_term_months,
        "extension_months": tuple(terms.extension_months),
        "annual_value": terms.annual_value, "whole_life_value": terms.whole_life_value,
        "threshold": terms.threshold, "above_threshold": terms.above_threshold,
        "published_at": terms.published_at, "response_deadline": terms.response_deadline,
    })


def call_off_closed(facts: CallOffFacts, event: c.CallOffClosed) -> CallOffFacts:
    facts = with_terms(facts, event.terms)
    return facts.model_copy(update={"closed_at": event.closed_at,
                                    "tenderers": len(event.valid_responses)})


def cancelled(facts: CallOffFacts, at: datetime) -> CallOffFacts:
    return facts.model_copy(update={"cancelled_at": facts.cancelled_at or at})


def unsuccessful(facts: CallOffFacts, at: datetime) -> CallOffFacts:
    """No contract will come: every award still pending gives way."""
    awards = tuple(a.model_copy(update={"status": AwardStatus.CANCELLED})
                   if a.status is AwardStatus.PENDING else a for a in facts.awards)
    return facts.model_copy(update={"unsuccessful_at": facts.unsuccessful_at or at,
                                    "awards": awards})


def summaries_sent(facts: CallOffFacts, at: datetime) -> CallOffFacts:
    return facts.model_copy(update={"summaries_sent_at": facts.summaries_sent_at or at})


def award_approved(
    facts: CallOffFacts, event: k.AwardApproved, provider_name: str | None
) -> CallOffFacts:
    known = facts.award_of(event.provider_id)
    if known is not None and known.status is not AwardStatus.PENDING:
        return facts
    award = AwardFacts(
        provider_id=event.provider_id, provider_name=provider_name,
        value=event.whole_life_value, decided_at=event.occurred_at,
        standstill_ends_at=event.standstill_ends_at,
    )
    return facts.model_copy(update={"awards": _replaced(facts.awards, award)})


def _replaced(awards: tuple[AwardFacts, ...], award: AwardFacts) -> tuple[AwardFacts, ...]:
    """The provider's award in its place (awards keep the order they were decided in)."""
    if any(a.provider_id == award.provider_id for a in awards):
        return tuple(award if a.provider_id == award.provider_id else a for a in awards)
    return (*awards, award)


def award_withdrawn(facts: CallOffFacts, provider_id: UUID) -> CallOffFacts:
    """The provider declined, let the offer lapse, or was passed over (R9)."""
    awards = tuple(a.model_copy(update={"status": AwardStatus.CANCELLED})
                   if a.provider_id == provider_id and a.status is AwardStatus.PENDING else a
                   for a in facts.awards)
    return facts.model_copy(update={"awards": awards})


def _contract(event: k.ContractAwarded | k.PlacementTransitioned, signed_at: datetime,
              ) -> ContractFacts:
    return ContractFacts(
        contract_id=event.contract_id, provider_id=event.provider_id,
        provider_name=event.provider_name, start_on=event.start_on,
        initial_term_months=event.initial_term_months,
        extension_months=tuple(event.extension_months), annual_value=event.annual_value,
        whole_life_value=event.whole_life_value, awarded_value=event.whole_life_value,
        signed_at=signed_at,
        current_end_on=end_of_term(event.start_on, event.initial_term_months),
    )


def _placement_basics(
    facts: CallOffFacts, event: k.ContractAwarded | k.PlacementTransitioned
) -> dict[str, object]:
    """What a contract tells of its call-off, kept only where the call-off has not."""
    basics: dict[str, object] = {
        "dps_id": event.dps_id, "lot_id": event.lot_id, "regime": event.regime,
        "funding_route": event.funding_route,
        "shares": tuple(Share(buyer=s.buyer, percent=s.share_percent)
                        for s in event.funding_shares),
        "lead_buyer": event.funding_shares[0].buyer,
    }
    return {name: value for name, value in basics.items()
            if getattr(facts, name) in (None, ())}


def contract_awarded(facts: CallOffFacts, event: k.ContractAwarded) -> CallOffFacts:
    if facts.contract is not None:
        return facts
    known = facts.award_of(event.provider_id)
    award = (known or AwardFacts(
        provider_id=event.provider_id, value=event.whole_life_value,
        decided_at=event.awarded_at,
    )).model_copy(update={"status": AwardStatus.ACTIVE, "provider_name": event.provider_name})
    return facts.model_copy(update={
        **_placement_basics(facts, event),
        "awards": _replaced(facts.awards, award), "contract": _contract(event, event.awarded_at),
    })


def placement_transitioned(event: k.PlacementTransitioned) -> CallOffFacts:
    facts = CallOffFacts(kind=ProcessKind.PLACEMENT, method="transition",
                         placement_reference=event.placement_reference)
    award = AwardFacts(provider_id=event.provider_id, provider_name=event.provider_name,
                       value=event.whole_life_value, decided_at=event.transitioned_at,
                       status=AwardStatus.ACTIVE)
    return facts.model_copy(update={
        **_placement_basics(facts, event), "start_on": event.start_on,
        "initial_term_months": event.initial_term_months,
        "extension_months": tuple(event.extension_months),
        "annual_value": event.annual_value, "whole_life_value": event.whole_life_value,
        "awards": (award,), "contract": _contract(event, event.transitioned_at),
    })


def _amended(facts: CallOffFacts, amendment: AmendmentFacts, **contract: object) -> CallOffFacts:
    assert facts.contract is not None
    if any(a.id == amendment.id for a in facts.contract.amendments):
        return facts
    changed = facts.contract.model_copy(update={
        **contract, "amendments": (*facts.contract.amendments, amendment),
    })
    return facts.model_copy(update={"contract": changed})


def contract_extended(facts: CallOffFacts, event: k.ContractExtended) -> CallOffFacts:
    return _amended(facts, AmendmentFacts(
        id=f"extension-{event.option_sequence}", kind=AmendmentKind.EXTENSION,
        at=event.occurred_at, effective_on=event.ends_on, option_sequence=event.option_sequence,
        months=event.months, ends_on=event.ends_on,
    ), current_end_on=event.ends_on)


def contract_varied(facts: CallOffFacts, event: k.ContractVaried) -> CallOffFacts:
    return _amended(facts, AmendmentFacts(
        id=f"variation-{event.variation_id}", kind=AmendmentKind.VARIATION,
        at=event.occurred_at, effective_on=event.effective_on,
        annual_value=event.annual_value, whole_life_value=event.whole_life_value,
    ), annual_value=event.annual_value, whole_life_value=event.whole_life_value)


def contract_finished(
    facts: CallOffFacts, status: ContractStatus, on: object, at: datetime
) -> CallOffFacts:
    assert facts.contract is not None
    if facts.contract.status is not ContractStatus.ACTIVE:
        return facts
    return facts.model_copy(update={"contract": facts.contract.model_copy(update={
        "status": status, "ended_on": on, "ended_at": at,
    })})


def value_of(facts: CallOffFacts) -> Decimal | None:
    """The whole-life value that counts: the contract's once signed, else the call-off's."""
    if facts.contract is not None:
        return facts.contract.awarded_value
    return facts.whole_life_value
