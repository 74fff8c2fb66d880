"""Every table of the contracts store, in one metadata (migrations compare against it).

Importing this module imports each feature's tables; a new feature adds its module here.
"""

from services.contracts.store import (  # noqa: F401  (each registers its tables)
    awards,
    contracts,
    delegation,
    evaluations,
    market,
    placements,
    publication,
    spend,
)
from services.contracts.store.base import dps_view, inbox, metadata, outbox

__all__ = ["dps_view", "inbox", "metadata", "outbox"]
