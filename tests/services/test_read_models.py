"""The three services' read models follow every change of a DPS, and call-off's follows the
members of each lot; list and detail agree. Events are applied through the handlers each
service's ``subscribers.py`` wires (no broker here; ``test_read_models_over_nats`` runs
them through a real one)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from shared.events.registry import (
    CriterionSummary,
    DpsChanged,
    DpsClosed,
    LotClosed,
    LotOpened,
    MembershipReinstated,
    MembershipRemoved,
    MembershipSuspended,
    PriceCompliance,
    ProviderAdmitted,
    ProviderAreasChanged,
    ProviderCapacityChanged,
    RateCardAdded,
    RateSummary,
    ReopeningWindowClosed,
    ReopeningWindowOpened,
)
from tests.services.read_model_support import apply, at, dps_opened, lot
from tests.support.services import bearer, running_service

AUDITOR = bearer("auditor")
CONSUMERS = ["calloff", "evaluation", "contracts"]


@pytest.fixture
async def service(request, database) -> AsyncIterator[tuple[str, object, object]]:  # type: ignore[no-untyped-def]
    name = request.param
    async with database(name) as url, running_service(
        name, url, "nats://127.0.0.1:1", connect_nats=False
    ) as (app, client):
        yield name, app, client


async def detail_and_listed(client, dps_id) -> tuple[dict, dict]:  # type: ignore[no-untyped-def]
    detail = await client.get(f"/dps/{dps_id}", headers=AUDITOR)
    assert detail.status_code == 200, detail.text
    listed = (await client.get("/dps", headers=AUDITOR)).json()["items"]
    [same] = [d for d in listed if d["id"] == str(dps_id)]
    return detail.json(), same


@pytest.mark.parametrize("service", CONSUMERS, indirect=True)
async def test_known_dps_follows_a_lot_added_admission_stopped_windows_and_closing(service):
    name, app, client = service
    a, b = lot("A"), lot("B", cqc_registration_required=True)
    opened = dps_opened(a, b)
    dps_id = opened.dps_id
    await apply(app, name, opened)
    detail, listed = await detail_and_listed(client, dps_id)
    assert detail == listed
    assert [x["code"] for x in detail["lots"]] == ["A", "B"]
    assert detail["lots"][1]["cqc_registration_required"] is True
    assert (detail["status"], detail["regime"]) == ("open", "pcr2015_light_touch")

    c = lot("C", remote_delivery_allowed=True)
    await apply(
        app, name,
        DpsChanged(occurred_at=at(1), dps_id=dps_id, change="lot_added", name=opened.name,
                   current_end_on=opened.current_end_on, lots=[a, b, c]),
        LotOpened(occurred_at=at(1), dps_id=dps_id, lot=c),
    )
    detail, listed = await detail_and_listed(client, dps_id)
    assert detail == listed
    assert [x["code"] for x in detail["lots"]] == ["A", "B", "C"]
    assert detail["lots"][2]["remote_delivery_allowed"] is True

    await apply(app, name, LotClosed(occurred_at=at(2), dps_id=dps_id, lot_id=a.lot_id,
                                     code="A", reason="enough providers"))
    detail, listed = await detail_and_listed(client, dps_id)
    assert detail == listed
    assert [x["admission_open"] for x in detail["lots"]] == [False, True, True]

    window = uuid4()
    await apply(app, name, ReopeningWindowOpened(
        occurred_at=at(3), dps_id=dps_id, window_id=window, lot_ids=[b.lot_id],
        opens_at=at(3), closes_at=at(60)))
    detail, _ = await detail_and_listed(client, dps_id)
    assert [w["window_id"] for w in detail["open_windows"]] == [str(window)]
    await apply(app, name, ReopeningWindowClosed(
        occurred_at=at(60), dps_id=dps_id, window_id=window, lot_ids=[b.lot_id],
        closed_at=at(60)))
    detail, _ = await detail_and_listed(client, dps_id)
    assert detail["open_windows"] == []

    extended = opened.latest_end_on
    await apply(app, name, DpsChanged(
        occurred_at=at(61), dps_id=dps_id, change="extension_exercised", name="Renamed DPS",
        current_end_on=extended, lots=[a.model_copy(update={"admission_open": False}), b, c]))
    await apply(app, name, DpsClosed(occurred_at=at(62), dps_id=dps_id, outcome="closed",
                                     reason="replaced by a new DPS"))
    detail, listed = await detail_and_listed(client, dps_id)
    assert detail == listed
    assert (detail["status"], detail["name"]) == ("closed", "Renamed DPS")
    assert detail["current_end_on"] == extended.isoformat()
    assert detail["end_reason"] == "replaced by a new DPS"
    assert (await client.get("/dps?status=open", headers=AUDITOR)).json()["items"] == []


@pytest.mark.parametrize("service", CONSUMERS, indirect=True)
async def test_known_dps_keeps_the_criteria_catalogue_price_setting_and_rate_cards(service):
    name, app, client = service
    a = lot("A")
    opened = dps_opened(a).model_copy(update={
        "criteria": [
            CriterionSummary(code="quality", name="Quality", kind="quality",
                             min_weight=Decimal(40), max_weight=Decimal(95)),
            CriterionSummary(code="social_value", name="Social value", kind="social_value",
                             min_weight=Decimal(5), max_weight=Decimal(10)),
        ],
        "price_compliance": PriceCompliance(price_above_reference="flag",
                                            abnormally_low_percent=70),
    })
    card = RateCardAdded(
        occurred_at=at(0), dps_id=opened.dps_id, lot_id=a.lot_id, rate_card_id=uuid4(),
        effective_from=date(2027, 1, 1), effective_to=date(2027, 3, 31),
        rates=[RateSummary(element="support", unit="hour", min_amount=Decimal("13.60"),
                           max_amount=Decimal("14.75"))],
    )
    later = card.model_copy(update={
        "id": uuid4(), "rate_card_id": uuid4(), "effective_from": date(2027, 4, 1),
        "effective_to": None,
        "rates": [RateSummary(element="support", unit="hour", min_amount=Decimal("14.00"),
                              max_amount=Decimal("15.10"))],
    })
    await apply(app, name, opened, card, later, card)  # the first card delivered twice
    detail, listed = await detail_and_listed(client, opened.dps_id)
    assert detail == listed
    assert [(c["code"], c["min_weight"], c["max_weight"]) for c in detail["criteria"]] == [
        ("quality", "40", "95"), ("social_value", "5", "10")]
    assert detail["price_compliance"] == {"price_above_reference": "flag",
                                          "abnormally_low_percent": 70}
    assert [(c["effective_from"], c["rates"][0]["max_amount"]) for c in detail["rate_cards"]] == [
        ("2027-01-01", "14.75"), ("2027-04-01", "15.10")]
    async with app.state.runtime.uow() as uow:
        known = await uow.dps.get(opened.dps_id)
    assert [r.max_amount for r in known.reference_rates(a.lot_id, date(2027, 3, 31))] == [
        Decimal("14.75")]
    assert [r.max_amount for r in known.reference_rates(a.lot_id, date(2027, 4, 1))] == [
        Decimal("15.10")]
    assert known.reference_rates(a.lot_id, date(2026, 12, 31)) == []


@pytest.mark.parametrize("service", CONSUMERS, indirect=True)
async def test_a_change_to_a_dps_never_announced_is_refused_not_invented(service):
    from shared.dpsview.model import DpsNotKnown

    name, app, _ = service
    with pytest.raises(DpsNotKnown):
        await apply(app, name, DpsClosed(occurred_at=at(1), dps_id=uuid4(), outcome="closed",
                                         reason="x"))


@pytest.mark.parametrize("service", CONSUMERS, indirect=True)
async def test_known_dps_list_is_paginated(service):
    name, app, client = service
    for _ in range(3):
        await apply(app, name, dps_opened(lot("A")))
    first = (await client.get("/dps?limit=2", headers=AUDITOR)).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = (await client.get(f"/dps?limit=2&cursor={first['next_cursor']}",
                               headers=AUDITOR)).json()
    assert len(second["items"]) == 1 and second["next_cursor"] is None
    ids = {d["id"] for d in first["items"] + second["items"]}
    assert len(ids) == 3


# --- call-off: the members of each lot ---------------------------------------------------


def admitted(dps_id, lot_id, *, provider=None, minutes=5, areas=("ST16",), capacity=4):  # type: ignore[no-untyped-def]
    return ProviderAdmitted(
        occurred_at=at(minutes), dps_id=dps_id, lot_id=lot_id, provider_id=provider or uuid4(),
        membership_id=uuid4(), application_id=uuid4(), provider_name="Bright Care Ltd",
        areas_served=list(areas), capacity=capacity, cqc_provider_id="1-101641548",
        decided_by="officer-1",
    )


async def members(client, dps_id, lot_id, query: str = "", headers=AUDITOR):  # type: ignore[no-untyped-def]
    return await client.get(f"/dps/{dps_id}/lots/{lot_id}/members{query}", headers=headers)


@pytest.mark.parametrize("service", ["calloff"], indirect=True)
async def test_calloff_keeps_each_lots_members_through_suspension_reinstatement_removal(service):
    name, app, client = service
    a = lot("A")
    opened = dps_opened(a)
    joined = admitted(opened.dps_id, a.lot_id)
    await apply(app, name, opened, joined)
    [member] = (await members(client, opened.dps_id, a.lot_id)).json()["items"]
    assert member == {
        "membership_id": str(joined.membership_id), "dps_id": str(opened.dps_id),
        "lot_id": str(a.lot_id), "provider_id": str(joined.provider_id),
        "provider_name": "Bright Care Ltd", "status": "active", "status_reason": "",
        "areas_served": ["ST16"], "capacity": 4, "cqc_provider_id": "1-101641548",
        "admitted_at": member["admitted_at"], "changed_at": member["changed_at"],
    }
    ids = {"membership_id": joined.membership_id, "dps_id": opened.dps_id,
           "lot_id": a.lot_id, "provider_id": joined.provider_id}
    await apply(app, name, MembershipSuspended(occurred_at=at(6), reason_code="safeguarding",
                                               **ids))
    [member] = (await members(client, opened.dps_id, a.lot_id)).json()["items"]
    assert (member["status"], member["status_reason"]) == ("suspended", "safeguarding")
    assert (await members(client, opened.dps_id, a.lot_id, "?status=active")).json() == {
        "items": [], "next_cursor": None}

    await apply(app, name, MembershipReinstated(occurred_at=at(7), **ids))
    [member] = (await members(client, opened.dps_id, a.lot_id)).json()["items"]
    assert member["status"] == "active"

    await apply(app, name, MembershipRemoved(occurred_at=at(8), reason_code="left", **ids))
    [member] = (await members(client, opened.dps_id, a.lot_id)).json()["items"]
    assert (member["status"], member["status_reason"]) == ("removed", "left")


@pytest.mark.parametrize("service", ["calloff"], indirect=True)
async def test_calloff_member_areas_and_capacity_follow_the_newest_fact_in_any_arrival_order(
    service,
):
    """An admission carries the areas and capacity of its moment; a later change that
    arrives first (another aggregate, so no order between them) must not be overwritten."""
    name, app, client = service
    a = lot("A")
    opened = dps_opened(a)
    provider = uuid4()
    await apply(app, name, opened)
    await apply(app, name, ProviderAreasChanged(
        occurred_at=at(9), provider_id=provider, provider_name="Bright Care Ltd",
        areas_served=["ST17", "WS11"]))
    await apply(app, name, ProviderCapacityChanged(
        occurred_at=at(9), provider_id=provider, dps_id=opened.dps_id, lot_id=a.lot_id,
        capacity=9))
    await apply(app, name, admitted(opened.dps_id, a.lot_id, provider=provider, minutes=5))
    [member] = (await members(client, opened.dps_id, a.lot_id)).json()["items"]
    assert (member["areas_served"], member["capacity"]) == (["ST17", "WS11"], 9)

    await apply(app, name, ProviderAreasChanged(
        occurred_at=at(10), provider_id=provider, provider_name="Bright Care Group Ltd",
        areas_served=["ST16"]))
    await apply(app, name, ProviderCapacityChanged(
        occurred_at=at(10), provider_id=provider, dps_id=opened.dps_id, lot_id=a.lot_id,
        capacity=0))
    [member] = (await members(client, opened.dps_id, a.lot_id)).json()["items"]
    assert (member["areas_served"], member["capacity"]) == (["ST16"], 0)
    assert member["provider_name"] == "Bright Care Group Ltd"


@pytest.mark.parametrize("service", ["calloff"], indirect=True)
async def test_calloff_members_are_paginated_and_shown_to_council_roles_only(service):
    name, app, client = service
    a, b = lot("A"), lot("B")
    opened = dps_opened(a, b)
    await apply(app, name, opened, *(admitted(opened.dps_id, a.lot_id, minutes=m)
                                     for m in (5, 6, 7)))
    first = (await members(client, opened.dps_id, a.lot_id, "?limit=2")).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = (await members(client, opened.dps_id, a.lot_id,
                          f"?limit=2&cursor={first['next_cursor']}")).json()
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    assert (await members(client, opened.dps_id, b.lot_id)).json()["items"] == []
    commissioner = await members(client, opened.dps_id, a.lot_id, headers=bearer("commissioner"))
    assert commissioner.status_code == 200

    provider = await members(client, opened.dps_id, a.lot_id,
                             headers=bearer("provider", organisation="bright-care"))
    assert provider.status_code == 403
    unknown_lot = await members(client, opened.dps_id, uuid4())
    assert unknown_lot.status_code == 404
    assert unknown_lot.json()["type"] == "urn:care-dps:problem:lot_not_known"
    unknown_dps = await members(client, uuid4(), a.lot_id)
    assert unknown_dps.json()["type"] == "urn:care-dps:problem:dps_not_known"


@pytest.mark.parametrize("service", ["calloff"], indirect=True)
async def test_calloff_refuses_an_event_about_a_removed_membership(service):
    from services.calloff.domain.members import MembershipEnded

    name, app, _ = service
    a = lot("A")
    opened = dps_opened(a)
    joined = admitted(opened.dps_id, a.lot_id)
    ids = {"membership_id": joined.membership_id, "dps_id": opened.dps_id,
           "lot_id": a.lot_id, "provider_id": joined.provider_id}
    await apply(app, name, opened, joined,
                MembershipRemoved(occurred_at=at(8), reason_code="left", **ids))
    with pytest.raises(MembershipEnded):
        await apply(app, name, MembershipReinstated(occurred_at=at(9), **ids))


@pytest.mark.parametrize("service", CONSUMERS, indirect=True)
async def test_the_answer_is_kept_rendered_and_one_saved_before_is_rendered_on_reading(service):
    from sqlalchemy import update

    name, app, client = service
    opened = dps_opened(lot("A"), lot("B"))
    await apply(app, name, opened)
    kept, listed = await detail_and_listed(client, opened.dps_id)
    assert kept == listed
    table = app.state.runtime.metadata.tables["dps_view"]
    async with app.state.runtime.uow() as uow:  # as a row saved before answers were kept
        await uow.session.execute(update(table).values(document=None))
        await uow.session.commit()
    rendered, _ = await detail_and_listed(client, opened.dps_id)
    assert rendered == kept
