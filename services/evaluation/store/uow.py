"""The evaluation service's unit of work: the shared one, with its repositories."""

from __future__ import annotations

from typing import Any

from services.evaluation.store.mapping import start_mappers
from services.evaluation.store.repositories import EvaluationRepository, OpenedResponses
from services.evaluation.store.tables import dps_view
from shared.dpsview.repository import DpsViewRepository
from shared.uow import UnitOfWork


class EvaluationUnitOfWork(UnitOfWork):
    dps: DpsViewRepository
    evaluations: EvaluationRepository
    opened: OpenedResponses

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        start_mappers()
        super().__init__(*args, **kwargs)

    def _start(self) -> None:
        self.dps = DpsViewRepository(self.session, dps_view, "evaluation")
        self.evaluations = EvaluationRepository(self.session)
        self.opened = OpenedResponses(self.session)
