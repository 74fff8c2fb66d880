"""The contracts service's unit of work: the shared one, with a repository per feature."""

from __future__ import annotations

from typing import Any

from services.contracts.store.awards import AwardRepository
from services.contracts.store.base import dps_view
from services.contracts.store.contracts import ContractRepository, KpiRepository
from services.contracts.store.delegation import SchemeRepository
from services.contracts.store.evaluations import EvaluationRepository
from services.contracts.store.mapping import start_mappers
from services.contracts.store.market import MarketRepository
from services.contracts.store.placements import PlacementRepository
from services.contracts.store.publication import NoticeRepository, ProcessRepository
from services.contracts.store.publication_feed import FeedRepository
from services.contracts.store.spend import BudgetRepository
from shared.dpsview.repository import DpsViewRepository
from shared.uow import UnitOfWork


class ContractsUnitOfWork(UnitOfWork):
    dps: DpsViewRepository
    market: MarketRepository
    evaluations: EvaluationRepository
    awards: AwardRepository
    schemes: SchemeRepository
    contracts: ContractRepository
    kpis: KpiRepository
    placements: PlacementRepository
    budgets: BudgetRepository
    processes: ProcessRepository
    notices: NoticeRepository
    feed: FeedRepository

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        start_mappers()
        super().__init__(*args, **kwargs)

    def _start(self) -> None:
        session = self.session
        self.dps = DpsViewRepository(session, dps_view, "contracts")
        self.market = MarketRepository(session)
        self.evaluations = EvaluationRepository(session)
        self.awards = AwardRepository(session)
        self.schemes = SchemeRepository(session)
        self.contracts = ContractRepository(session)
        self.kpis = KpiRepository(session)
        self.placements = PlacementRepository(session)
        self.budgets = BudgetRepository(session)
        self.processes = ProcessRepository(session)
        self.notices = NoticeRepository(session)
        self.feed = FeedRepository(session)
