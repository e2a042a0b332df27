"""Safe publishing with real processes: readers during publishes, kills, determinism,
incremental refreshes, rollback and the run manifest. No mocks of DuckDB or files."""

import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipelines import paths
from pipelines.lib.warehouse import history_dir, publish, rollback
from tests.conftest import materialize_refresh, run_refresh

pytestmark = pytest.mark.integration


def _build(path: Path, label: str, rows: int) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("create schema meta; create schema marts")
        con.execute(f"create table meta.runs as select '{label}' as run_id")
        con.execute(f"create table marts.t as select range as v from range({rows})")


def _reader(path: str, stop, seen_counts, queue: multiprocessing.Queue) -> None:
    """Open the published file read-only again and again until ``stop``; count each
    version seen (``seen_counts``: A, B) and report every read and error at the end."""
    seen, errors = [], []
    while not stop.is_set():
        try:
            with duckdb.connect(path, read_only=True) as con:
                run = con.execute("select run_id from meta.runs").fetchone()[0]
                count, total = con.execute("select count(*), sum(v) from marts.t").fetchone()
            seen.append((run, count, total))
            with seen_counts.get_lock():
                seen_counts[0 if run == "A" else 1] += 1
        except Exception as exc:  # any lock or partial-file error is a failure
            errors.append(repr(exc))
    queue.put((seen, errors))


def test_readers_never_see_a_lock_error_or_partial_data(tmp_path: Path):
    """Readers open the published file while it is replaced 20 times: no error, no
    partial data, and each version published is read (publishing waits until it is,
    so the test asserts what must hold, not how fast the machine reads)."""
    builds = {"A": (tmp_path / "a.duckdb", 1000), "B": (tmp_path / "b.duckdb", 5000)}
    for label, (path, rows) in builds.items():
        _build(path, label, rows)
    published = tmp_path / "published" / "kinerja.duckdb"
    publish(builds["A"][0], published, "A")
    queue: multiprocessing.Queue = multiprocessing.Queue()
    stop = multiprocessing.Event()
    seen_counts = multiprocessing.Array("i", 2)
    readers = [
        multiprocessing.Process(target=_reader, args=(str(published), stop, seen_counts, queue))
        for _ in range(3)
    ]
    for reader in readers:
        reader.start()
    for label in ["B", "A"] * 10:
        index = 0 if label == "A" else 1
        before = seen_counts[index]
        publish(builds[label][0], published, label)
        deadline = time.monotonic() + 120  # a guard against a hang, not a speed test
        while seen_counts[index] == before and time.monotonic() < deadline:
            time.sleep(0.005)
        assert seen_counts[index] > before, f"no reader saw publication {label}"
    stop.set()
    results = [queue.get(timeout=60) for _ in readers]
    for reader in readers:
        reader.join(timeout=60)
    reads = [r for seen, _ in results for r in seen]
    errors = [e for _, errors in results for e in errors]
    consistent = {("A", 1000, 1000 * 999 // 2), ("B", 5000, 5000 * 4999 // 2)}
    assert errors == []
    assert set(reads) == consistent  # only whole versions, and both of them
    assert len(list(history_dir(published).glob("*.duckdb"))) == 5  # the newest five kept


def _publish_forever(build: str, published: str) -> None:
    while True:
        publish(Path(build), Path(published), "loop")


def test_publish_killed_at_any_moment_leaves_a_whole_warehouse(tmp_path: Path):
    build = tmp_path / "b.duckdb"
    _build(build, "B", 200_000)
    good = tmp_path / "good.duckdb"
    _build(good, "G", 10)
    published = tmp_path / "published" / "kinerja.duckdb"
    publish(good, published, "good")
    kills = 0
    for delay in (0.01, 0.05, 0.1, 0.2, 0.35, 0.5):
        process = multiprocessing.Process(
            target=_publish_forever, args=(str(build), str(published))
        )
        process.start()
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.join()
        kills += 1
        with duckdb.connect(str(published), read_only=True) as con:
            assert con.execute("select run_id from meta.runs").fetchone()[0] in ("G", "B")
            assert con.execute("select count(*) from marts.t").fetchone()[0] in (10, 200_000)
    publish(good, published, "after")  # the next publish succeeds and clears stale copies
    assert list(published.parent.glob(".kinerja.duckdb.*.tmp")) == []
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select run_id from meta.runs").fetchone()[0] == "G"
    print(f"{kills} kills during publish")


def _marts_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with duckdb.connect(str(path), read_only=True) as con:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'marts' order by 1"
            ).fetchall()
        ]
        for table in tables:
            columns = [
                r[0]
                for r in con.execute(f"describe marts.{table}").fetchall()
                if r[0] not in ("run_id", "checked_at")
            ]
            column_list = ", ".join(columns)
            rows = con.execute(f"select {column_list} from marts.{table} order by all").fetchall()
            digest.update(f"{table}:{rows!r}".encode())
    return digest.hexdigest()


