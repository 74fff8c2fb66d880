"""The award of one evaluated call-off: recommendation, approval under the scheme of
delegation, standstill, offer, and down the ranked list on a decline, a lapse or an
exclusion, until a contract is signed or no compliant response is left.

    recommended --approve--> approved --(standstill over, summaries sent)--> offered
    offered --accept--> awarded (the contract is made)
    approved | offered --decline / lapse / exclusion (R9)--> recommended (the next) | unsuccessful

Every move is recorded in ``history`` (who, when, why) and as an event (``dps.contracts.*``).
The recommendation is the evaluation's (``recommended_by`` is who completed it) for every
response down the list, so whoever made it never approves any of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from services.contracts.domain.awards.approval import Approval
from services.contracts.domain.awards.candidates import Candidate
from services.contracts.domain.awards.state import (
    OPEN,
    SYSTEM,
    AwardState,
    AwardStatus,
    RankedResponse,
    UnknownRegime,
    bounded_money,
)
from services.contracts.domain.market import Exclusions
from services.contracts.domain.standstill import rules_of
from shared.events.calloff import CallOffTerms

__all__ = ["OPEN", "SYSTEM", "Award", "AwardState", "AwardStatus", "RankedResponse",
           "UnknownRegime"]


class Award(Approval):
    aggregate_type = "award"

    @classmethod
    def from_evaluation(
        cls, *, award_id: UUID, evaluation_id: UUID, terms: CallOffTerms,
        ranked: Sequence[RankedResponse], recommended_response_id: UUID | None,
        recommended_by: str, summaries_sent_at: datetime | None, now: datetime,
        exclusions: Exclusions,
    ) -> Award:
        """The award of an evaluated call-off: its compliant responses in rank order (the
        evaluation's recommendation first), and the first that may be awarded recommended."""
        try:
            rules_of(terms.regime, terms.rules_effective_from)
        except (ValueError, LookupError):
            raise UnknownRegime(
                f"The call-off's regime {terms.regime!r} with rules from"
                f" {terms.rules_effective_from} is not one this service knows.",
                regime=terms.regime,
            ) from None
        compliant = sorted(
            (r for r in ranked if r.compliant and r.rank is not None),
            key=lambda r: (r.response_id != recommended_response_id, r.rank),
        )
        candidates = [
            Candidate(
                response_id=r.response_id, provider_id=r.provider_id, rank=r.rank or 0,
                total_score=r.total_score,
                annual_cost=bounded_money(r.annual_cost),
                whole_life_cost=bounded_money(r.whole_life_cost),
                prices=list(r.prices),
            )
            for r in compliant
        ]
        bounded_money(terms.whole_life_value)
        award = cls(
            id=award_id, evaluation_id=evaluation_id, terms=terms,
            recommended_by=recommended_by, candidates=candidates, created_at=now,
            summaries_sent_at=summaries_sent_at,
        )
        award._recommend_next(now, exclusions)
        return award

