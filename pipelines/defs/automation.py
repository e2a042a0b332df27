"""Nightly schedule and the raw/ sensor, both starting refresh_all_job when raw/ or the
code differ from what the build and the published warehouse were made from."""

import time

import dagster as dg

from pipelines import paths
from pipelines.defs.publish import refresh_all_job
from pipelines.lib import refresh_plan
from pipelines.lib.watch import decide, fingerprint, snapshot

SETTLE_SECONDS = 60
JAKARTA = "Asia/Jakarta"


def _plan() -> refresh_plan.RefreshPlan:
    inputs = refresh_plan.inputs_fingerprint(
        paths.RAW_DIR, paths.REPO_ROOT, paths.ACCOUNT_TYPES_PATH
    )
    return refresh_plan.current_plan(paths.RAW_DIR, paths.BUILD_PATH, inputs)


@dg.schedule(
    job=refresh_all_job,
    cron_schedule="0 1 * * *",
    execution_timezone=JAKARTA,
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def nightly_refresh_all_job_schedule(context: dg.ScheduleEvaluationContext):
    """01:00 WIB every night: refresh what changed in raw/; when raw/ and the code are
    exactly what the published warehouse was built from, the night does nothing."""
    try:
        plan = _plan()
    except refresh_plan.BuildBusy:
        return dg.SkipReason("a run is writing the build; the sensor refreshes after it")
    current = refresh_plan.published_is_current(
        paths.WAREHOUSE_PATH, paths.RAW_DIR, paths.REPO_ROOT
    )
    if not plan.has_work and current:
        return dg.SkipReason("raw/ and the code unchanged since the published warehouse")
    return dg.RunRequest(tags={"kinerja/trigger": "nightly"})


@dg.sensor(
    job=refresh_all_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def raw_files_sensor(context: dg.SensorEvaluationContext):
    """When an agency delivers, replaces or withdraws files in raw/ and the copy has
    settled (no change for a minute): refresh what changed."""
    current = fingerprint(snapshot(paths.RAW_DIR))
    decision = decide(context.cursor, current, time.time(), SETTLE_SECONDS)
    if not decision.fire:
        context.update_cursor(decision.cursor)
        return dg.SkipReason(decision.reason)
    try:
        plan = _plan()
    except refresh_plan.BuildBusy:  # cursor kept: the next tick tries again
        return dg.SkipReason("raw/ changed, but a run is writing the build; waiting for it")
    context.update_cursor(decision.cursor)
    if not plan.has_work:
        return dg.SkipReason("raw/ changed, but no delivery's files did")
    return dg.RunRequest(run_key=current, tags={"kinerja/trigger": "raw_files_sensor"})


defs = dg.Definitions(schedules=[nightly_refresh_all_job_schedule], sensors=[raw_files_sensor])
