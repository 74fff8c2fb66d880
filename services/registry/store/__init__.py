"""The registry's store: tables, the imperative mapping of the domain, repositories, and
the unit of work that writes the outbox in the same commit.

The domain classes are mapped when this package is imported: an object created before
its class is mapped can never be saved, so the mapping must come before any use.
"""

from services.registry.store.mapping import start_mappers
from services.registry.store.tables import inbox, metadata, outbox
from services.registry.store.uow import RegistryUnitOfWork

start_mappers()

__all__ = ["RegistryUnitOfWork", "inbox", "metadata", "outbox", "start_mappers"]
