"""Events the contracts service consumes: event -> handler, nothing else."""

from __future__ import annotations

from services.contracts.handlers import evaluations, market, publication
from services.contracts.store import ContractsUnitOfWork
from shared.dpsview.handlers import HANDLERS as DPS_HANDLERS
from shared.dpsview.handlers import follow_dps
from shared.events import evaluation
from shared.events import registry as reg
from shared.runtime import ServiceRuntime


def subscribe(runtime: ServiceRuntime[ContractsUnitOfWork]) -> None:
    registry = runtime.consumer("registry")
    follow_dps(registry)
    registry.on(reg.ProviderAdmitted)(market.provider_admitted)
    registry.on(reg.MembershipSuspended)(market.membership_suspended)
    registry.on(reg.MembershipReinstated)(market.membership_reinstated)
    registry.on(reg.MembershipRemoved)(market.membership_removed)
    registry.on(reg.ProviderDetailsChanged)(market.provider_details_changed)

    evaluations_in = runtime.consumer("evaluation")
    evaluations_in.on(evaluation.ResponseRanked)(evaluations.response_ranked)
    evaluations_in.on(evaluation.EvaluationCompleted)(evaluations.evaluation_completed)
    evaluations_in.on(evaluation.AssessmentSummariesSent)(evaluations.assessment_summaries_sent)

    # Publication follows the same events, after the handlers above, and its own consumers.
    publication.follow(runtime, registry, evaluations_in, already={
        **DPS_HANDLERS,
        evaluation.EvaluationCompleted: evaluations.evaluation_completed,
        evaluation.AssessmentSummariesSent: evaluations.assessment_summaries_sent,
    })
