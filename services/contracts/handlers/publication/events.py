"""Events -> publication: each event applied to the contracting process it is about.

The registry's DPS events make the parent process; the call-off, evaluation and contracts
services' events make each call-off's (the contracts service's own events are consumed
like any producer's, so publication never reaches into the award code). Handlers for events
other handlers of this service already follow (the DPS events, the evaluation's) run after
those, in the same transaction (``then``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from services.contracts.domain.publication import changes as ch
from services.contracts.domain.publication.facts import ContractStatus
from services.contracts.handlers.publication.publisher import Publisher
from services.contracts.store import ContractsUnitOfWork
from shared.events import calloff as c
from shared.events import contracts as k
from shared.events import evaluation as v
from shared.events import registry as r

Handler = Callable[[Any, ContractsUnitOfWork], Awaitable[None]]


def then(first: Handler, second: Handler) -> Handler:
    """Both handlers, one after the other, in the consumer's one transaction."""

    async def both(event: Any, uow: ContractsUnitOfWork) -> None:
        await first(event, uow)
        await second(event, uow)

    both.__doc__ = f"{first.__doc__ or ''}\n\nThen: {second.__doc__ or ''}"
    return both


def registry_handlers(p: Publisher) -> dict[type[Any], Handler]:
    """A DPS as the parent contracting process (R16's dynamic market notices)."""

    async def opened(e: r.DpsOpened, uow: ContractsUnitOfWork) -> None:
        """Publish the DPS (its contract notice, or its dynamic market notices)."""
        await p.dps_opened(uow, ch.dps_opened(e), e.occurred_at)

    async def changed(e: r.DpsChanged, uow: ContractsUnitOfWork) -> None:
        """Publish the change (a modification notice for a dynamic market)."""
        await p.dps(uow, e.dps_id, lambda f: ch.dps_changed(f, e), e.occurred_at,
                    ["tenderUpdate"], modification=f"UK15-{e.id}")

    async def lot_opened(e: r.LotOpened, uow: ContractsUnitOfWork) -> None:
        await p.dps(uow, e.dps_id, lambda f: ch.lot_opened(f, e), e.occurred_at,
                    ["tenderUpdate"], modification=f"UK15-{e.id}")

    async def lot_closed(e: r.LotClosed, uow: ContractsUnitOfWork) -> None:
        await p.dps(uow, e.dps_id, lambda f: ch.lot_closed(f, e), e.occurred_at,
                    ["tenderUpdate"], modification=f"UK15-{e.id}")

    async def window_opened(e: r.ReopeningWindowOpened, uow: ContractsUnitOfWork) -> None:
        await p.dps(uow, e.dps_id, lambda f: ch.window_opened(f, e), e.occurred_at,
                    ["tenderUpdate"])

    async def window_closed(e: r.ReopeningWindowClosed, uow: ContractsUnitOfWork) -> None:
        await p.dps(uow, e.dps_id, lambda f: ch.window_closed(f, e), e.occurred_at,
                    ["tenderUpdate"])

    async def closed(e: r.DpsClosed, uow: ContractsUnitOfWork) -> None:
        """Publish the end of the DPS (a cessation notice for a dynamic market)."""
        await p.dps(uow, e.dps_id, lambda f: ch.dps_closed(f, e), e.occurred_at,
                    ["tenderUpdate"])

    return {r.DpsOpened: opened, r.DpsChanged: changed, r.LotOpened: lot_opened,
            r.LotClosed: lot_closed, r.ReopeningWindowOpened: window_opened,
            r.ReopeningWindowClosed: window_closed, r.DpsClosed: closed}


def calloff_handlers(p: Publisher) -> dict[type[Any], Handler]:
    """Each call-off as its own contracting process, linked to its DPS."""

    async def published(e: c.CallOffPublished, uow: ContractsUnitOfWork) -> None:
        """Publish the call-off's tender (a UK4 tender notice above the threshold)."""
        await p.call_off(uow, e.terms.call_off_id, lambda f: ch.with_terms(f, e.terms),
                         e.occurred_at, ["tender"])

    async def closed(e: c.CallOffClosed, uow: ContractsUnitOfWork) -> None:
        await p.call_off(uow, e.terms.call_off_id, lambda f: ch.call_off_closed(f, e),
                         e.occurred_at, ["tenderUpdate"])

    async def cancelled(e: c.CallOffCancelled, uow: ContractsUnitOfWork) -> None:
        """Publish the cancellation (its reason stays with the council)."""
        await p.call_off(uow, e.call_off_id, lambda f: ch.cancelled(f, e.occurred_at),
                         e.occurred_at, ["tenderCancellation"])

    async def unsuccessful(e: c.CallOffUnsuccessful, uow: ContractsUnitOfWork) -> None:
        await p.call_off(uow, e.call_off_id, lambda f: ch.unsuccessful(f, e.occurred_at),
                         e.occurred_at, ["tenderUpdate"])

    return {c.CallOffPublished: published, c.CallOffClosed: closed,
            c.CallOffCancelled: cancelled, c.CallOffUnsuccessful: unsuccessful}


