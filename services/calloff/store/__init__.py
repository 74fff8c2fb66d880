"""The call-off service's store: the known DPSs and the members of each lot, requirements
and the sealed identities, call-offs with their invitation lists, responses and
clarifications, outbox and inbox, and the unit of work."""

from services.calloff.store.tables import inbox, metadata, outbox
from services.calloff.store.uow import CalloffUnitOfWork

__all__ = ["CalloffUnitOfWork", "inbox", "metadata", "outbox"]
