"""No cap on members, ever: N qualifying applicants become N active members."""

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.registry.domain import Regime, admit
from services.registry.domain.memberships import MembershipStatus
from shared.events.registry import ProviderAdmitted
from tests.registry.factories import COMMISSIONER, make_application, make_dps, make_provider

NOW = datetime(2025, 3, 3, 9, tzinfo=UTC)  # both Acts in force


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n=st.integers(min_value=0, max_value=60),
    regime=st.sampled_from(
        [Regime.PCR2015_DPS, Regime.PA2023_DYNAMIC_MARKET, Regime.PCR2015_LIGHT_TOUCH]
    ),
    spread_hours=st.integers(min_value=0, max_value=200),
)
def test_n_qualifying_applicants_give_n_active_members(n, regime, spread_hours):
    dps = make_dps(NOW, regime=regime, decision_service_level_working_days=10)
    members, applications = [], []
    for i in range(n):
        provider = make_provider()
        at = NOW + timedelta(hours=(i * spread_hours) % 500)
        app = make_application(dps, provider, at, existing=applications, memberships=members)
        applications.append(app)
        members += admit(dps=dps, application=app, provider=provider, now=at, by=COMMISSIONER,
                         why="meets the selection criteria")
    assert len(members) == n
    assert all(m.status is MembershipStatus.ACTIVE for m in members)
    assert len({m.provider_id for m in members}) == n
    admitted = [ev for m in members for ev in m.pending_events if isinstance(ev, ProviderAdmitted)]
    assert len(admitted) == n
