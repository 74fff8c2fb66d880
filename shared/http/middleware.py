"""Pure ASGI middleware every service runs: the W3C trace context and a request-body limit.

Pure ASGI rather than ``@app.middleware("http")`` (Starlette's BaseHTTPMiddleware), which
wraps every request in a task group and memory streams: measurable per request, and it breaks
context variables set inside the route.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.http.problems import problem_response
from shared.messaging.tracing import current_traceparent, is_valid, new_traceparent


class TraceparentMiddleware:
    """Each request runs in a span of the caller's trace (``traceparent``), or a new trace;
    the outbox copies it into the events the request causes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = None
        for name, value in scope["headers"]:
            if name == b"traceparent":
                incoming = value.decode("latin-1")
                break
        token = current_traceparent.set(new_traceparent(incoming if is_valid(incoming) else None))
        try:
            await self.app(scope, receive, send)
        finally:
            current_traceparent.reset(token)


class RequestTooLarge(HTTPException):
    """Raised while the body streams in, past the limit; rendered as a 413 problem."""

    code = "request_too_large"

    def __init__(self, limit: int) -> None:
        super().__init__(413, detail=_too_large(limit))


def _too_large(limit: int) -> str:
    return f"The request body is larger than {limit} bytes; send less."


class BodySizeLimit:
    """Refuse a request body above ``limit`` bytes with 413, before it is read into memory.

    A declared ``Content-Length`` over the limit is answered at once; a body that streams in
    without one is cut off at the limit.
    """

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > self.limit:
                    response = problem_response(413, RequestTooLarge.code, _too_large(self.limit))
                    await response(scope, receive, send)
                    return
                break
        received = 0
        limit = self.limit

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise RequestTooLarge(limit)
            return message

        await self.app(scope, limited_receive, send)
