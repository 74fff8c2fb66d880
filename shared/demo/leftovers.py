"""What an interrupted run left half done, finished before a new year starts: a call-off
still in draft is cancelled, one still open closes at its deadline, and one closed is
evaluated and awarded like any other (the providers who responded sign if offered)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shared.demo import calloff, evaluation, lifecycle
from shared.demo.client import CareDps
from shared.demo.lifecycle import Bid, Package
from shared.demo.market import each
from shared.demo.scene import Scene


async def unfinished(system: CareDps, scene: Scene) -> list[dict[str, Any]]:
    """Call-offs not yet ended, each once (one may close between two of the lists)."""
    found: dict[str, dict[str, Any]] = {}
    for status in ("draft", "published", "closed"):
        for call_off in await system.all_pages("calloff", "/call-offs", scene.commissioner,
                                               dps_id=scene.dps["id"], status=status):
            found.setdefault(call_off["id"], call_off)
    return list(found.values())


async def finish(system: CareDps, scenes: list[Scene]) -> int:
    """Finish every call-off left open on the scenes' DPSs; how many there were."""
    left = [(scene, c) for scene in scenes for c in await unfinished(system, scene)]
    if not left:
        return 0
    for scene, call_off in left:
        if call_off["status"] == "draft":
            await system.call("calloff", "POST", f"/call-offs/{call_off['id']}/cancel",
                              scene.commissioner,
                              json={"reason": "Left in draft by an interrupted demo run."})
    open_ones = [c for _, c in left if c["status"] == "published"]
    if open_ones:
        system.advance_past(max(datetime.fromisoformat(c["response_deadline"])
                                for c in open_ones))

    async def settle(item: tuple[Scene, dict[str, Any]]) -> None:
        scene, call_off = item
        if call_off["status"] == "draft":
            return
        ended = await calloff.settled(
            system, scene.commissioner, call_off["id"],
            ("closed", "unsuccessful", "cancelled", "awarded"))
        if ended["status"] != "closed":
            return
        found = await evaluation.evaluation_of(system, scene.commissioner, call_off["id"])
        bids = []
        for response in found["response_list"]:
            p = scene.providers.get(response["provider_id"])
            if p is not None:
                bids.append(Bid(p.caller, quality=p.quality))
        package = Package(dps_id=scene.dps["id"], lot_id=call_off["lot_id"], details={},
                          person={}, criteria=[], bids=bids, call_off=ended)
        await lifecycle.award(system, scene.council, package)

    await each(left, settle)
    return len(left)
