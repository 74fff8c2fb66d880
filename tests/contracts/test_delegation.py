"""The scheme of delegation: an award above an approver's limit cannot be approved by that
approver; it escalates to the level whose ceiling covers it. Boundary values, the scheme
capping a token's limit, and a joint commission's strictest combination."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from services.contracts.domain import errors as e
from services.contracts.domain.delegation import (
    DelegationLevel,
    SchemeOfDelegation,
    combine,
    scheme_id_for,
)
from shared.actors import Actor, Role

from .factories import SEFTON, SOUTH_SEFTON_CCG, STAFFORDSHIRE

NOW = datetime(2027, 3, 1, tzinfo=UTC)
COUNCIL = Actor("officer-1", Role.COMMISSIONER)
D = Decimal


def levels(lead: str = "100000", assistant: str = "500000") -> list[DelegationLevel]:
    return [
        DelegationLevel("lead_commissioner", "Lead Commissioner", D(lead)),
        DelegationLevel("assistant_director", "Assistant Director", D(assistant)),
        DelegationLevel("director", "Director", None),
    ]


def scheme(buyer: str = STAFFORDSHIRE, **kw: str) -> SchemeOfDelegation:
    return SchemeOfDelegation.set_up(buyer, levels(**kw), NOW, COUNCIL)


def approver(limit: str | None) -> Actor:
    return Actor("approver-1", Role.APPROVER, approval_limit=D(limit) if limit else None)


def test_approval_at_exactly_the_limit_is_within_it():
    combined = combine([STAFFORDSHIRE], [scheme()])
    level = combined.check_approver(approver("100000"), D("100000.00"))
    assert level.code == "lead_commissioner"


def test_a_penny_above_the_approvers_limit_escalates_to_the_next_level():
    combined = combine([STAFFORDSHIRE], [scheme()])
    with pytest.raises(e.AboveApprovalLimit) as refused:
        combined.check_approver(approver("100000"), D("100000.01"))
    assert refused.value.details["escalates_to"] == "assistant_director"
    assert "Assistant Director" in refused.value.message


def test_assistant_director_limit_boundary_and_director_above_it():
    combined = combine([STAFFORDSHIRE], [scheme()])
    assert combined.check_approver(approver("500000"), D("500000.00")).code == (
        "assistant_director"
    )
    with pytest.raises(e.AboveApprovalLimit) as refused:
        combined.check_approver(approver("500000"), D("500000.01"))
    assert refused.value.details["escalates_to"] == "director"
    assert combined.check_approver(approver("2000000"), D("1288560.00")).code == "director"


def test_the_scheme_caps_a_limit_that_falls_between_two_levels():
    combined = combine([STAFFORDSHIRE], [scheme()])
    with pytest.raises(e.AboveApprovalLimit) as refused:
        combined.check_approver(approver("150000"), D("120000"))
    assert refused.value.details["authority"] == D("100000")


def test_an_approver_without_a_limit_holds_no_authority():
    combined = combine([STAFFORDSHIRE], [scheme()])
    with pytest.raises(e.NoApprovalLimit):
        combined.check_approver(approver(None), D("10"))


def test_joint_commission_is_approved_under_the_strictest_of_its_buyers_schemes():
    council = scheme(SEFTON, lead="100000")
    ccg = scheme(SOUTH_SEFTON_CCG, lead="50000", assistant="250000")
    combined = combine([SEFTON, SOUTH_SEFTON_CCG], [council, ccg])
    assert [(lv.code, lv.up_to) for lv in combined.levels] == [
        ("lead_commissioner", D(50000)), ("assistant_director", D(250000)), ("director", None)
    ]
    with pytest.raises(e.AboveApprovalLimit) as refused:
        combined.check_approver(approver("100000"), D("70000"))  # Sefton's lead: 100k
    assert refused.value.details["escalates_to"] == "assistant_director"


def test_every_buyer_of_a_joint_commission_needs_a_scheme():
    with pytest.raises(e.NoDelegationScheme) as refused:
        combine([SEFTON, SOUTH_SEFTON_CCG], [scheme(SEFTON)])
    assert refused.value.details["buyers"] == [SOUTH_SEFTON_CCG]


def test_a_scheme_belongs_to_its_buyer_whatever_the_spelling():
    assert scheme_id_for("Sefton  Council") == scheme_id_for("sefton council")
    assert combine([" SEFTON COUNCIL"], [scheme(SEFTON)]).levels


@pytest.mark.parametrize("bad", [
    [DelegationLevel("a", "A", D(500)), DelegationLevel("b", "B", D(100))],
    [DelegationLevel("a", "A", None), DelegationLevel("b", "B", D(100))],
    [DelegationLevel("a", "A", D(100)), DelegationLevel("a", "Again", D(200))],
    [],
])
def test_scheme_levels_rise_from_junior_to_senior_each_once(bad):
    with pytest.raises(e.InvalidScheme):
        SchemeOfDelegation.set_up(STAFFORDSHIRE, bad, NOW, COUNCIL)


def test_only_the_council_sets_up_a_scheme():
    with pytest.raises(e.RoleNotPermitted):
        SchemeOfDelegation.set_up(STAFFORDSHIRE, levels(), NOW, approver("1"))
