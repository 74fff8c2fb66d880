"""The evaluation service's unit of work: the shared one, with its repositories."""

from __future__ import annotations

from services.evaluation.store.tables import dps_view
from shared.dpsview.repository import DpsViewRepository
from shared.uow import UnitOfWork


class EvaluationUnitOfWork(UnitOfWork):
    dps: DpsViewRepository

    def _start(self) -> None:
        self.dps = DpsViewRepository(self.session, dps_view, "evaluation")
