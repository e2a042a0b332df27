"""The resident process (`kinerja resident`): one warm process, a fork per refresh."""

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
from pipelines.lib import resident

SERVER = """
import os, sys
from pathlib import Path
from pipelines.lib import resident

def run(argv):
    print("child", os.getpid(), os.getcwd(), os.environ.get("EXTRA", "-"), flush=True)
    print("to stderr", file=sys.stderr, flush=True)
    return int(argv[0])

code = resident.serve(Path(sys.argv[1]), run, dict(os.environ), [Path(sys.argv[2])])
sys.exit(code)
"""

CLIENT = """
import os, sys
from pathlib import Path
from pipelines.lib import resident

print("client", os.getpid(), flush=True)
print("delegated", resident.delegate(Path(sys.argv[1]), sys.argv[2:]), flush=True)
"""


def _wait_for(socket_path: Path, process: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not socket_path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, f"no {socket_path} after {seconds} s"
        time.sleep(0.05)


def _client(socket_path: Path, argv: list[str], cwd: Path, **env: str):
    return subprocess.run(
        [sys.executable, "-c", CLIENT, str(socket_path), *argv],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(paths.REPO_ROOT), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def server(tmp_path: Path):
    code = tmp_path / "code"
    code.mkdir()
    (code / "module.py").write_text("x = 1\n")
    socket_path = tmp_path / "home" / "refresh.sock"
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(socket_path), str(code)],
        env={**os.environ, "PYTHONPATH": str(paths.REPO_ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for(socket_path, process, 30)
    yield socket_path, code, process
    process.terminate()
    process.wait(10)


def test_a_fork_runs_the_command_on_the_clients_terminal_directory_and_environment(
    server, tmp_path
):
    socket_path, _code, process = server
    done = _client(socket_path, ["3"], tmp_path, EXTRA="from-the-client")
    client_pid = int(done.stdout.split("\n")[0].split()[1])
    child = next(line for line in done.stdout.splitlines() if line.startswith("child"))
    _, pid, cwd, extra = child.split()
    assert int(pid) not in (client_pid, process.pid)
    assert (cwd, extra) == (str(tmp_path), "from-the-client")
    assert "to stderr" in done.stderr
    assert done.stdout.splitlines()[-1] == "delegated 3"  # the fork's exit status
    for code in range(6):  # forks that end at once: their replies never mix
        done = _client(socket_path, [str(code)], tmp_path)
        assert done.stdout.splitlines()[-1] == f"delegated {code}"


def test_a_client_in_another_environment_runs_the_command_itself(server, tmp_path):
    socket_path, _code, process = server
    done = _client(socket_path, ["0"], tmp_path, KINERJA_RAW_DIR=str(tmp_path / "other"))
    assert done.stdout.splitlines() == [done.stdout.splitlines()[0], "delegated None"]
    assert process.poll() is None  # and the server goes on


def test_changed_code_is_never_run_from_the_old_process(server, tmp_path):
    socket_path, code, process = server
    (code / "module.py").write_text("x = 2  # edited\n")
    done = _client(socket_path, ["0"], tmp_path)
    assert done.stdout.splitlines()[-1] == "delegated None"
    assert process.wait(10) == 0  # no restart command given: it stops
    assert not socket_path.exists()


def test_without_a_server_the_client_runs_the_command_itself(tmp_path):
    (tmp_path / "refresh.sock").write_text("")  # left by a server that died
    assert resident.delegate(tmp_path / "refresh.sock", ["refresh"]) is None


def _statuses(home: Path) -> list:
    import dagster as dg

    with dg.DagsterInstance.from_config(str(home)) as instance:
        return [r.dagster_run.status for r in instance.get_run_records()]


def test_kinerja_refresh_runs_in_a_fork_of_kinerja_resident(seed_raw: Path, tmp_path: Path):
    """The real code location, dbt parsed in the resident, polars, DuckDB and dbt in the
    fork; the run is recorded by the fork's pid, not the client's; Ctrl-C reaches it."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(paths.REPO_ROOT / "dagster.yaml", home / "dagster.yaml")
    env = {
        **os.environ,
        "KINERJA_RAW_DIR": str(seed_raw),
        "KINERJA_BUILD_PATH": str(tmp_path / "build" / "k.duckdb"),
        "WAREHOUSE_PATH": str(tmp_path / "pub" / "k.duckdb"),
        "DAGSTER_HOME": str(home),
        "DAGSTER_DISABLE_TELEMETRY": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "resident"],
        cwd=paths.REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_for(home / resident.SOCKET_NAME, server, 240)
        client = subprocess.Popen(
            [sys.executable, "-m", "pipelines.cli", "refresh"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        output, _ = client.communicate(timeout=300)
        assert client.returncode == 0, output
        assert "published" in output
        import dagster as dg

        with dg.DagsterInstance.from_config(str(home)) as instance:
            (run,) = [r.dagster_run for r in instance.get_run_records()]
        assert run.status == dg.DagsterRunStatus.SUCCESS
        assert int(run.tags["kinerja/pid"]) not in (client.pid, server.pid)
        published = tmp_path / "pub" / "k.duckdb"
        with duckdb.connect(str(published), read_only=True) as con:
            assert con.execute("select count(*) from marts.budget_lines").fetchone() == (50,)
        assert server.poll() is None  # still there for the next refresh

        # Ctrl-C on the command reaches the fork: the run is recorded failed, not left
        # "started", and the published file is the one before
        before = published.read_bytes()
        client = subprocess.Popen(
            [sys.executable, "-m", "pipelines.cli", "refresh", "--force"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 120
        while _statuses(home).count(dg.DagsterRunStatus.STARTED) == 0:
            assert time.monotonic() < deadline, "the second refresh never started its run"
            time.sleep(0.2)
        client.send_signal(signal.SIGINT)
        output, _ = client.communicate(timeout=60)
        assert client.returncode == 130, output
        assert "interrupted" in output
        assert _statuses(home) == [dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.SUCCESS]
        assert published.read_bytes() == before
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(30)
    assert not (home / resident.SOCKET_NAME).exists()
