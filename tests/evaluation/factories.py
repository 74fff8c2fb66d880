"""Test factories: the seeds' call-offs as the call-off service closes them, and responses.

Staffordshire's supported-living DPS (cabinet report, 15 January 2020): reference rates
£13.60-£14.75 an hour and £78-£87 a night for sleep-in; contracts of about £62,000 a year.
The package here (40 hours of support and 7 sleep-in nights a week) costs about that at
mid-range rates. The call-off's term (2 years + 2 x 12 months) mirrors the DPS's.

Sefton's supported-living pseudo DPS (cabinet report, 7 November 2019): quality and social
value only, e.g. 95 % / 5 %, at an hourly rate Sefton sets; contracts of 3 years + up to two
12-month extensions. The report gives no rate: £18.50 an hour is an assumption.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4, uuid5

from services.evaluation.domain import Declaration, Evaluation, Marking
from shared.actors import Actor, Role
from shared.events.calloff import (
    Advertised,
    Answer,
    CallOffClosed,
    CallOffTerms,
    ComplianceSettings,
    CriterionWeight,
    FundingShare,
    PriceLine,
    ReferenceRate,
    ResponseOpened,
    ValidResponse,
    VolumeLine,
)
from shared.identity import provider_id_for

T0 = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
COMMISSIONER = Actor(id="officer-1", role=Role.COMMISSIONER)
AUDITOR = Actor(id="auditor-1", role=Role.AUDITOR)
MODERATOR = Actor(id="moderator-1", role=Role.EVALUATOR)


def evaluator(n: int = 1) -> Actor:
    return Actor(id=f"evaluator-{n}", role=Role.EVALUATOR)


def provider_user(provider_id: UUID) -> Actor:
    return Actor(id=f"user-{provider_id}", role=Role.PROVIDER, provider_id=provider_id)


def criterion(code: str, kind: str = "quality", weight: str = "50", **kw: Any) -> CriterionWeight:
    return CriterionWeight(code=code, name=code.replace("_", " ").title(), kind=kind,
                           weight=Decimal(weight), **kw)


def support(amount: str) -> PriceLine:
    return PriceLine(element="support", unit="hour", amount=Decimal(amount))


def sleep_in(amount: str) -> PriceLine:
    return PriceLine(element="sleep_in", unit="night", amount=Decimal(amount))


def _terms(**overrides: Any) -> dict[str, Any]:
    call_off_id = overrides.pop("call_off_id", None) or uuid4()
    return {
        "call_off_id": call_off_id,
        "reference": "CO-2027-0001",
        "requirement_id": uuid5(call_off_id, "requirement"),
        "requirement_raised_at": T0 - timedelta(days=30),
        "dps_id": uuid5(call_off_id, "dps"),
        "lot_id": uuid5(call_off_id, "lot"),
        "regime": "pcr2015_light_touch",
        "rules_effective_from": date(2015, 4, 18),
        "buyer_organisation": "Staffordshire County Council",
        "funding_shares": [FundingShare(buyer="Staffordshire County Council",
                                        share_percent=Decimal(100))],
        "kind": "mini_competition",
        "pricing_mode": "price_competed",
        "funding_route": "council_arranged",
        "criteria": [],
        "volumes": [],
        "start_on": date(2027, 4, 5),
        "initial_term_months": 24,
        "extension_months": [12, 12],
        "annual_value": Decimal("62000"),
        "whole_life_value": Decimal("248000"),
        "threshold": Decimal("663540"),
        "above_threshold": False,
        "published_at": T0 - timedelta(days=20),
        "response_deadline": T0 - timedelta(hours=1),
        "advertised": Advertised(requirement_reference="SL-0001", age_band="25-34",
                                 postcode_district="ST16", need_band="high",
                                 needs_summary="Support to live at home", hours_per_week=40,
                                 nights_per_week=7),
        **overrides,
    }


def staffordshire_terms(**overrides: Any) -> CallOffTerms:
    """A supported-living mini-competition on quality (60) and cost (40), priced by bidders."""
    return CallOffTerms(**_terms(**{
        "criteria": [criterion("quality", "quality", "60"), criterion("cost", "cost", "40")],
        "volumes": [VolumeLine(element="support", unit="hour", quantity_per_week=Decimal(40)),
                    VolumeLine(element="sleep_in", unit="night", quantity_per_week=Decimal(7))],
        "reference_rates": [
            ReferenceRate(element="support", unit="hour", min_amount=Decimal("13.60"),
                          max_amount=Decimal("14.75")),
            ReferenceRate(element="sleep_in", unit="night", min_amount=Decimal("78.00"),
                          max_amount=Decimal("87.00")),
        ],
        **overrides,
    }))


def sefton_terms(**overrides: Any) -> CallOffTerms:
    """A supported-living mini-competition on quality (95) and social value (5) at £18.50/h."""
    return CallOffTerms(**_terms(**{
        "reference": "SEF-2027-0001",
        "buyer_organisation": "Sefton Metropolitan Borough Council",
        "pricing_mode": "fixed_rate",
        "criteria": [criterion("quality", "quality", "95"),
                     criterion("social_value", "social_value", "5")],
        "volumes": [VolumeLine(element="support", unit="hour", quantity_per_week=Decimal(30))],
        "fixed_rates": [support("18.50")],
        "initial_term_months": 36,
        **overrides,
    }))


_counter = iter(range(1, 10**9))


def opened(
    terms: CallOffTerms, *, prices: Sequence[PriceLine] | None = None,
    answers: Sequence[Answer] | None = None, provider: str | None = None,
    submitted_at: datetime | None = None, accepts_fixed_rate: bool = True,
    capacity_confirmed: bool = True, proposed_start_on: date | None = None,
    numbers: dict[str, str] | None = None,
) -> ResponseOpened:
    """A valid response: every criterion answered unless ``answers`` says otherwise."""
    n = next(_counter)
    name = provider or f"Care Provider {n} Ltd"
    if answers is None:
        answers = [
            Answer(criterion_code=c.code, text=f"Our approach to {c.name.lower()}.",
                   number=Decimal((numbers or {}).get(c.code, "1"))
                   if c.answer_type == "numeric" else None)
            for c in terms.criteria if c.kind != "cost"
        ]
    return ResponseOpened(
        occurred_at=T0, call_off_id=terms.call_off_id, response_id=uuid4(),
        provider_id=provider_id_for(name.lower().replace(" ", "-")), provider_name=name,
        submitted_at=submitted_at or T0 - timedelta(days=2, minutes=n),
        answers=list(answers),
        prices=list(prices if prices is not None else [support("14.00"), sleep_in("80.00")]),
        accepts_fixed_rate=accepts_fixed_rate,
        proposed_start_on=proposed_start_on or terms.start_on,
        capacity_confirmed=capacity_confirmed,
    )


def closed(terms: CallOffTerms, responses: Sequence[ResponseOpened]) -> CallOffClosed:
    return CallOffClosed(
        occurred_at=T0, terms=terms, closed_at=T0,
        valid_responses=[ValidResponse(response_id=r.response_id, provider_id=r.provider_id,
                                       submitted_at=r.submitted_at) for r in responses],
    )


def open_evaluation(terms: CallOffTerms, responses: Sequence[ResponseOpened]) -> Evaluation:
    """The evaluation as the close creates it, its events taken (as after a commit)."""
    evaluation = Evaluation.open(closed(terms, responses),
                                 {r.response_id: r for r in responses}, T0)
    evaluation.pull_events()
    return evaluation


def flag_setting(**kw: Any) -> ComplianceSettings:
    return ComplianceSettings(**kw)


def no_conflicts(evaluation: Evaluation, *people: Actor) -> None:
    for person in people:
        evaluation.declare_conflicts(
            [Declaration(p, False) for p in evaluation.provider_ids], person, T0)


def score_all(evaluation: Evaluation, by: Actor, score: int | dict[UUID, int],
              code: str = "quality") -> None:
    """``by`` scores ``code`` on every compliant response it may (one score, or by response)."""
    marks = [
        Marking(r.id, code, score if isinstance(score, int) else score[r.id], "Evidence given.")
        for r in evaluation.responses
        if r.compliant and not evaluation.conflicted(by.id, r.provider_id)
        and (isinstance(score, int) or r.id in score)
    ]
    evaluation.score(marks, by, T0)


def taken(evaluation: Evaluation) -> list[Any]:
    """The events the evaluation recorded since last asked, in order."""
    return [event for _, event in evaluation.pull_events()]
