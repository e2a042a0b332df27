"""The Dagster instance of kinerja: Dagster's sqlite storage, its connections kept open.

Dagster's own ``SqliteEventLogStorage`` opens a new SQLAlchemy engine and connection for
every event it stores (twice for an asset event: the run's file and the index file), and
closes them again. Closing the last connection to a WAL-mode file checkpoints and deletes
its ``-wal``: with the fsync of every commit, that cost a regency refresh ~13 s for its
~930 events (one materialization per agency-year partition, one per dbt model and check).

``PooledSqliteEventLogStorage`` keeps one engine per file open (the few most recently
used files) and commits with ``synchronous=NORMAL``, which in WAL mode cannot corrupt a
file: a power cut can lose the last events, as it loses the run itself (``kinerja
refresh`` marks such runs failed). Everything else (schema, files under
``$DAGSTER_HOME/history``, queries, watching) is Dagster's, so the UI, the daemon and the
``dagster`` commands read the same files. dagster.yaml selects it for every process that
opens the instance:

    instance_class:
      module: pipelines.dagster_instance
      class: KinerjaInstance
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

import dagster._check as check
import yaml
from dagster import DagsterInstance
from dagster._core.instance.ref import InstanceRef
from dagster._core.storage.event_log import SqliteEventLogStorage
from dagster._core.storage.sql import create_engine
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS, create_db_conn_string
from dagster._core.storage.sqlite_storage import DagsterSqliteStorage, _event_logs_directory
from dagster._serdes import ConfigurableClassData
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

# a refresh writes two files (its run's and the index); the UI and daemon read a few more
OPEN_FILES = 8


def _tune(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """``SqliteEventLogStorage`` that reuses one open connection per database file."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None):
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._tables: set[str] = set()
        super().__init__(base_dir, inst_data=inst_data)

    def _engine(self, shard: str) -> Engine:
        """The open engine of one file, most recently used last; the oldest is closed."""
        engine = self._engines.pop(shard, None)
        if engine is None:
            engine = create_engine(
                create_db_conn_string(self._base_dir, shard),
                pool_size=1,
                max_overflow=4,
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
            )
            event.listen(engine, "connect", _tune)
        self._engines[shard] = engine
        while len(self._engines) > OPEN_FILES:
            self._engines.popitem(last=False)[1].dispose()
        return engine

    @contextlib.contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            check.str_param(shard, "shard")
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def has_table(self, table_name: str) -> bool:
        # asked once per asset event, inside a transaction on the index; a table once there
        # stays (a schema migration runs with no run writing)
        if table_name not in self._tables and super().has_table(table_name):
            self._tables.add(table_name)
        return table_name in self._tables

    def _close_engines(self) -> None:
        with self._db_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()

    def wipe(self) -> None:
        self._close_engines()
        super().wipe()

    def upgrade(self) -> None:
        self._close_engines()
        super().upgrade()

    def dispose(self) -> None:
        self._close_engines()
        super().dispose()


class PooledSqliteStorage(DagsterSqliteStorage):
    """Dagster's sqlite storage (runs, events, schedules) with the pooled event log."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None):
        super().__init__(base_dir, inst_data=inst_data)
        self._event_log_storage = PooledSqliteEventLogStorage(_event_logs_directory(base_dir))

    @classmethod
    def from_config_value(
        cls, inst_data: ConfigurableClassData, config_value: dict
    ) -> PooledSqliteStorage:
        return cls.from_local(inst_data=inst_data, **config_value)


class KinerjaInstance(DagsterInstance):
    """A Dagster instance whose default storage, under its home folder, is the pooled one.

    The storage is a default computed from the home folder (not a path in dagster.yaml), so
    ``DagsterInstance.get()``, ``from_config(dir)`` and the UI all find their own files.
    """

    @classmethod
    def config_schema(cls) -> dict:
        return {}

    @classmethod
    def config_defaults(cls, base_dir: str) -> dict:
        storage = ConfigurableClassData(
            __name__, PooledSqliteStorage.__name__, yaml.dump({"base_dir": base_dir})
        )
        return {**InstanceRef.config_defaults(base_dir), "storage": storage}
