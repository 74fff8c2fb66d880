"""The registry's domain: DPSs and their lots, providers, applications and memberships.

Pure Python: no database, web or messaging. Aggregates (``Dps``, ``Provider``,
``Application``, ``Membership``) check the rules, keep an audit trail of decisions and
record the integration events their changes cause; ``admission`` and ``compliance`` are the
operations that need more than one aggregate.
"""

from services.registry.domain.actors import SYSTEM, Actor, Role
from services.registry.domain.admission import admit, submit_application
from services.registry.domain.applications import Application, ApplicationStatus
from services.registry.domain.audit import AuditAction, Decision, audit_csv
from services.registry.domain.compliance import (
    check_documents,
    check_redeclarations,
    request_redeclaration,
)
from services.registry.domain.documents import DocumentInput
from services.registry.domain.dps import AdmissionMode, BuyerOrganisation, Dps, DpsStatus
from services.registry.domain.lots import AwardCriterion, CriterionKind, Lot, ReopeningWindow
from services.registry.domain.memberships import (
    Membership,
    MembershipStatus,
    RemovalReason,
    SuspensionReason,
)
from services.registry.domain.providers import PostcodeDistrict, Provider
from services.registry.domain.rates import Rate, RateCard, RateUnit
from shared.regimes import Regime

__all__ = [
    "SYSTEM",
    "Actor",
    "AdmissionMode",
    "Application",
    "ApplicationStatus",
    "AuditAction",
    "AwardCriterion",
    "BuyerOrganisation",
    "CriterionKind",
    "Decision",
    "DocumentInput",
    "Dps",
    "DpsStatus",
    "Lot",
    "Membership",
    "MembershipStatus",
    "PostcodeDistrict",
    "Provider",
    "Rate",
    "RateCard",
    "RateUnit",
    "Regime",
    "RemovalReason",
    "ReopeningWindow",
    "Role",
    "SuspensionReason",
    "admit",
    "audit_csv",
    "check_documents",
    "check_redeclarations",
    "request_redeclaration",
    "submit_application",
]
