"""When a DPS admits: the initial window, closed lots and reopening windows.

A layer of ``Dps`` on ``DpsCore``. Whether a window admits is a matter of its times; its
status only tracks which events have been published, so a late ticker never changes who
could apply, and a closed lot is refused with the same error before and after the ticker
has stopped its admissions.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from dateutil.relativedelta import relativedelta

from services.registry.domain import errors as e
from services.registry.domain.actors import Actor
from services.registry.domain.audit import AuditAction
from services.registry.domain.dps_core import AdmissionMode, DpsCore, DpsStatus
from services.registry.domain.limits import check_date
from services.registry.domain.lots import ReopeningWindow, WindowLot, WindowStatus
from shared.clock import LONDON
from shared.events.registry import LotClosed, ReopeningWindowClosed, ReopeningWindowOpened
from shared.workdays import end_of_local_day


def _utc(local: datetime) -> datetime:
    # Re-attach the zone so that wall-clock arithmetic across a clock change stays local.
    return local.replace(tzinfo=LONDON).astimezone(UTC)


class DpsWindows(DpsCore):
    # --- reopening windows --------------------------------------------------------------

    def schedule_window(
        self, opens_at: datetime, closes_at: datetime, now: datetime, by: Actor,
        *, lot_ids: list[UUID] | None = None,
    ) -> ReopeningWindow:
        self._require_editable(by)
        if self.admission_mode is not AdmissionMode.WINDOWS:
            raise e.InvalidWindow(f"{self.name} admits providers at any time; it has no windows.")
        check_date(opens_at.date(), "opens_at")
        check_date(closes_at.date(), "closes_at")
        if lot_ids is None:
            # Name the lots explicitly, so consumers need not know which lots are closed.
            lot_ids = [lot.id for lot in self.lots if not lot.closed_lot]
        for lot_id in lot_ids:
            if self.lot(lot_id).closed_lot:
                raise e.ClosedLotCannotReopen(
                    f"Lot {self.lot(lot_id).code} is a closed lot; it never reopens."
                )
        if closes_at > end_of_local_day(self.current_end_on):
            raise e.InvalidWindow(f"A window cannot run past the term ({self.current_end_on}).")
        window = ReopeningWindow(opens_at, closes_at, [WindowLot(i) for i in lot_ids])
        self.windows.append(window)
        self._changed(
            AuditAction.WINDOW_SCHEDULED, now, by, f"{opens_at:%Y-%m-%d}/{closes_at:%Y-%m-%d}"
        )
        self._advance_windows(now)
        return window

    def schedule_reopenings(
        self, first_opens_at: datetime, every_months: int, length_days: int,
        now: datetime, by: Actor,
    ) -> list[ReopeningWindow]:
        """Regular windows (e.g. every six months, four weeks long) until the current term ends."""
        if every_months < 1 or length_days < 1:
            raise e.InvalidWindow("Windows need a positive period and length.")
        windows, n = [], 0
        end = end_of_local_day(self.current_end_on)
        first_local = first_opens_at.astimezone(LONDON)  # "every six months" on the local calendar
        while (opens := _utc(first_local + relativedelta(months=every_months * n))) < end:
            closes = min(_utc(opens.astimezone(LONDON) + timedelta(days=length_days)), end)
            windows.append(self.schedule_window(opens, closes, now, by))
            n += 1
        return windows

    def close_window(self, window_id: UUID, now: datetime, by: Actor, reason: str) -> None:
        self._require_editable(by)
        if not reason.strip():
            raise e.ReasonRequired("Say why the window closes early.")
        window = next((w for w in self.windows if w.id == window_id), None)
        if window is None:
            raise e.WindowNotFound(f"{self.name} has no window {window_id}.")
        if window.closes_at <= now:
            raise e.InvalidWindow("That window has already closed.")
        window.closes_at = max(now, window.opens_at + timedelta(microseconds=1))
        self._changed(AuditAction.WINDOW_CLOSED_EARLY, now, by, reason)
        self._advance_windows(now, reason)

    def _advance_windows(self, now: datetime, reason: str = "") -> None:
        for w in self.windows:
            if w.status is WindowStatus.SCHEDULED and w.opens_at <= now and self.opened_at:
                w.status = WindowStatus.OPEN
                self.record(ReopeningWindowOpened(
                    occurred_at=now, dps_id=self.id, window_id=w.id, lot_ids=w.lot_id_list(),
                    opens_at=w.opens_at, closes_at=w.closes_at,
                ))
            if w.status is WindowStatus.OPEN and w.closes_at <= now:
                w.status = WindowStatus.CLOSED
                self.record(ReopeningWindowClosed(
                    occurred_at=now, dps_id=self.id, window_id=w.id, lot_ids=w.lot_id_list(),
                    closed_at=w.closes_at, reason=reason,
                ))
        if self.opened_at and self.initial_window_ends_at and now >= self.initial_window_ends_at:
            for lot in self.lots:
                if lot.closed_lot and lot.accepting_applications:
                    lot.accepting_applications = False
                    self.record(LotClosed(
                        occurred_at=now, dps_id=self.id, lot_id=lot.id, code=lot.code,
                        reason="closed lot: initial window ended",
                    ))

    # --- admission ----------------------------------------------------------------------

    def admission_open_for(self, lot_id: UUID, at: datetime) -> bool:
        """True if a provider may apply to the lot at ``at``; otherwise raises the reason."""
        lot = self.lot(lot_id)
        if self.status is not DpsStatus.OPEN:
            raise e.DpsNotOpen(f"{self.name} is {self.status}: it is not taking applications.")
        if at > end_of_local_day(self.current_end_on):
            raise e.TermEnded(f"{self.name} ended on {self.current_end_on:%d %b %Y}.")
        # Time decides a closed lot, not whether the ticker has yet stopped its admissions.
        if lot.closed_lot and not self.in_initial_window(at):
            raise e.ClosedLotWindowPassed(
                f"Lot {lot.code} is a closed lot: it admitted providers only until"
                f" {self.initial_window_ends_at:%d %b %Y %H:%M} UTC and will not reopen.",
                lot_id=str(lot.id),
            )
        if not lot.accepting_applications:
            raise e.LotNotAdmitting(f"Lot {lot.code} is not taking applications at present.")
        if self.in_initial_window(at):
            return True
        if self.admission_mode is AdmissionMode.WINDOWS:
            if any(w.covers(lot.id, at) for w in self.windows):
                return True
            upcoming = sorted(
                (w for w in self.windows if w.opens_at > at and lot.id in w.lot_id_list()),
                key=lambda w: w.opens_at,
            )
            hint = (
                f" The next window opens {upcoming[0].opens_at.astimezone(LONDON):%d %b %Y}."
                if upcoming else ""
            )
            raise e.OutsideReopeningWindow(
                f"{self.name} admits providers to lot {lot.code} only in reopening windows,"
                f" and none is open now.{hint}",
                lot_id=str(lot.id),
            )
        return True
