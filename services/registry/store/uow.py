"""The registry's unit of work: the shared one, with the registry's repositories."""

from __future__ import annotations

from typing import Any

from services.registry.store.mapping import start_mappers
from services.registry.store.repositories import (
    ApplicationRepository,
    AuditRepository,
    DpsRepository,
    MembershipRepository,
    ProviderRepository,
)
from shared.uow import UnitOfWork


class RegistryUnitOfWork(UnitOfWork):
    dps: DpsRepository
    providers: ProviderRepository
    applications: ApplicationRepository
    memberships: MembershipRepository
    audit: AuditRepository

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        start_mappers()
        super().__init__(*args, **kwargs)

    def _start(self) -> None:
        session = self.session
        self.dps = DpsRepository(session)
        self.providers = ProviderRepository(session)
        self.applications = ApplicationRepository(session)
        self.memberships = MembershipRepository(session)
        self.audit = AuditRepository(session)
