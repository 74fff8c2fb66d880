import json
from .scenarios import staffordshire, dynamic_market
from .support import ocid

async def test_smoke(publication, backend):
    dps, big, events = dynamic_market()
    await publication.apply(*events)
    await publication.tick()
    for n in await publication.notices():
        print(n["ocid"][-6:], n["kind"], n["status"], n["due_at"], n["issued_at"], n["reason"])
    rec = await publication.record(ocid(big.call_off_id))
    print(json.dumps(rec, indent=1)[:7000])
