"""What `kinerja refresh` shows while a run goes on: one line per stage.

On a terminal, a live table (rich): each stage waiting, running (with a spinner) or
done with its seconds. Elsewhere (CI, a pipe, a log), one plain line as each stage
starts and finishes. The stages tell their own start and end (pipelines/lib/stages.py);
what dbt prints goes to the run's log file, not here.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from pipelines.lib.stages import StageEvent, StageLog, listen


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
            # rebuilt at every refresh, so a running stage's seconds count up
            self._live = Live(console=console, refresh_per_second=4, get_renderable=self._table)
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
            self._live.refresh()
            self._live.stop()

    def _plain(self, line: str) -> None:
        if not self.live:
            print(line, file=self._out, flush=True)

    def _refresh(self) -> None:
        if self._live is not None:
            self._live.refresh()

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


def watch_run(display: StageDisplay) -> Callable[[], StageLog]:
    """Feed ``display`` from the stages of this process's run until the returned stop()
    is called; stop() returns every stage event heard."""
    log = StageLog()
    starts: dict[str, float] = {}

    def hear(event: StageEvent) -> None:
        log(event)
        if event.kind == "start":
            starts[event.key] = event.at
            display.started(event.key, event.at)
        elif event.key in starts:
            seconds = event.at - starts.pop(event.key)
            display.finished(event.key, seconds, failed=event.kind == "failure")

    stop_listening = listen(hear)

    def finish() -> StageLog:
        stop_listening()
        display.close()
        return log

    return finish
