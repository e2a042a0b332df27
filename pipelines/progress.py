"""What `kinerja refresh` shows while a run goes on: one line per stage.

On a terminal, a live table (rich): each stage waiting, running (with a spinner) or
done with its seconds. Elsewhere (CI, a pipe, a log), one plain line as each stage
starts and finishes. The stages are read from the run's event log by a small thread,
so the run itself is untouched; what dbt prints goes to the run's log file, not here.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Stage:
    label: str
    started: float | None = None
    seconds: float | None = None
    failed: bool = False


@dataclass
class StageDisplay:
    """Stages in the order given; ``live``: a rich table (a terminal) or plain lines."""

    labels: dict[str, str]
    live: bool = field(default_factory=lambda: sys.stdout.isatty())
    stages: dict[str, Stage] = field(init=False)

    def __post_init__(self) -> None:
        self.stages = {key: Stage(label) for key, label in self.labels.items()}
        # the terminal as it is now: during the run stdout goes to the run's log file
        self._out = sys.stdout
        self._live = None
        if self.live:
            from rich.console import Console
            from rich.live import Live

            console = Console(file=self._out)
            self._live = Live(self._table(), console=console, refresh_per_second=8)
            self._live.start()

    def started(self, key: str, at: float) -> None:
        stage = self.stages.setdefault(key, Stage(key))
        if stage.started is None:
            stage.started = at
            self._plain(f"  … {stage.label}")
            self._refresh()

    def finished(self, key: str, seconds: float, failed: bool = False) -> None:
        stage = self.stages.setdefault(key, Stage(key))
        if stage.seconds is None:
            stage.seconds, stage.failed = seconds, failed
            mark = "failed" if failed else "done"
            self._plain(f"  {mark:<6} {stage.label:<40} {seconds:7.1f} s")
            self._refresh()

    def close(self) -> None:
        if self._live is not None:
            self._live.update(self._table())
            self._live.stop()

    def _plain(self, line: str) -> None:
        if not self.live:
            print(line, file=self._out, flush=True)

    def _refresh(self) -> None:
        if self._live is not None:
            self._live.update(self._table())

    def _table(self):
        from rich.spinner import Spinner
        from rich.table import Table

        table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2))
        table.add_column("tahap / stage")
        table.add_column("", justify="left")
        table.add_column("detik", justify="right")
        now = time.time()
        for stage in self.stages.values():
            if stage.seconds is not None:
                state = "[red]gagal[/red]" if stage.failed else "[green]✓[/green]"
                seconds = f"{stage.seconds:.1f}"
            elif stage.started is not None:
                state, seconds = Spinner("dots"), f"{now - stage.started:.0f}"
            else:
                state, seconds = "[dim]·[/dim]", ""
            table.add_row(stage.label, state, seconds)
        return table


def watch_run(poll: Callable[[], list[tuple[str, str, float]]], display: StageDisplay):
    """Start a thread feeding ``display`` from ``poll`` (events as (kind, step key,
    timestamp), kind start / success / failure) until the returned stop() is called."""
    stop = threading.Event()
    starts: dict[str, float] = {}

    def feed() -> None:
        for kind, key, at in poll():
            if kind == "start":
                starts.setdefault(key, at)
                display.started(key, at)
            elif key in starts:
                display.finished(key, at - starts[key], failed=kind == "failure")

    def loop() -> None:
        while not stop.wait(0.25):
            feed()

    thread = threading.Thread(target=loop, name="kinerja-progress", daemon=True)
    thread.start()

    def finish() -> None:
        stop.set()
        thread.join()
        feed()  # the last events
        display.close()

    return finish
