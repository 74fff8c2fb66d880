"""Who is calling: bearer JWT verification, roles, and FastAPI dependencies.

The council's gateway authenticates people and forwards a signed JWT; each service only
verifies it. Local mode signs with a shared secret (HS256) so one machine needs no key
infrastructure; production verifies RS256 with the gateway's public key and refuses HS256,
since accepting it would let anyone holding the public key forge tokens (algorithm confusion).
Failures raise starlette ``HTTPException`` so ``shared.http.problems`` renders them.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import Depends, Request
from fastapi.security import HTTPBearer
from starlette.exceptions import HTTPException

from shared.actors import TOKEN_ROLES, Role
from shared.http.tokens import MIN_SECRET_LENGTH

__all__ = ["AuthConfig", "Caller", "CallerDep", "Role", "current_caller", "require_roles"]

_REQUIRED_CLAIMS = ["sub", "iss", "aud", "exp", "iat"]
#: Verified tokens remembered per service (until they expire): a token is checked once, not on
#: every request. Bounded, so a flood of distinct tokens cannot grow it.
_CACHE_SIZE = 4096

class _DeclaredBearer(HTTPBearer):
    """Declares the bearer scheme in OpenAPI, so /docs has "Authorize", and reads nothing:
    ``current_caller`` reads the header itself, once, and gives a precise reason when it is
    wrong (HTTPBearer would parse it a second time into a model nobody uses)."""

    async def __call__(self, request: Request) -> None:  # type: ignore[override]
        return None


bearer_scheme = _DeclaredBearer(
    auto_error=False,
    scheme_name="bearer",
    bearerFormat="JWT",
    description="A token from the council's gateway; locally, the output of `dps token`.",
)


@dataclass(frozen=True)
class AuthConfig:
    """How this service verifies tokens. Built by ``create_app`` into ``app.state.auth_config``.

    In production mode ``secret`` is ignored: only RS256 with ``public_key`` is accepted.
    """

    mode: Literal["local", "production"]
    secret: str | None = None
    public_key: str | None = None
    issuer: str = "care-dps"
    audience: str = "care-dps"
    leeway_seconds: int = 30
    #: Tokens whose ``exp - iat`` is longer than this are refused.
    max_lifetime_seconds: int = 12 * 3600
    #: Local mode: answer only requests that arrive on a loopback address.
    loopback_only: bool = False
    _verified: dict[str, tuple[Caller, int]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        if self.leeway_seconds < 0:
            raise ValueError("leeway_seconds must be zero or more")
        if self.max_lifetime_seconds <= 0:
            raise ValueError("max_lifetime_seconds must be positive")
        if self.mode == "local":
            if not self.secret or len(self.secret) < MIN_SECRET_LENGTH:
                raise ValueError(f"local mode needs a secret of at least {MIN_SECRET_LENGTH} chars")
        elif self.mode == "production":
            if not self.public_key:
                raise ValueError("production mode needs the gateway's RS256 public key (PEM)")
            key = serialization.load_pem_public_key(self.public_key.encode())  # fail fast
            if not isinstance(key, rsa.RSAPublicKey):
                raise ValueError("production mode needs an RSA public key")
        else:
            raise ValueError(f"unknown auth mode {self.mode!r}")

    @property
    def algorithm(self) -> str:
        return "HS256" if self.mode == "local" else "RS256"

    @property
    def verification_key(self) -> str:
        return (self.secret if self.mode == "local" else self.public_key) or ""


@dataclass(frozen=True)
class Caller:
    """The person behind a request, as the token describes them."""

    subject: str
    organisation: str
    roles: frozenset[Role]
    approval_limit: Decimal | None = None

    def has(self, role: Role) -> bool:
        return role in self.roles


def _unauthorised(detail: str, *, error: str | None = "invalid_token") -> HTTPException:
    # RFC 6750 3.1: a request with no credentials gets a bare challenge, without an error code.
    challenge = f'Bearer error="{error}"' if error else "Bearer"
    return HTTPException(401, detail=detail, headers={"WWW-Authenticate": challenge})


def _bearer_token(request: Request) -> str:
    header = request.headers.get("authorization")
    if not header:
        raise _unauthorised("An Authorization: Bearer token is needed.", error=None)
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip() or " " in token.strip():
        raise _unauthorised("The Authorization header must be 'Bearer <token>'.")
    return token.strip()


def _roles(raw: Any) -> frozenset[Role]:
    if not isinstance(raw, list) or not all(isinstance(r, str) for r in raw):
        raise _unauthorised("The token's roles claim must be a list of strings.")
    unknown = sorted(set(raw) - {r.value for r in TOKEN_ROLES})
    if unknown:
        raise _unauthorised(f"The token names unknown role(s): {', '.join(unknown)}.")
    return frozenset(Role(r) for r in raw)


def _approval_limit(raw: Any) -> Decimal | None:
    if raw is None:
        return None
    try:
        # A string, never a float: money must not pass through binary floating point.
        limit = Decimal(raw) if isinstance(raw, str) else None
    except InvalidOperation:
        limit = None
    if limit is None or not limit.is_finite() or limit < 0:
        raise _unauthorised("The token's approval_limit must be a decimal string of pounds.")
    return limit


def verify_token(token: str, config: AuthConfig) -> Caller:
    """Check signature, algorithm, issuer, audience, times and lifetime, then read the caller.

    A token already verified by this service is answered from memory until it expires.
    """
    known = config._verified.get(token)
    if known is not None:
        caller, expires = known
        if time.time() <= expires + config.leeway_seconds:
            return caller
        del config._verified[token]
    caller, expires = _decode(token, config)
    if len(config._verified) >= _CACHE_SIZE:
        config._verified.pop(next(iter(config._verified)))
    config._verified[token] = (caller, expires)
    return caller


def _decode(token: str, config: AuthConfig) -> tuple[Caller, int]:
    try:
        claims = jwt.decode(
            token,
            config.verification_key,
            algorithms=[config.algorithm],
            issuer=config.issuer,
            audience=config.audience,
            leeway=config.leeway_seconds,
            options={"require": _REQUIRED_CLAIMS},
        )
    except jwt.ExpiredSignatureError:
        raise _unauthorised("The token has expired.") from None
    except jwt.InvalidAlgorithmError:
        raise _unauthorised(f"The token must be signed with {config.algorithm}.") from None
    except jwt.InvalidTokenError:
        raise _unauthorised("The token is not valid.") from None
    subject = claims["sub"]
    if not isinstance(subject, str) or not subject.strip():
        # Every decision is recorded against the subject: a blank one would name nobody.
        raise _unauthorised("The token's subject (sub) is empty.")
    issued, expires = claims["iat"], claims["exp"]
    if not isinstance(issued, int | float) or not isinstance(expires, int | float):
        raise _unauthorised("The token's iat and exp must be numbers.")
    if expires - issued > config.max_lifetime_seconds:
        hours = config.max_lifetime_seconds / 3600
        raise _unauthorised(f"The token lives longer than the {hours:g} hours allowed.")
    organisation = claims.get("org")
    if not isinstance(organisation, str) or not organisation.strip():
        raise _unauthorised("The token has no organisation (org) claim.")
    caller = Caller(
        subject=subject,
        organisation=organisation,
        roles=_roles(claims.get("roles")),
        approval_limit=_approval_limit(claims.get("approval_limit")),
    )
    return caller, int(expires)


def _on_loopback(request: Request) -> bool:
    server = request.scope.get("server")
    host = server[0] if server else None
    if host == "localhost":
        return True
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# Dependencies are ``async def`` although they do no I/O: FastAPI runs a plain ``def``
# dependency on a worker thread, and that hop cost more than the rest of a read.
async def current_caller(
    request: Request,
    _scheme: Annotated[None, Depends(bearer_scheme)],
) -> Caller:
    """FastAPI dependency: the verified caller, or 401."""
    config = getattr(request.app.state, "auth_config", None)
    if not isinstance(config, AuthConfig):
        raise RuntimeError("app.state.auth_config is not set: create_app must install it")
    if config.loopback_only and not _on_loopback(request):
        raise _unauthorised(
            "This service runs with local (HS256) tokens, accepted only on a loopback address."
            " Use production mode (RS256 from the gateway), or set"
            " <SERVICE>_ALLOW_LOCAL_AUTH_OFF_LOOPBACK=true if you mean it."
        )
    return verify_token(_bearer_token(request), config)


CallerDep = Annotated[Caller, Depends(current_caller)]


def require_roles(*roles: Role) -> Callable[[Caller], Awaitable[Caller]]:
    """A dependency passing callers with ANY of ``roles``; others get 403."""
    if not roles:
        raise ValueError("require_roles needs at least one role")
    needed = frozenset(Role(r) for r in roles)

    async def dependency(caller: CallerDep) -> Caller:
        if caller.roles & needed:
            return caller
        names = ", ".join(sorted(needed))
        raise HTTPException(403, detail=f"This needs one of the roles: {names}.")

    return dependency
