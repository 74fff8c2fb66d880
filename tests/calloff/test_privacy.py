"""The person who needs care is never identifiable before award (R17): not in any event, not
in any answer a provider can get, not in the service's logs; and the identity is not
readable in the store without the key."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import select

from services.calloff.store.tables import metadata, requirement_people
from tests.calloff import factories as f
from tests.calloff.api_support import COMMISSIONER
from tests.support.services import TEST_PERSON_KEY

LEAKS = [value.lower() for value in f.IDENTITY_VALUES]


def leaks_in(text: str) -> list[str]:
    lowered = text.lower()
    return [value for value in LEAKS if value in lowered]


def _path(template: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


async def test_no_event_provider_answer_or_log_line_identifies_the_person_before_award(
    calloff, caplog
):
    caplog.set_level(logging.DEBUG)
    seen: list[str] = []
    dps = await calloff.open_dps()
    invited = await calloff.member(dps)
    other = await calloff.member(dps)
    outsider = await calloff.member(dps, areas=["WS11"])
    requirement = await calloff.requirement(dps)
    assert (await calloff.client.get(f"/requirements/{requirement['id']}/person",
                                     headers=COMMISSIONER)).status_code == 200
    call_off = await calloff.publish(await calloff.draft(requirement))
    path = f"/call-offs/{call_off['id']}"
    response = await calloff.respond(call_off, invited)
    seen.append(response.text)
    asked = await calloff.client.post(f"{path}/clarifications", headers=invited.headers,
                                      json={"question": "Is there a garden?"})
    seen.append(asked.text)
    await calloff.client.post(f"{path}/clarifications/{asked.json()['id']}/answer",
                              json={"answer": "Yes"}, headers=COMMISSIONER)
    seen.append((await calloff.client.post(f"{path}/decline", json={"reason": "No staff"},
                                           headers=other.headers)).text)

    values = {"call_off_id": call_off["id"], "response_id": response.json()["id"],
              "requirement_id": requirement["id"], "dps_id": str(dps.dps_id),
              "lot_id": str(dps.lots[0].lot_id), "clarification_id": asked.json()["id"]}
    routes = calloff.app.openapi()["paths"]
    for moment in ("open", "closed"):
        for template, operations in routes.items():
            if "get" not in operations:
                continue
            for member in (invited, other, outsider):
                answer = await calloff.client.get(_path(template, values), headers=member.headers)
                assert answer.status_code < 500, (template, answer.text)
                seen.append(answer.text)
        if moment == "open":
            calloff.clock.advance(timedelta(days=15))
            assert (await calloff.tick()).closed == 1

    outbox = await calloff.outbox()
    assert {e["subject"].split(".")[2] for e in outbox} >= {
        "call_off_published", "invitation_issued", "response_submitted",
        "clarification_answered", "response_opened", "call_off_closed"}
    async with calloff.app.state.runtime.session_factory() as session:
        table = metadata.tables["outbox"]
        headers = [json.dumps(r.headers) for r in await session.execute(select(table))]
    assert leaks_in(json.dumps(outbox) + "".join(headers)) == []
    assert leaks_in("\n".join(seen)) == []
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert caplog.records, "the scan must see the service's logs"
    assert leaks_in(logged) == []


async def test_the_identity_is_not_readable_in_the_store_without_the_key(calloff, backend):
    dps = await calloff.open_dps()
    requirement = await calloff.requirement(dps)
    async with calloff.app.state.runtime.session_factory() as session:
        [sealed] = (await session.execute(select(requirement_people.c.sealed))).scalars()
        everything = json.dumps((await calloff.fingerprint()), default=str)
    assert leaks_in(sealed) == [] and leaks_in(everything) == []
    try:
        Fernet(Fernet.generate_key()).decrypt(sealed.encode())
        raise AssertionError("another key opened the identity")
    except InvalidToken:
        pass
    opened = json.loads(Fernet(TEST_PERSON_KEY.encode()).decrypt(sealed.encode()))
    assert opened["nhs_number"] == f.NHS
    if backend == "sqlite":
        url = calloff.app.state.runtime.settings.database_url
        database = Path(url.split("///", 1)[1])
        stored = b"".join(p.read_bytes() for p in database.parent.glob(database.name + "*"))
        assert [v for v in f.IDENTITY_VALUES if v.encode() in stored] == []
        assert requirement["reference"].encode() in stored  # the file is the one written
