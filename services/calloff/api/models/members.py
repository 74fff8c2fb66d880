from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from services.calloff.domain.members import MemberStatus


class LotMemberRead(BaseModel):
    """A member of a lot as the call-off service knows it; only ``active`` ones are invited."""

    model_config = ConfigDict(from_attributes=True)

    membership_id: UUID
    dps_id: UUID
    lot_id: UUID
    provider_id: UUID
    provider_name: str
    status: MemberStatus
    status_reason: str
    areas_served: list[str]
    capacity: int | None
    cqc_provider_id: str | None
    admitted_at: datetime
    changed_at: datetime
