"""Input types bounded to what the store and the events hold, from ``domain.limits``: the
API refuses (422, naming the field) what a column or an event could not keep.

Strings have a maximum length and no NUL character (PostgreSQL cannot store one); amounts
are GBP strings with pence, never JSON numbers; dates and times lie within the calendar the
domain computes on.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BeforeValidator, Field

from services.calloff.domain import limits as n
from shared.fields import moment_between, no_float, text

Code = text(n.CODE, min_length=1)
Name = text(n.NAME, min_length=1)
Element = text(n.ELEMENT, min_length=1)
Band = text(n.ELEMENT)
District = text(8, min_length=1)  # a whole postcode is refused by the domain
LongText = text(n.TEXT)
Reason = text(n.TEXT, min_length=1)
OmissionReason = text(n.REASON, min_length=1)
Answer = text(n.ANSWER)
PersonName = text(n.PERSON_NAME, min_length=1)
AddressLine = text(n.ADDRESS_LINE, min_length=1)
Postcode = text(n.POSTCODE + 2, min_length=5)
NhsNumber = Annotated[str, Field(min_length=10, max_length=12, pattern=r"^[0-9 ]+$")]


#: A GBP rate per unit, as a string ("14.75"): at most 99,999.99, in pence.
Rate = Annotated[
    Decimal,
    BeforeValidator(no_float),
    Field(ge=0, max_digits=n.RATE_MAX_DIGITS, decimal_places=n.RATE_PLACES),
]
#: A weight in percent, 0 to 100, as a string ("40").
Weight = Annotated[
    Decimal,
    BeforeValidator(no_float),
    Field(ge=0, le=100, max_digits=n.WEIGHT_DIGITS, decimal_places=n.WEIGHT_PLACES),
]
#: A funding share in percent, above 0.
Share = Annotated[
    Decimal,
    BeforeValidator(no_float),
    Field(gt=0, le=100, max_digits=n.WEIGHT_DIGITS, decimal_places=n.WEIGHT_PLACES),
]
#: Units of an element a week ("40", "7", "37.5"), as a string or a whole number.
Quantity = Annotated[
    Decimal,
    BeforeValidator(no_float),
    Field(gt=0, le=n.QUANTITY_MAX, max_digits=6, decimal_places=2),
]
#: A numeric answer to a criterion.
Number = Annotated[
    Decimal,
    BeforeValidator(no_float),
    Field(ge=-(10**9), le=10**9, max_digits=14, decimal_places=4),
]

Day = Annotated[date, Field(ge=n.EARLIEST_DATE, le=n.LATEST_DATE)]
StartDay = Annotated[date, Field(ge=n.EARLIEST_START, le=n.LATEST_START)]
InitialTermMonths = Annotated[int, Field(ge=1, le=n.INITIAL_TERM_MONTHS_MAX)]
ExtensionMonths = Annotated[int, Field(ge=1, le=n.EXTENSION_MONTHS_MAX)]


#: A moment with its time zone (a deadline), within the calendar; kept in UTC.
Moment = moment_between(n.EARLIEST_START.year, n.LATEST_START.year)
