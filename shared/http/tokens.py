"""Minting tokens: HS256 for local mode and tests, RS256 like the gateway's for tests and docs.

Services never mint tokens in production (the gateway does); these helpers let one machine
run without key infrastructure and let tests exercise both verification modes. Role names
are checked here so a typo fails where the token is made, not as a 401 later.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from shared.actors import TOKEN_ROLES, Role
from shared.clock import SystemClock

#: HS256 secrets shorter than this are refused (RFC 7518 3.2: at least the hash size).
MIN_SECRET_LENGTH = 32


def _role(name: str) -> str:
    role = Role(name)  # ValueError on an unknown role
    if role not in TOKEN_ROLES:
        raise ValueError(f"{name!r} is not a role a token may carry")
    return role.value


def _claims(
    *,
    subject: str,
    organisation: str,
    roles: Iterable[str],
    approval_limit: Decimal | None,
    ttl: timedelta,
    now: datetime | None,
    issuer: str,
    audience: str,
) -> dict[str, Any]:
    issued = now or SystemClock().now()
    if issued.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    claims: dict[str, Any] = {
        "sub": subject,
        "org": organisation,
        "roles": sorted(_role(r) for r in roles),
        "iss": issuer,
        "aud": audience,
        "iat": int(issued.timestamp()),
        "exp": int((issued + ttl).timestamp()),
    }
    if approval_limit is not None:
        claims["approval_limit"] = str(approval_limit)
    return claims


def mint_token(
    config_secret: str,
    *,
    subject: str,
    organisation: str,
    roles: Iterable[str],
    approval_limit: Decimal | None = None,
    ttl: timedelta = timedelta(hours=8),
    now: datetime | None = None,
    issuer: str = "care-dps",
    audience: str = "care-dps",
) -> str:
    """An HS256 token for local mode and tests (production tokens come from the gateway)."""
    if len(config_secret) < MIN_SECRET_LENGTH:
        raise ValueError(f"the secret must be at least {MIN_SECRET_LENGTH} chars")
    claims = _claims(
        subject=subject, organisation=organisation, roles=roles, approval_limit=approval_limit,
        ttl=ttl, now=now, issuer=issuer, audience=audience,
    )
    return jwt.encode(claims, config_secret, algorithm="HS256")


def mint_rs256_token(
    private_pem: str,
    *,
    subject: str,
    organisation: str,
    roles: Iterable[str],
    approval_limit: Decimal | None = None,
    ttl: timedelta = timedelta(hours=8),
    now: datetime | None = None,
    issuer: str = "care-dps",
    audience: str = "care-dps",
) -> str:
    """An RS256 token like the gateway's, so production mode can be tested."""
    claims = _claims(
        subject=subject, organisation=organisation, roles=roles, approval_limit=approval_limit,
        ttl=ttl, now=now, issuer=issuer, audience=audience,
    )
    return jwt.encode(claims, private_pem, algorithm="RS256")


def generate_rsa_keypair() -> tuple[str, str]:
    """A fresh 2048-bit RSA pair as (private PEM, public PEM), for tests and docs."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private.decode(), public.decode()
