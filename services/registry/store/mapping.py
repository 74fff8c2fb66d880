"""Imperative mapping: the domain classes stay plain Python; the ORM learns their tables here.

Every relationship loads eagerly with ``selectin`` (an async session cannot lazy-load) and
children cascade with their parent. Aggregate roots carry a ``version`` column, so two
commissioners deciding the same application at once cannot both win (the second flush
finds the row changed and fails). ``start_mappers`` is idempotent.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, and_
from sqlalchemy.ext.orderinglist import ordering_list
from sqlalchemy.orm import foreign, registry, relationship

from services.registry.domain.applications import Answer, Application, AppliedLot
from services.registry.domain.audit import Decision
from services.registry.domain.documents import ApplicationDocument, ProviderDocument
from services.registry.domain.dps import BuyerOrganisation, Dps
from services.registry.domain.lots import (
    AwardCriterion,
    ExtensionOption,
    Lot,
    ReopeningWindow,
    RequiredDocument,
    SelectionQuestion,
    WindowLot,
)
from services.registry.domain.memberships import Membership, Redeclaration
from services.registry.domain.providers import AreaServed, Contact, LotCapacity, Provider
from services.registry.domain.rates import Rate, RateCard
from services.registry.store import tables as t

mapper_registry = registry()
_started = False


def _children(cls: type, table: Table) -> Any:
    """An ordered list of child rows that live and die with their parent."""
    return relationship(
        cls,
        lazy="selectin",
        cascade="all, delete-orphan",
        order_by=table.c.position,
        collection_class=ordering_list("position"),
    )


def _decisions(parent: Table, subject_type: str) -> Any:
    """The parent's audit trail: rows of the one ``decisions`` table, never deleted.

    No delete-orphan: a decision has exactly one of four possible parents, and the ORM
    would call a new decision an orphan of the three it does not belong to.
    """
    return relationship(
        Decision,
        primaryjoin=and_(
            foreign(t.decisions.c.subject_id) == parent.c.id,
            t.decisions.c.subject_type == subject_type,
        ),
        lazy="selectin",
        cascade="save-update, merge",
        order_by=t.decisions.c.position,
        collection_class=ordering_list("position"),
        overlaps="decisions",
    )


def start_mappers() -> None:
    global _started
    if _started:
        return
    _started = True
    m = mapper_registry.map_imperatively

    m(Decision, t.decisions)

    # The DPS and its parts.
    m(BuyerOrganisation, t.dps_buyers)
    m(ExtensionOption, t.dps_extension_options)
    m(SelectionQuestion, t.selection_questions)
    m(RequiredDocument, t.required_documents)
    m(Lot, t.lots, properties={
        "questions": _children(SelectionQuestion, t.selection_questions),
        "required_documents": _children(RequiredDocument, t.required_documents),
    })
    m(WindowLot, t.window_lots)
    m(ReopeningWindow, t.reopening_windows, properties={
        "lots": _children(WindowLot, t.window_lots),
    })
    m(AwardCriterion, t.award_criteria)
    m(Rate, t.rates)
    m(RateCard, t.rate_cards, properties={"rates": _children(Rate, t.rates)})
    m(Dps, t.dps, version_id_col=t.dps.c.version, properties={
        "buyers": _children(BuyerOrganisation, t.dps_buyers),
        "extension_options": relationship(
            ExtensionOption, lazy="selectin", cascade="all, delete-orphan",
            order_by=t.dps_extension_options.c.sequence,
        ),
        "lots": _children(Lot, t.lots),
        "windows": _children(ReopeningWindow, t.reopening_windows),
        "criteria": _children(AwardCriterion, t.award_criteria),
        "rate_cards": _children(RateCard, t.rate_cards),
        "decisions": _decisions(t.dps, "dps"),
    })

    # Providers.
    m(Contact, t.provider_contacts)
    m(AreaServed, t.provider_areas)
    m(LotCapacity, t.provider_capacities)
    m(ProviderDocument, t.provider_documents)
    m(Provider, t.providers, version_id_col=t.providers.c.version, properties={
        "contacts": _children(Contact, t.provider_contacts),
        "areas": _children(AreaServed, t.provider_areas),
        "capacities": _children(LotCapacity, t.provider_capacities),
        "documents": _children(ProviderDocument, t.provider_documents),
        "decisions": _decisions(t.providers, "provider"),
    })

    # Applications.
    m(AppliedLot, t.application_lots)
    m(Answer, t.application_answers)
    m(ApplicationDocument, t.application_documents)
    m(Application, t.applications, version_id_col=t.applications.c.version, properties={
        "lots": _children(AppliedLot, t.application_lots),
        "answers": _children(Answer, t.application_answers),
        "documents": _children(ApplicationDocument, t.application_documents),
        "decisions": _decisions(t.applications, "application"),
    })

    # Memberships.
    m(Redeclaration, t.redeclarations)
    m(Membership, t.memberships, version_id_col=t.memberships.c.version, properties={
        "redeclarations": _children(Redeclaration, t.redeclarations),
        "decisions": _decisions(t.memberships, "membership"),
    })
