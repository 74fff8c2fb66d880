"""Providers: the organisations that apply to lots. Contacts stay here (personal data never
goes into events); areas served and capacity are published because call-offs filter on them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID, uuid4

from services.registry.domain import errors as e
from services.registry.domain import limits
from services.registry.domain.actors import Actor, Role, require_owner, require_role
from services.registry.domain.audit import AuditAction, Decision, new_decision
from services.registry.domain.documents import ProviderDocument
from shared.domain import AggregateRoot
from shared.events.registry import (
    ProviderAreasChanged,
    ProviderCapacityChanged,
    ProviderDetailsChanged,
)

# A UK outward code: A9, A99, AA9, AA99, A9A, AA9A, with the letters Royal Mail allows in
# each position (no Q, V, X first; no I, J, Z second; a short list for the trailing letter).
_OUTWARD = re.compile(
    r"^(?:[A-PR-UWYZ][0-9][0-9]?"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRV-Y])$"
)
_COMPANIES_HOUSE = re.compile(r"^(?:[0-9]{8}|[A-Z]{2}[0-9]{6})$")
_CQC_PROVIDER = re.compile(r"^1-[0-9]{9,11}$")


@dataclass(frozen=True, slots=True)
class PostcodeDistrict:
    """A postcode district (outward code) such as ST16, B1, SW1A, M60 or EC1A."""

    code: str

    def __post_init__(self) -> None:
        normal = self.code.strip().upper() if isinstance(self.code, str) else ""
        if not _OUTWARD.match(normal):
            raise e.InvalidPostcodeDistrict(
                f"{self.code!r} is not a postcode district; give the first half of a postcode,"
                " such as ST16 or SW1A.",
                value=str(self.code),
            )
        object.__setattr__(self, "code", normal)

    def __str__(self) -> str:
        return self.code


def companies_house_number(value: str) -> str:
    normal = value.strip().upper().replace(" ", "")
    if normal.isdigit() and len(normal) < 8:
        normal = normal.zfill(8)  # Companies House drops leading zeros in some listings
    if not _COMPANIES_HOUSE.match(normal):
        raise e.InvalidCompaniesHouseNumber(
            f"{value!r} is not a Companies House number (8 digits, or 2 letters and 6 digits).",
            value=value,
        )
    return normal


def cqc_provider_id(value: str) -> str:
    normal = value.strip()
    if not _CQC_PROVIDER.match(normal):
        raise e.InvalidCqcProviderId(f"{value!r} is not a CQC provider id (like 1-101641548).")
    return normal


@dataclass(eq=False)
class Contact:
    name: str
    email: str
    phone: str = ""
    role: str = ""
    id: UUID = field(default_factory=uuid4)


@dataclass(eq=False)
class AreaServed:
    district: str
    id: UUID = field(default_factory=uuid4)


@dataclass(eq=False)
class LotCapacity:
    """How many new packages the provider can take on in one lot."""

    dps_id: UUID
    lot_id: UUID
    capacity: int
    id: UUID = field(default_factory=uuid4)


class Provider(AggregateRoot):
    def __init__(
        self,
        *,
        name: str,
        companies_house_number: str,
        cqc_provider_id: str | None = None,
        organisation: str = "",
        id: UUID | None = None,
    ) -> None:
        self.id = id or uuid4()
        #: The ``org`` claim its users' tokens carry; its id is derived from it.
        self.organisation = organisation
        self.name = _name(name)
        self.companies_house_number = _ch(companies_house_number)
        self.cqc_provider_id = _cqc(cqc_provider_id) if cqc_provider_id else None
        self.contacts: list[Contact] = []
        self.areas: list[AreaServed] = []
        self.capacities: list[LotCapacity] = []
        self.documents: list[ProviderDocument] = []
        self.decisions: list[Decision] = []

    @classmethod
    def register(cls, *, now: datetime, by: Actor, **kwargs: object) -> Provider:
        """A provider registers itself (its id is its user's organisation) or is onboarded."""
        require_role(by, Role.PROVIDER, Role.COMMISSIONER)
        if by.is_provider and kwargs.get("id") not in (None, by.provider_id):
            raise e.RoleNotPermitted(
                "A provider registers only its own organisation (the org of its token).",
                role=by.role.value,
            )
        if by.is_provider:
            kwargs["id"] = by.provider_id
        provider = cls(**kwargs)  # type: ignore[arg-type]
        provider._decide(AuditAction.REGISTERED, now, by)
        return provider

    def _require_own(self, by: Actor) -> None:
        require_owner(by, self.id, e.ProviderNotFound.of(self.id))

    def correct_details(
        self, now: datetime, by: Actor, *, why: str, name: str | None = None,
        companies_house_number: str | None = None, cqc_provider_id: str | None = None,
        remove_cqc_provider_id: bool = False,
    ) -> bool:
        """The provider corrects its organisation's name, Companies House number or CQC
        provider id (``ProviderDetailsChanged``). All are checked before any changes."""
        self._require_own(by)
        new_name = _name(name) if name is not None else self.name
        new_ch = _ch(companies_house_number) if companies_house_number is not None else (
            self.companies_house_number)
        new_cqc = None if remove_cqc_provider_id else (
            _cqc(cqc_provider_id) if cqc_provider_id is not None else self.cqc_provider_id)
        before = (self.name, self.companies_house_number, self.cqc_provider_id)
        if (new_name, new_ch, new_cqc) == before:
            return False
        if not why.strip():
            raise e.ReasonRequired("Say why the organisation's details change.")
        self.name, self.companies_house_number, self.cqc_provider_id = new_name, new_ch, new_cqc
        self._decide(AuditAction.DETAILS_CHANGED, now, by, why)
        self.record(ProviderDetailsChanged(
            occurred_at=now, provider_id=self.id, provider_name=self.name,
            companies_house_number=self.companies_house_number,
            cqc_provider_id=self.cqc_provider_id,
        ))
        return True

    @property
    def areas_served(self) -> list[str]:
        return [a.district for a in self.areas]

    def serves(self, district: str) -> bool:
        return PostcodeDistrict(district).code in self.areas_served

    def add_contact(
        self, name: str, email: str, now: datetime, by: Actor, *, phone: str = "", role: str = ""
    ) -> Contact:
        self._require_own(by)
        contact = Contact(*_contact(name, email), phone, role)
        self.contacts.append(contact)
        self._decide(AuditAction.CONTACT_ADDED, now, by)
        return contact

    def change_contact(
        self, contact_id: UUID, now: datetime, by: Actor, *, name: str, email: str,
        phone: str = "", role: str = "",
    ) -> Contact:
        """Correct a contact (the decision records that it changed, never its details)."""
        self._require_own(by)
        contact = self._contact(contact_id)
        contact.name, contact.email = _contact(name, email)
        contact.phone, contact.role = phone, role
        self._decide(AuditAction.CONTACT_CHANGED, now, by)
        return contact

    def remove_contact(self, contact_id: UUID, now: datetime, by: Actor) -> None:
        self._require_own(by)
        self.contacts.remove(self._contact(contact_id))
        self._decide(AuditAction.CONTACT_REMOVED, now, by)

    def _contact(self, contact_id: UUID) -> Contact:
        for contact in self.contacts:
            if contact.id == contact_id:
                return contact
        raise e.ContactNotFound(
            f"{self.name} has no contact {contact_id}.", contact_id=str(contact_id)
        )

    def set_areas(self, districts: list[str], now: datetime, by: Actor) -> None:
        """Replace the districts served. All are validated before any change is made."""
        self._require_own(by)
        codes = list(dict.fromkeys(PostcodeDistrict(d).code for d in districts))
        if codes == self.areas_served:
            return
        self.areas = [AreaServed(c) for c in codes]
        self._decide(AuditAction.AREAS_CHANGED, now, by, " ".join(codes))
        self.record(ProviderAreasChanged(
            occurred_at=now, provider_id=self.id, provider_name=self.name, areas_served=codes
        ))

    def set_capacity(
        self, dps_id: UUID, lot_id: UUID, capacity: int, now: datetime, by: Actor
    ) -> None:
        self._require_own(by)
        if (isinstance(capacity, bool) or not isinstance(capacity, int)
                or not 0 <= capacity <= limits.CAPACITY_MAX):
            raise e.InvalidCapacity(
                f"Capacity is a whole number of packages, 0 to {limits.CAPACITY_MAX}"
                f" (got {capacity!r}).", field="capacity",
            )
        row = next((c for c in self.capacities if c.lot_id == lot_id), None)
        if row is not None and row.capacity == capacity:
            return
        if row is None:
            self.capacities.append(LotCapacity(dps_id, lot_id, capacity))
        else:
            row.capacity = capacity
        self._decide(AuditAction.CAPACITY_CHANGED, now, by, f"{lot_id}={capacity}")
        self.record(ProviderCapacityChanged(
            occurred_at=now, provider_id=self.id, dps_id=dps_id, lot_id=lot_id, capacity=capacity
        ))

    def capacity_for(self, lot_id: UUID) -> int | None:
        return next((c.capacity for c in self.capacities if c.lot_id == lot_id), None)

    def declare_document(
        self, document_type: str, title: str, content_sha256: str, now: datetime, by: Actor,
        *, expires_on: date | None = None,
    ) -> ProviderDocument:
        """Declare (or renew) a document; the newest of a type is the current one."""
        self._require_own(by)
        return self.keep_document(
            document_type, title, content_sha256, now, by, expires_on=expires_on
        )

    def keep_document(
        self, document_type: str, title: str, content_sha256: str, now: datetime, by: Actor,
        *, expires_on: date | None = None,
    ) -> ProviderDocument:
        """Keep a document declared through an application (the admission carries it over)."""
        doc = ProviderDocument(document_type, title, content_sha256, now, expires_on)
        self.documents.append(doc)
        self._decide(AuditAction.DOCUMENT_DECLARED, now, by, document_type)
        return doc

    def current_document(self, document_type: str) -> ProviderDocument | None:
        docs = [d for d in self.documents if d.document_type == document_type]
        return max(docs, key=lambda d: d.declared_at) if docs else None

    def _decide(self, action: AuditAction, now: datetime, by: Actor, why: str = "") -> None:
        self.decisions.append(new_decision("provider", self.id, self.name, action, by, now, why))


def _name(value: str) -> str:
    if not value.strip():
        raise e.InvalidProvider("A provider needs its organisation's name.", field="name")
    return value.strip()


def _contact(name: str, email: str) -> tuple[str, str]:
    if not name.strip():
        raise e.InvalidProvider("A contact needs a name.", field="name")
    if "@" not in email:
        raise e.InvalidProvider(f"{email!r} is not an e-mail address.", field="email")
    return name.strip(), email.strip()


_ch = companies_house_number
_cqc = cqc_provider_id
