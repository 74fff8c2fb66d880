"""The scheme of delegation: who may approve an award, by its whole-life value.

Each buyer organisation keeps its own scheme: ordered levels, each approving up to a
ceiling (Lead Commissioner up to £100,000, Assistant Director up to £250,000, Director with
no ceiling). An approver's token carries its delegated limit (``approval_limit``).

**How an approver's limit and the scheme combine.** The scheme caps the token: an approver
reaches the most senior level whose ceiling its limit covers, and may approve up to that
ceiling (its own limit, if it is below every ceiling, or if it reaches the top level that
has no ceiling). So a limit of £150,000 under the scheme above approves up to £100,000.

**A joint commission** (a council and CCGs funding one package) is approved under all its
buyers' schemes at once, the strictest: each level keeps the lowest ceiling any buyer gives
it, and the whole-life value counts in full (never a buyer's share). Every buyer must have a
scheme; an award of a buyer without one cannot be approved until it is set up.

The level an approval needs is the first whose ceiling covers the value; an approver whose
limit does not reach it is refused, and told that level (where it escalates).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID, uuid5

from services.contracts.domain import errors as e
from services.contracts.domain import limits as n
from shared.actors import Actor, Role, require_role

#: Fixed for ever: scheme ids are derived from the buyer's name.
SCHEME_NAMESPACE = UUID("0b5f7c1e-3d2a-5e8f-9a4b-6c7d8e9f0a1b")


def buyer_key(buyer: str) -> str:
    """A buyer's name as matched: case and spacing do not matter."""
    return " ".join(buyer.split()).casefold()


def scheme_id_for(buyer: str) -> UUID:
    return uuid5(SCHEME_NAMESPACE, buyer_key(buyer))


@dataclass(frozen=True)
class DelegationLevel:
    code: str
    title: str
    #: The highest whole-life value this level approves; None: no ceiling.
    up_to: Decimal | None

    def covers(self, value: Decimal) -> bool:
        return self.up_to is None or value <= self.up_to


def _check_levels(levels: Sequence[DelegationLevel]) -> list[DelegationLevel]:
    if not 1 <= len(levels) <= n.LEVELS:
        raise e.InvalidScheme(f"A scheme has between 1 and {n.LEVELS} levels.")
    codes = [level.code for level in levels]
    if len(set(codes)) != len(codes):
        raise e.InvalidScheme("Each level of a scheme has its own code.", codes=codes)
    for level in levels:
        if not level.code.strip() or not level.title.strip():
            raise e.InvalidScheme("Every level has a code and a title.")
        if level.up_to is not None and not 0 < level.up_to <= n.MONEY_MAX:
            raise e.InvalidScheme(f"{level.title}: a ceiling is a positive amount in pounds.")
    ceilings = [level.up_to for level in levels]
    if any(c is None for c in ceilings[:-1]):
        raise e.InvalidScheme("Only the most senior (last) level may have no ceiling.")
    finite = [c for c in ceilings if c is not None]
    if any(b <= a for a, b in zip(finite, finite[1:], strict=False)):
        raise e.InvalidScheme(
            "Levels go from junior to senior: each ceiling is above the one before."
        )
    return list(levels)


class SchemeOfDelegation:
    """One buyer's scheme (no events: it is configuration, kept with who changed it)."""

    def __init__(
        self, *, buyer: str, levels: Sequence[DelegationLevel], changed_at: datetime,
        changed_by: str,
    ) -> None:
        self.id = scheme_id_for(buyer)
        self.buyer = " ".join(buyer.split())
        self.buyer_key = buyer_key(buyer)
        self.levels = _check_levels(levels)
        self.revision = 1
        self.changed_at = changed_at
        self.changed_by = changed_by

    @classmethod
    def set_up(
        cls, buyer: str, levels: Sequence[DelegationLevel], now: datetime, by: Actor
    ) -> SchemeOfDelegation:
        require_role(by, Role.COMMISSIONER)
        if not buyer.strip():
            raise e.InvalidScheme("Name the buyer organisation the scheme belongs to.")
        return cls(buyer=buyer, levels=levels, changed_at=now, changed_by=by.id)

    def replace(self, levels: Sequence[DelegationLevel], now: datetime, by: Actor) -> None:
        """A new revision; awards approved earlier keep the level they were approved at."""
        require_role(by, Role.COMMISSIONER)
        self.levels = _check_levels(levels)
        self.revision += 1
        self.changed_at = now
        self.changed_by = by.id


