"""Stages tell their own start, end and failure reason to whoever listens."""

import pytest

from pipelines.lib.stages import StageLog, listen, timed


class Refused(Exception):
    description = "not published: 2 blocking findings"


def test_a_plain_and_a_generator_stage_are_heard_with_their_seconds():
    @timed("plain")
    def plain(x):
        return x + 1

    @timed("streamed")
    def streamed():
        yield 1
        yield 2

    log = StageLog()
    stop = listen(log)
    try:
        assert plain(1) == 2
        assert list(streamed()) == [1, 2]
    finally:
        stop()
    assert [(e.kind, e.key) for e in log.heard()] == [
        ("start", "plain"),
        ("success", "plain"),
        ("start", "streamed"),
        ("success", "streamed"),
    ]
    assert set(log.seconds()) == {"plain", "streamed"}
    assert plain.__name__ == "plain"  # Dagster reads the function's own name and signature


def test_a_failing_stage_says_why_and_nobody_hears_after_stop():
    @timed("publish")
    def publish():
        raise Refused

    log = StageLog()
    stop = listen(log)
    with pytest.raises(Refused):
        publish()
    stop()
    (failure,) = log.failures()
    assert (failure.key, failure.reason) == ("publish", "not published: 2 blocking findings")
    with pytest.raises(Refused):
        publish()
    assert len(log.heard()) == 2  # the second call was not heard
