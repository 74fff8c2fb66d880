from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Read(BaseModel):
    """A response body read from a domain object's attributes."""

    model_config = ConfigDict(from_attributes=True)


class Body(BaseModel):
    """A request body: unknown fields are refused rather than silently ignored."""

    model_config = ConfigDict(extra="forbid")
