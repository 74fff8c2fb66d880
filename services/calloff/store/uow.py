"""The call-off service's unit of work: the shared one, with its repositories."""

from __future__ import annotations

from services.calloff.store.repositories import (
    LotCapacityRepository,
    LotMemberRepository,
    ProviderFactsRepository,
)
from services.calloff.store.tables import dps_view
from shared.dpsview.repository import DpsViewRepository
from shared.uow import UnitOfWork


class CalloffUnitOfWork(UnitOfWork):
    dps: DpsViewRepository
    members: LotMemberRepository
    providers: ProviderFactsRepository
    capacities: LotCapacityRepository

    def _start(self) -> None:
        session = self.session
        self.dps = DpsViewRepository(session, dps_view, "call-off")
        self.members = LotMemberRepository(session)
        self.providers = ProviderFactsRepository(session)
        self.capacities = LotCapacityRepository(session)
