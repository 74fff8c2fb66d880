"""``ContractingProcess``: one OCDS contracting process (a DPS, a call-off, a placement).

After each change of its facts it reconciles its notices with what the law asks now
(``duties``), issues those that are due (a notice is published as a document of the
release that carries it), and publishes a release if the public picture changed: the
release goes to the feed (the handler stores it) and out as ``ReleasePublished``; the
compiled record follows (ocdsmerge). The ticker issues scheduled notices when their time
comes and reports each overdue notice once (``NoticeOverdue``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from services.contracts.domain.publication import duties as law
from services.contracts.domain.publication.facts import (
    CallOffFacts,
    DpsFacts,
    ProcessFacts,
    ProcessKind,
)
from services.contracts.domain.publication.notices import Duty, Notice, Stage
from services.contracts.domain.publication.ocds.calloff import call_off_release
from services.contracts.domain.publication.ocds.dps import dps_release
from services.contracts.domain.publication.ocds.ids import release_id
from services.contracts.domain.publication.ocds.release import (
    changed,
    compile_record,
    releases_for,
)
from shared.domain import AggregateRoot
from shared.events.contracts import NoticeOverdue, ReleasePublished

STAGE_TAGS = {Stage.TENDER: "tenderUpdate", Stage.AWARD: "awardUpdate",
              Stage.CONTRACT: "contractUpdate", Stage.IMPLEMENTATION: "implementationUpdate"}


class ContractingProcess(AggregateRoot):
    aggregate_type = "contracting_process"

    def __init__(
        self, id: UUID, kind: ProcessKind, ocid: str, facts: ProcessFacts, now: datetime,
        parent_ocid: str | None = None,
    ) -> None:
        self.id = id
        self.kind = kind
        self.ocid = ocid
        self.parent_ocid = parent_ocid
        self.facts = facts
        self.dps_id = facts.dps_id
        self.contract_id: UUID | None = None
        self.notices: list[Notice] = []
        self.release_count = 0
        self.last_release_at: datetime | None = None
        self.compiled: str | None = None
        self.created_at = now
        self.quarterly_award_notices = False

    # --- what the facts say ----------------------------------------------------------------
    @property
    def call_off(self) -> CallOffFacts:
        assert isinstance(self.facts, CallOffFacts)
        return self.facts

    @property
    def dps(self) -> DpsFacts:
        assert isinstance(self.facts, DpsFacts)
        return self.facts

    def notice(self, key: str) -> Notice | None:
        return next((n for n in self.notices if n.key == key), None)

    def compiled_release(self) -> dict[str, Any] | None:
        return json.loads(self.compiled) if self.compiled else None

    # --- changes ----------------------------------------------------------------------------
    def observe(
        self, facts: ProcessFacts, *, at: datetime, now: datetime, tags: Sequence[str],
        parent_ocid: str | None = None, modification: str | None = None,
    ) -> list[dict[str, Any]]:
        """New facts (an event applied): notices reconciled and issued, a release if the
        public picture changed. ``modification``: a key for a dynamic market modification
        notice, should the change alter the published DPS."""
        self.facts = facts
        self.dps_id = facts.dps_id
        if isinstance(facts, CallOffFacts) and facts.contract is not None:
            self.contract_id = facts.contract.contract_id
        if parent_ocid and not self.parent_ocid:
            self.parent_ocid = parent_ocid
        if self.release_count == 0 and isinstance(facts, CallOffFacts):
            tags = ["tender", *(["award"] if facts.awards else []),
                    *(["contract"] if facts.contract else [])]
        self._reconcile(now)
        return self._publish(max(at, self.last_release_at or at), now, tags, modification)

    def set_quarterly_award_notices(self, quarterly: bool, now: datetime) -> list[dict[str, Any]]:
        """A call-off follows its DPS's choice of grouping award notices each quarter."""
        self.quarterly_award_notices = quarterly
        self._reconcile(now)
        return self._publish(now, now, [], None)

    def tick(self, now: datetime) -> list[dict[str, Any]]:
        """Issue the notices whose time has come; report each overdue one once."""
        self._reconcile(now)
        stages = [n.info.stage for n in self.notices if n.ready(now)]
        releases = self._publish(now, now, [STAGE_TAGS[s] for s in dict.fromkeys(stages)], None)
        for notice in self.notices:
            if notice.overdue(now) and notice.overdue_reported_at is None:
                notice.overdue_reported_at = now
                assert notice.due_at is not None
                self.record(NoticeOverdue(
                    occurred_at=now, notice_id=notice.id, ocid=self.ocid, kind=notice.kind,
                    notice_type=notice.info.notice_type, title=notice.info.title,
                    due_at=notice.due_at, reason=notice.reason, dps_id=self.dps_id,
                ))
        return releases

    # --- the law ----------------------------------------------------------------------------
    def _duties(self) -> list[Duty]:
        if isinstance(self.facts, DpsFacts):
            return law.dps_duties(self.facts)
        return law.call_off_duties(self.facts, self.quarterly_award_notices)

    def _reconcile(self, now: datetime) -> None:
        duties = self._duties()
        for duty in duties:
            self._follow(duty, now)
        # A placeholder the facts have since made precise (the UK6 waiting for an award
        # decision, once the decision names the provider) gives way to the precise notices.
        keys = {d.key for d in duties}
        for notice in [n for n in self.notices if n.is_open and n.key not in keys
                       and not n.key.startswith("UK15-")]:
            self.notices.remove(notice)

    def _follow(self, duty: Duty, now: datetime) -> Notice:
        notice = self.notice(duty.key)
        if notice is None:
            notice = Notice(self.id, self.ocid, self.dps_id, duty, now)
            self.notices.append(notice)
        else:
            notice.follow(duty)
        return notice

    # --- publishing -------------------------------------------------------------------------
    def _publishable(self) -> bool:
        return isinstance(self.facts, DpsFacts) or (
            self.facts.publishable and self.parent_ocid is not None
        )

    def _snapshot(self) -> dict[str, Any]:
        issued = [n for n in self.notices if n.issued_at is not None]
        if isinstance(self.facts, DpsFacts):
            return dps_release(self.facts, self.ocid, [n.document() for n in issued])
        by_subject: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
        implementation = []
        for notice in issued:
            if notice.info.stage is Stage.IMPLEMENTATION:
                implementation.append(notice.document())
            else:
                subject = None if notice.info.stage is Stage.TENDER else notice.subject
                by_subject[subject].append(notice.document())
        assert self.parent_ocid is not None
        return call_off_release(self.facts, self.ocid, self.parent_ocid, by_subject,
                                implementation)

    def _publish(
        self, at: datetime, now: datetime, tags: Sequence[str], modification: str | None
    ) -> list[dict[str, Any]]:
        if not self._publishable():
            return []
        number = self.release_count + 1
        first_id = release_id(self.ocid, number)
        issued = [n for n in self.notices if n.ready(now)]
        for notice in issued:
            notice.issue(now, first_id)
        compiled = self.compiled_release()
        snapshot = self._snapshot()
        if modification and compiled is not None and isinstance(self.facts, DpsFacts):
            duty = law.dynamic_market_modification(self.facts, modification, at)
            if duty is not None and changed(snapshot, compiled):
                self._follow(duty, now).issue(now, first_id)
                issued.append(self.notices[-1])
                snapshot = self._snapshot()
        all_tags = list(dict.fromkeys([*tags, *(STAGE_TAGS[n.info.stage] for n in issued)]))
        releases = releases_for(snapshot, compiled, first_number=number, date=at,
                                tags=_tidy(all_tags or ["tenderUpdate"]))
        if not releases:
            return []
        self.compiled = json.dumps(compile_record(compiled, releases), ensure_ascii=False)
        self.release_count += len(releases)
        self.last_release_at = at
        types = [n.info.notice_type for n in issued if n.info.notice_type]
        for n, release in enumerate(releases):
            self.record(ReleasePublished(
                occurred_at=at, ocid=self.ocid, release_id=release["id"], tags=release["tag"],
                notice_types=types if n == 0 else [], dps_id=self.dps_id,
                call_off_id=getattr(self.facts, "call_off_id", None),
                contract_id=self.contract_id, release=release,
            ))
        return releases


def _tidy(tags: list[str]) -> list[str]:
    """An update tag is dropped where the plain tag of the same stage is already there."""
    plain = set(tags)
    return [t for t in tags if not (t.endswith("Update") and t[: -len("Update")] in plain)]
