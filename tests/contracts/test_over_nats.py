"""Over a real nats-server: an evaluation's result in (published into JetStream as the
evaluation service's relay would: one aggregate, versions 1, 2, 3 ...), a contract out
(``ContractAwarded`` reaches JetStream through the outbox), and the result applied once
although it is delivered twice."""

from __future__ import annotations

import json
from uuid import uuid4

import nats
import pytest

from shared.clock import ManualClock
from shared.events.base import Event
from shared.messaging.envelope import body_for, headers_for
from tests.messaging.harness import wait_for
from tests.support.nats import stream_messages
from tests.support.services import running_service

from .api_support import COMMISSIONER, KEEP_SENT_EVENTS, LEVELS, approver, provider
from .factories import STAFFORDSHIRE, START, Bid, Evaluation, supported_living_terms

pytestmark = pytest.mark.nats


async def publish(url: str, *events: Event, copy: bool = False) -> None:
    """As a producer's relay does; ``copy``: a second copy with its own message id (a
    re-publication: JetStream stores it, so the consumer sees the event twice)."""
    client = await nats.connect(url)
    try:
        js = client.jetstream()
        for event in events:
            headers = headers_for(event, "/care-dps/evaluation")
            if copy:
                headers["Nats-Msg-Id"] = f"{event.id}.republished.{uuid4()}"
            await js.publish(event.subject_name, body_for(event).encode(), headers=headers)
    finally:
        await client.close()


async def test_an_evaluation_result_in_and_a_contract_out_applied_once(own_nats_server, database):
    evaluation = Evaluation(supported_living_terms(), [
        Bid("bright-futures-care", 1, "14.20"), Bid("ash-tree-support", 2, "14.05"),
    ])
    async with database("contracts") as url, running_service(
        "contracts", url, own_nats_server.url, clock=ManualClock(START), **KEEP_SENT_EVENTS
    ) as (app, client):
        await wait_for(lambda: _alive(app), what="the contracts service connected")
        created = await client.post("/delegation-schemes", headers=COMMISSIONER,
                                    json={"buyer": STAFFORDSHIRE, "levels": LEVELS})
        assert created.status_code == 201, created.text

        await publish(own_nats_server.url, *evaluation.events())
        await publish(own_nats_server.url, evaluation.completed(), copy=True)

        async def recommended() -> list[dict]:
            found = await client.get(f"/awards?call_off_id={evaluation.terms.call_off_id}",
                                     headers=COMMISSIONER)
            return found.json()["items"]

        await wait_for(recommended, what="the award made from the evaluation")
        await wait_for(lambda: _settled(own_nats_server.url),
                       what="both copies of the result delivered")
        [award] = await recommended()
        assert award["current"]["provider_id"] == str(evaluation.bids[0].provider_id)

        approved = await client.post(f"/awards/{award['id']}/approve", headers=approver("500000"))
        assert approved.json()["status"] == "offered", approved.text
        signed = await client.post(f"/awards/{award['id']}/accept",
                                   headers=provider("bright-futures-care"))
        assert signed.status_code == 200, signed.text

        async def contract_awarded() -> list[dict]:
            messages = await stream_messages(own_nats_server.url, "dps.contracts.>")
            return [json.loads(m.data) for m in messages]

        async def out() -> bool:
            return any(e["subject"].endswith("contract_awarded.v1")
                       for e in await contract_awarded())

        await wait_for(out, what="ContractAwarded in JetStream")
        # Publication's releases (aggregate contracting_process) travel on dps.contracts too.
        published = [e for e in await contract_awarded()
                     if e["aggregate_type"] in ("award", "contract")]
        assert [e["subject"].split(".")[2] for e in published] == [
            "award_recommended", "award_approved", "award_offered", "offer_accepted",
            "contract_awarded",
        ]
        awarded = published[-1]
        assert (awarded["aggregate_type"], awarded["aggregate_version"]) == ("contract", 1)
        assert awarded["provider_id"] == str(evaluation.bids[0].provider_id)
        assert awarded["requirement_id"] == str(evaluation.terms.requirement_id)
        assert awarded["call_off_id"] == str(evaluation.terms.call_off_id)
        assert [e["aggregate_version"] for e in published[:4]] == [1, 2, 3, 4]


async def _alive(app) -> bool:  # type: ignore[no-untyped-def]
    # The runtime says it is connected only once its consumers have started.
    return bool(app.state.runtime.broker_alive())


async def _settled(url: str) -> bool:
    client = await nats.connect(url)
    try:
        info = await client.jetstream().consumer_info("DPS", "contracts-from-evaluation")
    except Exception:
        return False
    finally:
        await client.close()
    return info.num_pending == 0 and info.num_ack_pending == 0 and info.delivered.stream_seq >= 4
