"""The call-off service's store: the known DPSs, the members of each lot, outbox and inbox,
and the unit of work."""

from services.calloff.store.tables import inbox, metadata, outbox
from services.calloff.store.uow import CalloffUnitOfWork

__all__ = ["CalloffUnitOfWork", "inbox", "metadata", "outbox"]
