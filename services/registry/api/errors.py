"""Store conflicts as problem documents: two changes to one record at the same moment."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from shared.http.problems import ProblemResponse, problem_response

log = logging.getLogger("care_dps.registry.api")


async def _conflict(request: Request, exc: Exception) -> ProblemResponse:
    # The version check (StaleDataError) or a unique constraint lost a race; nothing changed.
    log.info("concurrent change on %s %s: %r", request.method, request.url.path, exc)
    return problem_response(
        409,
        "concurrent_change",
        "Someone else changed this record at the same moment; nothing was changed."
        " Read it again and retry if it still applies.",
    )


def install_store_conflicts(app: FastAPI) -> None:
    app.add_exception_handler(StaleDataError, _conflict)
    app.add_exception_handler(IntegrityError, _conflict)
