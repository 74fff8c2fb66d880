"""Awards built in memory from the factories' evaluation, for the domain's unit tests."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID, uuid4

from services.contracts.domain.awards.award import Award, RankedResponse
from services.contracts.domain.delegation import (
    CombinedScheme,
    DelegationLevel,
    SchemeOfDelegation,
    combine,
)
from shared.actors import Actor, Role
from shared.identity import provider_id_for

from .factories import STAFFORDSHIRE, START, Evaluation

COUNCIL = Actor("officer-1", Role.COMMISSIONER)
APPROVER = Actor("approver-1", Role.APPROVER, approval_limit=Decimal(1_000_000))
WINDOW = 5


def staffordshire_scheme() -> CombinedScheme:
    levels = [
        DelegationLevel("lead_commissioner", "Lead Commissioner", Decimal(100_000)),
        DelegationLevel("assistant_director", "Assistant Director", Decimal(500_000)),
        DelegationLevel("director", "Director", None),
    ]
    return combine([STAFFORDSHIRE], [SchemeOfDelegation.set_up(STAFFORDSHIRE, levels, START,
                                                               COUNCIL)])


def award_of(evaluation: Evaluation, *, exclusions: dict[UUID, str] | None = None,
             now: datetime = START, summaries: datetime | None = None) -> Award:
    completed = evaluation.completed()
    ranked = {r.response_id: r for r in evaluation.ranked()}
    return Award.from_evaluation(
        award_id=uuid4(), evaluation_id=evaluation.evaluation_id, terms=evaluation.terms,
        ranked=[
            RankedResponse(
                response_id=e.response_id, provider_id=e.provider_id, compliant=e.compliant,
                rank=e.rank, total_score=e.total_score,
                annual_cost=ranked[e.response_id].annual_cost,
                whole_life_cost=ranked[e.response_id].whole_life_cost,
                prices=ranked[e.response_id].prices,
            )
            for e in completed.ranking
        ],
        recommended_response_id=completed.recommended_response_id,
        recommended_by=completed.completed_by, summaries_sent_at=summaries, now=now,
        exclusions=exclusions or {},
    )


def provider(organisation: str) -> Actor:
    return Actor(f"{organisation}-user", Role.PROVIDER, organisation=organisation,
                 provider_id=provider_id_for(organisation))


def approve(award: Award, now: datetime = START, *, by: Actor = APPROVER,
            voluntary: bool = False, exclusions: dict[UUID, str] | None = None) -> None:
    award.approve(by, staffordshire_scheme(), now, voluntary_standstill=voluntary, why="",
                  offer_window_days=WINDOW, exclusions=exclusions or {})


def subjects(award: Award) -> list[str]:
    return [type(e).__name__ for e in award.pending_events]
