"""Schemes of delegation: one row per buyer, levels kept as JSON."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from sqlalchemy import Column, Integer, String, Table, Uuid, select

from services.contracts.domain import errors as e
from services.contracts.domain import limits as n
from services.contracts.domain.delegation import DelegationLevel, SchemeOfDelegation, buyer_key
from services.contracts.store.base import mapper_registry, metadata
from shared.columns import JsonOf
from shared.db import AwareDateTime
from shared.errors import NotFound
from shared.paging import Page, PageRequest, keyset_page
from shared.repository import Repository

delegation_schemes = Table(
    "delegation_schemes", metadata,
    Column("id", Uuid, primary_key=True),
    Column("buyer", String(n.NAME), nullable=False),
    Column("buyer_key", String(n.NAME), nullable=False, unique=True),
    Column("levels", JsonOf(list[DelegationLevel]), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("changed_at", AwareDateTime, nullable=False),
    Column("changed_by", String(n.ACTOR_ID), nullable=False),
    Column("version", Integer, nullable=False),
)


def map_delegation() -> None:
    mapper_registry.map_imperatively(
        SchemeOfDelegation, delegation_schemes, version_id_col=delegation_schemes.c.version
    )


class SchemeRepository(Repository[SchemeOfDelegation]):
    entity = SchemeOfDelegation
    table = delegation_schemes
    noun = "delegation scheme"

    def missing(self, id: UUID) -> NotFound:
        return e.SchemeNotFound.of(id)

    async def of_buyers(self, buyers: Iterable[str]) -> list[SchemeOfDelegation]:
        keys = list(dict.fromkeys(buyer_key(b) for b in buyers))
        query = select(SchemeOfDelegation).where(delegation_schemes.c.buyer_key.in_(keys))
        return list((await self.session.execute(query)).scalars())

    async def page(self, request: PageRequest) -> Page[SchemeOfDelegation]:
        return await keyset_page(
            self.session, select(SchemeOfDelegation), request,
            [delegation_schemes.c.buyer_key, delegation_schemes.c.id],
        )
