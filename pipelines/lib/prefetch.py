"""Producing the next item in a thread while the consumer works on the last."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


def read_ahead(items: Iterable[T], depth: int = 1) -> Iterator[T]:
    """``items``, produced in a thread up to ``depth`` ahead of the consumer.

    The ingest reads and types the next batch (polars) while DuckDB writes the last one:
    both release the interpreter lock for their work. At most ``depth`` batches wait in
    memory besides the one being written and the one being read. An error in the
    producer is raised in the consumer; a consumer that stops early stops the producer.
    """
    waiting: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()
    done = object()

    def offer(item: object) -> bool:
        while not stop.is_set():
            try:
                waiting.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not offer(item):
                    return
        except BaseException as exc:  # handed to the consumer
            offer(_Raised(exc))
            return
        offer(done)

    producer = threading.Thread(target=produce, name="ingest-read-ahead", daemon=True)
    producer.start()
    try:
        while (item := waiting.get()) is not done:
            if isinstance(item, _Raised):
                raise item.error
            yield item
    finally:
        stop.set()
        producer.join()


@dataclass(frozen=True)
class _Raised:
    error: BaseException