@dataclass(frozen=True)
class CombinedScheme:
    """The schemes of every buyer of an award, the strictest level by level."""

    buyers: tuple[str, ...]
    levels: tuple[DelegationLevel, ...]

    def level_for(self, value: Decimal) -> DelegationLevel:
        """The level an approval of ``value`` needs."""
        found = next((level for level in self.levels if level.covers(value)), None)
        if found is None:
            top = self.levels[-1]
            raise e.NoLevelCoversValue(
                f"£{value:,} is above every level of the scheme of delegation (the highest,"
                f" {top.title}, approves up to £{top.up_to:,}): it needs a decision outside"
                " the scheme.",
                value=value,
            )
        return found

    def authority_of(self, limit: Decimal) -> Decimal:
        """What an approver with ``limit`` may approve under these schemes."""
        finite = [level.up_to for level in self.levels if level.up_to is not None]
        reached = [c for c in finite if c <= limit]
        unlimited_top = self.levels[-1].up_to is None
        if not reached or (unlimited_top and len(reached) == len(finite)):
            return limit
        return max(reached)

    def check_approver(self, approver: Actor, value: Decimal) -> DelegationLevel:
        """The level the approval is made at, or the refusal naming where it escalates."""
        needed = self.level_for(value)
        if approver.approval_limit is None:
            raise e.NoApprovalLimit(
                "Your token carries no approval limit, so you hold no delegated authority to"
                f" approve; this award needs the {needed.title} level.",
                escalates_to=needed.code,
            )
        authority = self.authority_of(approver.approval_limit)
        if value > authority:
            raise e.AboveApprovalLimit(
                f"The whole-life value £{value:,} is above what you may approve"
                f" (£{authority:,} under the scheme of delegation of"
                f" {', '.join(self.buyers)}): it escalates to {needed.title}.",
                value=value,
                authority=authority,
                escalates_to=needed.code,
                escalates_to_title=needed.title,
            )
        return needed


def combine(buyers: Sequence[str], schemes: Sequence[SchemeOfDelegation]) -> CombinedScheme:
    """The strictest combination of the buyers' schemes; every buyer needs one."""
    known = {s.buyer_key: s for s in schemes}
    missing = [b for b in buyers if buyer_key(b) not in known]
    if missing:
        raise e.NoDelegationScheme(
            f"No scheme of delegation is set up for {', '.join(missing)}: set it up"
            " (POST /delegation-schemes) before this award can be approved.",
            buyers=missing,
        )
    ceilings: dict[str, Decimal | None] = {}
    titles: dict[str, str] = {}
    for buyer in buyers:
        for level in known[buyer_key(buyer)].levels:
            titles.setdefault(level.code, level.title)
            if level.code not in ceilings:
                ceilings[level.code] = level.up_to
            else:
                ceilings[level.code] = _lower(ceilings[level.code], level.up_to)
    ordered = sorted(
        ceilings.items(), key=lambda item: (item[1] is None, item[1] or Decimal(0))
    )
    levels = [DelegationLevel(code, titles[code], up_to) for code, up_to in ordered]
    # Several unlimited levels (different codes) collapse into the first: one top.
    tops = [level for level in levels if level.up_to is None]
    levels = [level for level in levels if level.up_to is not None] + tops[:1]
    return CombinedScheme(tuple(" ".join(b.split()) for b in buyers), tuple(levels))


def _lower(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)
