"""A scanner for personal data in published documents (R17).

It walks every field of a JSON document and reports any string that carries a requirement's
restricted fields (the person's name, date of birth, address, postcode, NHS number, in the
usual spellings) or that looks like personal data of any person: an NHS number (ten digits
whose check digit holds), a full postcode or a postcode sector (finer than a district), a
date written as a birth date is, or words that introduce one. Written apart from the code
it checks, so the two cannot share a blind spot."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

NHS = re.compile(r"(?<!\d)(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d)")
FULL_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
SECTOR = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s+\d\b(?![A-Z])")
SLASHED_DATE = re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b")
#: Identifiers (UUIDs, and the OCIDs and ids built on them) are not personal data: their
#: hex groups may hold ten digits in a row, so they are set aside before the number checks.
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
BIRTH_WORDS = re.compile(r"\b(born|d\.?o\.?b\.?|date of birth|nhs (no|number))\b", re.IGNORECASE)


def _nhs_valid(digits: str) -> bool:
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def strings(document: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(document, Mapping):
        for key, value in document.items():
            yield f"{path}/{key}", str(key)
            yield from strings(value, f"{path}/{key}")
    elif isinstance(document, list):
        for n, value in enumerate(document):
            yield from strings(value, f"{path}/{n}")
    elif isinstance(document, str):
        yield path, document


def restricted_spellings(person: Mapping[str, Any]) -> list[str]:
    born: date = person["date_of_birth"]
    digits = re.sub(r"\D", "", person["nhs_number"])
    return [
        person["name"].casefold(), *(part.casefold() for part in person["name"].split()),
        born.isoformat(), f"{born:%d/%m/%Y}", f"{born.day} {born:%B %Y}".casefold(),
        person["address"].split(",")[0].casefold(), person["postcode"].casefold(),
        person["postcode"].replace(" ", "").casefold(), digits, person["nhs_number"],
    ]


def findings(document: Any, person: Mapping[str, Any]) -> list[str]:
    """Every place in ``document`` that holds personal data, with what was found."""
    spellings = restricted_spellings(person)
    found = []
    for path, text in strings(document):
        lowered = text.casefold()
        found += [f"{path}: the person's {s!r}" for s in spellings if s in lowered]
        for match in NHS.finditer(UUID.sub(" ", text)):
            if _nhs_valid("".join(match.groups())):
                found.append(f"{path}: an NHS number {match.group(0)!r}")
        found += [f"{path}: a full postcode {m.group(0)!r}" for m in FULL_POSTCODE.finditer(text)]
        found += [f"{path}: a postcode sector {m.group(0)!r}" for m in SECTOR.finditer(text)]
        found += [f"{path}: a written date {m.group(0)!r}" for m in SLASHED_DATE.finditer(text)]
        found += [f"{path}: {m.group(0)!r}" for m in BIRTH_WORDS.finditer(text)]
    return found
