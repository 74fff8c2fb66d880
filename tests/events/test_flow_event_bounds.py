"""The call-off, evaluation and contracts events stay well under the broker's payload limit at
their bounds: lists that grow with providers travel one item per event, then a compact
summary, so even a call-off with the most responses and the longest texts fits."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import uuid4

import pytest
from pydantic import ValidationError

from shared.events import calloff as c
from shared.events import contracts as k
from shared.events import evaluation as v
from shared.events.base import MAX_EVENT_BYTES
from shared.messaging.envelope import body_for

WORST = "\x01"  # six bytes in JSON for one character
NOW, TODAY = datetime.now(UTC), date.today()


def text(n: int) -> str:
    return WORST * n


def lines(model, n=c.MAX_LINES):  # type: ignore[no-untyped-def]
    return [
        model(
            element=text(c.MAX_CODE), unit="hour", band=text(c.MAX_CODE), amount=Decimal("99999.99")
        )
        if model is c.PriceLine
        else model(
            element=text(c.MAX_CODE),
            unit="hour",
            band=text(c.MAX_CODE),
            quantity_per_week=Decimal("999.99"),
        )
        for _ in range(n)
    ]


def terms() -> c.CallOffTerms:
    return c.CallOffTerms(
        call_off_id=uuid4(),
        reference=text(c.MAX_CODE),
        requirement_id=uuid4(),
        requirement_raised_at=NOW,
        dps_id=uuid4(),
        lot_id=uuid4(),
        regime=text(40),
        rules_effective_from=TODAY,
        buyer_organisation=text(c.MAX_NAME),
        funding_shares=[c.FundingShare(buyer=text(c.MAX_NAME), share_percent=Decimal(10))] * 10,
        kind="mini_competition",
        pricing_mode="price_competed",
        funding_route="council_arranged",
        criteria=[
            c.CriterionWeight(
                code=text(c.MAX_CODE), name=text(c.MAX_NAME), kind="quality", weight=Decimal(5)
            )
        ]
        * c.MAX_CRITERIA,
        volumes=lines(c.VolumeLine),
        fixed_rates=lines(c.PriceLine),
        reference_rates=[
            c.ReferenceRate(
                element=text(c.MAX_CODE),
                unit="night",
                band=text(c.MAX_CODE),
                min_amount=Decimal("99999.99"),
                max_amount=Decimal("99999.99"),
            )
        ]
        * c.MAX_LINES,
        start_on=TODAY,
        initial_term_months=240,
        extension_months=[12] * 10,
        annual_value=Decimal("99999999.99"),
        whole_life_value=Decimal("999999999.99"),
        threshold=Decimal("663540"),
        above_threshold=True,
        published_at=NOW,
        response_deadline=NOW,
        advertised=c.Advertised(
            requirement_reference=text(c.MAX_CODE),
            age_band=text(20),
            postcode_district=text(8),
            need_band=text(c.MAX_CODE),
            needs_summary=text(c.MAX_TEXT),
            hours_per_week=Decimal("999"),
            pattern=text(c.MAX_TEXT),
        ),
    )


def largest():  # type: ignore[no-untyped-def]
    t = terms()
    answers = [
        c.Answer(criterion_code=text(c.MAX_CODE), text=text(c.MAX_ANSWERS_TOTAL // c.MAX_CRITERIA))
        for _ in range(c.MAX_CRITERIA)
    ]
    return [
        c.CallOffPublished(
            occurred_at=NOW,
            terms=t,
            invitee_count=10_000,
            omitted=[c.Omission(provider_id=uuid4(), reason=text(c.MAX_REASON))] * c.MAX_OMISSIONS,
            direct_award_justification=text(c.MAX_TEXT),
        ),
        c.ResponseOpened(
            occurred_at=NOW,
            call_off_id=uuid4(),
            response_id=uuid4(),
            provider_id=uuid4(),
            provider_name=text(c.MAX_NAME),
            submitted_at=NOW,
            answers=answers,
            prices=lines(c.PriceLine),
            proposed_start_on=TODAY,
            capacity_confirmed=True,
        ),
        c.CallOffClosed(
            occurred_at=NOW,
            terms=t,
            closed_at=NOW,
            valid_responses=[
                c.ValidResponse(response_id=uuid4(), provider_id=uuid4(), submitted_at=NOW)
            ]
            * c.MAX_RESPONSES,
            invalid_responses=[
                c.InvalidResponse(response_id=uuid4(), provider_id=uuid4(), reason="member_removed")
            ]
            * c.MAX_RESPONSES,
        ),
        v.ResponseRanked(
            occurred_at=NOW,
            evaluation_id=uuid4(),
            call_off_id=uuid4(),
            response_id=uuid4(),
            provider_id=uuid4(),
            submitted_at=NOW,
            compliant=False,
            compliance_reasons=[text(c.MAX_TEXT)] * 20,
            flags=[text(c.MAX_CODE)] * 10,
            criteria=[
                v.CriterionScore(
                    code=text(c.MAX_CODE),
                    score=Decimal(5),
                    max_score=Decimal(5),
                    weighted=Decimal(5),
                )
            ]
            * c.MAX_CRITERIA,
            prices=lines(c.PriceLine),
        ),
        v.EvaluationCompleted(
            occurred_at=NOW,
            evaluation_id=uuid4(),
            terms=t,
            method="quality_cost",
            ranking=[
                v.RankEntry(
                    response_id=uuid4(),
                    provider_id=uuid4(),
                    rank=1,
                    compliant=True,
                    total_score=Decimal("100.00"),
                )
            ]
            * c.MAX_RESPONSES,
            tie_break=text(c.MAX_TEXT),
            completed_at=NOW,
            completed_by=text(c.MAX_NAME),
        ),
        k.ContractAwarded(
            occurred_at=NOW,
            contract_id=uuid4(),
            award_id=uuid4(),
            call_off_id=uuid4(),
            requirement_id=uuid4(),
            dps_id=uuid4(),
            lot_id=uuid4(),
            provider_id=uuid4(),
            provider_name=text(c.MAX_NAME),
            regime=text(40),
            funding_route=text(40),
            funding_shares=[c.FundingShare(buyer=text(c.MAX_NAME), share_percent=Decimal(10))] * 10,
            start_on=TODAY,
            initial_term_months=36,
            extension_months=[12] * 10,
            rates=lines(c.PriceLine),
            volumes=lines(c.VolumeLine),
            annual_value=Decimal(1),
            whole_life_value=Decimal(1),
            awarded_at=NOW,
        ),
    ]


@pytest.mark.parametrize("event", largest(), ids=lambda e: type(e).__name__)
def test_flow_events_at_their_bounds_stay_under_half_the_commit_limit(event):
    size = len(body_for(event).encode())
    assert size < MAX_EVENT_BYTES // 2, f"{type(event).__name__}: {size} bytes"


def test_a_response_may_not_carry_more_answer_text_than_its_bound_in_all():
    answers = [c.Answer(criterion_code="q", text="x" * c.MAX_ANSWER) for _ in range(6)]
    with pytest.raises(ValidationError, match="characters in all"):
        c.ResponseOpened(
            occurred_at=NOW,
            call_off_id=uuid4(),
            response_id=uuid4(),
            provider_id=uuid4(),
            provider_name="Care Co",
            submitted_at=NOW,
            answers=answers,
            proposed_start_on=TODAY,
            capacity_confirmed=True,
        )
