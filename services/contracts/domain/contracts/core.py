"""A contract's state, what it reads of itself, and what time does to it. The contract is
one aggregate in layers that depend one way: ``core`` (this), ``changing`` (extensions,
variations, termination), ``contract`` (made from an award or a placement)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from uuid import UUID, uuid4

from services.contracts.domain import errors as e
from services.contracts.domain.contracts.changes import Extension, Variation
from services.contracts.domain.money import pounds
from services.contracts.domain.term import end_of_term
from shared.actors import Actor, require_visible
from shared.domain import AggregateRoot
from shared.events.calloff import FundingShare, PriceLine, ReferenceRate, VolumeLine
from shared.events.contracts import ContractEnded, ContractStarted
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


class ContractCore(AggregateRoot):
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

    def _require_live(self) -> None:
        if not self.is_live:
            raise e.ContractNotLive(f"This contract is {self.status}: it cannot be changed.")
