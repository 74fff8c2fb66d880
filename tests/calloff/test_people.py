"""The person's identity: checked without ever echoing it, kept out of advertised text, and
consistent with what is advertised (R17)."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from services.calloff.domain import errors as e
from services.calloff.domain.people import (
    AgeBand,
    age_band_of,
    normal_nhs_number,
    normal_postcode,
    postcode_district,
)
from services.calloff.domain.requirements import Requirement, RequirementStatus, may_read_person
from shared.actors import Actor, Role
from shared.identity import provider_id_for
from tests.calloff.domain_support import (
    NOW,
    PRACTITIONER,
    TODAY,
    known_dps,
    person,
    requirement,
)


def test_nhs_number_check_digit_is_checked_without_echoing_the_number():
    assert normal_nhs_number("943 476 5919") == "9434765919"
    with pytest.raises(e.InvalidNhsNumber) as wrong:
        normal_nhs_number("943 476 5918")
    assert "943" not in wrong.value.message and "5918" not in str(wrong.value.details)
    with pytest.raises(e.InvalidNhsNumber):
        normal_nhs_number("12345")


def test_postcode_and_district():
    assert normal_postcode("st163ab") == "ST16 3AB"
    assert postcode_district(" st16 ") == "ST16"
    with pytest.raises(e.InvalidPostcodeDistrict):
        postcode_district("ST16 3AB")  # a whole postcode could identify the person
    with pytest.raises(e.InvalidPostcode):
        normal_postcode("not a postcode")


@pytest.mark.parametrize(
    ("born", "band"),
    [(date(2009, 3, 1), AgeBand.B18_24), (date(1961, 7, 14), AgeBand.B65_74),
     (date(1937, 3, 2), AgeBand.B85_PLUS), (date(2009, 3, 2), None)],
)
def test_age_bands(born, band):
    assert age_band_of(born, TODAY) is band


def test_a_person_is_never_shown_in_a_repr():
    assert "Marchbanks" not in repr(person()) and "Marchbanks" not in str(person())


def test_needs_summary_holding_the_persons_name_or_nhs_number_is_refused():
    dps = known_dps()
    for leak in ("Mrs Marchbanks needs help", "NHS 943 476 5919", "lives at ST16 3AB",
                 "born 14/07/1961", "Evelyn Marchbanks prefers mornings"):
        with pytest.raises(e.IdentityInAdvertisedText) as refused:
            requirement(dps, needs_summary=leak)
        assert "Marchbanks" not in refused.value.message
    requirement(dps, needs_summary="Prefers mornings; enjoys gardening in Stafford.")


def test_advertised_age_band_and_district_must_agree_with_the_person():
    dps = known_dps()
    with pytest.raises(e.AdvertisedDetailsDisagree):
        requirement(dps, age_band="45-54")
    with pytest.raises(e.AdvertisedDetailsDisagree):
        requirement(dps, postcode_district="ST17")


def test_amending_a_requirement_checks_the_recorded_person_and_changes_nothing_if_refused():
    dps = known_dps()
    req = requirement(dps)
    with pytest.raises(e.IdentityInAdvertisedText):
        req.amend({"needs_summary": "Evelyn Marchbanks needs help"}, by=PRACTITIONER, now=NOW,
                  today=TODAY, person=person(), in_use=False)
    assert req.needs_summary == "Needs support with personal care and meals."
    with pytest.raises(e.RequirementInUse):
        req.amend({"need_band": "low"}, by=PRACTITIONER, now=NOW, today=TODAY, person=None,
                  in_use=True)


def test_only_the_council_side_and_the_awarded_provider_read_the_identity():
    council = Actor("sw-1", Role.PRACTITIONER)
    winner = Actor("u1", Role.PROVIDER, "a", provider_id_for("a"))
    assert may_read_person(council, awarded_to_actor=False)
    assert may_read_person(Actor("c", Role.COMMISSIONER), awarded_to_actor=False)
    assert may_read_person(winner, awarded_to_actor=True)
    assert not may_read_person(winner, awarded_to_actor=False)
    assert not may_read_person(Actor("x", Role.EVALUATOR), awarded_to_actor=False)
    assert not may_read_person(Actor("x", Role.AUDITOR), awarded_to_actor=False)


def test_a_requirement_is_a_draft_until_everything_and_the_person_are_in():
    dps = known_dps()
    draft = Requirement.raised(id=uuid4(), dps_id=dps.id, lot_id=dps.lots[0].lot_id,
                               by=PRACTITIONER, now=NOW, today=TODAY,
                               details={"need_band": "high"})
    assert draft.status is RequirementStatus.DRAFT
    assert "person" in draft.missing and "volumes" in draft.missing
    with pytest.raises(e.RequirementIncomplete):
        draft.advertised()
    assert requirement(dps).status is RequirementStatus.READY
