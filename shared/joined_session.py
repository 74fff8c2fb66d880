"""The session of a unit of work that joined a transaction its owner began.

A consumer applies an event that arrives in order in a transaction it runs on a connection
of its own, on the driver (``shared.messaging.own_connection``); the handler's unit of work
joins it (``UnitOfWork.join``), its session bound to that connection, which SQLAlchemy sees
in autocommit. There is then nothing for the session to begin, commit or roll back: the
owner does. So, on every event a consumer applies:
- ``connection()`` is that connection itself, with no session transaction begun for it;
- ``execute`` of a Core statement (no ORM entity in it) runs on that connection directly,
  past the session's ORM execution (unless autoflush has pending objects to write first);
- closing runs in place: with no transaction on the driver, it does no I/O.
ORM statements, and anything asked with options, go the session's usual way.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Executable
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from shared.db import pending_writes


class JoinedSession(AsyncSession):
    def _joined(self) -> AsyncConnection:
        bind = self.bind
        assert isinstance(bind, AsyncConnection)
        return bind

    async def connection(
        self, bind_arguments: Any = None, execution_options: Any = None, **kw: Any
    ) -> AsyncConnection:
        if bind_arguments is None and execution_options is None and not kw:
            return self._joined()
        return await super().connection(bind_arguments, execution_options, **kw)

    async def execute(  # type: ignore[override]
        self, statement: Executable, params: Any = None, **kw: Any
    ) -> Any:
        if kw or statement._propagate_attrs.get("compile_state_plugin") == "orm":
            return await super().execute(statement, params, **kw)
        if self.sync_session.autoflush and pending_writes(self):
            return await super().execute(statement, params, **kw)
        return await self._joined().execute(statement, params)

    async def close(self) -> None:
        self.sync_session.close()
