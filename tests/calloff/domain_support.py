"""Domain objects for the call-off rules' unit tests (no store, no HTTP)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from services.calloff.domain.call_offs import CallOff, CallOffKind, PricingMode
from services.calloff.domain.criteria import CriterionChoice
from services.calloff.domain.eligibility import Candidate
from services.calloff.domain.members import MemberStatus
from services.calloff.domain.people import PersonDetails
from services.calloff.domain.requirements import Requirement, Unit, Volume
from shared.actors import Actor, Role
from shared.dpsview.model import KnownDps
from shared.events.calloff import PriceLine
from tests.calloff import factories as f

NOW = f.START
TODAY = date(2027, 3, 1)
COMMISSIONER = Actor(id="officer-1", role=Role.COMMISSIONER, organisation="staffordshire-cc")
PRACTITIONER = Actor(id="sw-1", role=Role.PRACTITIONER, organisation="staffordshire-cc")


def known_dps(regime: str = "pcr2015_dps", **kwargs: Any) -> KnownDps:
    opened, cards = f.dps_events(regime, **kwargs)
    dps = KnownDps.opened(opened)
    for card in cards:
        dps.rate_card_added(card)
    return dps


def person(**overrides: Any) -> PersonDetails:
    values = {**f.PERSON, "date_of_birth": date.fromisoformat(f.PERSON["date_of_birth"]),
              **overrides}
    return PersonDetails.of(today=TODAY, **values)


def requirement(dps: KnownDps, **details: Any) -> Requirement:
    values: dict[str, Any] = {
        "age_band": "65-74", "postcode_district": "ST16", "need_band": "high",
        "needs_summary": "Needs support with personal care and meals.",
        "volumes": [Volume("support", Unit.HOUR, None, Decimal(40)),
                    Volume("sleep_in", Unit.NIGHT, None, Decimal(7))],
        "start_on": date(2027, 4, 1), "initial_term_months": 36, "extension_months": [12, 12],
        "funding_route": "council_arranged",
    }
    values.update(details)
    return Requirement.raised(
        id=uuid4(), dps_id=dps.id, lot_id=dps.lots[0].lot_id, by=PRACTITIONER, now=NOW,
        today=TODAY, details=values, person=person(),
    )


def choices(*pairs: tuple[str, str]) -> list[CriterionChoice]:
    return [CriterionChoice(code, Decimal(weight)) for code, weight in pairs]


STANDARD = (("quality", "60"), ("cost", "30"), ("social_value", "10"))


def draft(
    dps: KnownDps, req: Requirement | None = None, *,
    kind: CallOffKind = CallOffKind.MINI_COMPETITION,
    pricing_mode: PricingMode = PricingMode.PRICE_COMPETED,
    criteria: tuple[tuple[str, str], ...] = STANDARD, fixed_rates: list[PriceLine] | None = None,
    deadline: datetime | None = None, direct_award_provider_id: UUID | None = None,
    justification: str | None = None, now: datetime = NOW,
) -> CallOff:
    return CallOff.drafted(
        id=uuid4(), requirement=req or requirement(dps), dps=dps, kind=kind,
        pricing_mode=pricing_mode, criteria=choices(*criteria), fixed_rates=fixed_rates or [],
        funding_shares=None, response_deadline=deadline or now + timedelta(days=14),
        direct_award_provider_id=direct_award_provider_id,
        direct_award_justification=justification, requirement_out=False,
        actor=COMMISSIONER, now=now,
    )


def candidate(
    *, areas: tuple[str, ...] = ("ST16",), cqc: str | None = "1-101641548",
    capacity: int | None = None, status: MemberStatus = MemberStatus.ACTIVE,
    provider_id: UUID | None = None, n: int = 0,
) -> Candidate:
    return Candidate(
        membership_id=uuid4(), provider_id=provider_id or uuid4(),
        provider_name=f"Provider {n} Ltd", status=status, areas_served=areas,
        cqc_provider_id=cqc, capacity=capacity,
        admitted_at=datetime(2027, 1, 2, tzinfo=UTC) + timedelta(seconds=n),
    )


def publish(
    call_off: CallOff, dps: KnownDps, req: Requirement, candidates: list[Candidate], *,
    now: datetime = NOW, omissions: dict[UUID, str] | None = None,
    consents: set[UUID] | None = None, council_min_hours: float = 2.0,
) -> list[Any]:
    return call_off.publish(
        now=now, actor=COMMISSIONER, dps=dps, requirement=req, candidates=candidates,
        omissions=omissions or {}, consents=consents or set(),
        council_min_hours=council_min_hours,
    )


def fixed(*amounts: tuple[str, str, str]) -> list[PriceLine]:
    return [PriceLine(element=e, unit=u, amount=Decimal(a)) for e, u, a in amounts]
