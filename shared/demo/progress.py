"""The demo's progress: one bar per stage (rich), and notes printed above the bars."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)


class Stage:
    """One bar: its total may grow as the work becomes known (responses, extensions)."""

    def __init__(self, progress: Progress, task: TaskID) -> None:
        self._progress = progress
        self._task = task

    def advance(self, by: int = 1) -> None:
        self._progress.advance(self._task, by)

    def grow(self, by: int) -> None:
        total = self._progress.tasks[self._task].total or 0
        self._progress.update(self._task, total=total + by, visible=True)

    def done(self) -> None:
        """Settle the bar where the work ended (some work turned out not to be needed)."""
        completed = self._progress.tasks[self._task].completed
        self._progress.update(self._task, total=completed)


class Stages:
    """The bars of a run, shown while it lasts (``with Stages(console) as stages:``)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self._progress = Progress(
            TextColumn("{task.description:<38}"),
            BarColumn(bar_width=30),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        )

    def __enter__(self) -> Stages:
        self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._progress.stop()

    def stage(self, description: str, total: int = 0) -> Stage:
        """A bar, shown once it has work (``total``, or when it grows)."""
        return Stage(self._progress,
                     self._progress.add_task(description, total=total, visible=total > 0))

    def note(self, text: str) -> None:
        """A line above the bars (what the demo is doing, and when)."""
        self._progress.console.print(text, highlight=False)


def counted(number: int, thing: str) -> str:
    """``1 provider``, ``3 providers``."""
    return f"{number:,} {thing}" if number == 1 else f"{number:,} {thing}s"
