"""The contracts service's store: one module per feature (tables, mapping, repository),
the known DPSs, outbox and inbox, and the unit of work.

The domain classes are mapped when this package is imported: an object created before its
class is mapped can never be saved, so the mapping comes before any use.
"""

from services.contracts.store.mapping import start_mappers
from services.contracts.store.tables import inbox, metadata, outbox
from services.contracts.store.uow import ContractsUnitOfWork

start_mappers()

__all__ = ["ContractsUnitOfWork", "inbox", "metadata", "outbox", "start_mappers"]
