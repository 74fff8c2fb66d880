"""Test factories: the seeds' DPSs and small test objects, built through the domain.

They live with the tests, not in the shipped package. The seed DPSs a person can post
through the API are ``shared/demo/examples/*.json``.

Every factory returns aggregates as if just loaded from the store: no pending events, so a
test sees only the events its own actions cause.

Regimes, from the council reports:
- Staffordshire calls both of its systems "Light Touch Regime Dynamic Purchasing Systems"
  under PCR 2015: ``pcr2015_light_touch`` (care services are Schedule 3 services).
- Sefton sets up a "Pseudo DPS" under the light-touch arrangements: ``pcr2015_light_touch``.
- Kent's report says "Dynamic Purchasing System (open framework)" under PCR 2015, with
  Lot 1b run closed (providers join only at the start). A PCR 2015 reg. 34 DPS must stay
  open to every qualifying provider, so a closed lot would be unlawful there; the 2022
  arrangement predates the Procurement Act 2023, so ``pa2023_open_framework`` does not fit
  either. Only the light-touch regime, where the council's own documents set the rules,
  makes Lot 1b lawful: ``pcr2015_light_touch``.

Where a report is silent (decision service level, Kent's term, the questionnaire), the
values below are stated assumptions, not facts from the seeds.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from services.registry.domain import (
    AdmissionMode,
    Application,
    BuyerOrganisation,
    CriterionKind,
    DocumentInput,
    Dps,
    Provider,
    Rate,
    RateUnit,
    Role,
    submit_application,
)
from services.registry.domain.actors import Actor
from services.registry.domain.lots import Lot
from shared.clock import LONDON
from shared.identity import provider_id_for
from shared.regimes import Regime
from shared.workdays import end_of_local_day

COMMISSIONER = Actor(id="user:commissioner-1", role=Role.COMMISSIONER)
AUDITOR = Actor(id="user:auditor-1", role=Role.AUDITOR)


def provider_user(provider: Provider | UUID) -> Actor:
    provider_id = provider.id if isinstance(provider, Provider) else provider
    return Actor(id=f"user:provider-{provider_id}", role=Role.PROVIDER, provider_id=provider_id)


def london(day: date, at: time = time(9, 0)) -> datetime:
    """A Europe/London wall-clock time, as UTC."""
    return datetime.combine(day, at, tzinfo=LONDON).astimezone(UTC)


def _standard_questionnaire(dps: Dps, lot: Lot, now: datetime) -> None:
    by = COMMISSIONER
    dps.add_question(lot.id, "SQ1", "Do you have a safeguarding adults policy in place?", now, by)
    dps.add_question(
        lot.id, "SQ2", "Does any mandatory exclusion ground apply to your organisation?", now, by,
        pass_answer=False,
    )
    dps.add_required_document(lot.id, "public_liability_insurance", now, by)
    dps.add_required_document(lot.id, "employers_liability_insurance", now, by)


def _quality_and_cost(dps: Dps, now: datetime) -> None:
    dps.add_criterion("quality", "Quality", CriterionKind.QUALITY, "40", "80", now, COMMISSIONER)
    dps.add_criterion("cost", "Cost", CriterionKind.COST, "20", "60", now, COMMISSIONER)
    dps.add_criterion(
        "social_value", "Social value", CriterionKind.SOCIAL_VALUE, "0", "20", now, COMMISSIONER
    )


def _finish(dps: Dps, now: datetime, open_: bool) -> Dps:
    if open_:
        dps.open(now, COMMISSIONER)
    dps.pull_events()
    return dps


def staffordshire_supported_living(now: datetime, *, open_: bool = True) -> Dps:
    """Supported Living: 2 years + 2 x 12 months from July 2019; £13.60-£14.75/hour and
    £78-£87/night sleep-in reference rates. ``now`` must fall within the term to open it."""
    dps = Dps.set_up(
        now=now, by=COMMISSIONER,
        name="Staffordshire Supported Living DPS",
        buyers=[BuyerOrganisation("Staffordshire County Council")],
        regime=Regime.PCR2015_LIGHT_TOUCH,
        service_category="supported_living",
        starts_on=date(2019, 7, 1), initial_term_months=24, extension_months=[12, 12],
        decision_service_level_working_days=10,  # assumption: mirrors the PCR DPS period
    )
    lot = dps.add_lot("SL", "Supported living", now, COMMISSIONER, cqc_registration_required=True)
    _standard_questionnaire(dps, lot, now)
    _quality_and_cost(dps, now)
    dps.add_rate_card(lot.id, dps.starts_on, [
        Rate.range("support", RateUnit.HOUR, "13.60", "14.75"),
        Rate.range("sleep_in", RateUnit.NIGHT, "78.00", "87.00"),
    ], now, COMMISSIONER)
    return _finish(dps, now, open_)


def staffordshire_day_opportunities(now: datetime, *, open_: bool = True) -> Dps:
    """Community Based Day Opportunities: 3 years + 2 x 12 months from January 2020; day
    rates £95 / £60 / £45 by need band; transport £6 standard, £10 adapted vehicle."""
    dps = Dps.set_up(
        now=now, by=COMMISSIONER,
        name="Staffordshire Community Based Day Opportunities DPS",
        buyers=[BuyerOrganisation("Staffordshire County Council")],
        regime=Regime.PCR2015_LIGHT_TOUCH,
        service_category="day_opportunities",
        starts_on=date(2020, 1, 1), initial_term_months=36, extension_months=[12, 12],
        decision_service_level_working_days=10,  # assumption
    )
    lot = dps.add_lot("DO", "Community based day opportunities", now, COMMISSIONER)
    _standard_questionnaire(dps, lot, now)
    _quality_and_cost(dps, now)
    dps.add_rate_card(lot.id, dps.starts_on, [
        Rate.fixed("support", RateUnit.DAY, "95.00", band="high_complex"),
        Rate.fixed("support", RateUnit.DAY, "60.00", band="medium"),
        Rate.fixed("support", RateUnit.DAY, "45.00", band="low_enablement"),
        Rate.fixed("transport", RateUnit.DAY, "6.00", band="standard"),
        Rate.fixed("transport", RateUnit.DAY, "10.00", band="adapted_vehicle"),
    ], now, COMMISSIONER)
    return _finish(dps, now, open_)


KENT_INITIAL_WINDOW_ENDS_AT = end_of_local_day(date(2022, 6, 17))  # ITT and SQ return date
KENT_FIRST_REOPENING = london(date(2023, 4, 1), time(0, 0))  # six months after 1 Oct 2022


def kent_everyday_life(now: datetime, *, open_: bool = True) -> Dps:
    """Kent's DPS in three lots; Lot 1b is closed; reopens every six months, first in April
    2023. Open it with ``now`` on or after 30 May 2022 (the ITT) to have the initial window."""
    dps = Dps.set_up(
        now=now, by=COMMISSIONER,
        name="Everyday Life Activities, Skills Development and Training Opportunities DPS",
        buyers=[BuyerOrganisation("Kent County Council")],
        regime=Regime.PCR2015_LIGHT_TOUCH,
        service_category="day_opportunities",
        # The report gives no term; four years is an assumption.
        starts_on=date(2022, 10, 1), initial_term_months=48,
        admission_mode=AdmissionMode.WINDOWS,
        initial_window_ends_at=KENT_INITIAL_WINDOW_ENDS_AT,
        # Evaluation ran 20 June - 1 July 2022: ten working days after the return date.
        decision_service_level_working_days=10,
    )
    lots = [
        dps.add_lot("1a", "Everyday life activities (1:1 or small groups)", now, COMMISSIONER,
                    remote_delivery_allowed=True),
        dps.add_lot("1b", "Everyday life activities (building based / large groups)", now,
                    COMMISSIONER, closed_lot=True),
        dps.add_lot("2", "Skills development and training opportunities", now, COMMISSIONER,
                    remote_delivery_allowed=True),
    ]
    for lot in lots:
        _standard_questionnaire(dps, lot, now)
    _quality_and_cost(dps, now)
    # Four weeks every six months (the length of a window is an assumption).
    dps.schedule_reopenings(KENT_FIRST_REOPENING, 6, 28, now, COMMISSIONER)
    return _finish(dps, now, open_)


def sefton_supported_living_pdps(
    now: datetime, *, open_: bool = True, joint_with_health: bool = False
) -> Dps:
    """Sefton's pseudo DPS for supported living: light touch, open 5 years; quality and
    social value only (e.g. 95% / 5%), the hourly rate set by the council."""
    buyers = [BuyerOrganisation("Sefton Metropolitan Borough Council")]
    if joint_with_health:  # joint commissioning with the CCGs, planned in the report
        buyers += [BuyerOrganisation("NHS South Sefton CCG", "health"),
                   BuyerOrganisation("NHS Southport and Formby CCG", "health")]
    dps = Dps.set_up(
        now=now, by=COMMISSIONER,
        name="Sefton Supported Living Pseudo DPS",
        buyers=buyers,
        regime=Regime.PCR2015_LIGHT_TOUCH,
        service_category="supported_living",
        starts_on=date(2020, 9, 1), initial_term_months=60,
        decision_service_level_working_days=10,  # assumption
    )
    lot = dps.add_lot("SL", "Supported living", now, COMMISSIONER, cqc_registration_required=True)
    _standard_questionnaire(dps, lot, now)
    dps.add_criterion("quality", "Quality", CriterionKind.QUALITY, "90", "95", now, COMMISSIONER)
    dps.add_criterion("social_value", "Social value", CriterionKind.SOCIAL_VALUE, "5", "10", now,
                      COMMISSIONER)
    return _finish(dps, now, open_)


def make_dps(
    now: datetime, *, open_: bool = True, lots: tuple[str, ...] = ("A",), **overrides: Any
) -> Dps:
    """A PCR 2015 DPS from 1 Jan 2025 (3 years + 12 months) with the standard questionnaire
    on each lot; override any ``Dps`` argument."""
    fields: dict[str, Any] = {
        "name": "Example Council Home Care DPS",
        "buyers": [BuyerOrganisation("Example Council")],
        "regime": Regime.PCR2015_DPS,
        "service_category": "home_care",
        "starts_on": date(2025, 1, 1),
        "initial_term_months": 36,
        "extension_months": [12],
    }
    fields.update(overrides)
    dps = Dps.set_up(now=now, by=COMMISSIONER, **fields)
    for code in lots:
        _standard_questionnaire(dps, dps.add_lot(code, f"Lot {code}", now, COMMISSIONER), now)
    return _finish(dps, now, open_)


_provider_counter = iter(range(10_000_000, 99_999_999))


def make_provider(**overrides: Any) -> Provider:
    """A CQC-registered provider serving two Stafford districts; override any field."""
    n = next(_provider_counter)
    areas = overrides.pop("areas", ["ST16", "ST17"])
    fields: dict[str, Any] = {
        "name": f"Example Care {n} Ltd",
        "companies_house_number": f"{n:08d}",
        "cqc_provider_id": f"1-{n:09d}",
        "organisation": f"example-care-{n}",
    }
    fields.update(overrides)
    fields.setdefault("id", provider_id_for(fields["organisation"]))
    provider = Provider(**fields)
    provider.set_areas(areas, datetime(2019, 1, 1, tzinfo=UTC), provider_user(provider))
    provider.pull_events()
    return provider


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def qualifying_documents(dps: Dps, lot_ids: list[UUID], expires_on: date) -> list[DocumentInput]:
    types = dict.fromkeys(d.document_type for i in lot_ids for d in dps.lot(i).required_documents)
    return [DocumentInput(t, t.replace("_", " "), sha256_of(t), expires_on) for t in types]


def qualifying_answers(dps: Dps, lot_ids: list[UUID]) -> dict[UUID, bool]:
    return {q.id: q.pass_answer for i in lot_ids for q in dps.lot(i).questions}


def make_application(
    dps: Dps, provider: Provider, now: datetime, *, lot_codes: list[str] | None = None,
    existing: list[Application] | None = None, memberships: list[Any] | None = None,
    documents_expire_on: date | None = None,
) -> Application:
    """A qualifying application (every question passed, every document declared)."""
    lots = [dps.lot_by_code(c) for c in lot_codes] if lot_codes else dps.lots
    lot_ids = [lot.id for lot in lots]
    expires = documents_expire_on or (now.date() + timedelta(days=365))
    app = submit_application(
        dps=dps, provider=provider, lot_ids=lot_ids,
        answers=qualifying_answers(dps, lot_ids),
        documents=qualifying_documents(dps, lot_ids, expires),
        existing_applications=existing or [], memberships=memberships or [],
        now=now, by=provider_user(provider),
    )
    app.pull_events()
    return app


__all__ = [
    "AUDITOR",
    "COMMISSIONER",
    "KENT_FIRST_REOPENING",
    "KENT_INITIAL_WINDOW_ENDS_AT",
    "kent_everyday_life",
    "london",
    "make_application",
    "make_dps",
    "make_provider",
    "provider_user",
    "qualifying_answers",
    "qualifying_documents",
    "sefton_supported_living_pdps",
    "sha256_of",
    "staffordshire_day_opportunities",
    "staffordshire_supported_living",
]
