"""Every error leaves a service as an RFC 9457 problem document with a stable type."""

from __future__ import annotations

import logging
from decimal import Decimal

import httpx
import pytest
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from shared.errors import DomainError, NotFound, NotPermitted, RuleBroken, StateConflict
from shared.http.problems import install_problem_handlers, problem_responses, title_for


class LotNotFound(NotFound):
    code = "lot_not_found"


class ResponsePeriodTooShort(RuleBroken):
    code = "response_period_too_short"


class AlreadyDecided(StateConflict):
    code = "already_decided"


class OverApprovalLimit(NotPermitted):
    code = "over_approval_limit"


class Unclassified(DomainError):
    code = "unclassified"


class LotCreate(BaseModel):
    name: str
    capacity: int


def make_app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    errors = {
        "lot": LotNotFound("Lot 7 does not exist.", lot_id=7),
        "rule": ResponsePeriodTooShort("Too short.", minimum_days=10, limit=Decimal("12.50")),
        "state": AlreadyDecided("The application was already decided."),
        "limit": OverApprovalLimit("Over your limit.", status=200, type="forged"),
        "other": Unclassified("Something domain-ish."),
    }

    @app.get("/raise/{kind}", responses=problem_responses(404, 409))
    async def raise_it(kind: str) -> dict[str, str]:
        raise errors[kind]

    @app.post("/lots")
    async def create_lot(lot: LotCreate) -> LotCreate:
        return lot

    @app.get("/unauthorised")
    async def unauthorised() -> None:
        raise HTTPException(401, "Log in first.", headers={"WWW-Authenticate": "Bearer"})

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret patient NHS number 943 476 5919")

    return app


async def get(app: FastAPI, method: str, path: str, **kwargs: object) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.request(method, path, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "status", "code", "title"),
    [
        ("lot", 404, "lot_not_found", "Lot not found"),
        ("rule", 422, "response_period_too_short", "Response period too short"),
        ("state", 409, "already_decided", "Already decided"),
        ("limit", 403, "over_approval_limit", "Over approval limit"),
        ("other", 422, "unclassified", "Unclassified"),
    ],
)
async def test_each_domain_family_maps_to_its_status_and_type(kind, status, code, title):
    response = await get(make_app(), "GET", f"/raise/{kind}")
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == f"urn:care-dps:problem:{code}"
    assert body["title"] == title
    assert body["status"] == status
    assert body["code"] == code


async def test_domain_details_are_members_and_decimals_stay_exact():
    response = await get(make_app(), "GET", "/raise/rule")
    assert response.json() == {
        "type": "urn:care-dps:problem:response_period_too_short",
        "title": "Response period too short",
        "status": 422,
        "detail": "Too short.",
        "code": "response_period_too_short",
        "minimum_days": 10,
        "limit": "12.50",
    }


async def test_details_cannot_overwrite_the_standard_members():
    body = (await get(make_app(), "GET", "/raise/limit")).json()
    assert body["status"] == 403
    assert body["type"] == "urn:care-dps:problem:over_approval_limit"


async def test_invalid_input_lists_each_field_with_a_dotted_location():
    response = await get(make_app(), "POST", "/lots", json={"capacity": "many"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:care-dps:problem:invalid_input"
    assert body["code"] == "invalid_input"
    assert body["errors"] == [
        {"field": "body.name", "message": "Field required"},
        {
            "field": "body.capacity",
            "message": "Input should be a valid integer, unable to parse string as an integer",
        },
    ]
    assert body["detail"] == (
        "The request has 2 invalid field(s): body.name, body.capacity. Correct them and retry."
    )


async def test_http_exception_keeps_status_and_www_authenticate():
    response = await get(make_app(), "GET", "/unauthorised")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {
        "type": "urn:care-dps:problem:http_401",
        "title": "Unauthorized",
        "status": 401,
        "detail": "Log in first.",
        "code": "http_401",
    }


async def test_unknown_route_is_a_404_problem():
    response = await get(make_app(), "GET", "/nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "urn:care-dps:problem:http_404"


async def test_unexpected_error_is_a_500_that_hides_the_message_and_is_logged(caplog):
    with caplog.at_level(logging.ERROR, logger="shared.http.problems"):
        response = await get(make_app(), "GET", "/boom")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:care-dps:problem:internal_error"
    assert body["status"] == 500
    assert "943" not in response.text and "RuntimeError" not in response.text
    assert [r.exc_info[0] for r in caplog.records if r.exc_info] == [RuntimeError]


def test_title_is_derived_from_the_code():
    assert title_for("lot_not_found") == "Lot not found"


def test_openapi_documents_problems_as_problem_json():
    schema = make_app().openapi()
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    raise_op = schema["paths"]["/raise/{kind}"]["get"]["responses"]
    assert raise_op["404"]["content"] == {"application/problem+json": {"schema": problem_ref}}
    assert raise_op["409"]["content"] == {"application/problem+json": {"schema": problem_ref}}
    invalid = schema["paths"]["/lots"]["post"]["responses"]["422"]["content"]
    assert invalid == {"application/problem+json": {"schema": problem_ref}}
    problem = schema["components"]["schemas"]["Problem"]
    assert problem["required"] == ["type", "title", "status", "detail"]
    assert "FieldError" in schema["components"]["schemas"]
    assert "HTTPValidationError" not in schema["components"]["schemas"]


def store_app(fail: Exception | None = None) -> FastAPI:
    """A route that reads a store nobody listens on, or fails as the store would."""
    from sqlalchemy import text

    from shared.db import make_engine
    from shared.natsserver import free_port

    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/read")
    async def read() -> None:
        if fail is not None:
            raise fail
        engine = make_engine(f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/nowhere")
        try:
            async with engine.connect() as connection:
                await connection.execute(text("select 1"))
        finally:
            await engine.dispose()

    return app


def pg_error(error: Exception) -> Exception:
    from sqlalchemy.exc import DBAPIError

    wrapped = DBAPIError("update awards ...", {}, error)
    wrapped.__cause__ = error  # as SQLAlchemy raises it: ``from`` the driver's error
    return wrapped


async def test_a_store_that_does_not_answer_is_a_503_to_retry_not_a_500():
    response = await get(store_app(), "GET", "/read")
    assert response.status_code == 503, response.text
    assert response.json()["type"] == "urn:care-dps:problem:database_unavailable"
    assert response.headers["retry-after"] == "1"


async def test_a_store_out_of_connections_is_a_503_to_retry():
    import asyncpg

    full = pg_error(asyncpg.exceptions.TooManyConnectionsError("sorry, too many clients"))
    response = await get(store_app(full), "GET", "/read")
    assert response.status_code == 503
    assert response.json()["type"] == "urn:care-dps:problem:database_unavailable"


@pytest.mark.parametrize("error", ["SerializationError", "DeadlockDetectedError"])
async def test_two_transactions_that_met_are_a_409_concurrent_change(error: str):
    import asyncpg

    lost = pg_error(getattr(asyncpg.exceptions, error)("could not serialize access"))
    response = await get(store_app(lost), "GET", "/read")
    assert response.status_code == 409
    assert response.json()["type"] == "urn:care-dps:problem:concurrent_change"


async def test_any_other_store_error_is_still_a_logged_500():
    import asyncpg

    broken = pg_error(asyncpg.exceptions.UndefinedColumnError("column x does not exist"))
    response = await get(store_app(broken), "GET", "/read")
    assert response.status_code == 500
