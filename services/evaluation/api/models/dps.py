from uuid import UUID

from pydantic import BaseModel, ConfigDict


class DpsRegimeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    dps_id: UUID
    name: str
    regime: str
