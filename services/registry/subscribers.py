"""Events the registry consumes: none yet.

The registry will consume contract events (e.g. ``dps.contracts.contract_started.v1``) to
count active contracts per provider. When it does, each becomes one line here:
``runtime.consumer("contracts").on(ContractStarted)(handlers.record_contract_started)``.
"""

from __future__ import annotations

from services.registry.store import RegistryUnitOfWork
from shared.runtime import ServiceRuntime


def subscribe(runtime: ServiceRuntime[RegistryUnitOfWork]) -> None:
    """Nothing to consume yet (see the module docstring)."""
