"""The bounds of every value the contracts service keeps, declared once.

The API models, the tables and the domain's own checks read these, so a value the API
accepts always fits its column and every date computed from a stored contract exists.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from shared.events import calloff as c

# --- text (characters) ---------------------------------------------------------------------
CODE = c.MAX_CODE  # a level, a need band, a reference
NAME = c.MAX_NAME  # a buyer, a provider, a title
TEXT = c.MAX_TEXT  # a reason, a note
ELEMENT = c.MAX_ELEMENT  # a rate's element or band
ACTOR_ID = 300  # a token's subject, or ``system:contracts``
METRIC = 200  # a KPI's name
UNIT = 40  # a KPI's unit ("percent", "visits")
POSTCODE_DISTRICT = 4
ORGANISATION = 200  # a token's ``org``

# --- counts ----------------------------------------------------------------------------------
LINES = c.MAX_LINES  # rate or volume lines of one contract
FUNDING_SHARES = 10
LEVELS = 10  # levels of one scheme of delegation
EXTENSION_OPTIONS = 10
IMPORT_ROWS = 2_000  # rows (placements) in one import
KPI_RECORDS = 1_000  # KPI records listed for one contract

# --- numbers ---------------------------------------------------------------------------------
#: GBP amounts: NUMERIC(15, 2), so at most 9,999,999,999,999.99.
MONEY_DIGITS, MONEY_PLACES = 15, 2
MONEY_MAX = Decimal("9999999999999.99")
#: A rate per unit (an hour, a night, a day), as call-off events bound it.
RATE_MAX = Decimal("99999.99")
QUANTITY_MAX = Decimal(1000)  # units a week
#: KPI targets and results: NUMERIC(15, 4).
MEASURE_DIGITS, MEASURE_PLACES = 15, 4
TERM_MONTHS_MAX = 240
EXTENSION_MONTHS_MAX = 120
OFFER_WINDOW_MAX = 60  # working days

# --- dates -----------------------------------------------------------------------------------
#: A contract starts within these (existing placements may be years old); with the longest
#: term and every option it still ends well inside the calendar.
EARLIEST_DATE = date(1990, 1, 1)
LATEST_DATE = date(2100, 12, 31)
FINANCIAL_YEAR_MIN, FINANCIAL_YEAR_MAX = 2000, 2100
