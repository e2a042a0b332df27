"""`kinerja serve` stops, with everything it started, on SIGTERM and on SIGINT, also
when started in the background (where the shell makes a job ignore SIGINT)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from pipelines import paths

STARTUP_SECONDS = 120  # generous bounds, not measurements
STOP_SECONDS = 45


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _up(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=2):
            return True
    except OSError:
        return False


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_serve_stops_with_all_it_started(tmp_path: Path, signum: int):
    home = tmp_path / "dagster-home"
    home.mkdir()
    shutil.copy(paths.REPO_ROOT / "dagster.yaml", home / "dagster.yaml")
    port = _free_port()
    env = {**os.environ, "DAGSTER_HOME": str(home), "KINERJA_RAW_DIR": str(tmp_path / "raw")}
    (tmp_path / "raw").mkdir()
    # as a shell starts a background job: SIGINT ignored
    serve = subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _up(port):
            assert serve.poll() is None, "kinerja serve exited while starting"
            assert time.monotonic() < deadline, "the webserver never answered"
            time.sleep(1)
        started = psutil.Process(serve.pid).children(recursive=True)
        assert len(started) >= 3  # dagster dev, the webserver, the daemon, code servers
        serve.send_signal(signum)
        serve.wait(timeout=STOP_SECONDS)
        _, alive = psutil.wait_procs(started, timeout=5)
        assert alive == [], [p.cmdline()[:3] for p in alive]
    finally:
        if serve.poll() is None:
            serve.kill()
