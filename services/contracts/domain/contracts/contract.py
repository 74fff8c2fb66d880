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
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from uuid import UUID, uuid4

from services.contracts.domain import errors as e
from services.contracts.domain import limits as n
from services.contracts.domain.contracts.changes import Extension, Variation
from services.contracts.domain.money import (
    pounds,
    scaled_annual,
    unpriced,
    whole_life_after_change,
)
from services.contracts.domain.term import end_of_term, extended
from shared.actors import Actor, Role, require_role, require_visible
from shared.domain import AggregateRoot
from shared.events.calloff import (
    CallOffTerms,
    FundingShare,
    PriceLine,
    ReferenceRate,
    VolumeLine,
)
from shared.events.contracts import (
    ContractAwarded,
    ContractEnded,
    ContractExtended,
    ContractStarted,
    ContractTerminated,
    ContractVaried,
    PlacementTransitioned,
)
from shared.workdays import local_date


class ContractStatus(StrEnum):
    DRAFT = "draft"  # awarded, not yet started
    ACTIVE = "active"
    EXTENDED = "extended"  # active in an extension
    ENDED = "ended"
    TERMINATED = "terminated"


LIVE = frozenset({ContractStatus.DRAFT, ContractStatus.ACTIVE, ContractStatus.EXTENDED})


class ContractOrigin(StrEnum):
    CALL_OFF = "call_off"  # awarded from a call-off
    TRANSITION = "transition"  # an existing placement moved onto a contract


