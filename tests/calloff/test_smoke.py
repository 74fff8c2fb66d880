from tests.calloff.api_support import COMMISSIONER


async def test_smoke(calloff):
    dps = await calloff.open_dps()
    a = await calloff.member(dps)
    await calloff.member(dps, areas=["WS11"])
    published = await calloff.published(dps)
    assert published["status"] == "published", published
    assert published["invitee_count"] == 1
    response = await calloff.respond(published, a)
    assert response.status_code == 201, response.text
    got = await calloff.client.get(f"/call-offs/{published['id']}/responses", headers=COMMISSIONER)
    print(got.json())
    calloff.clock.advance(__import__("datetime").timedelta(days=15))
    print(await calloff.tick())
    print([e["subject"] for e in await calloff.outbox()])
