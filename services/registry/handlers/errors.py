"""Errors of the use cases (the domain's own are in ``domain.errors``). Codes are stable."""

from __future__ import annotations

from shared.errors import NotFound, StateConflict


class DpsNotFound(NotFound):
    code = "dps_not_found"


class ProviderNotFound(NotFound):
    code = "provider_not_found"


class ApplicationNotFound(NotFound):
    code = "application_not_found"


class MembershipNotFound(NotFound):
    code = "membership_not_found"


class ProviderAlreadyRegistered(StateConflict):
    code = "provider_already_registered"