def evaluation_handlers(p: Publisher) -> dict[type[Any], Handler]:
    async def completed(e: v.EvaluationCompleted, uow: ContractsUnitOfWork) -> None:
        """The call-off's terms, should its own events not have arrived yet."""
        await p.call_off(uow, e.terms.call_off_id, lambda f: ch.with_terms(f, e.terms),
                         e.occurred_at, ["tenderUpdate"])

    async def summaries(e: v.AssessmentSummariesSent, uow: ContractsUnitOfWork) -> None:
        """The assessment-summaries date on the award; the UK6 may now go (R15)."""
        await p.call_off(uow, e.call_off_id, lambda f: ch.summaries_sent(f, e.sent_at),
                         e.occurred_at, ["awardUpdate"])

    return {v.EvaluationCompleted: completed, v.AssessmentSummariesSent: summaries}


def contracts_handlers(p: Publisher) -> dict[type[Any], Handler]:
    """The contracts service's own events, consumed like any producer's."""

    async def approved(e: k.AwardApproved, uow: ContractsUnitOfWork) -> None:
        """Publish the award decision, with its standstill period."""
        names = await uow.market.provider_names([e.provider_id])
        await p.call_off(uow, e.call_off_id,
                         lambda f: ch.award_approved(f, e, names.get(e.provider_id)),
                         e.occurred_at, ["award"])

    async def withdrawn(e: k.OfferDeclined | k.CandidatePassedOver,
                        uow: ContractsUnitOfWork) -> None:
        await p.call_off(uow, e.call_off_id, lambda f: ch.award_withdrawn(f, e.provider_id),
                         e.occurred_at, ["awardUpdate"])

    async def unsuccessful(e: k.AwardUnsuccessful, uow: ContractsUnitOfWork) -> None:
        await p.call_off(uow, e.call_off_id, lambda f: ch.unsuccessful(f, e.occurred_at),
                         e.occurred_at, ["tenderUpdate", "awardUpdate"])

    async def awarded(e: k.ContractAwarded, uow: ContractsUnitOfWork) -> None:
        """Publish the award and the contract (a UK7 or a PCR award notice)."""
        await p.call_off(uow, e.call_off_id, lambda f: ch.contract_awarded(f, e),
                         e.occurred_at, ["award", "contract"])

    async def transitioned(e: k.PlacementTransitioned, uow: ContractsUnitOfWork) -> None:
        """An existing placement's direct-award contract, as a process of its own."""
        await p.placement(uow, ch.placement_transitioned(e), e.contract_id, e.occurred_at)

    async def extended(e: k.ContractExtended, uow: ContractsUnitOfWork) -> None:
        await p.contract(uow, e.contract_id, lambda f: ch.contract_extended(f, e),
                         e.occurred_at, ["contractAmendment"])

    async def varied(e: k.ContractVaried, uow: ContractsUnitOfWork) -> None:
        """Publish the amendment (the new value; the reason stays with the council)."""
        await p.contract(uow, e.contract_id, lambda f: ch.contract_varied(f, e),
                         e.occurred_at, ["contractAmendment"])

    async def terminated(e: k.ContractTerminated, uow: ContractsUnitOfWork) -> None:
        await p.contract(uow, e.contract_id, lambda f: ch.contract_finished(
            f, ContractStatus.TERMINATED, e.effective_on, e.occurred_at),
            e.occurred_at, ["contractTermination"])

    async def ended(e: k.ContractEnded, uow: ContractsUnitOfWork) -> None:
        await p.contract(uow, e.contract_id, lambda f: ch.contract_finished(
            f, ContractStatus.ENDED, e.ended_on, e.occurred_at),
            e.occurred_at, ["contractTermination"])

    return {k.AwardApproved: approved, k.OfferDeclined: withdrawn,
            k.CandidatePassedOver: withdrawn, k.AwardUnsuccessful: unsuccessful,
            k.ContractAwarded: awarded, k.PlacementTransitioned: transitioned,
            k.ContractExtended: extended, k.ContractVaried: varied,
            k.ContractTerminated: terminated, k.ContractEnded: ended}
