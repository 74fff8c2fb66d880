"""The key that seals people's identities: the service refuses to start without a usable
one outside local mode, and rotation re-seals every stored identity under the new key."""

from __future__ import annotations

import os
import stat

import pytest
from cryptography.fernet import Fernet
from pydantic import ValidationError

from services.calloff.main import create_app
from services.calloff.settings import CalloffSettings
from services.calloff.store.sealing import derived_local_key
from shared.clock import ManualClock
from shared.localrun import PERSON_KEY_FILE, LocalPlan
from shared.settings import MisconfiguredService
from tests.calloff import factories as f
from tests.calloff.api_support import COMMISSIONER, OPERATOR, PRACTITIONER
from tests.calloff.conftest import KEEP_SENT_EVENTS
from tests.services.read_model_support import apply
from tests.support.services import running_service


def test_outside_local_mode_the_service_refuses_to_start_without_a_person_key():
    with pytest.raises(ValidationError) as refused:
        CalloffSettings(auth_mode="production", jwt_public_key="-----BEGIN PUBLIC KEY-----")
    assert "person_keys is required outside local mode" in str(refused.value)


def test_an_unusable_key_stops_the_service_with_one_line_that_does_not_show_it(tmp_path):
    settings = CalloffSettings(
        jwt_secret="x" * 40, person_keys=f"{Fernet.generate_key().decode()},not-a-key",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'c.db'}", connect_nats=False,
    )
    with pytest.raises(MisconfiguredService) as refused:
        create_app(settings)
    assert "key 2 is not a Fernet key" in str(refused.value)
    assert "not-a-key" not in str(refused.value)


def test_local_mode_without_a_key_derives_a_stable_one_from_the_jwt_secret():
    assert derived_local_key("s" * 40) == derived_local_key("s" * 40) != derived_local_key(
        "t" * 40)
    Fernet(derived_local_key("s" * 40).encode())


async def test_rotation_reseals_every_identity_under_the_first_key(database):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    base = {"connect_nats": False, **KEEP_SENT_EVENTS}
    async with database("calloff") as url:
        clock = ManualClock(f.START)
        async with running_service("calloff", url, "nats://127.0.0.1:1", clock=clock,
                                   person_keys=old, **base) as (app, client):
            opened, cards = f.dps_events()
            await apply(app, "calloff", opened, *cards)
            made = await client.post("/requirements", json=f.requirement_body(opened),
                                     headers=PRACTITIONER)
            requirement_id = made.json()["id"]
        async with running_service("calloff", url, "nats://127.0.0.1:1", clock=clock,
                                   person_keys=f"{new},{old}", **base) as (app, client):
            rotated = await client.post("/operations/person-keys/rotate", headers=OPERATOR)
            assert rotated.status_code == 200, rotated.text
            assert rotated.json()["resealed"] == 1
            again = await client.post("/operations/person-keys/rotate", headers=OPERATOR)
            assert again.json()["resealed"] == 0
            refused = await client.post("/operations/person-keys/rotate", headers=COMMISSIONER)
            assert refused.status_code == 403
        async with running_service("calloff", url, "nats://127.0.0.1:1", clock=clock,
                                   person_keys=new, **base) as (app, client):
            read = await client.get(f"/requirements/{requirement_id}/person",
                                    headers=COMMISSIONER)
            assert read.status_code == 200, read.text
            assert read.json()["nhs_number"] == f.NHS


def test_dps_run_makes_one_person_key_per_data_folder_for_the_call_off_service(tmp_path):
    plan = LocalPlan(tmp_path)
    first = plan.environment("calloff", "s" * 40)["CALLOFF_PERSON_KEYS"]
    assert plan.environment("calloff", "s" * 40)["CALLOFF_PERSON_KEYS"] == first
    Fernet(first.encode())
    assert stat.S_IMODE(os.stat(tmp_path / PERSON_KEY_FILE).st_mode) == 0o600
    assert "REGISTRY_PERSON_KEYS" not in plan.environment("registry", "s" * 40)
    assert LocalPlan(tmp_path / "other").environment("calloff", "s" * 40)[
        "CALLOFF_PERSON_KEYS"] != first
