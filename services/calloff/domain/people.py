"""The person who needs care: who they are (restricted) and what may be told (an age band).

``PersonDetails`` is the identity the call-off service keeps apart, encrypted at rest, and
gives only to the council side and, after award, to the awarded provider. Nothing here
ever puts a value of it in an error message: a broken check names the field, not the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from services.calloff.domain import errors as e
from services.calloff.domain import limits as n

_OUTWARD = (
    r"(?:[A-PR-UWYZ][0-9][0-9]?"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRV-Y])"
)
_DISTRICT = re.compile(f"^{_OUTWARD}$")
_POSTCODE = re.compile(f"^({_OUTWARD}) ?([0-9][ABD-HJLNP-UW-Z]{{2}})$")


def postcode_district(value: str) -> str:
    """A postcode district (the outward code: ST16, SW1A), upper case; a whole postcode is
    refused, since the district is all a call-off may advertise of where the person lives."""
    normal = value.strip().upper()
    if not _DISTRICT.match(normal):
        raise e.InvalidPostcodeDistrict(
            "The postcode district must be the first half of a postcode only, such as ST16 or"
            " SW1A (never the whole postcode: it could identify the person).",
            field="postcode_district",
        )
    return normal


class AgeBand(StrEnum):
    """Adult social care age bands: broad enough that a band never identifies a person."""

    B18_24 = "18-24"
    B25_34 = "25-34"
    B35_44 = "35-44"
    B45_54 = "45-54"
    B55_64 = "55-64"
    B65_74 = "65-74"
    B75_84 = "75-84"
    B85_PLUS = "85+"


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_band_of(born: date, day: date) -> AgeBand | None:
    """The band of someone born on ``born``, on ``day`` (None under 18)."""
    age = age_on(born, day)
    if age < 18:
        return None
    for band in AgeBand:
        low, _, high = band.value.partition("-")
        if band is AgeBand.B85_PLUS or int(low) <= age <= int(high):
            return band
    raise AssertionError("unreachable")


def normal_nhs_number(value: str) -> str:
    """Ten digits whose last is the Modulus 11 check digit of the first nine."""
    digits = re.sub(r"[\s-]", "", value)
    if not (len(digits) == 10 and digits.isdigit()):
        raise e.InvalidNhsNumber("An NHS number has ten digits.", field="nhs_number")
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    if check == 10 or check != int(digits[9]):
        raise e.InvalidNhsNumber(
            "The NHS number's check digit does not match: check it was copied correctly.",
            field="nhs_number",
        )
    return digits


def normal_postcode(value: str) -> str:
    """A whole UK postcode, normalised to ``ST16 3AB``."""
    match = _POSTCODE.match(value.strip().upper())
    if not match:
        raise e.InvalidPostcode("The postcode is not a UK postcode.", field="postcode")
    return f"{match.group(1)} {match.group(2)}"


def _name(value: str, field: str) -> str:
    normal = " ".join(value.split())
    if not normal or len(normal) > n.PERSON_NAME:
        raise e.InvalidPerson(f"{field} must have 1 to {n.PERSON_NAME} characters.", field=field)
    return normal


@dataclass(frozen=True, slots=True)
class PersonDetails:
    """Name, date of birth, address and NHS number: never in an event, list, log or error."""

    given_name: str
    family_name: str
    date_of_birth: date
    address_lines: tuple[str, ...]
    postcode: str
    nhs_number: str

    @classmethod
    def of(
        cls, *, given_name: str, family_name: str, date_of_birth: date,
        address_lines: list[str] | tuple[str, ...], postcode: str, nhs_number: str, today: date,
    ) -> PersonDetails:
        """Checked and normalised; refused with the field named (never its value)."""
        if not n.EARLIEST_DATE <= date_of_birth <= today:
            raise e.InvalidPerson("date_of_birth must be a past date.", field="date_of_birth")
        if age_band_of(date_of_birth, today) is None:
            raise e.InvalidPerson(
                "Adult social care: the person must be 18 or over.", field="date_of_birth"
            )
        lines = tuple(" ".join(line.split()) for line in address_lines if line.strip())
        if not lines or len(lines) > n.ADDRESS_LINES or any(
            len(line) > n.ADDRESS_LINE for line in lines
        ):
            raise e.InvalidPerson(
                f"address_lines must hold 1 to {n.ADDRESS_LINES} lines of at most"
                f" {n.ADDRESS_LINE} characters.",
                field="address_lines",
            )
        return cls(
            given_name=_name(given_name, "given_name"),
            family_name=_name(family_name, "family_name"),
            date_of_birth=date_of_birth,
            address_lines=lines,
            postcode=normal_postcode(postcode),
            nhs_number=normal_nhs_number(nhs_number),
        )

    @property
    def district(self) -> str:
        return self.postcode.split(" ")[0]

    def identifiers(self) -> list[str]:
        """What would identify the person if it appeared in advertised text (lower case)."""
        found = [
            f"{self.given_name} {self.family_name}".lower(),
            self.nhs_number,
            f"{self.nhs_number[:3]} {self.nhs_number[3:6]} {self.nhs_number[6:]}",
            self.postcode.lower(),
            self.postcode.replace(" ", "").lower(),
            self.date_of_birth.isoformat(),
            self.date_of_birth.strftime("%d/%m/%Y"),
            # The house and street (a line with a number in it); a town alone says little.
            *(line.lower() for line in self.address_lines if any(c.isdigit() for c in line)),
        ]
        if len(self.family_name) >= 3:
            found.append(self.family_name.lower())
        return found

    def appears_in(self, text: str) -> bool:
        lowered = " ".join(text.lower().split())
        for identifier in self.identifiers():
            if re.search(rf"(?<![\w]){re.escape(identifier)}(?![\w])", lowered):
                return True
        return False

    def as_dict(self) -> dict[str, Any]:
        return {
            "given_name": self.given_name,
            "family_name": self.family_name,
            "date_of_birth": self.date_of_birth.isoformat(),
            "address_lines": list(self.address_lines),
            "postcode": self.postcode,
            "nhs_number": self.nhs_number,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PersonDetails:
        """As stored (already checked when recorded)."""
        return cls(
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=date.fromisoformat(data["date_of_birth"]),
            address_lines=tuple(data["address_lines"]),
            postcode=data["postcode"],
            nhs_number=data["nhs_number"],
        )

    def __repr__(self) -> str:
        # A repr in a traceback or a log line must not show who the person is.
        return "PersonDetails(<restricted>)"

    __str__ = __repr__

