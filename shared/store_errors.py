"""What a database error says: try again, two transactions met, or the store is away.

Both the HTTP layer (503 to retry, 409 for a lost race) and the consumer (an outage retried
without limit, a bad event dead-lettered) ask this. A consumer must tell a passing outage
from a bad event. The type of an exception alone cannot: a handler's ``ConnectionError`` may
be a bug, and a database error may be the event's fault. So the consumer asks the
infrastructure itself (is the database answering? is the broker connected?) after any
failure that is not a domain error, and ``is_transient`` names the database conditions
that mend themselves (a deadlock, a lock timeout, a serialization failure, SQLite's
"database is locked"): retried at once, never counted against the event.
"""

from __future__ import annotations

#: PostgreSQL SQLSTATEs that say "try again" rather than "this is wrong".
_TRANSIENT_SQLSTATES = {"40001", "40P01", "55P03", "57014", "57P01", "57P02", "57P03", "53300"}


def _chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _sqlstate(error: BaseException) -> str | None:
    for link in _chain(error):
        code = getattr(link, "sqlstate", None) or getattr(link, "pgcode", None)
        if isinstance(code, str):
            return code
    return None


#: Of those, the ones where two transactions met: the loser was rolled back, nothing written.
_CONFLICT_SQLSTATES = {"40001", "40P01"}


def is_conflict(error: BaseException) -> bool:
    """A serialization failure or a deadlock: the transaction lost a race and changed nothing."""
    return _sqlstate(error) in _CONFLICT_SQLSTATES


def is_unreachable(error: BaseException) -> bool:
    """The store could not be reached at all (refused, reset, timed out on connect)."""
    return any(isinstance(link, (OSError, TimeoutError)) for link in _chain(error))


def is_transient(error: BaseException) -> bool:
    """A database condition that mends itself: retry the same work, count nothing."""
    code = _sqlstate(error)
    if code is not None and (code in _TRANSIENT_SQLSTATES or code.startswith("08")):
        return True
    return any("database is locked" in str(link) for link in _chain(error))

