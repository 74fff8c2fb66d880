"""An individual contract, from award (or the transition of an existing placement) to its end.

    draft --start date--> active --extension--> extended --end of term--> ended
    draft | active | extended --terminate (with reason)--> terminated

A contract outlives the DPS that created it: nothing here reads the DPS's term or status.
Its term is the initial months plus the extension options, taken one at a time or several
together, never beyond the options. Variations change hours or rates from an effective date
(never before the start date, never out of order) and keep the full history; the values
change in proportion (``money``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from services.contracts.domain import limits as n
from services.contracts.domain.contracts.changing import ContractChanges
from services.contracts.domain.contracts.core import LIVE, ContractOrigin, ContractStatus
from shared.events.calloff import CallOffTerms, PriceLine
from shared.events.contracts import ContractAwarded, PlacementTransitioned

__all__ = ["LIVE", "Contract", "ContractOrigin", "ContractStatus"]


class Contract(ContractChanges):
    aggregate_type = "contract"


    @classmethod
    def awarded(
        cls, *, award_id: UUID, terms: CallOffTerms, provider_id: UUID,
        provider_name: str, rates: Sequence[PriceLine], annual_value: Decimal,
        whole_life_value: Decimal, start_on: date, now: datetime,
    ) -> Contract:
        """The contract of an accepted award (``ContractAwarded``: the call-off service
        releases the person's identity to this provider on it)."""
        contract = cls(
            origin=ContractOrigin.CALL_OFF, award_id=award_id, call_off_id=terms.call_off_id,
            call_off_reference=terms.reference, requirement_id=terms.requirement_id,
            requirement_raised_at=terms.requirement_raised_at, dps_id=terms.dps_id,
            lot_id=terms.lot_id, provider_id=provider_id, provider_name=provider_name,
            regime=terms.regime, buyer_organisation=terms.buyer_organisation,
            funding_route=terms.funding_route, funding_shares=terms.funding_shares,
            start_on=start_on, initial_term_months=terms.initial_term_months,
            extension_months=terms.extension_months, rates=rates, volumes=terms.volumes,
            reference_rates=terms.reference_rates, annual_value=annual_value,
            whole_life_value=whole_life_value, awarded_at=now,
        )
        contract.record(ContractAwarded(
            occurred_at=now, contract_id=contract.id, award_id=award_id,
            call_off_id=terms.call_off_id, requirement_id=terms.requirement_id,
            dps_id=terms.dps_id, lot_id=terms.lot_id, provider_id=provider_id,
            provider_name=provider_name[: n.NAME], regime=terms.regime,
            funding_route=terms.funding_route, funding_shares=list(terms.funding_shares),
            start_on=start_on, initial_term_months=terms.initial_term_months,
            extension_months=list(terms.extension_months), rates=list(rates),
            volumes=list(terms.volumes), annual_value=contract.annual_value,
            whole_life_value=contract.whole_life_value, awarded_at=now,
        ))
        return contract

    @classmethod
    def transitioned(cls, *, placement_id: UUID, placement_reference: str,
                     now: datetime, **terms: object) -> Contract:
        """An existing placement moved onto a direct-award contract (``PlacementTransitioned``)."""
        contract = cls(origin=ContractOrigin.TRANSITION, placement_id=placement_id,
                       call_off_reference=placement_reference, awarded_at=now,
                       **terms)  # type: ignore[arg-type]
        contract.record(PlacementTransitioned(
            occurred_at=now, contract_id=contract.id, placement_id=placement_id,
            placement_reference=placement_reference, dps_id=contract.dps_id,
            lot_id=contract.lot_id, provider_id=contract.provider_id,
            provider_name=contract.provider_name, regime=contract.regime,
            funding_route=contract.funding_route, funding_shares=contract.funding_shares,
            start_on=contract.start_on, initial_term_months=contract.initial_term_months,
            extension_months=contract.extension_months, rates=contract.rates,
            volumes=contract.volumes, annual_value=contract.annual_value,
            whole_life_value=contract.whole_life_value, transitioned_at=now,
        ))
        return contract
