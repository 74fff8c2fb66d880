"""The contracts service's store: the known DPSs (buyers, regime, term), outbox and inbox,
and the unit of work."""

from services.contracts.store.tables import inbox, metadata, outbox
from services.contracts.store.uow import ContractsUnitOfWork

__all__ = ["ContractsUnitOfWork", "inbox", "metadata", "outbox"]
