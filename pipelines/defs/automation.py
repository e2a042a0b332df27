"""Nightly schedule and the raw/ sensor, both starting refresh_all_job."""

import time

import dagster as dg
import duckdb

from pipelines import paths
from pipelines.defs.publish import refresh_all_job
from pipelines.lib.watch import decide, fingerprint, snapshot

SETTLE_SECONDS = 60
JAKARTA = "Asia/Jakarta"


def last_published_fingerprint() -> str | None:
    """The raw-tree fingerprint the published warehouse was built from, if any."""
    if not paths.WAREHOUSE_PATH.exists():
        return None
    try:
        with duckdb.connect(str(paths.WAREHOUSE_PATH), read_only=True) as con:
            row = con.execute(
                "select raw_fingerprint from meta.runs order by finished_at desc limit 1"
            ).fetchone()
    except duckdb.Error:
        return None
    return row[0] if row else None


@dg.schedule(
    job=refresh_all_job,
    cron_schedule="0 1 * * *",
    execution_timezone=JAKARTA,
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def nightly_refresh_all_job_schedule(context: dg.ScheduleEvaluationContext):
    """01:00 WIB every night: refresh everything, unless raw/ is exactly what the
    published warehouse was built from (then the night does nothing)."""
    current = fingerprint(snapshot(paths.RAW_DIR))
    if current == last_published_fingerprint():
        return dg.SkipReason("raw/ unchanged since the published warehouse was built")
    return dg.RunRequest(run_key=None, tags={"kinerja/trigger": "nightly"})


@dg.sensor(
    job=refresh_all_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def raw_files_sensor(context: dg.SensorEvaluationContext):
    """Starts a refresh when an agency delivers or replaces a file in raw/, once the
    copy has settled (no change for a minute)."""
    current = fingerprint(snapshot(paths.RAW_DIR))
    decision = decide(context.cursor, current, time.time(), SETTLE_SECONDS)
    context.update_cursor(decision.cursor)
    if decision.fire:
        return dg.RunRequest(run_key=current, tags={"kinerja/trigger": "raw_files_sensor"})
    return dg.SkipReason(decision.reason)


defs = dg.Definitions(schedules=[nightly_refresh_all_job_schedule], sensors=[raw_files_sensor])
