"""Identifiers: the OCID of each contracting process, and the ids of parties."""

from __future__ import annotations

import re
from uuid import UUID

#: An OCID prefix as the Open Contracting Partnership registers them: ``ocds-`` and six
#: letters or digits.
OCID_PREFIX = re.compile(r"^ocds-[a-z0-9]{6}$")


def ocid_for(prefix: str, process_id: UUID) -> str:
    return f"{prefix}-{process_id}"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:80] or "organisation"


def buyer_party_id(name: str) -> str:
    return f"buyer-{_slug(name)}"


def supplier_party_id(provider_id: UUID) -> str:
    return f"supplier-{provider_id}"


def release_id(ocid: str, number: int) -> str:
    return f"{ocid}-{number:05d}"
