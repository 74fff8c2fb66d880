"""The registry's domain: DPSs and their lots, providers, applications and memberships.

Pure Python: no database, web or messaging. Aggregates (``Dps``, ``Provider``,
``Application``, ``Membership``) check the rules, keep an audit trail of decisions and
record the integration events their changes cause; ``admission`` and ``compliance`` are the
operations that need more than one aggregate.
"""

from services.registry.domain.actors import SYSTEM, Actor, Role
from services.registry.domain.admission import admit, submit_application
from services.registry.domain.applications import Application, ApplicationStatus, overdue
from services.registry.domain.audit import Decision, audit_trail_csv, export_audit_trail
from services.registry.domain.compliance import (
    check_documents,
    check_redeclarations,
    request_redeclaration,
)
from services.registry.domain.documents import DocumentInput
from services.registry.domain.dps import BuyerOrganisation, Dps, DpsStatus
from services.registry.domain.lots import AwardCriterion, CriterionKind, Lot, ReopeningWindow
from services.registry.domain.memberships import (
    Membership,
    MembershipStatus,
    RemovalReason,
    SuspensionReason,
)
from services.registry.domain.providers import PostcodeDistrict, Provider
from services.registry.domain.rates import Rate, RateCard, RateUnit
from services.registry.domain.regimes import RULES, Regime, RegimeRules, rules_for
from services.registry.domain.windows import AdmissionMode

__all__ = [
    "RULES",
    "SYSTEM",
    "Actor",
    "AdmissionMode",
    "Application",
    "ApplicationStatus",
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
    "RegimeRules",
    "RemovalReason",
    "ReopeningWindow",
    "Role",
    "SuspensionReason",
    "admit",
    "audit_trail_csv",
    "check_documents",
    "check_redeclarations",
    "export_audit_trail",
    "overdue",
    "request_redeclaration",
    "rules_for",
    "submit_application",
]
