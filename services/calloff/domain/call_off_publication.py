"""Publishing a call-off: the invitation list frozen, the value and terms fixed, and the
invitations sent (one ``InvitationIssued`` per invitee after ``CallOffPublished``).

Checked at publication, on the day it happens: the DPS still takes call-offs (open, and a
PCR 2015 DPS not past 23 Feb 2029: R1); the requirement is ready and starts no earlier than
today; the criteria still refine the catalogue (R7); the whole-life value against the
threshold in force that day (R11), and under the Procurement Act's dynamic market a
below-threshold call-off may not be limited to members (R12); the invitation list is every
eligible member, omissions only with a reason (R5, R19); the response period suits the
regime (R6).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from uuid import UUID, uuid4

from services.calloff.domain import criteria as refine
from services.calloff.domain import errors as e
from services.calloff.domain import valuation
from services.calloff.domain.call_off_core import (
    CallOffCore,
    CallOffKind,
    CallOffStatus,
    check_dps_takes_call_offs,
    lot_of,
)
from services.calloff.domain.criteria import PricingMode
from services.calloff.domain.eligibility import Candidate, eligible, invitation_list
from services.calloff.domain.periods import check_response_period, minimum_period
from services.calloff.domain.requirements import Requirement
from services.calloff.domain.responses import Consent, Invitation
from shared.actors import Actor
from shared.dpsview.model import KnownDps
from shared.events.calloff import (
    Advertised,
    CallOffPublished,
    CallOffTerms,
    ComplianceSettings,
    InvitationIssued,
    PriceLine,
    VolumeLine,
)
from shared.regimes import Regime, light_touch_threshold_on
from shared.workdays import local_date


class CallOffPublication(CallOffCore):
    def record_consent(
        self, provider_id: UUID, evidence: str, *, actor: Actor, now: datetime
    ) -> Consent:
        """An invitee agreed to a response period shorter than the regime's minimum."""
        self._require_commissioner(actor)
        self._require(CallOffStatus.DRAFT, error=e.CallOffNotDraft)
        evidence = evidence.strip()
        if not evidence:
            raise e.ReasonRequired(
                "Record how the provider consented (a letter, an e-mail, its date).",
                field="evidence",
            )
        self._decide("short_period_consent_recorded", now, actor, evidence, provider_id)
        return Consent(self.id, provider_id, evidence, actor.id, now)

    def publish(
        self,
        *,
        now: datetime,
        actor: Actor,
        dps: KnownDps,
        requirement: Requirement,
        candidates: Iterable[Candidate],
        omissions: Mapping[UUID, str],
        consents: Collection[UUID],
        council_min_hours: float,
    ) -> list[Invitation]:
        """Freeze the invitation list and send the invitations; returns the invitations."""
        self._require_commissioner(actor)
        self._require(CallOffStatus.DRAFT, error=e.CallOffNotDraft)
        today = local_date(now)
        rules = check_dps_takes_call_offs(dps, today)
        requirement.require_ready()
        assert requirement.start_on is not None and requirement.initial_term_months is not None
        if requirement.start_on < today:
            raise e.StartDatePassed(
                f"Requirement {requirement.reference} starts on"
                f" {requirement.start_on:%d %b %Y}, before today: amend its start date.",
                field="start_on",
            )
        lot = lot_of(dps, self.lot_id)
        criteria = refine.refine(
            dps.criteria, self.criteria, self.pricing_mode,
            required=self.kind is CallOffKind.MINI_COMPETITION,
        )
        reference = dps.reference_rates(self.lot_id, today)
        if self.pricing_mode is PricingMode.FIXED_RATE:
            rates = valuation.fixed_rates_for(requirement.volumes, self.fixed_rates)
            known = {(r.element, r.unit, r.band) for r in reference}
            covered = [v for v in requirement.volumes if v.key in known]
            reference_rates = valuation.reference_for(covered, reference)
        else:
            reference_rates = valuation.reference_for(requirement.volumes, reference)
            rates = {
                (r.element, r.unit, r.band): r.max_amount for r in reference_rates
            }
        value = valuation.value(
            rates, requirement.volumes,
            initial_term_months=requirement.initial_term_months,
            extension_months=requirement.extension_months,
            threshold=light_touch_threshold_on(today),
        )
        if Regime(dps.regime) is Regime.PA2023_DYNAMIC_MARKET and not value.above_threshold:
            raise e.BelowThresholdDynamicMarket(
                f"The whole-life value, £{value.whole_life_value:,}, is below the threshold"
                f" of £{value.threshold:,} in force today. Below the threshold a Procurement"
                " Act 2023 contract may not be limited to the members of a dynamic market"
                " (s.85: suitability may not be assessed below threshold): buy it by a"
                " below-threshold procurement open to every supplier, outside this DPS.",
                whole_life_value=value.whole_life_value,
                threshold=value.threshold,
            )
        district = str(requirement.postcode_district)
        invitees, omitted = invitation_list(
            eligible(candidates, lot, district),
            omissions=omissions,
            direct_award_provider_id=self.direct_award_provider_id,
        )
        invited = [c.provider_id for c in invitees]
        check_response_period(
            rules, published_at=now, deadline=self.response_deadline, invitees=invited,
            consents=consents, council_min_hours=council_min_hours,
        )
        self.short_period = self.response_deadline - now < minimum_period(
            rules, council_min_hours
        )
        advertised = requirement.advertised()
        price_compliance = dps.price_compliance
        self.terms = CallOffTerms(
            call_off_id=self.id,
            reference=self.reference,
            requirement_id=requirement.id,
            requirement_raised_at=requirement.raised_at,
            dps_id=dps.id,
            lot_id=self.lot_id,
            regime=dps.regime,
            rules_effective_from=rules.effective_from,
            buyer_organisation=dps.buyer_organisations[0],
            funding_shares=self.funding_shares,
            kind=self.kind.value,
            pricing_mode=self.pricing_mode.value,
            funding_route=str(requirement.funding_route),
            criteria=criteria,
            volumes=[
                VolumeLine(element=v.element, unit=v.unit.value, band=v.band,
                           quantity_per_week=v.quantity_per_week)
                for v in requirement.volumes
            ],
            fixed_rates=[
                PriceLine(element=p.element, unit=p.unit, band=p.band, amount=p.amount)
                for p in self.fixed_rates
            ],
            reference_rates=reference_rates,
            compliance=ComplianceSettings(
                price_above_reference=price_compliance.price_above_reference,
                abnormally_low_share=Decimal(price_compliance.abnormally_low_percent) / 100,
            ),
            start_on=requirement.start_on,
            initial_term_months=requirement.initial_term_months,
            extension_months=list(requirement.extension_months),
            annual_value=value.annual_value,
            whole_life_value=value.whole_life_value,
            threshold=value.threshold,
            above_threshold=value.above_threshold,
            published_at=now,
            response_deadline=self.response_deadline,
            advertised=advertised,
        )
        self.status = CallOffStatus.PUBLISHED
        self.published_at = now
        self.invitee_count = len(invitees)
        self.omitted = omitted
        self.record(
            CallOffPublished(
                occurred_at=now,
                terms=self.terms,
                invitee_count=len(invitees),
                omitted=omitted,
                direct_award_provider_id=self.direct_award_provider_id,
                direct_award_justification=self.direct_award_justification,
            )
        )
        self._record_invitations(invitees, advertised, now)
        self._decide(
            "published", now, actor,
            f"{len(invitees)} invited; whole-life value £{value.whole_life_value:,}"
            f" ({'above' if value.above_threshold else 'below'} the £{value.threshold:,}"
            " threshold)",
            invitees=len(invitees),
        )
        for omission in omitted:
            self._decide("member_omitted", now, actor, omission.reason, omission.provider_id)
        return [
            Invitation(self.id, c.provider_id, c.membership_id, c.provider_name, now)
            for c in invitees
        ]

    def _record_invitations(
        self, invitees: list[Candidate], advertised: Advertised, now: datetime
    ) -> None:
        if not invitees:
            return
        first = InvitationIssued(
            # Named already: ten thousand invitations are not copied to be stamped.
            aggregate_type=self.aggregate_type,
            aggregate_id=self.id,
            occurred_at=now,
            call_off_id=self.id,
            reference=self.reference,
            dps_id=self.dps_id,
            lot_id=self.lot_id,
            provider_id=invitees[0].provider_id,
            response_deadline=self.response_deadline,
            advertised=advertised,
        )
        self.record(first)
        # The others differ from the first in their provider and their id alone: copied,
        # not validated again (validation was a tenth of publishing to ten thousand).
        for candidate in invitees[1:]:
            self.record(
                first.model_copy(update={"id": uuid4(), "provider_id": candidate.provider_id})
            )
