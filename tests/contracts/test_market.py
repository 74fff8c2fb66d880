"""R9 as the registry's memberships tell it: a provider whose membership of the lot was
suspended or removed is excluded there; reinstated, or a member again, it is not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from services.contracts.domain.market import LotMembership, Standing, exclusions

LOT, OTHER_LOT, PROVIDER = uuid4(), uuid4(), uuid4()
T = datetime(2027, 3, 1, 9, tzinfo=UTC)


def membership(standing: Standing, reason: str = "", *, lot: UUID = LOT,
               at: datetime = T) -> LotMembership:
    return LotMembership(uuid4(), uuid4(), lot, PROVIDER, standing, reason, T, at)


@pytest.mark.parametrize(("standing", "reason", "said"), [
    (Standing.SUSPENDED, "safeguarding", "membership of the lot suspended (safeguarding)"),
    (Standing.REMOVED, "mandatory_exclusion",
     "membership of the lot removed (mandatory_exclusion)"),
])
def test_a_debarred_or_suspended_provider_is_excluded_from_award_in_the_lot_R9(
    standing, reason, said
):
    excluded = exclusions([membership(standing, reason)], LOT)
    assert excluded[PROVIDER].startswith(said)
    assert exclusions([membership(standing, reason)], OTHER_LOT) == {}


def test_a_reinstated_or_readmitted_provider_may_be_awarded_again():
    assert exclusions([membership(Standing.ACTIVE)], LOT) == {}
    removed_then_back = [membership(Standing.REMOVED, "other"),
                         membership(Standing.ACTIVE, at=T + timedelta(days=30))]
    assert exclusions(removed_then_back, LOT) == {}


def test_the_newest_membership_gives_the_reason():
    held = [membership(Standing.SUSPENDED, "expired_document"),
            membership(Standing.REMOVED, "ceased_trading", at=T + timedelta(days=3))]
    assert "removed (ceased_trading) on 04 Mar 2027" in exclusions(held, LOT)[PROVIDER]
