"""Domain error families, shared by every service.

A domain raises a named subclass of one of these, with a stable ``code`` (snake case, never
renamed once published) and a message a person can act on. The domain knows nothing of HTTP;
``shared.http.problems`` maps each family to a status code and an RFC 9457 problem document.
"""

from __future__ import annotations

from typing import Any, ClassVar


class DomainError(Exception):
    """Base of every error a use case may raise on purpose."""

    code: ClassVar[str] = "domain_error"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class NotFound(DomainError):
    """The thing named does not exist (or the caller may not know it exists)."""

    code = "not_found"


class RuleBroken(DomainError):
    """The request is well-formed but breaks a rule of the domain or of procurement law."""

    code = "rule_broken"


class StateConflict(DomainError):
    """The request does not fit the current state (deciding twice, a second live application)."""

    code = "state_conflict"


class NotPermitted(DomainError):
    """The caller is known but may not do this (another provider's application, over a limit)."""

    code = "not_permitted"
