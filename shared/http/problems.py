"""RFC 9457 problem documents (``application/problem+json``) for every service.

Clients of four services should meet one error shape with a stable ``type`` they can switch
on, whatever went wrong: a domain rule, invalid input, a missing token or a bug. The domain
raises ``shared.errors`` families and knows nothing of HTTP; this module is the one place
that turns them (and the framework's own errors) into a status code and a problem document.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from decimal import Decimal
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.errors import DomainError, NotFound, NotPermitted, RuleBroken, StateConflict
from shared.store_errors import is_conflict, is_transient, is_unreachable

logger = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:care-dps:problem:"

# Most specific first: a subclass of NotFound is still a 404.
_STATUS_BY_FAMILY: tuple[tuple[type[DomainError], int], ...] = (
    (NotFound, 404),
    (NotPermitted, 403),
    (StateConflict, 409),
    (RuleBroken, 422),
)
# Keys a domain error's details may not overwrite: the client switches on these.
_RESERVED = frozenset({"type", "title", "status", "detail", "code"})


class FieldError(BaseModel):
    """One invalid input: where it is (dotted location) and what is wrong with it."""

    field: str
    message: str


class Problem(BaseModel):
    """The problem document, as OpenAPI documents it. Extra members carry the error's details."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    code: str | None = None
    errors: list[FieldError] | None = None


class ProblemResponse(JSONResponse):
    media_type = PROBLEM_MEDIA_TYPE


def title_for(code: str) -> str:
    """A short human title from a stable code: ``lot_not_found`` -> ``Lot not found``."""
    return code.replace("_", " ").strip().capitalize() or "Problem"


def problem_response(
    status: int,
    code: str,
    detail: str,
    *,
    title: str | None = None,
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> ProblemResponse:
    """Build one problem response; also used by routes (health probes) that answer with one.

    ``extra`` members (a domain error's details) never overwrite the standard ones.
    """
    # Decimal as a string: money must never turn into a float on the way out.
    encoded = jsonable_encoder(dict(extra or {}), custom_encoder={Decimal: str})
    body = {k: v for k, v in encoded.items() if k not in _RESERVED}
    body.update(
        type=TYPE_PREFIX + code,
        title=title or title_for(code),
        status=status,
        detail=detail,
        code=code,
    )
    return ProblemResponse(body, status_code=status, headers=headers)


def status_for(err: DomainError) -> int:
    for family, status in _STATUS_BY_FAMILY:
        if isinstance(err, family):
            return status
    return 422


async def _domain_error(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, DomainError)
    return problem_response(status_for(exc), exc.code, exc.message, extra=exc.details)


async def _invalid_input(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": ".".join(str(part) for part in err.get("loc", ())), "message": err.get("msg", "")}
        for err in exc.errors()
    ]
    fields = ", ".join(e["field"] for e in errors) or "the request"
    detail = f"The request has {len(errors)} invalid field(s): {fields}. Correct them and retry."
    return problem_response(
        422, "invalid_input", detail, title="Invalid input", extra={"errors": errors}
    )


async def _http_error(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, StarletteHTTPException)
    try:
        phrase = HTTPStatus(exc.status_code).phrase
    except ValueError:
        phrase = "HTTP error"
    detail = exc.detail if isinstance(exc.detail, str) else phrase
    extra = None if isinstance(exc.detail, str) else {"context": exc.detail}
    return problem_response(
        exc.status_code,
        getattr(exc, "code", None) or f"http_{exc.status_code}",
        detail,
        title=phrase,
        headers=exc.headers,
        extra=extra,
    )


async def _unexpected(request: Request, exc: Exception) -> ProblemResponse:
    # The text of an unexpected exception may hold personal data or internals: log, never send.
    logger.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(
        500,
        "internal_error",
        "Something went wrong on our side. It has been logged; please try again later.",
    )


async def _lost_race(request: Request, exc: Exception) -> ProblemResponse:
    # A version check (StaleDataError) or a unique constraint lost a race: the transaction
    # was rolled back, so nothing changed.
    logger.info("concurrent change on %s %s: %r", request.method, request.url.path, exc)
    return problem_response(
        409,
        "concurrent_change",
        "Someone else changed this record at the same moment; nothing was changed."
        " Read it again and retry if it still applies.",
    )


async def _store_error(request: Request, exc: Exception) -> ProblemResponse:
    # Two transactions met (serialization failure, deadlock): rolled back, like a lost race.
    if is_conflict(exc):
        return await _lost_race(request, exc)
    # The store is down, restarting or out of connections: nothing was written; the client
    # may retry after a moment (a replica restarting, a pool of a busy database).
    if is_unreachable(exc) or is_transient(exc):
        logger.warning("store unavailable on %s %s: %r", request.method, request.url.path, exc)
        return problem_response(
            503,
            "database_unavailable",
            "The service's database does not answer just now; nothing was changed."
            " Retry in a moment.",
            title="Service Unavailable",
            headers={"Retry-After": "1"},
        )
    return await _unexpected(request, exc)


def install_problem_handlers(app: FastAPI) -> None:
    """Render every error the app can raise as ``application/problem+json``."""
    app.add_exception_handler(StaleDataError, _lost_race)
    app.add_exception_handler(IntegrityError, _lost_race)
    app.add_exception_handler(DBAPIError, _store_error)
    app.add_exception_handler(ConnectionError, _store_error)
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _invalid_input)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
    _document_problems(app)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route, documenting each status as a problem document."""
    schema = {"$ref": "#/components/schemas/Problem"}
    return {
        status: {
            "description": HTTPStatus(status).phrase,
            "content": {PROBLEM_MEDIA_TYPE: {"schema": schema}},
        }
        for status in statuses
    }


def _document_problems(app: FastAPI) -> None:
    """Put ``Problem`` in the OpenAPI components and make every 422 say what we really send.

    FastAPI documents a ``model=`` response under ``application/json`` only, and documents
    its own 422 body (``HTTPValidationError``), neither of which we send.
    """
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(problem.pop("$defs", {}))
        components["Problem"] = problem
        content = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for operations in schema.get("paths", {}).values():
            for operation in (op for op in operations.values() if isinstance(op, dict)):
                invalid = operation.get("responses", {}).get("422", {})
                documented = invalid.get("content", {}).get("application/json", {})
                if documented.get("schema", {}).get("$ref", "").endswith("/HTTPValidationError"):
                    invalid["content"] = content
        for unused in ("HTTPValidationError", "ValidationError"):
            components.pop(unused, None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
