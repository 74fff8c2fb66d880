"""Input types bounded to what the store holds, from the limits declared once in
``domain.limits``: the API refuses (422, naming the field) what a column could not keep.

Strings have a maximum length and no NUL character (PostgreSQL cannot store one); whole
numbers fit their column; amounts have the column's digits and places; dates and times lie
within the calendar the domain computes on.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BeforeValidator, Field

from services.registry.domain import limits as n
from shared.fields import moment_between, no_float, text

Code = text(n.CODE, min_length=1)
Name = text(n.NAME, min_length=1)
Kind = text(n.KIND, min_length=1)
Category = text(n.CATEGORY, min_length=1)
DocumentType = text(n.DOCUMENT_TYPE, min_length=1)
Element = text(n.ELEMENT, min_length=1)
Band = text(n.ELEMENT)
Sha256 = text(n.SHA256)
Organisation = text(n.ORGANISATION, min_length=1)
Email = text(n.EMAIL, min_length=3)
Phone = text(n.PHONE)
ContactRole = text(n.CONTACT_ROLE)
CompaniesHouseNumber = text(n.COMPANIES_HOUSE + 2, min_length=1)  # spaces are dropped
CqcProviderId = text(n.CQC_PROVIDER, min_length=1)
PostcodeDistrictCode = text(8, min_length=1)  # a whole postcode is refused by the domain
#: Free text (a description, a question, a note); ``Reason`` must say something.
LongText = text(n.TEXT)
Reason = text(n.TEXT, min_length=1)


#: A GBP amount, given as a string ("13.60"), that NUMERIC(12, 2) holds; not negative.
Money = Annotated[
    Decimal,
    BeforeValidator(no_float),
    Field(ge=0, max_digits=n.MONEY_DIGITS, decimal_places=n.MONEY_PLACES),
]
#: A weight in percent, 0 to 100, as a string ("40").
Weight = Annotated[
    Decimal,
    BeforeValidator(no_float),
    Field(ge=0, le=100, max_digits=n.WEIGHT_DIGITS, decimal_places=n.WEIGHT_PLACES),
]

#: A date the registry keeps (a document's expiry, a rate card's period).
Day = Annotated[date, Field(ge=n.EARLIEST_DATE, le=n.LATEST_DATE)]
#: The day a DPS starts.
StartDay = Annotated[date, Field(ge=n.EARLIEST_START, le=n.LATEST_START)]


#: A moment with its time zone, within the calendar; kept in UTC.
Moment = moment_between(n.EARLIEST_DATE.year, n.LATEST_DATE.year)

Months = Annotated[int, Field(ge=1, le=n.EXTENSION_MONTHS_MAX)]
WorkingDays = Annotated[int, Field(ge=1, le=n.WORKING_DAYS_MAX)]
Capacity = Annotated[int, Field(ge=0, le=n.CAPACITY_MAX)]
