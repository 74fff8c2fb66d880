"""The seeds' scenarios as the events the other services (and the contracts service's award
code) would publish, built by hand: a DPS and its call-offs, each call-off taken through
publication, close, evaluation, approval, summaries, signature and the contract's life.

Every free-text field the events carry about the person or their contract (needs summary,
care pattern, reasons for cancelling, varying or ending) holds the person's restricted
details, as a careless practitioner might type them: publication must never show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from shared.events import calloff as c
from shared.events import contracts as k
from shared.events import evaluation as v
from shared.events import registry as r
from shared.events.base import Event
from shared.identity import provider_id_for
from tests.contracts.factories import START, london

D = Decimal

#: The person's restricted details (the call-off service's restricted table): never published.
PERSON = {
    "name": "Margaret Thornbury",
    "date_of_birth": date(1961, 8, 14),
    "address": "14 Weston Road, Stafford ST16 3RS",
    "postcode": "ST16 3RS",
    "nhs_number": "943 476 5919",
}
LEAK = (f"{PERSON['name']}, born 14/08/1961, NHS {PERSON['nhs_number']},"
        f" lives at {PERSON['address']}")


@dataclass
class Lot:
    code: str
    title: str
    closed_lot: bool = False
    remote: bool = False
    lot_id: UUID = field(default_factory=uuid4)

    def summary(self, admission_open: bool = True) -> r.LotSummary:
        return r.LotSummary(lot_id=self.lot_id, code=self.code, title=self.title,
                            closed_lot=self.closed_lot, remote_delivery_allowed=self.remote,
                            admission_open=admission_open)


@dataclass
class Dps:
    name: str
    regime: str
    buyers: list[str]
    lots: list[Lot]
    starts_on: date
    opened_at: datetime
    category: str = "supported_living"
    term_months: int = 24
    dps_id: UUID = field(default_factory=uuid4)

    @property
    def rules_from(self) -> date:
        return date(2025, 2, 24) if self.regime.startswith("pa2023") else date(2015, 2, 26)

    def opened(self) -> r.DpsOpened:
        return r.DpsOpened(
            occurred_at=self.opened_at, dps_id=self.dps_id, name=self.name, regime=self.regime,
            rules_effective_from=self.rules_from, service_category=self.category,
            buyer_organisations=self.buyers, starts_on=self.starts_on,
            initial_term_ends_on=self.starts_on + timedelta(days=30 * self.term_months),
            latest_end_on=self.starts_on + timedelta(days=30 * (self.term_months + 24)),
            current_end_on=self.starts_on + timedelta(days=30 * self.term_months),
            lots=[lot.summary() for lot in self.lots],
            criteria=[
                r.CriterionSummary(code="quality", name="Quality", kind="quality",
                                   min_weight=D(50), max_weight=D(95)),
                r.CriterionSummary(code="cost", name="Cost", kind="cost",
                                   min_weight=D(0), max_weight=D(50)),
                r.CriterionSummary(code="social_value", name="Social value",
                                   kind="social_value", min_weight=D(5), max_weight=D(10)),
            ],
        )

    def lot_closed(self, lot: Lot, at: datetime) -> r.LotClosed:
        return r.LotClosed(occurred_at=at, dps_id=self.dps_id, lot_id=lot.lot_id,
                           code=lot.code, reason="The initial window ended.")

    def window(self, lots: list[Lot], opens: datetime, closes: datetime
               ) -> tuple[r.ReopeningWindowOpened, r.ReopeningWindowClosed]:
        window_id = uuid4()
        ids = [lot.lot_id for lot in lots]
        return (r.ReopeningWindowOpened(occurred_at=opens, dps_id=self.dps_id,
                                        window_id=window_id, lot_ids=ids, opens_at=opens,
                                        closes_at=closes),
                r.ReopeningWindowClosed(occurred_at=closes, dps_id=self.dps_id,
                                        window_id=window_id, lot_ids=ids, closed_at=closes))

    def changed(self, at: datetime, extra: Lot | None = None) -> r.DpsChanged:
        lots = [*self.lots, *([extra] if extra else [])]
        return r.DpsChanged(occurred_at=at, dps_id=self.dps_id, change="lot_added",
                            name=self.name,
                            current_end_on=self.starts_on + timedelta(days=30 * self.term_months),
                            lots=[lot.summary() for lot in lots])

    def closed(self, at: datetime) -> r.DpsClosed:
        return r.DpsClosed(occurred_at=at, dps_id=self.dps_id, outcome="closed",
                           reason="Replaced by a new arrangement.")


@dataclass
class CallOff:
    """One call-off's life, as the events the other services publish."""

    dps: Dps
    lot: Lot
    reference: str
    hours: Decimal
    rate: Decimal
    published_at: datetime
    kind: str = "mini_competition"
    funding_route: str = "council_arranged"
    shares: list[tuple[str, Decimal]] | None = None
    months: int = 36
    extensions: tuple[int, ...] = (12, 12)
    criteria: tuple[tuple[str, str, Decimal], ...] = (("Quality", "quality", D(60)),
                                                      ("Cost", "cost", D(40)))
    call_off_id: UUID = field(default_factory=uuid4)
    evaluation_id: UUID = field(default_factory=uuid4)
    award_id: UUID = field(default_factory=uuid4)
    contract_id: UUID = field(default_factory=uuid4)

    @property
    def annual(self) -> Decimal:
        return (self.hours * self.rate * 52).quantize(D("0.01"))

    @property
    def whole_life(self) -> Decimal:
        total = self.months + sum(self.extensions)
        return (self.annual * total / 12).quantize(D("0.01"))

    def terms(self) -> c.CallOffTerms:
        shares = self.shares or [(self.dps.buyers[0], D(100))]
        threshold = D("663540")
        return c.CallOffTerms(
            call_off_id=self.call_off_id, reference=self.reference, requirement_id=uuid4(),
            requirement_raised_at=self.published_at - timedelta(days=7),
            dps_id=self.dps.dps_id, lot_id=self.lot.lot_id, regime=self.dps.regime,
            rules_effective_from=self.dps.rules_from, buyer_organisation=shares[0][0],
            funding_shares=[c.FundingShare(buyer=b, share_percent=p) for b, p in shares],
            kind=self.kind, pricing_mode="price_competed", funding_route=self.funding_route,
            criteria=[c.CriterionWeight(code=n.lower().replace(" ", "_"), name=n, kind=kind,
                                        weight=w) for n, kind, w in self.criteria],
            volumes=[c.VolumeLine(element="support", unit="hour",
                                  quantity_per_week=self.hours)],
            reference_rates=[c.ReferenceRate(element="support", unit="hour",
                                             min_amount=D("13.60"), max_amount=D("14.75"))],
            start_on=(self.published_at + timedelta(days=45)).date(),
            initial_term_months=self.months, extension_months=list(self.extensions),
            annual_value=self.annual, whole_life_value=self.whole_life, threshold=threshold,
            above_threshold=self.whole_life > threshold, published_at=self.published_at,
            response_deadline=self.published_at + timedelta(days=10),
            advertised=c.Advertised(
                requirement_reference="REQ-" + self.reference[-4:], age_band="55-64",
                postcode_district="ST16", need_band="complex", needs_summary=LEAK,
                hours_per_week=self.hours, pattern=LEAK,
            ),
        )

    def published(self) -> c.CallOffPublished:
        return c.CallOffPublished(occurred_at=self.published_at, terms=self.terms(),
                                  invitee_count=6,
                                  direct_award_justification=LEAK if self.kind != "mini_competition"
                                  else None)

    def closed(self, tenderers: int = 3) -> c.CallOffClosed:
        at = self.published_at + timedelta(days=10)
        return c.CallOffClosed(
            occurred_at=at, terms=self.terms(), closed_at=at,
            valid_responses=[c.ValidResponse(response_id=uuid4(), provider_id=uuid4(),
                                             submitted_at=at - timedelta(days=1))
                             for _ in range(tenderers)],
        )

    def cancelled(self, at: datetime) -> c.CallOffCancelled:
        return c.CallOffCancelled(occurred_at=at, call_off_id=self.call_off_id, reason=LEAK,
                                  cancelled_by="officer-1")

    def evaluated(self) -> v.EvaluationCompleted:
        at = self.published_at + timedelta(days=12)
        return v.EvaluationCompleted(
            occurred_at=at, evaluation_id=self.evaluation_id, terms=self.terms(),
            method="quality_cost", ranking=[], tie_break="earliest", completed_at=at,
            completed_by="evaluator-1",
        )

    def approved(self, provider: str, standstill_days: int | None = 10,
                 at: datetime | None = None) -> k.AwardApproved:
        at = at or self.published_at + timedelta(days=14)
        return k.AwardApproved(
            occurred_at=at, award_id=self.award_id, call_off_id=self.call_off_id,
            response_id=uuid4(), provider_id=provider_id_for(provider), approved_by="approver-1",
            approver_level="director", whole_life_value=self.whole_life,
            standstill_ends_at=at + timedelta(days=standstill_days) if standstill_days else None,
        )

    def summaries(self, at: datetime | None = None) -> v.AssessmentSummariesSent:
        at = at or self.published_at + timedelta(days=15)
        return v.AssessmentSummariesSent(occurred_at=at, evaluation_id=self.evaluation_id,
                                         call_off_id=self.call_off_id, provider_ids=[],
                                         sent_at=at)

    def declined(self, provider: str, at: datetime) -> k.OfferDeclined:
        return k.OfferDeclined(occurred_at=at, award_id=self.award_id,
                               call_off_id=self.call_off_id,
                               provider_id=provider_id_for(provider), reason=LEAK)

    def awarded(self, provider: str, name: str, at: datetime | None = None) -> k.ContractAwarded:
        at = at or self.published_at + timedelta(days=26)
        terms = self.terms()
        return k.ContractAwarded(
            occurred_at=at, contract_id=self.contract_id, award_id=self.award_id,
            call_off_id=self.call_off_id, requirement_id=terms.requirement_id,
            dps_id=self.dps.dps_id, lot_id=self.lot.lot_id,
            provider_id=provider_id_for(provider), provider_name=name,
            regime=self.dps.regime, funding_route=self.funding_route,
            funding_shares=terms.funding_shares, start_on=terms.start_on,
            initial_term_months=self.months, extension_months=list(self.extensions),
            rates=[c.PriceLine(element="support", unit="hour", amount=self.rate)],
            volumes=terms.volumes, annual_value=self.annual, whole_life_value=self.whole_life,
            awarded_at=at,
        )

    def extended(self, options: int, at: datetime) -> list[k.ContractExtended]:
        start = self.terms().start_on
        out = []
        for n in range(1, options + 1):
            ends = start.replace(year=start.year + self.months // 12 + n) - timedelta(days=1)
            out.append(k.ContractExtended(occurred_at=at, contract_id=self.contract_id,
                                          option_sequence=n, months=12, ends_on=ends))
        return out

    def varied(self, at: datetime, hours: Decimal) -> k.ContractVaried:
        annual = (hours * self.rate * 52).quantize(D("0.01"))
        return k.ContractVaried(
            occurred_at=at, contract_id=self.contract_id, variation_id=uuid4(),
            effective_on=at.date(), reason=LEAK,
            rates=[c.PriceLine(element="support", unit="hour", amount=self.rate)],
            volumes=[c.VolumeLine(element="support", unit="hour", quantity_per_week=hours)],
            annual_value=annual, whole_life_value=(annual * 5).quantize(D("0.01")),
        )

    def terminated(self, at: datetime) -> k.ContractTerminated:
        return k.ContractTerminated(occurred_at=at, contract_id=self.contract_id,
                                    effective_on=at.date(), reason=LEAK)

    def ended(self, on: date) -> k.ContractEnded:
        return k.ContractEnded(occurred_at=london(on + timedelta(days=1)),
                               contract_id=self.contract_id, ended_on=on)


def staffordshire() -> tuple[Dps, list[Any]]:
    """Staffordshire's PCR 2015 light-touch supported living DPS and three call-offs: one
    below the threshold (a Contracts Finder notice), one 2:1 24/7 package above it (an award
    notice), one cancelled."""
    lot = Lot("SL", "Supported living")
    dps = Dps("Staffordshire Supported Living DPS", "pcr2015_light_touch",
              ["Staffordshire County Council"], [lot], date(2026, 9, 1),
              START - timedelta(days=120))
    below = CallOff(dps, lot, "SCC-SL-0042", D(84), D("14.20"), START)
    above = CallOff(dps, lot, "SCC-SL-0043", D(336), D("14.75"), START + timedelta(days=2),
                    months=36)
    cancelled = CallOff(dps, lot, "SCC-SL-0044", D(40), D("14.00"), START + timedelta(days=3))
    events: list[Any] = [
        dps.opened(),
        below.published(), below.closed(), below.evaluated(),
        below.approved("bright-futures-care"),
        below.awarded("bright-futures-care", "Bright Futures Care Ltd"),
        above.published(), above.closed(4), above.evaluated(),
        above.approved("ash-tree-support"), above.awarded("ash-tree-support",
                                                          "Ash Tree Support CIC"),
        cancelled.published(), cancelled.cancelled(START + timedelta(days=5)),
        below.varied(START + timedelta(days=200), D(90)),
    ]
    return dps, events


def sefton() -> tuple[Dps, list[Any]]:
    """Sefton's light-touch pseudo DPS, jointly commissioned with the CCG: quality and social
    value 95 / 5 at the council's rate, 3 years + 12 + 12 months, both options taken together."""
    lot = Lot("SL", "Supported living (complex needs)")
    buyers = ["Sefton Council", "NHS South Sefton CCG"]
    dps = Dps("Sefton Supported Living PDPS", "pcr2015_light_touch", buyers, [lot],
              date(2026, 9, 1), START - timedelta(days=100), term_months=60)
    joint = CallOff(dps, lot, "SMBC-SL-0007", D(60), D("15.10"), START,
                    shares=[("Sefton Council", D(60)), ("NHS South Sefton CCG", D(40))],
                    criteria=(("Quality", "quality", D(95)),
                              ("Social value", "social_value", D(5))))
    events: list[Any] = [
        dps.opened(), joint.published(), joint.closed(2), joint.evaluated(),
        joint.approved("mersey-living"), joint.awarded("mersey-living", "Mersey Living Ltd"),
        *joint.extended(2, START + timedelta(days=900)),
    ]
    return dps, events


def kent() -> tuple[Dps, list[Any]]:
    """Kent's DPS in three lots, 1b closed at the start; a reopening window after six
    months; a call-off in lot 1a under £30,000 (no notice needed) and one in lot 2."""
    one_a = Lot("1a", "Everyday life activities (1:1 or small groups)", remote=True)
    one_b = Lot("1b", "Everyday life activities (building based / large groups)",
                closed_lot=True)
    two = Lot("2", "Skills development and training opportunities", remote=True)
    dps = Dps("Everyday Life Activities, Skills Development and Training Opportunities DPS",
              "pcr2015_light_touch", ["Kent County Council"], [one_a, one_b, two],
              date(2026, 10, 1), START - timedelta(days=150), category="day_opportunities",
              term_months=48)
    small = CallOff(dps, one_a, "KCC-ELA-0101", D(6), D("14.00"), START, months=12,
                    extensions=())
    skills = CallOff(dps, two, "KCC-SDT-0202", D(20), D("14.50"), START + timedelta(days=1))
    opens = START + timedelta(days=40)
    window = dps.window([one_a, two], opens, opens + timedelta(days=28))
    events: list[Any] = [
        dps.opened(), dps.lot_closed(one_b, START - timedelta(days=100)), *window,
        small.published(), small.closed(2), small.evaluated(), small.approved("kent-days-out"),
        small.awarded("kent-days-out", "Kent Days Out CIC"),
        skills.published(), skills.closed(3), skills.evaluated(),
        skills.approved("skills-for-life"), skills.awarded("skills-for-life",
                                                           "Skills for Life Ltd"),
        small.ended(date(2028, 4, 14)),
    ]
    return dps, events


def dynamic_market() -> tuple[Dps, CallOff, list[Any]]:
    """A Procurement Act 2023 dynamic market announced ahead of its start: an above-threshold
    mini-competition (UK4, UK6 once the summaries are sent, UK7 within 120 days), a
    user-choice direct award (no UK5, no UK6), a lot closed (UK15), the market ceased (UK16)."""
    home = Lot("HC", "Home care and supported living")
    dps = Dps("Staffordshire Care Dynamic Market", "pa2023_dynamic_market",
              ["Staffordshire County Council"], [home], date(2027, 3, 15),
              START - timedelta(days=7))
    big = CallOff(dps, home, "SCC-DM-0001", D(336), D("14.75"), START + timedelta(days=20))
    choice = CallOff(dps, home, "SCC-DM-0002", D(40), D("14.40"), START + timedelta(days=21),
                     kind="direct_award", funding_route="user_choice")
    events: list[Any] = [
        dps.opened(),
        big.published(), big.closed(5), big.evaluated(),
        big.approved("bright-futures-care", standstill_days=None,
                     at=START + timedelta(days=33)),
        big.summaries(START + timedelta(days=35)),
        big.awarded("bright-futures-care", "Bright Futures Care Ltd",
                    at=START + timedelta(days=50)),
        choice.published(), choice.closed(1), choice.evaluated(),
        choice.approved("ash-tree-support", standstill_days=None),
        choice.awarded("ash-tree-support", "Ash Tree Support CIC"),
        dps.lot_closed(home, START + timedelta(days=60)),
        big.terminated(START + timedelta(days=400)),
        dps.closed(START + timedelta(days=500)),
    ]
    return dps, big, events


def stamped(events: list[Event]) -> list[Event]:
    """Each event with its aggregate and version, as its producer's outbox would number it."""
    versions: dict[tuple[str, UUID], int] = {}
    out = []
    for event in events:
        kind, key = _aggregate(event)
        versions[(kind, key)] = versions.get((kind, key), 0) + 1
        out.append(event.model_copy(update={"aggregate_type": kind, "aggregate_id": key,
                                            "aggregate_version": versions[(kind, key)]}))
    return out


def _aggregate(event: Event) -> tuple[str, UUID]:
    if event.subject_name.startswith("dps.registry."):
        return "dps", event.dps_id  # type: ignore[attr-defined]
    if event.subject_name.startswith("dps.calloff."):
        terms = getattr(event, "terms", None)
        return "call_off", terms.call_off_id if terms else event.call_off_id  # type: ignore
    if event.subject_name.startswith("dps.evaluation."):
        return "evaluation", event.evaluation_id  # type: ignore[attr-defined]
    if isinstance(event, k.AwardApproved | k.OfferDeclined | k.AwardUnsuccessful):
        return "award", event.award_id
    return "contract", event.contract_id  # type: ignore[attr-defined]
