"""The contracts service's tables."""

from shared.db import new_metadata
from shared.dpsview.tables import DpsViewTables
from shared.messaging.tables import messaging_tables

metadata = new_metadata()
outbox, inbox = messaging_tables(metadata)
dps_view = DpsViewTables(metadata)
