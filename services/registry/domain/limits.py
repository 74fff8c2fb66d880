"""The bounds of every value the registry keeps, declared once.

The API models (``Field(max_length=...)``), the tables (``String(...)``, ``Numeric(...)``)
and the domain's own checks all read these, so a value the API accepts always fits its
column, and a stored aggregate can always be read back and computed on (no date arithmetic
that overflows, no amount the column cannot hold).
"""

from __future__ import annotations

from datetime import date

from services.registry.domain.errors import DateOutOfRange

# --- text (characters) ---------------------------------------------------------------------
CODE = 40  # a lot, question or criterion code
NAME = 300  # a DPS, organisation, buyer, lot title, criterion or person's name
KIND = 40  # a buyer's kind, a category of service
CATEGORY = 100
DOCUMENT_TYPE = 100
ELEMENT = 100  # a rate's element or band
ORGANISATION = 200  # the org claim of a token
EMAIL = 320
PHONE = 40
CONTACT_ROLE = 100
SHA256 = 64
COMPANIES_HOUSE = 8
CQC_PROVIDER = 20
POSTCODE_DISTRICT = 4
TEXT = 2000  # free text: a description, a question, a reason, a note
REASONS = 20  # reasons given for one decision
ACTOR_ID = 200  # a token's subject

# --- counts ----------------------------------------------------------------------------------
LOTS = 100  # lots of one DPS, or in one application
CHILDREN = 200  # questions or documents of a lot, rates of a card, answers, documents ...
AREAS = 500  # postcode districts one provider serves
BUYERS = 20
EXTENSION_OPTIONS = 10
#: Criteria in a DPS's award-criteria catalogue (a call-off uses at most 20 of them).
CRITERIA = 30
#: Rates on one rate card (each card travels whole in one event).
RATES_PER_CARD = 50

# --- numbers ---------------------------------------------------------------------------------
#: Whole numbers the store keeps in a 32-bit INTEGER.
INT32_MAX = 2**31 - 1
#: Packages a provider can take on in one lot.
CAPACITY_MAX = 100_000
#: The longest initial term and the longest extension option, in months.
TERM_MONTHS_MAX = 600
EXTENSION_MONTHS_MAX = 120
WORKING_DAYS_MAX = 250
WARNING_DAYS_MAX = 365

#: GBP amounts: NUMERIC(12, 2), so at most 9,999,999,999.99.
MONEY_DIGITS, MONEY_PLACES = 12, 2
#: Weights in percent: NUMERIC(5, 2).
WEIGHT_DIGITS, WEIGHT_PLACES = 5, 2

# --- dates -----------------------------------------------------------------------------------
#: A DPS starts within these; with the longest term and extensions it still ends well before
#: the calendar's last day, so every date computed from a stored DPS exists.
EARLIEST_START = date(2000, 1, 1)
LATEST_START = date(2100, 12, 31)
#: Any other date the registry is given (a document's expiry, a rate card's period).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2200, 12, 31)


def check_date(day: date, field: str) -> date:
    """A date the registry keeps lies within the calendar it can compute on."""
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise DateOutOfRange(
            f"{field} must lie between {EARLIEST_DATE} and {LATEST_DATE}.",
            field=field, value=day.isoformat(),
        )
    return day
