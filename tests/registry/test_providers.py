"""Providers: organisation identifiers, areas served (postcode districts), capacity, contacts."""

from datetime import UTC, date, datetime

import pytest

from services.registry.domain import PostcodeDistrict, Provider, admit
from services.registry.domain import errors as e
from shared.events.registry import ProviderAreasChanged, ProviderCapacityChanged
from tests.registry.factories import (
    AUDITOR,
    COMMISSIONER,
    make_application,
    make_dps,
    make_provider,
    provider_user,
)

NOW = datetime(2025, 1, 6, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    "code", ["ST16", "B1", "SW1A", "M60", "EC1A", "W1A", "st17", " ws11 ", "NE99"]
)
def test_valid_postcode_districts_accepted(code):
    assert PostcodeDistrict(code).code == code.strip().upper()


@pytest.mark.parametrize(
    "code", ["", "ST", "ST16 4AB", "1ST", "QA1", "VX1", "SW1Z", "ST1AA", "S-16", "ST123"]
)
def test_invalid_postcode_district_refused(code):
    with pytest.raises(e.InvalidPostcodeDistrict) as refused:
        PostcodeDistrict(code)
    assert refused.value.code == "invalid_postcode_district"


def test_invalid_postcode_district_changes_nothing():
    provider = make_provider(areas=["ST16"])
    with pytest.raises(e.InvalidPostcodeDistrict):
        provider.set_areas(["ST17", "NOT A DISTRICT"], NOW, provider_user(provider))
    assert provider.areas_served == ["ST16"]
    assert provider.pending_events == []


def test_areas_change_publishes_the_full_normalised_list_once():
    provider = make_provider(areas=["ST16"])
    me = provider_user(provider)
    provider.set_areas(["st16", "WS11", "ST16"], NOW, me)
    (ev,) = provider.pending_events
    assert isinstance(ev, ProviderAreasChanged) and ev.areas_served == ["ST16", "WS11"]
    provider.set_areas(["ST16", "WS11"], NOW, me)
    assert len(provider.pending_events) == 1
    assert provider.serves("ws11")


def test_capacity_is_per_lot_and_published():
    dps = make_dps(NOW, lots=("A", "B"))
    provider = make_provider()
    me = provider_user(provider)
    lot_a, lot_b = dps.lots
    provider.set_capacity(dps.id, lot_a.id, 3, NOW, me)
    provider.set_capacity(dps.id, lot_b.id, 0, NOW, me)
    assert provider.capacity_for(lot_a.id) == 3 and provider.capacity_for(lot_b.id) == 0
    changes = [ev for ev in provider.pending_events if isinstance(ev, ProviderCapacityChanged)]
    assert [ev.capacity for ev in changes] == [3, 0]
    for bad in (-1, 2.5, True):
        with pytest.raises(e.InvalidCapacity):
            provider.set_capacity(dps.id, lot_a.id, bad, NOW, me)
    assert provider.capacity_for(lot_a.id) == 3


def test_admission_announces_the_providers_capacity_for_that_lot():
    dps = make_dps(NOW)
    provider = make_provider()
    provider.set_capacity(dps.id, dps.lots[0].id, 4, NOW, provider_user(provider))
    app = make_application(dps, provider, NOW)
    (m,) = admit(dps=dps, application=app, provider=provider, now=NOW, by=COMMISSIONER, why="ok")
    assert m.pending_events[0].capacity == 4


@pytest.mark.parametrize(
    "number,normal",
    [("01234567", "01234567"), ("sc123456", "SC123456"), ("1234567", "01234567")],
)
def test_companies_house_number_normalised(number, normal):
    assert Provider(name="A Ltd", companies_house_number=number).companies_house_number == normal


@pytest.mark.parametrize("number", ["", "123456789", "ABC12345", "12-34567"])
def test_invalid_companies_house_number_refused(number):
    with pytest.raises(e.InvalidCompaniesHouseNumber):
        Provider(name="A Ltd", companies_house_number=number)


def test_cqc_provider_id_is_optional_but_validated():
    assert Provider(name="A Ltd", companies_house_number="01234567").cqc_provider_id is None
    with pytest.raises(e.InvalidCqcProviderId):
        Provider(name="A Ltd", companies_house_number="01234567", cqc_provider_id="RXX12")


def test_provider_edits_only_its_own_organisation():
    provider, other = make_provider(), make_provider()
    with pytest.raises(e.ProviderNotFound):  # another's record is as if missing
        provider.set_areas(["B1"], NOW, provider_user(other))
    with pytest.raises(e.RoleNotPermitted):
        provider.set_areas(["B1"], NOW, COMMISSIONER)
    with pytest.raises(e.RoleNotPermitted):
        provider.add_contact("Sam", "sam@example.org", NOW, AUDITOR)
    assert provider.areas_served == ["ST16", "ST17"]


def test_a_provider_registers_itself_under_its_own_organisation_id():
    me = provider_user(make_provider())
    provider = Provider.register(
        now=NOW, by=me, name="New Care Ltd", companies_house_number="07654321"
    )
    assert provider.id == me.provider_id
    with pytest.raises(e.RoleNotPermitted):
        Provider.register(now=NOW, by=AUDITOR, name="X Ltd", companies_house_number="07654321")


def test_contacts_never_appear_in_events():
    dps = make_dps(NOW)
    provider = make_provider()
    me = provider_user(provider)
    provider.add_contact("Sam Carer", "sam.carer@example.org", NOW, me, phone="01785 000000")
    provider.set_areas(["ST16", "ST18"], NOW, me)
    app = make_application(dps, provider, NOW)
    (m,) = admit(dps=dps, application=app, provider=provider, now=NOW, by=COMMISSIONER, why="ok")
    dumped = " ".join(ev.model_dump_json() for ev in provider.pending_events + m.pending_events)
    assert provider.name in dumped
    for personal in ("Sam Carer", "sam.carer@example.org", "01785 000000"):
        assert personal not in dumped


def test_documents_declared_with_an_application_are_kept_on_admission():
    dps = make_dps(NOW)
    provider = make_provider()
    app = make_application(dps, provider, NOW, documents_expire_on=date(2026, 1, 31))
    admit(dps=dps, application=app, provider=provider, now=NOW, by=COMMISSIONER, why="ok")
    doc = provider.current_document("public_liability_insurance")
    assert doc is not None and doc.expires_on == date(2026, 1, 31)


