"""Events the call-off service consumes: event -> handler, nothing else."""

from __future__ import annotations

from services.calloff.handlers import members, outcomes, requirements
from services.calloff.store import CalloffUnitOfWork
from shared.dpsview.handlers import follow_dps
from shared.events import contracts
from shared.events import registry as events
from shared.runtime import ServiceRuntime


def subscribe(runtime: ServiceRuntime[CalloffUnitOfWork]) -> None:
    registry = runtime.consumer("registry")
    follow_dps(registry)
    registry.on(events.ProviderAdmitted)(members.provider_admitted)
    registry.on(events.MembershipSuspended)(members.membership_suspended)
    registry.on(events.MembershipReinstated)(members.membership_reinstated)
    registry.on(events.MembershipRemoved)(members.membership_removed)
    registry.on(events.ProviderAreasChanged)(members.provider_areas_changed)
    registry.on(events.ProviderCapacityChanged)(members.provider_capacity_changed)
    registry.on(events.ProviderDetailsChanged)(members.provider_details_changed)

    awards = runtime.consumer("contracts")
    awards.on(contracts.ContractAwarded)(outcomes.contract_awarded)
    awards.on(contracts.AwardUnsuccessful)(outcomes.award_unsuccessful)
    awards.on(contracts.ReprocurementRequested)(requirements.reprocurement_requested)
