"""The bounds of every value the call-off service keeps, declared once.

The API's input types (``handlers.fields``), the tables and the domain's own checks read
these, so a value the API accepts always fits its column and its event: most come straight
from the event contracts (``shared.events.calloff``), which bound every field.
"""

from __future__ import annotations

from datetime import date

from shared.events import calloff as contract

# --- text (characters) ---------------------------------------------------------------------
CODE = contract.MAX_CODE  # a criterion code, a need band, a reference
NAME = contract.MAX_NAME  # an organisation's name
ELEMENT = contract.MAX_ELEMENT  # a rate's element or band
TEXT = contract.MAX_TEXT  # needs summary, pattern, a question, an answer, a justification
REASON = contract.MAX_REASON  # why an eligible member is left out
ANSWER = contract.MAX_ANSWER  # one answer to one criterion
ANSWERS_TOTAL = contract.MAX_ANSWERS_TOTAL  # every answer of one response
POSTCODE_DISTRICT = 4
POSTCODE = 8  # a whole postcode, with its space
ACTOR_ID = 200  # a token's subject
ORGANISATION = 200  # a token's organisation
# The person's identity (restricted, encrypted at rest).
PERSON_NAME = 100
ADDRESS_LINE = 100
ADDRESS_LINES = 4

# --- counts ----------------------------------------------------------------------------------
CRITERIA = contract.MAX_CRITERIA
LINES = contract.MAX_LINES  # volume lines of a requirement; rates of a call-off or response
OMISSIONS = contract.MAX_OMISSIONS
#: Responses a call-off can hand to evaluation (``CallOffClosed`` lists each one).
RESPONSES = contract.MAX_RESPONSES
FUNDING_SHARES = 10
EXTENSION_OPTIONS = 10
#: Questions one invitee may ask in one call-off.
QUESTIONS_PER_INVITEE = 50

# --- numbers ---------------------------------------------------------------------------------
INITIAL_TERM_MONTHS_MAX = 240
EXTENSION_MONTHS_MAX = 120
#: Units of one element a week (hours: 2:1 around the clock is 336).
QUANTITY_MAX = 1000
#: GBP per unit: at most 99,999.99, in pence.
RATE_MAX_DIGITS, RATE_PLACES = 7, 2
#: Weights in percent, two places.
WEIGHT_DIGITS, WEIGHT_PLACES = 5, 2
#: Whole-life and annual values: NUMERIC(14, 2).
VALUE_DIGITS = 14

# --- dates -----------------------------------------------------------------------------------
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2200, 12, 31)
#: A care package starts, and a response deadline falls, within these.
EARLIEST_START = date(2000, 1, 1)
LATEST_START = date(2100, 12, 31)
