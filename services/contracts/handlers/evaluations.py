"""The evaluation service's result, applied: ranked responses kept, the award created when
the evaluation completes, assessment summaries noted (R15).

The award of a call-off is created once: its id is derived from the call-off's, so an
``EvaluationCompleted`` delivered twice (or a second evaluation of the same call-off) finds
it and changes nothing.
"""

from __future__ import annotations

import logging
from uuid import UUID, uuid5

from services.contracts.domain.awards.award import Award, RankedResponse
from services.contracts.domain.market import exclusions
from services.contracts.handlers.exclusions import exclusions_for
from services.contracts.store import ContractsUnitOfWork
from shared.events.evaluation import AssessmentSummariesSent, EvaluationCompleted, ResponseRanked

log = logging.getLogger("care_dps.contracts.evaluations")

#: Fixed for ever: award ids are derived from call-off ids.
AWARD_NAMESPACE = UUID("9d3e5a71-2b4c-5d6e-8f90-1a2b3c4d5e6f")


def award_id_for(call_off_id: UUID) -> UUID:
    return uuid5(AWARD_NAMESPACE, str(call_off_id))


async def response_ranked(event: ResponseRanked, uow: ContractsUnitOfWork) -> None:
    """Keep the response as evaluated until its evaluation completes."""
    await uow.evaluations.save_ranked(event)


async def evaluation_completed(event: EvaluationCompleted, uow: ContractsUnitOfWork) -> None:
    """Create the call-off's award and recommend its top-ranked compliant response (or
    record it unsuccessful when there is none)."""
    award_id = award_id_for(event.terms.call_off_id)
    existing = await uow.awards.find(award_id)
    if existing is not None:
        if existing.evaluation_id != event.evaluation_id:
            log.warning(
                "call-off %s already has an award (evaluation %s); evaluation %s ignored",
                event.terms.call_off_id, existing.evaluation_id, event.evaluation_id,
            )
        return
    detail = {r.response_id: r for r in await uow.evaluations.ranked(event.evaluation_id)}
    ranked = []
    for entry in event.ranking:
        found = detail.get(entry.response_id)
        ranked.append(RankedResponse(
            response_id=entry.response_id, provider_id=entry.provider_id,
            compliant=entry.compliant, rank=entry.rank, total_score=entry.total_score,
            annual_cost=found.annual_cost if found else None,
            whole_life_cost=found.whole_life_cost if found else None,
            prices=list(found.prices) if found else [],
        ))
    lot_id = event.terms.lot_id
    members = await uow.market.of_lot(lot_id, [r.provider_id for r in ranked])
    award = Award.from_evaluation(
        award_id=award_id, evaluation_id=event.evaluation_id, terms=event.terms,
        ranked=ranked, recommended_response_id=event.recommended_response_id,
        recommended_by=event.completed_by,
        summaries_sent_at=await uow.evaluations.summaries_sent_at(event.evaluation_id),
        now=uow.clock.now(), exclusions=exclusions(members, lot_id),
    )
    uow.awards.add(award)
    # Flushed so that later events of the same batch find it.
    await uow.session.flush()


async def assessment_summaries_sent(
    event: AssessmentSummariesSent, uow: ContractsUnitOfWork
) -> None:
    """R15: the award may proceed to publication and signing (Procurement Act)."""
    await uow.evaluations.save_summaries(event.evaluation_id, event.call_off_id, event.sent_at)
    award = await uow.awards.find(award_id_for(event.call_off_id), lock=True)
    if award is not None and award.evaluation_id == event.evaluation_id:
        award.summaries_sent(event.sent_at, uow.clock.now(), await exclusions_for(uow, award))
