"""Registry events and request bodies for the call-off service's tests: small factories
(``dps_events(regime=...)``, ``admitted(dps, lot, ...)``, ``requirement_body(...)``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from shared.clock import LONDON
from shared.events.registry import (
    CriterionSummary,
    DpsOpened,
    LotSummary,
    PriceCompliance,
    ProviderAdmitted,
    RateCardAdded,
    RateSummary,
)

#: Monday 1 March 2027, 09:00 in London: inside every test DPS's term.
START = datetime(2027, 3, 1, 9, tzinfo=LONDON).astimezone(UTC)
OPENED = START - timedelta(days=30)
#: A valid NHS number (its check digit matches) that appears nowhere else.
NHS = "9434765919"
PERSON = {
    "given_name": "Evelyn",
    "family_name": "Marchbanks",
    "date_of_birth": "1961-07-14",
    "address_lines": ["14 Wolverhampton Road", "Stafford"],
    "postcode": "ST16 3AB",
    "nhs_number": "943 476 5919",
}
#: Every value of the person's identity, as it could appear in text.
IDENTITY_VALUES = ["Evelyn", "Marchbanks", "1961-07-14", "14/07/1961", "Wolverhampton Road",
                   "ST16 3AB", "ST163AB", NHS, "943 476 5919"]


def catalogue(*, cost: tuple[str, str] = ("20", "60")) -> list[CriterionSummary]:
    return [
        CriterionSummary(code="quality", name="Quality", kind="quality",
                         min_weight=Decimal("40"), max_weight=Decimal("80")),
        CriterionSummary(code="cost", name="Cost", kind="cost",
                         min_weight=Decimal(cost[0]), max_weight=Decimal(cost[1])),
        CriterionSummary(code="social_value", name="Social value", kind="social_value",
                         min_weight=Decimal("0"), max_weight=Decimal("20")),
    ]


def dps_events(
    regime: str = "pcr2015_dps", *, lots: list[LotSummary] | None = None,
    criteria: list[CriterionSummary] | None = None, opened_at: datetime = OPENED,
    buyers: list[str] | None = None, starts_on: date = date(2027, 1, 1),
    ends_on: date = date(2028, 12, 31),
) -> tuple[DpsOpened, list[RateCardAdded]]:
    """An open DPS with lot ``SL`` (supported living: £13.60-£14.75 an hour, £78-£87 a
    night sleep-in, from 1 Jan 2027) unless ``lots`` are given."""
    lots = lots or [LotSummary(lot_id=uuid4(), code="SL", title="Supported living",
                               cqc_registration_required=True)]
    opened = DpsOpened(
        occurred_at=opened_at,
        dps_id=uuid4(),
        name="Staffordshire Supported Living DPS",
        regime=regime,
        service_category="supported_living",
        buyer_organisations=buyers or ["Staffordshire County Council"],
        starts_on=starts_on,
        initial_term_ends_on=ends_on,
        latest_end_on=ends_on,
        current_end_on=ends_on,
        lots=lots,
        criteria=criteria if criteria is not None else catalogue(),
        price_compliance=PriceCompliance(price_above_reference="non_compliant",
                                         abnormally_low_percent=80),
    )
    cards = [
        RateCardAdded(
            occurred_at=opened_at, dps_id=opened.dps_id, lot_id=lot.lot_id,
            rate_card_id=uuid4(), effective_from=date(2027, 1, 1),
            rates=[
                RateSummary(element="support", unit="hour", min_amount=Decimal("13.60"),
                            max_amount=Decimal("14.75")),
                RateSummary(element="sleep_in", unit="night", min_amount=Decimal("78.00"),
                            max_amount=Decimal("87.00")),
            ],
        )
        for lot in lots
    ]
    return opened, cards


def admitted(
    dps: DpsOpened, lot: LotSummary | None = None, *, name: str = "Bright Futures Care Ltd",
    areas: list[str] | None = None, cqc: str | None = "1-101641548",
    capacity: int | None = None, provider_id: UUID | None = None,
    at: datetime | None = None,
) -> ProviderAdmitted:
    lot = lot or dps.lots[0]
    return ProviderAdmitted(
        occurred_at=at or OPENED + timedelta(days=1),
        dps_id=dps.dps_id, lot_id=lot.lot_id, provider_id=provider_id or uuid4(),
        membership_id=uuid4(), application_id=uuid4(), provider_name=name,
        areas_served=areas if areas is not None else ["ST16", "ST17"],
        capacity=capacity, cqc_provider_id=cqc, decided_by="officer-1",
    )


def requirement_body(dps: DpsOpened, **overrides: Any) -> dict[str, Any]:
    """A ready requirement: 40 hours of support a week and 7 sleep-in nights, 3 years + 2
    x 12 months, from 1 April 2027, with the person's identity."""
    body: dict[str, Any] = {
        "dps_id": str(dps.dps_id),
        "lot_id": str(dps.lots[0].lot_id),
        "age_band": "65-74",
        "postcode_district": "ST16",
        "need_band": "high",
        "needs_summary": "Learning disability; needs support with personal care and meals.",
        "volumes": [
            {"element": "support", "unit": "hour", "quantity_per_week": "40"},
            {"element": "sleep_in", "unit": "night", "quantity_per_week": "7"},
        ],
        "pattern": "Mornings and evenings, every day; sleep-in every night.",
        "start_on": "2027-04-01",
        "initial_term_months": 36,
        "extension_months": [12, 12],
        "funding_route": "council_arranged",
        "person": dict(PERSON),
    }
    body.update(overrides)
    return body


def call_off_body(requirement_id: str, **overrides: Any) -> dict[str, Any]:
    """A price-competed mini-competition, 60/30/10, closing 14 days after START."""
    body: dict[str, Any] = {
        "requirement_id": requirement_id,
        "kind": "mini_competition",
        "pricing_mode": "price_competed",
        "criteria": [
            {"code": "quality", "weight": "60"},
            {"code": "cost", "weight": "30"},
            {"code": "social_value", "weight": "10"},
        ],
        "response_deadline": (START + timedelta(days=14)).isoformat(),
    }
    body.update(overrides)
    return body


def response_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "answers": [
            {"criterion_code": "quality", "text": "Our team has 12 years in supported living."},
            {"criterion_code": "social_value", "text": "We recruit locally in Stafford."},
        ],
        "prices": [
            {"element": "support", "unit": "hour", "amount": "14.20"},
            {"element": "sleep_in", "unit": "night", "amount": "82.00"},
        ],
        "proposed_start_on": "2027-04-01",
        "capacity_confirmed": True,
    }
    body.update(overrides)
    return body
