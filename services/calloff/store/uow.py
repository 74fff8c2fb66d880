"""The call-off service's unit of work: the shared one, with its repositories."""

from __future__ import annotations

from services.calloff.store.call_offs import CallOffRepository
from services.calloff.store.invitees import (
    ClarificationRepository,
    ConsentRepository,
    InvitationRepository,
    ResponseRepository,
)
from services.calloff.store.repositories import (
    LotCapacityRepository,
    LotMemberRepository,
    ProviderFactsRepository,
)
from services.calloff.store.requirements import PersonRepository, RequirementRepository
from services.calloff.store.tables import dps_view
from shared.dpsview.repository import DpsViewRepository
from shared.uow import UnitOfWork


class CalloffUnitOfWork(UnitOfWork):
    dps: DpsViewRepository
    members: LotMemberRepository
    providers: ProviderFactsRepository
    capacities: LotCapacityRepository
    requirements: RequirementRepository
    people: PersonRepository
    call_offs: CallOffRepository
    invitations: InvitationRepository
    consents: ConsentRepository
    responses: ResponseRepository
    clarifications: ClarificationRepository

    def _start(self) -> None:
        session = self.session
        self.dps = DpsViewRepository(session, dps_view, "call-off")
        self.members = LotMemberRepository(session)
        self.providers = ProviderFactsRepository(session)
        self.capacities = LotCapacityRepository(session)
        self.requirements = RequirementRepository(session)
        self.people = PersonRepository(session)
        self.call_offs = CallOffRepository(session, self.track)
        self.invitations = InvitationRepository(session)
        self.consents = ConsentRepository(session)
        self.responses = ResponseRepository(session)
        self.clarifications = ClarificationRepository(session)
