"""Small factories for what the contracts service is told: a call-off's terms, the
evaluation's ranked responses and its completion, the registry's memberships. Figures from
the seeds: Staffordshire's supported living (£13.60-£14.75 an hour, ~£62,000 a year) and day
opportunities (£95 a day, £10 adapted transport, ~£27,000 a year), Sefton's 3 + 1 + 1 years.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from shared.clock import LONDON
from shared.events import calloff as c
from shared.events import evaluation as v
from shared.events import registry as r
from shared.identity import provider_id_for

STAFFORDSHIRE = "Staffordshire County Council"
SEFTON = "Sefton Council"
SOUTH_SEFTON_CCG = "NHS South Sefton CCG"
D = Decimal


def london(day: date, at: time = time(9, 0)) -> datetime:
    return datetime.combine(day, at, tzinfo=LONDON).astimezone(UTC)


#: Monday 1 March 2027, 09:00 in London.
START = london(date(2027, 3, 1))


def supported_living_terms(**overrides: Any) -> c.CallOffTerms:
    """Staffordshire supported living: 84 hours a week at the reference rates, light touch,
    3 years + 2 x 12 months: £62,025.60 a year at £14.20 an hour (the typical ~£62,000)."""
    values: dict[str, Any] = dict(
        call_off_id=uuid4(), reference="SCC-SL-0042", requirement_id=uuid4(),
        requirement_raised_at=START - timedelta(days=21), dps_id=uuid4(), lot_id=uuid4(),
        regime="pcr2015_light_touch", rules_effective_from=date(2015, 2, 26),
        buyer_organisation=STAFFORDSHIRE,
        funding_shares=[c.FundingShare(buyer=STAFFORDSHIRE, share_percent=D(100))],
        kind="mini_competition", pricing_mode="price_competed",
        funding_route="council_arranged",
        criteria=[c.CriterionWeight(code="quality", name="Quality", kind="quality",
                                    weight=D(60)),
                  c.CriterionWeight(code="cost", name="Cost", kind="cost", weight=D(40))],
        volumes=[c.VolumeLine(element="support", unit="hour", quantity_per_week=D(84))],
        reference_rates=[c.ReferenceRate(element="support", unit="hour",
                                         min_amount=D("13.60"), max_amount=D("14.75"))],
        start_on=date(2027, 4, 1), initial_term_months=36, extension_months=[12, 12],
        annual_value=D("64428.00"), whole_life_value=D("322140.00"),
        threshold=D("663540"), above_threshold=False,
        published_at=START - timedelta(days=14), response_deadline=START - timedelta(days=3),
        advertised=c.Advertised(requirement_reference="REQ-7F3A", age_band="25-34",
                                postcode_district="ST16", need_band="complex",
                                needs_summary="Support to live independently",
                                hours_per_week=D(84)),
    )
    values.update(overrides)
    return c.CallOffTerms(**values)


def hourly(amount: str, element: str = "support") -> list[c.PriceLine]:
    return [c.PriceLine(element=element, unit="hour", amount=D(amount))]


@dataclass
class Bid:
    """A response as the evaluation ranked it."""

    provider: str
    rank: int | None
    rate: str = "14.20"
    compliant: bool = True
    priced: bool = True
    response_id: UUID = field(default_factory=uuid4)

    @property
    def provider_id(self) -> UUID:
        return provider_id_for(self.provider)


@dataclass
class Evaluation:
    """An evaluation's events as its relay would publish them (versions 1, 2, 3 ...)."""

    terms: c.CallOffTerms
    bids: list[Bid]
    completed_by: str = "evaluator-1"
    evaluation_id: UUID = field(default_factory=uuid4)
    at: datetime = START

    def _stamp(self, event: Any, version: int) -> Any:
        return event.model_copy(update={
            "aggregate_type": "evaluation", "aggregate_id": self.evaluation_id,
            "aggregate_version": version,
        })

    def ranked(self) -> list[v.ResponseRanked]:
        weeks = D(52)
        out = []
        for n, bid in enumerate(self.bids, start=1):
            weekly = D(bid.rate) * self.terms.volumes[0].quantity_per_week
            annual = (weekly * weeks).quantize(D("0.01"))
            months = self.terms.initial_term_months + sum(self.terms.extension_months)
            out.append(self._stamp(v.ResponseRanked(
                occurred_at=self.at, evaluation_id=self.evaluation_id,
                call_off_id=self.terms.call_off_id, response_id=bid.response_id,
                provider_id=bid.provider_id, submitted_at=self.at - timedelta(days=4),
                compliant=bid.compliant, rank=bid.rank if bid.compliant else None,
                quality_score=D(50), total_score=D(100 - 5 * (bid.rank or 20)),
                annual_cost=annual if bid.priced else None,
                whole_life_cost=(annual * months / 12).quantize(D("0.01")) if bid.priced
                else None,
                prices=hourly(bid.rate) if bid.priced else [],
                compliance_reasons=[] if bid.compliant else ["price above reference"],
            ), n))
        return out

    def completed(self) -> v.EvaluationCompleted:
        ranking = [
            v.RankEntry(response_id=b.response_id, provider_id=b.provider_id,
                        rank=b.rank if b.compliant else None, compliant=b.compliant,
                        total_score=D(100 - 5 * (b.rank or 20)))
            for b in self.bids
        ]
        top = min((b for b in self.bids if b.compliant and b.rank), key=lambda b: b.rank or 0,
                  default=None)
        return self._stamp(v.EvaluationCompleted(
            occurred_at=self.at, evaluation_id=self.evaluation_id, terms=self.terms,
            method="quality_cost", ranking=ranking,
            recommended_response_id=top.response_id if top else None,
            recommended_provider_id=top.provider_id if top else None,
            tie_break="earliest submission", completed_at=self.at,
            completed_by=self.completed_by,
        ), len(self.bids) + 1)

    def summaries_sent(self, at: datetime | None = None) -> v.AssessmentSummariesSent:
        return self._stamp(v.AssessmentSummariesSent(
            occurred_at=at or self.at, evaluation_id=self.evaluation_id,
            call_off_id=self.terms.call_off_id, provider_ids=[b.provider_id for b in self.bids],
            sent_at=at or self.at,
        ), len(self.bids) + 2)

    def events(self) -> list[Any]:
        return [*self.ranked(), self.completed()]


