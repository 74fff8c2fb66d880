"""The bounds of every value the evaluation service keeps, declared once.

The API models and the tables both read these, so a value the API accepts always fits its
column. Call-off content arrives already bounded by the call-off's event contract
(``shared.events.calloff``); what is bounded here is what people type into this service.
"""

from __future__ import annotations

from shared.events.calloff import MAX_CODE, MAX_CRITERIA, MAX_RESPONSES

#: A token's subject: who an evaluator or moderator is (opaque, never a name).
ACTOR_ID = 200
#: A rationale for a score or a consensus, a note on a conflict or a clarification.
TEXT = 2000
#: A scale point's descriptor ("Good: meets the requirement, with minor gaps").
DESCRIPTOR = 300
#: A criterion code, as long as the call-off's contract allows.
CODE = MAX_CODE
#: Evaluators assigned to one evaluation.
EVALUATORS = 20
#: Criteria of one call-off, and so of one evaluator's assignment.
CRITERIA = MAX_CRITERIA
#: Responses of one call-off, and so conflict declarations of one evaluator in one go.
RESPONSES = MAX_RESPONSES
#: Scores or consensus scores recorded in one request.
SCORES_PER_REQUEST = 500
#: A scoring scale runs from 0 to at least 1 and at most this.
SCALE_MAX = 10
#: Published scores and totals carry this many decimal places (ranking uses them unrounded).
SCORE_PLACES = 4
#: Missing items listed in one error (the rest are counted).
LISTED = 20
