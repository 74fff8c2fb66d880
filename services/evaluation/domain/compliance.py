"""Compliance, checked on every response before anyone scores it.

Non-compliant (not scored, not ranked, never recommended), each with its reason:
- ``missing_answer``: no answer to a mandatory criterion (a blank narrative, or no number);
- ``price_missing``: a price-competed response without a price for an element the package
  needs;
- ``price_above_reference``: a price above the lot's reference maximum, when the DPS says
  such a price is non-compliant;
- ``fixed_rate_not_accepted``: a fixed-rate call-off's response that does not accept the
  council's rate.

Flagged (kept and scored, but the council must settle each flag before completing, see
``Evaluation.clarify``):
- ``above_reference``: a price above the reference maximum, when the DPS says flag;
- ``abnormally_low``: a price below the DPS's share (80 % by default) of the reference
  minimum, to be explained by the provider before it can win;
- ``capacity_not_confirmed``: the provider did not confirm it has capacity;
- ``later_start``: the provider proposes to start after the package's start date.

Prices are checked against the lot's reference rates on the publication date, which travel
in the call-off's terms; an element without a reference rate is not checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from services.evaluation.domain.costing import (
    Key,
    describe,
    key_of,
    needed,
    pounds,
    prices_by_key,
)
from shared.events.calloff import Answer, CallOffTerms, PriceLine

MISSING_ANSWER = "missing_answer"
PRICE_MISSING = "price_missing"
PRICE_ABOVE_REFERENCE = "price_above_reference"
FIXED_RATE_NOT_ACCEPTED = "fixed_rate_not_accepted"
#: A flagged response the council rejected after asking the provider to explain.
REJECTED_AFTER_CLARIFICATION = "rejected_after_clarification"

ABOVE_REFERENCE = "above_reference"
ABNORMALLY_LOW = "abnormally_low"
CAPACITY_NOT_CONFIRMED = "capacity_not_confirmed"
LATER_START = "later_start"


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason or flag: a stable code and what exactly was found."""

    code: str
    detail: str

    def __str__(self) -> str:
        return f"{self.code}: {self.detail}"


@dataclass(frozen=True, slots=True)
class Compliance:
    reasons: tuple[Finding, ...] = ()
    flags: tuple[Finding, ...] = field(default=())

    @property
    def compliant(self) -> bool:
        return not self.reasons


@dataclass(frozen=True, slots=True)
class Submission:
    """What compliance reads of one response."""

    answers: Sequence[Answer]
    prices: Sequence[PriceLine]
    accepts_fixed_rate: bool
    capacity_confirmed: bool
    proposed_start_on: date


def check(terms: CallOffTerms, response: Submission) -> Compliance:
    reasons: list[Finding] = []
    flags: list[Finding] = []
    missing = _missing_answers(terms, response.answers)
    if missing:
        reasons.append(Finding(MISSING_ANSWER, "no answer to mandatory " + ", ".join(missing)))
    if terms.pricing_mode == "fixed_rate":
        if not response.accepts_fixed_rate:
            rates = ", ".join(
                f"{describe(key_of(r))} {pounds(r.amount)}" for r in terms.fixed_rates
            )
            reasons.append(Finding(
                FIXED_RATE_NOT_ACCEPTED,
                "the response does not accept the council's fixed rate"
                + (f" ({rates})" if rates else ""),
            ))
    else:
        _check_prices(terms, response.prices, reasons, flags)
    if not response.capacity_confirmed:
        flags.append(Finding(CAPACITY_NOT_CONFIRMED, "the provider did not confirm capacity"))
    if response.proposed_start_on > terms.start_on:
        flags.append(Finding(
            LATER_START,
            f"proposes to start on {response.proposed_start_on}, after {terms.start_on}",
        ))
    return Compliance(tuple(reasons), tuple(flags))


def _missing_answers(terms: CallOffTerms, answers: Sequence[Answer]) -> list[str]:
    by_code = {a.criterion_code: a for a in answers}
    missing = []
    for criterion in terms.criteria:
        if not criterion.mandatory or criterion.kind == "cost":
            continue  # cost is answered by the prices
        answer = by_code.get(criterion.code)
        if criterion.answer_type == "numeric":
            given = answer is not None and answer.number is not None
        else:
            given = answer is not None and bool(answer.text.strip())
        if not given:
            missing.append(f"{criterion.code} ({criterion.name})")
    return missing


def _check_prices(
    terms: CallOffTerms, prices: Sequence[PriceLine], reasons: list[Finding],
    flags: list[Finding],
) -> None:
    by_key = prices_by_key(prices)
    references = {key_of(r): r for r in terms.reference_rates}
    unpriced: list[str] = []
    above: list[str] = []
    low: list[str] = []
    share = terms.compliance.abnormally_low_share
    for volume in needed(terms.volumes):
        key: Key = key_of(volume)
        price = by_key.get(key)
        if price is None:
            unpriced.append(describe(key))
            continue
        reference = references.get(key)
        if reference is None:
            continue
        if price > reference.max_amount:
            above.append(f"{describe(key)} {pounds(price)} above the reference maximum"
                         f" {pounds(reference.max_amount)}")
        floor = reference.min_amount * share
        if price < floor:
            low.append(f"{describe(key)} {pounds(price)} below {_percent(share)} of the"
                       f" reference minimum {pounds(reference.min_amount)}")
    if unpriced:
        reasons.append(Finding(PRICE_MISSING, "no price for " + ", ".join(unpriced)))
    if above:
        if terms.compliance.price_above_reference == "non_compliant":
            reasons.append(Finding(PRICE_ABOVE_REFERENCE, "; ".join(above)))
        else:
            flags.append(Finding(ABOVE_REFERENCE, "; ".join(above)))
    if low:
        flags.append(Finding(ABNORMALLY_LOW, "; ".join(low)))


def _percent(share: Decimal) -> str:
    return f"{(share * 100).normalize():f} %"
