"""What is changed on a running contract: extensions (option by option, or several
together, never beyond the options), variations of hours or rates from an effective date
(never before the start, never out of order; values in proportion), termination."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from services.contracts.domain import errors as e
from services.contracts.domain import limits as n
from services.contracts.domain.contracts.changes import Extension, Variation
from services.contracts.domain.contracts.core import ContractCore, ContractStatus
from services.contracts.domain.money import scaled_annual, unpriced, whole_life_after_change
from services.contracts.domain.term import extended
from shared.actors import Actor, Role, require_role
from shared.events.calloff import PriceLine, VolumeLine
from shared.events.contracts import ContractExtended, ContractTerminated, ContractVaried
from shared.workdays import local_date


class ContractChanges(ContractCore):
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
