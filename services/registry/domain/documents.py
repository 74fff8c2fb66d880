"""Declared documents: metadata, expiry and a SHA-256 of the content (the file itself is
stored elsewhere later; the hash proves which file was declared)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID, uuid4

from services.registry.domain.errors import InvalidDocument
from services.registry.domain.limits import check_date

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True)
class DocumentInput:
    """What a provider declares about a document (the command's part, before it is kept)."""

    document_type: str
    title: str
    content_sha256: str
    expires_on: date | None = None


@dataclass(eq=False)
class DocumentDeclaration:
    document_type: str
    title: str
    content_sha256: str
    declared_at: datetime
    expires_on: date | None = None
    id: UUID = field(default_factory=uuid4)

    def __post_init__(self) -> None:
        self.content_sha256 = self.content_sha256.strip().lower()
        if not self.document_type.strip():
            raise InvalidDocument("A document needs a type (e.g. public_liability_insurance).")
        if not _SHA256.match(self.content_sha256):
            raise InvalidDocument(
                "The content hash must be the file's SHA-256 as 64 hexadecimal characters.",
                document_type=self.document_type,
            )
        if self.declared_at.tzinfo is None:
            raise InvalidDocument("declared_at must be timezone-aware.")
        if self.expires_on is not None:
            check_date(self.expires_on, "expires_on")

    def expired_on(self, day: date) -> bool:
        """Expired on ``day``: the expiry date itself is the last day the document is good."""
        return self.expires_on is not None and day > self.expires_on


@dataclass(eq=False)
class ApplicationDocument(DocumentDeclaration):
    """A document as declared with an application (kept as evidence for the decision)."""


@dataclass(eq=False)
class ProviderDocument(DocumentDeclaration):
    """A provider's current document; ``warned_on`` records the expiry warning once."""

    warned_on: date | None = None
