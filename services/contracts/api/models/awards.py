"""Awards as read, and the approver's and provider's answers."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID

from pydantic import Field

from services.contracts.api.models.base import Body, Decimal2, LongText, RateRead, Read, Reason
from services.contracts.domain.awards.award import Award, AwardStatus
from services.contracts.domain.awards.candidates import CandidateStatus
from services.contracts.domain.awards.history import AwardAction
from shared.actors import Actor


class ApproveBody(Body):
    voluntary_standstill: bool = Field(
        default=False,
        description=(
            "Hold a voluntary standstill where the law requires none: 8 working days under"
            " the Procurement Act 2023, 10 calendar days under the PCR 2015. A standstill the"
            " law requires (light touch above the threshold) applies whatever this says."
        ),
    )
    why: LongText = ""
    response_id: UUID | None = Field(
        default=None,
        description=(
            "The recommended response you read: if another has taken its place since (a"
            " decline, a lapse, an exclusion), the approval is refused (409)."
        ),
    )


class DeclineBody(Body):
    reason: Reason


class CandidateRead(Read):
    response_id: UUID
    provider_id: UUID
    rank: int
    total_score: Decimal
    annual_cost: Decimal2 | None
    whole_life_cost: Decimal2 | None
    prices: list[RateRead]
    status: CandidateStatus
    reason: str
    changed_at: datetime | None
    approved_at: datetime | None


class StandstillRead(Read):
    days: int
    working_days: bool
    mandatory: bool
    ends_at: datetime | None = Field(
        description="None until it starts (Procurement Act: when the summaries are sent)."
    )


class AwardEntryRead(Read):
    at: datetime
    action: AwardAction
    actor_id: str
    actor_role: str
    why: str
    response_id: UUID | None
    provider_id: UUID | None


class AwardRead(Read):
    id: UUID
    call_off_id: UUID
    call_off_reference: str
    evaluation_id: UUID
    dps_id: UUID
    lot_id: UUID
    regime: str
    buyers: list[str]
    above_threshold: bool
    status: AwardStatus
    recommended_by: str
    current: CandidateRead | None
    whole_life_value: Decimal2 | None = Field(
        description="The whole-life value that counts for approval, of the current candidate."
    )
    candidates: list[CandidateRead]
    approved_by: str | None
    approved_at: datetime | None
    approver_level: str | None
    standstill: StandstillRead | None
    assessment_summaries_required: bool
    summaries_sent_at: datetime | None
    offered_at: datetime | None
    offer_expires_at: datetime | None
    contract_id: UUID | None
    outcome_reason: str
    created_at: datetime
    history: list[AwardEntryRead]

    @classmethod
    def of(cls, award: Award, actor: Actor) -> AwardRead:
        """The award as ``actor`` may see it (a provider: its own candidate and entries)."""
        current = award.current
        mine = current if current and current in award.candidates_for(actor) else None
        standstill = award.standstill
        return cls(
            id=award.id, call_off_id=award.call_off_id,
            call_off_reference=award.terms.reference, evaluation_id=award.evaluation_id,
            dps_id=award.dps_id, lot_id=award.lot_id, regime=award.terms.regime,
            buyers=award.buyers, above_threshold=award.terms.above_threshold,
            status=award.status, recommended_by=award.recommended_by,
            current=CandidateRead.model_validate(mine) if mine else None,
            whole_life_value=award.value_of(mine) if mine else None,
            candidates=[CandidateRead.model_validate(c) for c in award.candidates_for(actor)],
            approved_by=award.approved_by, approved_at=award.approved_at,
            approver_level=award.approver_level,
            standstill=StandstillRead(
                days=standstill.days, working_days=standstill.working_days,
                mandatory=standstill.mandatory, ends_at=award.standstill_ends_at,
            ) if standstill else None,
            assessment_summaries_required=award.needs_summaries,
            summaries_sent_at=award.summaries_sent_at, offered_at=award.offered_at,
            offer_expires_at=award.offer_expires_at, contract_id=award.contract_id,
            outcome_reason=award.outcome_reason, created_at=award.created_at,
            history=[AwardEntryRead.model_validate(h) for h in award.history_for(actor)],
        )
