"""Input types bounded to what the store holds (``domain.limits``): a value a column could
not keep is a 422 naming the field. No NUL character anywhere (PostgreSQL refuses one)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from services.evaluation.domain import limits as n

#: A user id (a token's subject): something other than blanks, no NUL.
Person = Annotated[str, Field(min_length=1, max_length=n.ACTOR_ID,
                              pattern=r"^[^\x00]*[^\x00\s][^\x00]*$")]
Code = Annotated[str, Field(min_length=1, max_length=n.CODE, pattern=r"^[^\x00]*$")]
LongText = Annotated[str, Field(max_length=n.TEXT, pattern=r"^[^\x00]*$")]
Descriptor = Annotated[str, Field(min_length=1, max_length=n.DESCRIPTOR,
                                  pattern=r"^[^\x00]*$")]
#: Any whole number a SMALLINT holds: whether it is on the scale is the domain's rule
#: (``score_out_of_range``).
Points = Annotated[int, Field(ge=-32768, le=32767)]


class Body(BaseModel):
    """A request body: unknown fields are refused rather than silently ignored."""

    model_config = ConfigDict(extra="forbid")


class Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)