class Contract(AggregateRoot):
    def __init__(
        self, *, origin: ContractOrigin, dps_id: UUID, lot_id: UUID, provider_id: UUID,
        provider_name: str, regime: str, buyer_organisation: str, funding_route: str,
        funding_shares: Sequence[FundingShare], start_on: date, initial_term_months: int,
        extension_months: Sequence[int], rates: Sequence[PriceLine],
        volumes: Sequence[VolumeLine], reference_rates: Sequence[ReferenceRate],
        annual_value: Decimal, whole_life_value: Decimal, awarded_at: datetime,
        award_id: UUID | None = None, call_off_id: UUID | None = None,
        call_off_reference: str = "", requirement_id: UUID | None = None,
        requirement_raised_at: datetime | None = None, placement_id: UUID | None = None,
        id: UUID | None = None,
    ) -> None:
        self.id = id or uuid4()
        self.origin = origin
        self.award_id = award_id
        self.call_off_id = call_off_id
        self.call_off_reference = call_off_reference
        self.requirement_id = requirement_id
        self.requirement_raised_at = requirement_raised_at
        self.placement_id = placement_id
        self.dps_id = dps_id
        self.lot_id = lot_id
        self.provider_id = provider_id
        self.provider_name = provider_name
        self.regime = regime
        self.buyer_organisation = buyer_organisation
        self.funding_route = funding_route
        self.funding_shares = list(funding_shares)
        self.start_on = start_on
        self.initial_term_months = initial_term_months
        self.extension_months = list(extension_months)
        self.rates = list(rates)
        self.volumes = list(volumes)
        self.reference_rates = list(reference_rates)
        self.annual_value = pounds(annual_value)
        self.whole_life_value = pounds(whole_life_value)
        self.awarded_at = awarded_at
        self.status = ContractStatus.DRAFT
        self.current_end_on = end_of_term(start_on, initial_term_months)
        self.started_on: date | None = None
        self.ended_on: date | None = None
        self.terminated_on: date | None = None
        self.termination_reason = ""
        self.terminated_by: str | None = None
        self.extensions: list[Extension] = []
        self.variations: list[Variation] = []
        self.due_on: date | None = start_on

    # --- made -----------------------------------------------------------------------------

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

    # --- reading ----------------------------------------------------------------------------

    @property
    def is_live(self) -> bool:
        return self.status in LIVE

    @property
    def initial_end_on(self) -> date:
        return end_of_term(self.start_on, self.initial_term_months)

    @property
    def term_months(self) -> int:
        """The full term, every extension option in (what the whole-life value covers)."""
        return self.initial_term_months + sum(self.extension_months)

    @property
    def latest_end_on(self) -> date:
        return end_of_term(self.start_on, self.term_months)

    @property
    def options_taken(self) -> int:
        return len(self.extensions)

    @property
    def options_left(self) -> list[int]:
        return self.extension_months[self.options_taken:]

    @property
    def ends_on(self) -> date:
        """The last day of care under it: the current end, or the termination date."""
        return self.terminated_on or self.current_end_on

    def require_visible_to(self, actor: Actor) -> None:
        """A provider sees only its own contracts; another's does not exist for it."""
        require_visible(actor, self.provider_id, e.ContractNotFound.of(self.id))

    # --- time -------------------------------------------------------------------------------

    def tick(self, now: datetime) -> None:
        """Start on the start date; end after the last day of the current term (dates on
        the Europe/London calendar)."""
        today = local_date(now)
        if self.status is ContractStatus.DRAFT and today >= self.start_on:
            self.status = ContractStatus.ACTIVE
            self.started_on = self.start_on
            self.record(ContractStarted(
                occurred_at=now, contract_id=self.id, started_on=self.start_on
            ))
        if self.status in (ContractStatus.ACTIVE, ContractStatus.EXTENDED) \
                and today > self.current_end_on:
            self.status = ContractStatus.ENDED
            self.ended_on = self.current_end_on
            self.record(ContractEnded(
                occurred_at=now, contract_id=self.id, ended_on=self.current_end_on
            ))
        self._set_due()

    def _set_due(self) -> None:
        if self.status is ContractStatus.DRAFT:
            self.due_on = self.start_on
        elif self.status in (ContractStatus.ACTIVE, ContractStatus.EXTENDED):
            self.due_on = self.current_end_on + timedelta(days=1)
        else:
            self.due_on = None

    # --- changes ----------------------------------------------------------------------------

    def extend(self, options: int, reason: str, now: datetime, by: Actor) -> None:
        """Take the next ``options`` extension options (one, or several together)."""
        require_role(by, Role.COMMISSIONER)
        today = local_date(now)
        self._require_live()
        if self.status is ContractStatus.DRAFT:
            raise e.ContractNotStarted("A contract is extended once it has started.")
        if today > self.current_end_on:
            raise e.ContractTermOver(
                f"The term ended on {self.current_end_on:%d %b %Y}: it can no longer be extended."
            )
        if not reason.strip():
            raise e.ReasonRequired("Say why the contract is extended.")
        left = self.options_left
        if options < 1 or options > len(left):
            raise e.NoExtensionLeft(
                f"{len(left)} extension option(s) left"
                f"{' (' + ', '.join(f'{m} months' for m in left) + ')' if left else ''}:"
                f" {options} cannot be taken.",
                options_left=len(left),
            )
        for months in left[:options]:
            self.current_end_on = extended(self.current_end_on, months)
            sequence = self.options_taken + 1
            self.extensions.append(Extension(
                option_sequence=sequence, months=months, ends_on=self.current_end_on,
                reason=reason, taken_at=now, taken_by=by.id,
            ))
            self.record(ContractExtended(
                occurred_at=now, contract_id=self.id, option_sequence=sequence, months=months,
                ends_on=self.current_end_on,
            ))
        self.status = ContractStatus.EXTENDED
        self._set_due()

    def vary(
        self, *, effective_on: date, reason: str, rates: Sequence[PriceLine] | None,
        volumes: Sequence[VolumeLine] | None, now: datetime, by: Actor,
    ) -> Variation:
        """Change hours or rates from ``effective_on`` (the new values in full)."""
        require_role(by, Role.COMMISSIONER)
        self._require_live()
        if not reason.strip():
            raise e.ReasonRequired("Say why the contract is varied.")
        if effective_on < self.start_on:
            raise e.VariationBeforeStart(
                f"A variation takes effect on or after the start date"
                f" ({self.start_on:%d %b %Y}), not {effective_on:%d %b %Y}.",
                start_on=self.start_on,
            )
        if effective_on > self.current_end_on:
            raise e.VariationAfterEnd(
                f"The contract ends on {self.current_end_on:%d %b %Y}: a variation from"
                f" {effective_on:%d %b %Y} would come after it.",
            )
        if self.variations and effective_on < self.variations[-1].effective_on:
            raise e.VariationOutOfOrder(
                "A variation takes effect on or after the last one"
                f" ({self.variations[-1].effective_on:%d %b %Y}).",
            )
        new_rates = list(rates) if rates is not None else list(self.rates)
        new_volumes = list(volumes) if volumes is not None else list(self.volumes)
        if new_rates == self.rates and new_volumes == self.volumes:
            raise e.VariationChangesNothing("The rates and volumes given are those in force.")
        missing = unpriced(new_volumes, new_rates)
        if missing:
            raise e.UnpricedVolume(
                "Every volume needs a rate: none for "
                + ", ".join(f"{v.element} ({v.unit}{', ' + v.band if v.band else ''})"
                            for v in missing) + ".",
            )
        annual = scaled_annual(self.annual_value, (self.rates, self.volumes),
                               (new_rates, new_volumes))
        whole_life = whole_life_after_change(
            self.whole_life_value, self.annual_value, annual, start_on=self.start_on,
            effective_on=effective_on, latest_end_on=self.latest_end_on,
            term_months=self.term_months,
        )
        if annual > n.MONEY_MAX or whole_life > n.MONEY_MAX:
            raise e.ValueOutOfRange("The varied value is beyond what this service keeps.")
        variation = Variation(
            effective_on=effective_on, reason=reason, rates=new_rates, volumes=new_volumes,
            annual_value=annual, whole_life_value=whole_life, varied_at=now, varied_by=by.id,
        )
        self.variations.append(variation)
        self.rates, self.volumes = new_rates, new_volumes
        self.annual_value, self.whole_life_value = annual, whole_life
        self.record(ContractVaried(
            occurred_at=now, contract_id=self.id, variation_id=variation.id,
            effective_on=effective_on, reason=reason, rates=new_rates, volumes=new_volumes,
            annual_value=annual, whole_life_value=whole_life,
        ))
        return variation

    def terminate(self, effective_on: date, reason: str, now: datetime, by: Actor) -> None:
        """End the contract early from ``effective_on``: not before both today and the start
        date (a termination may be recorded after the fact, or made before the start), not
        after the current end of the term."""
        require_role(by, Role.COMMISSIONER)
        today = local_date(now)
        self._require_live()
        if not reason.strip():
            raise e.ReasonRequired("Say why the contract is terminated.")
        earliest = min(today, self.start_on)
        if not earliest <= effective_on <= self.current_end_on:
            raise e.InvalidTermination(
                f"A termination takes effect between {earliest:%d %b %Y} and the end of the"
                f" term ({self.current_end_on:%d %b %Y}).",
            )
        self.status = ContractStatus.TERMINATED
        self.terminated_on = effective_on
        self.termination_reason = reason
        self.terminated_by = by.id
        self._set_due()
        self.record(ContractTerminated(
            occurred_at=now, contract_id=self.id, effective_on=effective_on, reason=reason
        ))

    def _require_live(self) -> None:
        if not self.is_live:
            raise e.ContractNotLive(f"This contract is {self.status}: it cannot be changed.")