def _deliveries_read(result) -> int:
    (ingest,) = [
        m
        for m in result.get_asset_materialization_events()
        if m.asset_key.path == ["raw", "agency_reports"]
    ]
    return ingest.materialization.metadata["deliveries_read"].value


def test_refresh_is_deterministic_incremental_and_rolls_back(seed_raw: Path, tmp_path: Path):
    published = run_refresh(seed_raw, tmp_path)
    first_hash = _marts_hash(published)
    result = materialize_refresh(seed_raw, tmp_path)  # same inputs again: nothing re-read
    assert result.success
    assert _deliveries_read(result) == 0
    assert _marts_hash(published) == first_hash
    with duckdb.connect(str(published), read_only=True) as con:
        runs = con.execute(
            "select run_id, raw_fingerprint, input_files, row_counts, "
            "findings_warning from meta.runs order by finished_at"
        ).fetchall()
    assert len(runs) == 2
    assert runs[0][1] == runs[1][1]
    files = json.loads(runs[1][2])
    assert "2022/muba-kesbangpol/anggaran.csv" in {f["file"] for f in files}
    assert json.loads(runs[1][3])["marts.budget_lines"] == 50

    budget = seed_raw / "2022" / "muba-kesbangpol" / "anggaran.csv"  # one file replaced
    budget.write_text(budget.read_text().replace('"29.875.500,00"', '"29.875.000,00"'))
    result = materialize_refresh(seed_raw, tmp_path)
    assert _deliveries_read(result) == 1  # that delivery only
    assert _marts_hash(published) != first_hash

    restored = rollback(published)  # back to the second publication (same marts as the first)
    assert _marts_hash(published) == first_hash
    assert restored.parent == history_dir(published)

    # the office's outputs, written again from the file rolled back to, say which run
    # published it (kinerja rollback does this), not the run rolled away from
    import openpyxl

    from pipelines.lib.office.outputs import write_outputs

    outputs = write_outputs(published, tmp_path / "exports", tmp_path / "reports")
    second_run = runs[1][0][:8]
    page = outputs.reports[0].read_text()
    assert f"run {second_run} · data per " in page
    assert " WIB" in page
    footer = openpyxl.load_workbook(outputs.workbooks[0])["Ringkasan"].oddFooter.left.text
    assert footer.startswith(f"run {second_run} · data per ")
    # and so does data-quality.html, from the findings and rule outcomes the file holds
    from pipelines.lib.findings import quality_report_of
    from pipelines.lib.quality.suites import all_rules

    quality = quality_report_of(published, published=True)
    assert f"run {runs[1][0]} · data per " in quality
    assert f"rules checked ({len(all_rules())})" in quality


def _refresh_env(raw: Path, work: Path) -> dict[str, str]:
    """The environment of a `kinerja refresh` child on ``raw``, writing under ``work``."""
    (work / "home").mkdir(parents=True, exist_ok=True)
    shutil.copy(paths.REPO_ROOT / "dagster.yaml", work / "home" / "dagster.yaml")
    return {
        **os.environ,
        "KINERJA_RAW_DIR": str(raw),
        "KINERJA_BUILD_PATH": str(work / "build" / "k.duckdb"),
        "WAREHOUSE_PATH": str(work / "pub" / "k.duckdb"),
        "DAGSTER_HOME": str(work / "home"),
        "DAGSTER_DISABLE_TELEMETRY": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "KINERJA_SETTLE_SECONDS": "0",
    }


def _refresh_process(raw: Path, work: Path, *options: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "refresh", *options],
        env=_refresh_env(raw, work),
        cwd=paths.REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def test_refresh_killed_during_ingest_and_dbt_keeps_the_last_good_warehouse(
    seed_raw: Path, tmp_path: Path
):
    first = _refresh_process(seed_raw, tmp_path)
    assert first.wait(timeout=300) == 0
    published = tmp_path / "pub" / "k.duckdb"
    good = hashlib.sha256(published.read_bytes()).hexdigest()
    for seconds in (2.5, 6.0, 12.0):  # start-up/ingest, checks, dbt
        process = _refresh_process(seed_raw, tmp_path, "--force")  # unchanged raw/: force
        time.sleep(seconds)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        assert hashlib.sha256(published.read_bytes()).hexdigest() == good
        with duckdb.connect(str(published), read_only=True) as con:
            assert con.execute("select count(*) from marts.budget_lines").fetchone()[0] == 50
    final = _refresh_process(seed_raw, tmp_path, "--force")
    assert final.wait(timeout=300) == 0  # the killed runs were taken off the run list
    import dagster as dg

    def statuses() -> list:
        with dg.DagsterInstance.from_config(str(tmp_path / "home")) as instance:
            return [r.dagster_run.status for r in instance.get_run_records()]

    after_final = statuses()
    assert dg.DagsterRunStatus.STARTED not in after_final
    assert after_final.count(dg.DagsterRunStatus.SUCCESS) == 2
    unchanged = _refresh_process(seed_raw, tmp_path)  # nothing new: "up to date"
    assert unchanged.wait(timeout=300) == 0
    assert statuses() == after_final  # and no run


