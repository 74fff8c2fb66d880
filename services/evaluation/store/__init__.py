"""The evaluation service's store: evaluations and their parts, responses opened before
their call-off's close, the known DPSs, outbox and inbox, and the unit of work."""

from services.evaluation.store.tables import inbox, metadata, outbox
from services.evaluation.store.uow import EvaluationUnitOfWork

__all__ = ["EvaluationUnitOfWork", "inbox", "metadata", "outbox"]
