"""Bearer JWTs: who may call, and how each way of failing is reported."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Annotated

import httpx
import jwt
import pytest
from fastapi import Depends, FastAPI

from shared.http.auth import (
    AuthConfig,
    Caller,
    CallerDep,
    Role,
    require_roles,
)
from shared.http.problems import install_problem_handlers
from shared.http.tokens import generate_rsa_keypair, mint_rs256_token, mint_token

SECRET = "a-local-secret-that-is-long-enough-0123"
INVALID = 'Bearer error="invalid_token"'


@pytest.fixture(scope="module")
def rsa_pair() -> tuple[str, str]:
    return generate_rsa_keypair()


def make_app(config: AuthConfig) -> FastAPI:
    app = FastAPI()
    app.state.auth_config = config
    install_problem_handlers(app)

    @app.get("/me")
    async def me(caller: CallerDep) -> dict[str, object]:
        return {
            "subject": caller.subject,
            "organisation": caller.organisation,
            "roles": sorted(caller.roles),
            "approval_limit": None if caller.approval_limit is None else str(caller.approval_limit),
        }

    @app.get("/approvals")
    async def approvals(
        caller: Annotated[Caller, Depends(require_roles(Role.APPROVER, Role.COMMISSIONER))],
    ) -> dict[str, str]:
        return {"subject": caller.subject}

    return app


def local_token(**overrides: object) -> str:
    claims: dict[str, object] = {"subject": "u-1", "organisation": "leeds", "roles": ["approver"]}
    claims.update(overrides)
    return mint_token(SECRET, **claims)  # type: ignore[arg-type]


async def call(app: FastAPI, path: str, authorization: str | None) -> httpx.Response:
    headers = {"Authorization": authorization} if authorization is not None else {}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.get(path, headers=headers)


def assert_unauthorised(response: httpx.Response, detail: str, challenge: str = INVALID) -> None:
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"] == challenge
    assert response.json()["type"] == "urn:care-dps:problem:http_401"
    assert response.json()["detail"] == detail


LOCAL = AuthConfig(mode="local", secret=SECRET)


async def test_valid_local_token_gives_the_caller_with_decimal_limit():
    token = local_token(roles=["approver", "auditor"], approval_limit=Decimal("250000.00"))
    response = await call(make_app(LOCAL), "/me", f"Bearer {token}")
    assert response.status_code == 200
    assert response.json() == {
        "subject": "u-1",
        "organisation": "leeds",
        "roles": ["approver", "auditor"],
        "approval_limit": "250000.00",
    }


async def test_no_token_is_401_with_a_bare_bearer_challenge():
    response = await call(make_app(LOCAL), "/me", None)
    assert_unauthorised(response, "An Authorization: Bearer token is needed.", "Bearer")


@pytest.mark.parametrize("header", ["Basic dTpw", "Bearer", "Bearer a b", "token-only"])
async def test_malformed_authorization_header_is_401(header):
    response = await call(make_app(LOCAL), "/me", header)
    assert_unauthorised(response, "The Authorization header must be 'Bearer <token>'.")


async def test_token_signed_with_another_secret_is_401():
    token = mint_token("x" * 40, subject="u-1", organisation="leeds", roles=["approver"])
    response = await call(make_app(LOCAL), "/me", f"Bearer {token}")
    assert_unauthorised(response, "The token is not valid.")


async def test_expired_token_is_401_even_with_leeway():
    issued = datetime.now(UTC) - timedelta(hours=1)
    token = local_token(now=issued, ttl=timedelta(minutes=59))  # expired 60 s ago, leeway 30 s
    response = await call(make_app(LOCAL), "/me", f"Bearer {token}")
    assert_unauthorised(response, "The token has expired.")


async def test_token_for_another_audience_is_401():
    token = local_token(audience="someone-else")
    response = await call(make_app(LOCAL), "/me", f"Bearer {token}")
    assert_unauthorised(response, "The token is not valid.")


async def test_unknown_role_in_token_is_401_naming_it():
    now = datetime.now(UTC)
    claims = {
        "sub": "u-1", "org": "leeds", "roles": ["approver", "overlord"], "iss": "care-dps",
        "aud": "care-dps", "iat": int(now.timestamp()), "exp": int(now.timestamp()) + 600,
    }
    token = jwt.encode(claims, SECRET, algorithm="HS256")
    response = await call(make_app(LOCAL), "/me", f"Bearer {token}")
    assert_unauthorised(response, "The token names unknown role(s): overlord.")


async def test_float_approval_limit_is_401():
    now = int(datetime.now(UTC).timestamp())
    claims = {
        "sub": "u-1", "org": "leeds", "roles": ["approver"], "approval_limit": 100.5,
        "iss": "care-dps", "aud": "care-dps", "iat": now, "exp": now + 600,
    }
    token = jwt.encode(claims, SECRET, algorithm="HS256")
    response = await call(make_app(LOCAL), "/me", f"Bearer {token}")
    assert_unauthorised(response, "The token's approval_limit must be a decimal string of pounds.")


async def test_production_accepts_a_good_rs256_token(rsa_pair):
    private, public = rsa_pair
    app = make_app(AuthConfig(mode="production", public_key=public))
    token = mint_rs256_token(private, subject="u-9", organisation="york", roles=["commissioner"])
    response = await call(app, "/me", f"Bearer {token}")
    assert response.status_code == 200
    assert response.json() == {
        "subject": "u-9", "organisation": "york", "roles": ["commissioner"], "approval_limit": None,
    }


def hs256_by_hand(claims: dict[str, object], key: bytes) -> str:
    """Sign without PyJWT, which refuses to HMAC with a PEM key (an attacker would not)."""
    def b64(data: bytes) -> bytes:
        return base64.urlsafe_b64encode(data).rstrip(b"=")

    signing_input = b64(b'{"alg":"HS256","typ":"JWT"}') + b"." + b64(json.dumps(claims).encode())
    signature = hmac.new(key, signing_input, hashlib.sha256).digest()
    return (signing_input + b"." + b64(signature)).decode()


@pytest.mark.parametrize("key", ["configured secret", "public key"])
async def test_production_refuses_hs256_tokens(rsa_pair, key):
    _, public = rsa_pair
    app = make_app(AuthConfig(mode="production", public_key=public, secret=SECRET))
    now = int(datetime.now(UTC).timestamp())
    claims = {"sub": "x", "org": "y", "roles": ["approver"], "iss": "care-dps",
              "aud": "care-dps", "iat": now, "exp": now + 600}
    # The second case is the classic algorithm-confusion forgery.
    token = hs256_by_hand(claims, (SECRET if key == "configured secret" else public).encode())
    response = await call(app, "/me", f"Bearer {token}")
    assert_unauthorised(response, "The token must be signed with RS256.")


async def test_require_roles_passes_a_caller_with_any_listed_role():
    token = local_token(roles=["commissioner"])
    response = await call(make_app(LOCAL), "/approvals", f"Bearer {token}")
    assert response.status_code == 200
    assert response.json() == {"subject": "u-1"}


async def test_require_roles_refuses_others_with_403_naming_the_roles():
    token = local_token(roles=["provider", "auditor"])
    response = await call(make_app(LOCAL), "/approvals", f"Bearer {token}")
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "This needs one of the roles: approver, commissioner."


def test_local_mode_needs_a_long_secret():
    with pytest.raises(ValueError, match="at least 32"):
        AuthConfig(mode="local", secret="short")


def test_production_mode_needs_a_public_key():
    with pytest.raises(ValueError, match="public key"):
        AuthConfig(mode="production", secret=SECRET)


def test_minting_refuses_unknown_roles():
    with pytest.raises(ValueError, match="overlord"):
        mint_token(SECRET, subject="u", organisation="o", roles=["overlord"])


def test_caller_has_only_its_roles():
    caller = Caller("u", "o", frozenset({Role.EVALUATOR}), None)
    assert caller.has(Role.EVALUATOR) is True
    assert caller.has(Role.APPROVER) is False


def _signed(claims: dict[str, object]) -> str:
    return jwt.encode(claims, SECRET, algorithm="HS256")


def _claims(**overrides: object) -> dict[str, object]:
    now = int(datetime.now(UTC).timestamp())
    claims: dict[str, object] = {"sub": "u-1", "org": "leeds", "roles": ["approver"],
                                 "iss": "care-dps", "aud": "care-dps", "iat": now,
                                 "exp": now + 600}
    claims.update(overrides)
    return claims


@pytest.mark.parametrize("subject", ["", "   ", "\t"])
async def test_a_token_whose_subject_is_empty_or_blank_is_refused(subject):
    response = await call(make_app(LOCAL), "/me", f"Bearer {_signed(_claims(sub=subject))}")
    assert_unauthorised(response, "The token's subject (sub) is empty.")


async def test_a_token_living_longer_than_the_maximum_is_refused():
    config = AuthConfig(mode="local", secret=SECRET, max_lifetime_seconds=12 * 3600)
    now = int(datetime.now(UTC).timestamp())
    too_long = _signed(_claims(iat=now, exp=now + 12 * 3600 + 1))
    response = await call(make_app(config), "/me", f"Bearer {too_long}")
    assert_unauthorised(response, "The token lives longer than the 12 hours allowed.")
    just_right = _signed(_claims(iat=now, exp=now + 12 * 3600))
    assert (await call(make_app(config), "/me", f"Bearer {just_right}")).status_code == 200


async def test_a_remembered_token_is_refused_once_it_expires(monkeypatch):
    import shared.http.auth as auth

    app = make_app(AuthConfig(mode="local", secret=SECRET))
    token = _signed(_claims())
    assert (await call(app, "/me", f"Bearer {token}")).status_code == 200
    later = auth.time.time() + 3600
    monkeypatch.setattr(auth.time, "time", lambda: later)
    monkeypatch.setattr(jwt.api_jwt, "datetime", _FrozenDatetime(later), raising=False)
    response = await call(app, "/me", f"Bearer {token}")
    assert_unauthorised(response, "The token has expired.")


class _FrozenDatetime:
    """PyJWT reads the time through ``datetime.now``; this one is an hour ahead."""

    def __init__(self, at: float) -> None:
        self._at = at

    def now(self, tz=None):  # type: ignore[no-untyped-def]
        return datetime.fromtimestamp(self._at, tz)

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(datetime, name)
