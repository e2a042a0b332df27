"""When each stage of a refresh starts and ends, told by the stages themselves.

`kinerja refresh` runs the job in its own process (Dagster's ``execute_in_process``), so
a listener registered here hears every stage as it happens: the live display, the
seconds per stage and the reason a stage failed come from here, not from Dagster's
event storage. A run launched by the Dagster daemon has no listener: nothing is kept.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class StageEvent:
    kind: str  # start, success, failure
    key: str
    at: float  # unix time
    reason: str | None = None  # failure: what went wrong, in one or a few lines


Listener = Callable[[StageEvent], None]
_lock = threading.Lock()
_listeners: list[Listener] = []


def listen(listener: Listener) -> Callable[[], None]:
    """Hear every stage event of this process until the returned function is called."""
    with _lock:
        _listeners.append(listener)

    def stop() -> None:
        with _lock:
            if listener in _listeners:
                _listeners.remove(listener)

    return stop


def _tell(event: StageEvent) -> None:
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        listener(event)


def failure_reason(exc: BaseException) -> str:
    """A Dagster ``Failure`` says why in its description; anything else in its last line."""
    description = getattr(exc, "description", None)
    if isinstance(description, str) and description.strip():
        return description.strip()
    lines = str(exc).strip().splitlines()
    return lines[-1] if lines else type(exc).__name__


@contextlib.contextmanager
def stage(key: str) -> Iterator[None]:
    _tell(StageEvent("start", key, time.time()))
    try:
        yield
    except BaseException as exc:
        _tell(StageEvent("failure", key, time.time(), failure_reason(exc)))
        raise
    _tell(StageEvent("success", key, time.time()))


def timed(key: str):
    """Decorate an asset's function (plain or generator) so it tells its stage."""

    def decorate(function):
        if inspect.isgeneratorfunction(function):

            @functools.wraps(function)
            def generator(*args, **kwargs):
                with stage(key):
                    yield from function(*args, **kwargs)

            return generator

        @functools.wraps(function)
        def plain(*args, **kwargs):
            with stage(key):
                return function(*args, **kwargs)

        return plain

    return decorate


class StageLog:
    """Every event heard while listening: seconds per finished stage, failures."""

    def __init__(self) -> None:
        self.events: list[StageEvent] = []
        self._lock = threading.Lock()

    def __call__(self, event: StageEvent) -> None:
        with self._lock:
            self.events.append(event)

    def heard(self) -> list[StageEvent]:
        with self._lock:
            return list(self.events)

    def seconds(self) -> dict[str, float]:
        """Seconds of each stage that succeeded (the last attempt of a retried one)."""
        starts: dict[str, float] = {}
        seconds: dict[str, float] = {}
        for event in self.heard():
            if event.kind == "start":
                starts[event.key] = event.at
            elif event.kind == "success" and event.key in starts:
                seconds[event.key] = round(event.at - starts[event.key], 3)
        return seconds

    def failures(self) -> list[StageEvent]:
        return [e for e in self.heard() if e.kind == "failure"]
