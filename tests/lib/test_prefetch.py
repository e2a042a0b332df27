"""read_ahead: the next item produced in a thread while the last is consumed."""

import pytest


def test_read_ahead_keeps_order_raises_the_producers_error_and_stops_when_left():
    import threading
    import time

    from pipelines.lib.prefetch import read_ahead

    assert list(read_ahead(iter(range(20)))) == list(range(20))

    def failing():
        yield 1
        raise ValueError("bad batch in file x.csv")

    batches = read_ahead(failing())
    assert next(batches) == 1
    with pytest.raises(ValueError, match=r"x\.csv"):
        next(batches)

    produced = []

    def endless():
        for number in range(10_000):
            produced.append(number)
            yield number

    for item in read_ahead(endless(), depth=1):
        if item == 2:
            break
    time.sleep(0.3)
    assert len(produced) <= 5  # the producer stopped, at most a batch or two ahead
    assert not any(t.name == "ingest-read-ahead" for t in threading.enumerate())