def test_ctrl_c_during_a_refresh_fails_its_run_and_keeps_the_warehouse(
    seed_raw: Path, tmp_path: Path
):
    """Ctrl-C (SIGINT) in `kinerja refresh`: exit 130, the run recorded as failed (not
    left started), the published file as it was, and the next refresh runs."""
    import dagster as dg

    first = _refresh_process(seed_raw, tmp_path)
    assert first.wait(timeout=300) == 0
    published = tmp_path / "pub" / "k.duckdb"
    good = hashlib.sha256(published.read_bytes()).hexdigest()

    def runs() -> list:
        with dg.DagsterInstance.from_config(str(tmp_path / "home")) as instance:
            return [r.dagster_run.status for r in instance.get_run_records()]

    env = _refresh_env(seed_raw, tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "refresh", "--force"],
        env=env,
        cwd=paths.REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    # inside the dbt build (seconds long on any machine), not at a moment guessed by a
    # sleep: the refresh prints a line as each stage starts
    for line in process.stdout:
        if "dbt build" in line:
            break
    os.kill(process.pid, signal.SIGINT)
    assert process.wait(timeout=120) == 130
    process.stdout.close()
    assert dg.DagsterRunStatus.STARTED not in runs()
    assert runs().count(dg.DagsterRunStatus.FAILURE) == 1
    assert hashlib.sha256(published.read_bytes()).hexdigest() == good
    again = _refresh_process(seed_raw, tmp_path, "--force")
    assert again.wait(timeout=300) == 0


def test_published_warehouse_opens_with_the_analysts_duckdb_cli(
    bundled_warehouse: Path, tmp_path: Path
):
    """The DuckDB CLI an analyst installs from PyPI (duckdb-cli) reads the published file,
    read-only, also under another name (views carry no catalog name)."""
    copy = tmp_path / "laporan-kinerja.duckdb"
    shutil.copyfile(bundled_warehouse, copy)
    cli = Path(sys.executable).parent / "duckdb"
    result = subprocess.run(
        [
            str(cli),
            "-readonly",
            "-csv",
            str(copy),
            "-c",
            "select count(*) from marts.agency_years; "
            "select count(*) from staging.stg_raw__budget_lines; "
            "select count(*) from meta.runs;",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    counts = [line for line in result.stdout.splitlines() if line.isdigit()]
    with duckdb.connect(str(bundled_warehouse), read_only=True) as con:  # the same, in Python
        expected = [
            str(con.execute(f"select count(*) from {table}").fetchone()[0])
            for table in ("marts.agency_years", "staging.stg_raw__budget_lines", "meta.runs")
        ]
    assert counts == expected
    assert int(counts[0]) > 250  # six years of the regency's agencies, read by the CLI


def test_refresh_prints_one_line_per_stage_and_keeps_dbt_in_the_log(seed_raw: Path, tmp_path: Path):
    """Not a terminal: plain lines, a start and an end per stage; what dbt prints goes
    to the run's log file, not to the terminal."""
    run = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "refresh"],
        env=_refresh_env(seed_raw, tmp_path),
        cwd=paths.REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    lines = run.stdout.splitlines()
    assert "  … dbt build (models + tests)" in lines
    assert any(line.startswith("  done   dbt build (models + tests)") for line in lines)
    assert sum(line.startswith("  done   ") for line in lines) == 9
    assert not any(
        "START sql" in line or "PASS=" in line for line in lines + run.stderr.splitlines()
    )
    (log,) = (tmp_path / "pub" / "logs").glob("refresh-*.log")
    assert "PASS=" in log.read_text()
    assert f"log of the run (dbt included): {log}" in run.stdout
    # the closing findings as the office reads them: Indonesian, with the fix
    assert any(line.startswith("  kualitas data: 0 Memblokir, ") for line in lines)
    worst = [line for line in lines if line.startswith("  Peringatan ")]
    assert worst
    assert not any("(expected " in line for line in worst)  # not the analysts' English
