"""Registry events are bounded so that even at their bounds they stay well under the
broker's payload limit (the unit of work refuses anything larger at commit)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest
from pydantic import ValidationError

from shared.events import registry as events
from shared.events.base import MAX_EVENT_BYTES
from shared.messaging.envelope import body_for

WORST = "\x01"  # escaped as \u0001 in JSON: six bytes for one character


def _text(n: int) -> str:
    return WORST * n


def _lot() -> events.LotSummary:
    return events.LotSummary(lot_id=uuid4(), code=_text(40), title=_text(events.NAME))


def _largest() -> list[events.Event]:
    now, today = datetime.now(UTC), date.today()
    lots = [_lot() for _ in range(events.MAX_LOTS)]
    return [
        events.DpsOpened(
            occurred_at=now, dps_id=uuid4(), name=_text(300), regime=_text(40),
            service_category=_text(100),
            buyer_organisations=[_text(events.NAME)] * events.MAX_BUYERS,
            starts_on=today, initial_term_ends_on=today, latest_end_on=today, lots=lots,
        ),
        events.DpsChanged(
            occurred_at=now, dps_id=uuid4(), change=_text(60), name=_text(300),
            current_end_on=today, lots=lots,
        ),
        events.ProviderAdmitted(
            occurred_at=now, dps_id=uuid4(), lot_id=uuid4(), provider_id=uuid4(),
            membership_id=uuid4(), application_id=uuid4(), provider_name=_text(300),
            areas_served=[_text(8)] * events.MAX_DISTRICTS, cqc_provider_id=_text(20),
            decided_by=_text(200),
        ),
        events.ApplicationRejected(
            occurred_at=now, application_id=uuid4(), dps_id=uuid4(), provider_id=uuid4(),
            lot_ids=[uuid4() for _ in range(events.MAX_LOTS)],
            reasons=[_text(events.REASON)] * events.MAX_REASONS, decided_by=_text(200),
        ),
        events.ProviderAreasChanged(
            occurred_at=now, provider_id=uuid4(), provider_name=_text(300),
            areas_served=[_text(8)] * events.MAX_DISTRICTS,
        ),
    ]


@pytest.mark.parametrize("event", _largest(), ids=lambda e: type(e).__name__)
def test_registry_events_at_their_bounds_stay_under_half_the_commit_limit(event):
    size = len(body_for(event).encode())
    assert size < MAX_EVENT_BYTES // 2, f"{type(event).__name__}: {size} bytes"


def test_registry_event_fields_over_their_bounds_are_refused():
    with pytest.raises(ValidationError, match="name"):
        events.ProviderAreasChanged(
            occurred_at=datetime.now(UTC), provider_id=uuid4(), provider_name="x" * 301,
            areas_served=[],
        )
    with pytest.raises(ValidationError, match="at most 8 characters"):
        events.ProviderAreasChanged(
            occurred_at=datetime.now(UTC), provider_id=uuid4(), provider_name="x",
            areas_served=["TOOLONG12"],
        )
    with pytest.raises(ValidationError, match="lots"):
        events.DpsChanged(
            occurred_at=datetime.now(UTC), dps_id=uuid4(), change="lot_added", name="x",
            current_end_on=date.today(), lots=[_lot() for _ in range(events.MAX_LOTS + 1)],
        )
