"""Nightly schedule and the raw/ sensor, both starting refresh_all_job on the changed
agency-year partitions."""

import time

import dagster as dg

from pipelines import paths
from pipelines.defs.ingest.partitions import (
    BuildBusy,
    apply_partition_changes,
    current_plan,
    partition_requests,
    published_is_current,
    run_target,
)
from pipelines.defs.publish import refresh_all_job
from pipelines.lib.partitions import RefreshPlan
from pipelines.lib.watch import decide, fingerprint, snapshot

SETTLE_SECONDS = 60
JAKARTA = "Asia/Jakarta"


def _refresh_request(plan: RefreshPlan, trigger: str, run_key: str | None) -> dg.RunRequest:
    from pipelines.definitions import defs  # refresh_all_job selects all of them

    target = run_target(plan, defs.assets or [])
    return dg.RunRequest(
        run_key=run_key,
        tags={**target.tags, "kinerja/trigger": trigger},
        asset_selection=target.asset_selection,
    )


@dg.schedule(
    job=refresh_all_job,
    cron_schedule="0 1 * * *",
    execution_timezone=JAKARTA,
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def nightly_refresh_all_job_schedule(context: dg.ScheduleEvaluationContext):
    """01:00 WIB every night: bring the agency-year partitions in line with raw/ and
    refresh what changed; when raw/ and the code are exactly what the published
    warehouse was built from, the night does nothing."""
    try:
        plan = current_plan(context.instance, paths.RAW_DIR, paths.BUILD_PATH)
    except BuildBusy:
        return dg.SkipReason("a run is writing the build; the sensor refreshes after it")
    apply_partition_changes(context.instance, plan)
    if not plan.has_work and published_is_current():
        return dg.SkipReason("raw/ and the code unchanged since the published warehouse")
    return _refresh_request(plan, "nightly", run_key=None)


@dg.sensor(
    job=refresh_all_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def raw_files_sensor(context: dg.SensorEvaluationContext):
    """When an agency delivers, replaces or withdraws files in raw/ and the copy has
    settled (no change for a minute): register the new agency-year partitions, drop the
    gone ones and refresh the changed range."""
    current = fingerprint(snapshot(paths.RAW_DIR))
    decision = decide(context.cursor, current, time.time(), SETTLE_SECONDS)
    if not decision.fire:
        context.update_cursor(decision.cursor)
        return dg.SkipReason(decision.reason)
    try:
        plan = current_plan(context.instance, paths.RAW_DIR, paths.BUILD_PATH)
    except BuildBusy:  # cursor kept: the next tick tries again
        return dg.SkipReason("raw/ changed, but a run is writing the build; waiting for it")
    requests = [_refresh_request(plan, "raw_files_sensor", current)] if plan.has_work else []
    context.update_cursor(decision.cursor)
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=partition_requests(plan),
        skip_reason=None if requests else "raw/ changed, but no agency-year's files did",
    )


defs = dg.Definitions(schedules=[nightly_refresh_all_job_schedule], sensors=[raw_files_sensor])