def admitted(provider: str, terms: c.CallOffTerms, *, name: str | None = None,
             membership_id: UUID | None = None) -> r.ProviderAdmitted:
    return r.ProviderAdmitted(
        occurred_at=START - timedelta(days=60), dps_id=terms.dps_id, lot_id=terms.lot_id,
        provider_id=provider_id_for(provider), membership_id=membership_id or uuid4(),
        application_id=uuid4(), provider_name=name or provider.replace("-", " ").title(),
        areas_served=["ST16"], decided_by="officer-1",
    )


def suspended(membership: r.ProviderAdmitted, at: datetime,
              reason: str = "safeguarding") -> r.MembershipSuspended:
    return r.MembershipSuspended(
        occurred_at=at, membership_id=membership.membership_id, dps_id=membership.dps_id,
        lot_id=membership.lot_id, provider_id=membership.provider_id, reason_code=reason,
    )


def dps_opened(
    *, dps_id: UUID, lot_id: UUID, regime: str = "pcr2015_light_touch",
    buyers: list[str] | None = None, code: str = "SL",
) -> r.DpsOpened:
    return r.DpsOpened(
        occurred_at=START - timedelta(days=90), dps_id=dps_id,
        name="Staffordshire Supported Living DPS", regime=regime,
        rules_effective_from=date(2015, 2, 26), service_category="supported_living",
        buyer_organisations=buyers or [STAFFORDSHIRE], starts_on=date(2026, 7, 1),
        initial_term_ends_on=date(2028, 6, 30), latest_end_on=date(2030, 6, 30),
        lots=[r.LotSummary(lot_id=lot_id, code=code, title="Supported living")],
        current_end_on=date(2028, 6, 30),
    )


def rate_card(dps_id: UUID, lot_id: UUID) -> r.RateCardAdded:
    return r.RateCardAdded(
        occurred_at=START - timedelta(days=90), dps_id=dps_id, lot_id=lot_id,
        rate_card_id=uuid4(), effective_from=date(2026, 4, 1),
        rates=[r.RateSummary(element="support", unit="hour", min_amount=D("13.60"),
                             max_amount=D("14.75")),
               r.RateSummary(element="sleep_in", unit="night", min_amount=D("78.00"),
                             max_amount=D("87.00"))],
    )
