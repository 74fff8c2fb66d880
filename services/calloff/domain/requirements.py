"""A requirement: one person's care need under one lot, as a practitioner raised it.

It holds only what may be advertised (a pseudonymous reference, age band, postcode district,
need band, needs summary, weekly volumes and pattern, start date, duration, funding route).
The person's identity lives apart (``people.PersonDetails``, in a restricted, encrypted
table); a requirement only knows whether it has been recorded. A requirement is a ``draft``
until every advertised detail and the person's identity are in, then ``ready``: only a ready
requirement can go out in a call-off. A re-procurement (``ReprocurementRequested``) raises a
draft with what the contracts service knows and no personal data at all.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID

from services.calloff.domain import errors as e
from services.calloff.domain import limits as n
from services.calloff.domain.people import AgeBand, PersonDetails, age_band_of, postcode_district
from shared.actors import Actor, Role, require_role
from shared.events.calloff import Advertised

#: Who raises and completes requirements, and records the person's identity.
RAISED_BY = (Role.PRACTITIONER, Role.COMMISSIONER)
#: Who may read the person's identity: the council side that raised it, and the provider a
#: contract for it was awarded to (``may_read_person``).
READ_BY = (Role.PRACTITIONER, Role.COMMISSIONER, Role.PROVIDER)


def may_read_person(actor: Actor, *, awarded_to_actor: bool) -> bool:
    """THE rule of R17 for the identity: the council side that raises requirements, and,
    after award, the awarded provider; no other provider, ever."""
    if actor.role not in READ_BY:
        return False
    return not actor.is_provider or awarded_to_actor


class FundingRoute(StrEnum):
    """Who arranges and pays (R20)."""

    COUNCIL_ARRANGED = "council_arranged"
    INDIVIDUAL_SERVICE_FUND = "individual_service_fund"
    DIRECT_PAYMENT = "direct_payment"
    USER_CHOICE = "user_choice"


class Unit(StrEnum):
    HOUR = "hour"
    NIGHT = "night"
    DAY = "day"
    WEEK = "week"


class RequirementStatus(StrEnum):
    DRAFT = "draft"
    READY = "ready"


@dataclass(frozen=True, slots=True)
class Volume:
    """How much of one element the package needs each week (40 hours of support, 7 nights)."""

    element: str
    unit: Unit
    band: str | None
    quantity_per_week: Decimal

    @property
    def key(self) -> tuple[str, str, str | None]:
        return (self.element, self.unit.value, self.band)

    def as_dict(self) -> dict[str, Any]:
        return {"element": self.element, "unit": self.unit.value, "band": self.band,
                "quantity_per_week": str(self.quantity_per_week)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Volume:
        return cls(data["element"], Unit(data["unit"]), data.get("band"),
                   Decimal(data["quantity_per_week"]))


def check_volumes(volumes: list[Volume]) -> list[Volume]:
    """One line per element (and band), each a positive weekly quantity; at most seven
    nights and seven days a week in all, counted whole."""
    keys = [v.key for v in volumes]
    if len(set(keys)) != len(keys):
        raise e.InvalidVolume("Give each element (and band) once.", field="volumes")
    if len(volumes) > n.LINES:
        raise e.InvalidVolume(f"At most {n.LINES} volume lines.", field="volumes")
    for volume in volumes:
        if not Decimal(0) < volume.quantity_per_week <= n.QUANTITY_MAX:
            raise e.InvalidVolume(
                f"{volume.element}: a weekly quantity above 0 and at most {n.QUANTITY_MAX}.",
                field="volumes",
            )
    for unit in (Unit.NIGHT, Unit.DAY):
        quantities = [v.quantity_per_week for v in volumes if v.unit is unit]
        if any(q != q.to_integral_value() for q in quantities) or sum(quantities) > 7:
            raise e.InvalidVolume(
                f"{unit.value}s are counted whole, at most 7 a week in all.", field="volumes"
            )
    return list(volumes)


def check_term(initial_term_months: int, extension_months: list[int]) -> None:
    if not 1 <= initial_term_months <= n.INITIAL_TERM_MONTHS_MAX:
        raise e.InvalidTerm(
            f"The initial term is 1 to {n.INITIAL_TERM_MONTHS_MAX} months.",
            field="initial_term_months",
        )
    if len(extension_months) > n.EXTENSION_OPTIONS or any(
        not 1 <= m <= n.EXTENSION_MONTHS_MAX for m in extension_months
    ):
        raise e.InvalidTerm(
            f"At most {n.EXTENSION_OPTIONS} extension options of 1 to"
            f" {n.EXTENSION_MONTHS_MAX} months.",
            field="extension_months",
        )


def new_reference() -> str:
    """A pseudonymous reference: random, so it says nothing about the person."""
    return "REQ-" + secrets.token_hex(5).upper()


#: Every advertised detail, in the order a person would fill them in.
ADVERTISED_FIELDS = (
    "age_band", "postcode_district", "need_band", "needs_summary", "volumes", "pattern",
    "start_on", "initial_term_months", "extension_months", "funding_route",
)
#: What must be given before a requirement is ready (``pattern`` and ``extension_months``
#: may stay empty).
_NEEDED = (
    "age_band", "postcode_district", "need_band", "needs_summary", "volumes", "start_on",
    "initial_term_months", "funding_route",
)


@dataclass
class Requirement:
    id: UUID
    reference: str
    dps_id: UUID
    lot_id: UUID
    raised_by: str
    raised_at: datetime
    changed_at: datetime
    age_band: AgeBand | None = None
    postcode_district: str | None = None
    need_band: str | None = None
    needs_summary: str | None = None
    volumes: list[Volume] = field(default_factory=list)
    pattern: str = ""
    start_on: date | None = None
    initial_term_months: int | None = None
    extension_months: list[int] = field(default_factory=list)
    funding_route: FundingRoute | None = None
    #: A re-procurement of an existing placement (from the contracts service), and its
    #: current provider's name and end date (no personal data).
    placement_id: UUID | None = None
    incumbent_name: str | None = None
    current_end_on: date | None = None
    person_recorded: bool = False
    version: int = 0

    @classmethod
    def raised(
        cls, *, id: UUID, dps_id: UUID, lot_id: UUID, by: Actor, now: datetime, today: date,
        details: dict[str, Any], person: PersonDetails | None = None,
    ) -> Requirement:
        """Raised by a practitioner (or commissioner): ``details`` are the advertised fields."""
        require_role(by, *RAISED_BY)
        requirement = cls(
            id=id, reference=new_reference(), dps_id=dps_id, lot_id=lot_id, raised_by=by.id,
            raised_at=now, changed_at=now,
        )
        requirement._take(details, today)
        if person is not None:
            requirement.check_person(person, today)
            requirement.person_recorded = True
        return requirement

    @classmethod
    def for_reprocurement(
        cls, *, id: UUID, placement_id: UUID, dps_id: UUID, lot_id: UUID, need_band: str,
        postcode_district: str | None, volumes: list[Volume], incumbent_name: str,
        current_end_on: date | None, now: datetime,
    ) -> Requirement:
        """A draft from an existing placement: what the contracts service knows, nothing
        personal; a practitioner completes it (the person, age band, summary, dates ...)."""
        return cls(
            id=id, reference=new_reference(), dps_id=dps_id, lot_id=lot_id,
            raised_by="system:calloff", raised_at=now, changed_at=now, need_band=need_band,
            postcode_district=postcode_district, volumes=list(volumes), placement_id=placement_id,
            incumbent_name=incumbent_name, current_end_on=current_end_on,
        )

    # --- reading --------------------------------------------------------------------------
    @property
    def missing(self) -> list[str]:
        """What is still to be given before the requirement can go out in a call-off."""
        gaps = [name for name in _NEEDED if getattr(self, name) in (None, "", [])]
        if not self.person_recorded:
            gaps.append("person")
        return gaps

    @property
    def status(self) -> RequirementStatus:
        return RequirementStatus.DRAFT if self.missing else RequirementStatus.READY

    def require_ready(self) -> None:
        if self.missing:
            raise e.RequirementIncomplete(
                f"Requirement {self.reference} is a draft: complete {', '.join(self.missing)}"
                " first.",
                missing=self.missing,
            )

    def advertised(self) -> Advertised:
        """What invited providers may be told; only of a ready requirement."""
        self.require_ready()
        return Advertised(
            requirement_reference=self.reference,
            age_band=str(self.age_band),
            postcode_district=str(self.postcode_district),
            need_band=str(self.need_band),
            needs_summary=str(self.needs_summary),
            hours_per_week=self._weekly(Unit.HOUR),
            nights_per_week=_whole(self._weekly(Unit.NIGHT)),
            days_per_week=_whole(self._weekly(Unit.DAY)),
            pattern=self.pattern,
        )

    def _weekly(self, unit: Unit) -> Decimal | None:
        quantities = [v.quantity_per_week for v in self.volumes if v.unit is unit]
        return sum(quantities, Decimal(0)) if quantities else None

    # --- changing ---------------------------------------------------------------------------
    def amend(
        self, details: dict[str, Any], *, by: Actor, now: datetime, today: date,
        person: PersonDetails | None, in_use: bool,
    ) -> None:
        """Change advertised details (only those given). Refused once a call-off has gone out
        with them (``in_use``): providers were told the old ones. ``person``: the identity
        recorded already, which the new details must agree with."""
        require_role(by, *RAISED_BY)
        if in_use:
            raise e.RequirementInUse(
                f"Requirement {self.reference} is out in a call-off: its advertised details"
                " can change only after that call-off ends.",
            )
        before = replace(self, volumes=list(self.volumes),
                         extension_months=list(self.extension_months))
        self._take(details, today)
        if person is not None:
            try:
                self.check_person(person, today)
            except Exception:
                self.__dict__.update(before.__dict__)
                raise
        self.changed_at = now

    def record_person(self, person: PersonDetails, *, by: Actor, now: datetime, today: date,
                      in_use: bool) -> None:
        """The person's identity is (re)recorded; it must agree with what is advertised."""
        require_role(by, *RAISED_BY)
        if in_use:
            raise e.RequirementInUse(
                f"Requirement {self.reference} is out in a call-off: record the person's"
                " details before it goes out, or after it ends.",
            )
        self.check_person(person, today)
        self.person_recorded = True
        self.changed_at = now

    def check_person(self, person: PersonDetails, today: date) -> None:
        """The advertised details must agree with the person and never identify them (R17)."""
        if self.age_band is not None and age_band_of(person.date_of_birth, today) != self.age_band:
            raise e.AdvertisedDetailsDisagree(
                "The age band does not match the person's date of birth.", field="age_band"
            )
        if self.postcode_district is not None and person.district != self.postcode_district:
            raise e.AdvertisedDetailsDisagree(
                "The postcode district is not the one of the person's postcode.",
                field="postcode_district",
            )
        for name in ("needs_summary", "pattern"):
            if person.appears_in(getattr(self, name) or ""):
                raise e.IdentityInAdvertisedText(
                    f"The {name.replace('_', ' ')} would identify the person (it holds their"
                    " name, NHS number, date of birth, postcode or address): providers see"
                    " it before award. Describe the needs without them.",
                    field=name,
                )

    def _take(self, details: dict[str, Any], today: date) -> None:
        unknown = set(details) - set(ADVERTISED_FIELDS)
        if unknown:
            raise ValueError(f"not advertised fields: {sorted(unknown)}")
        merged = {name: getattr(self, name) for name in ADVERTISED_FIELDS} | details
        if merged["postcode_district"] is not None:
            merged["postcode_district"] = postcode_district(merged["postcode_district"])
        merged["volumes"] = check_volumes(list(merged["volumes"]))
        if merged["initial_term_months"] is not None:
            check_term(merged["initial_term_months"], list(merged["extension_months"]))
        elif merged["extension_months"]:
            check_term(1, list(merged["extension_months"]))
        if "start_on" in details and details["start_on"] is not None:
            if details["start_on"] < today:
                raise e.StartDatePassed(
                    "The care package cannot start in the past.", field="start_on"
                )
            if not n.EARLIEST_START <= details["start_on"] <= n.LATEST_START:
                raise e.StartDatePassed(
                    f"The start date lies between {n.EARLIEST_START} and {n.LATEST_START}.",
                    field="start_on",
                )
        if merged["age_band"] is not None:
            merged["age_band"] = AgeBand(merged["age_band"])
        if merged["funding_route"] is not None:
            merged["funding_route"] = FundingRoute(merged["funding_route"])
        merged["pattern"] = merged["pattern"] or ""
        merged["extension_months"] = list(merged["extension_months"])
        for name, value in merged.items():
            setattr(self, name, value)


def _whole(value: Decimal | None) -> int | None:
    return None if value is None else int(value)
