"""A resident process that has paid the start-up once and forks a child per command.

A refresh in a new process spends ~11 s importing Dagster, dbt and Great Expectations and
~2 s parsing the dbt project before its first step. The resident server does that once,
then waits on a Unix socket. For each command it forks: the child is a copy of the
warmed-up process that takes over the client's terminal (stdin, stdout and stderr are
passed over the socket), working directory and environment, runs the command as a fresh
process would, and reports its exit status. Every command gets its own process, so
nothing of one run (DuckDB handles, Dagster state, memory) leaks into the next.

The server only serves what it can serve faithfully. Module-level paths are computed at
import from the environment, so a client whose environment differs in what the code
reads (``ENVIRONMENT_PREFIXES``) is told to run the command itself; so is every client
once the code on disk changed, and the server then restarts itself from the new code.

Forking copies only the calling thread. The server imports but never computes: no
polars, DuckDB or dbt work runs in it, so their thread pools start in each child, and it
refuses to serve with a second Python thread alive.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from pipelines.lib.watch import source_fingerprint

# environment the code reads at import (paths, dbt profile, Dagster, GX): must match
ENVIRONMENT_PREFIXES = ("KINERJA_", "WAREHOUSE_PATH", "DAGSTER_", "DBT_", "GX_", "PYTHON")
SOCKET_NAME = "refresh.sock"
_MAX_MESSAGE = 1 << 20


class ServerBusy(RuntimeError):
    """Another resident server already answers on the socket."""


def environment_key(environ: Mapping[str, str]) -> str:
    """The part of an environment the resident process depends on, as a digest."""
    relevant = sorted((k, v) for k, v in environ.items() if k.startswith(ENVIRONMENT_PREFIXES))
    return hashlib.sha256(json.dumps([sys.executable, relevant]).encode()).hexdigest()


def _send(connection: socket.socket, message: dict, fds: Sequence[int] = ()) -> None:
    data = json.dumps(message).encode() + b"\n"
    if fds:  # the descriptors ride with the first byte; the rest may take several sends
        socket.send_fds(connection, [data[:1]], list(fds))
        data = data[1:]
    connection.sendall(data)


def _reply(replies) -> dict | None:
    """The next newline-ended JSON message of a reply stream; None once it is closed."""
    line = replies.readline()
    return json.loads(line) if line.endswith(b"\n") else None


def _receive(connection: socket.socket, fds: int) -> tuple[dict | None, list[int]]:
    """The request: one newline-ended JSON message and the file descriptors sent with it."""
    chunks, received = [], []
    while True:
        if not received:
            data, received, _flags, _address = socket.recv_fds(connection, _MAX_MESSAGE, fds)
        else:
            data = connection.recv(_MAX_MESSAGE)
        if not data:
            return None, received
        chunks.append(data)
        if data.endswith(b"\n"):
            return json.loads(b"".join(chunks)), received


def delegate(socket_path: Path, argv: Sequence[str]) -> int | None:
    """Run ``argv`` in the resident server's fork; None when there is none to run it.

    The fork writes straight to this terminal. Ctrl-C and SIGTERM sent to this process are
    passed on to it.
    """
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        client.connect(str(socket_path))
    except OSError:  # no server, or a socket file left by one that died
        client.close()
        return None
    with client, client.makefile("rb") as replies:
        request = {"argv": list(argv), "cwd": str(Path.cwd()), "env": dict(os.environ)}
        _send(client, request, fds=[0, 1, 2])
        reply = _reply(replies)
        if not reply or "pid" not in reply:
            return None  # stale: different environment or code; run it here
        child = int(reply["pid"])

        def forward(signum: int, _frame: object) -> None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signum)

        previous = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            ending = _reply(replies)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if not ending:
            print(f"the resident process {child} ended without an exit status", file=sys.stderr)
            return 1
        return int(ending["exit"])


def serve(
    socket_path: Path,
    run: Callable[[list[str]], int],
    environment: Mapping[str, str],
    code_roots: Sequence[Path],
    restart_argv: Sequence[str] | None = None,
) -> int:
    """Answer clients on ``socket_path`` until SIGTERM/SIGINT, forking one child each.

    ``run(argv)`` is what a child runs (with the client's terminal, directory and
    environment). Clients whose ``environment_key`` differs from ``environment``'s (the
    environment the server started with, before it warmed up) run their command
    themselves. So do all once a file under ``code_roots`` changed: the server then
    re-executes ``restart_argv`` (or stops if None) to load the new code.
    """
    others = [t.name for t in threading.enumerate() if t is not threading.main_thread()]
    if others:
        raise RuntimeError(f"threads would be lost in every fork: {others}")
    key, code = environment_key(environment), source_fingerprint(list(code_roots))
    server = _bind(socket_path)
    stopping = False

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        server.close()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGCHLD, lambda *_: _reap())
    try:
        while not stopping:
            try:
                connection, _ = server.accept()
            except OSError:  # closed by stop()
                break
            changed = source_fingerprint(list(code_roots)) != code
            _answer(connection, server, run, key, changed)
            if changed:
                server.close()
                socket_path.unlink(missing_ok=True)
                if restart_argv is None:
                    return 0
                os.execv(restart_argv[0], list(restart_argv))
    finally:
        socket_path.unlink(missing_ok=True)
    return 0


def _bind(socket_path: Path) -> socket.socket:
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(str(socket_path))
    except OSError:
        socket_path.unlink(missing_ok=True)  # none, or left by a server that died
    else:
        probe.close()
        raise ServerBusy(f"a resident process already answers on {socket_path}")
    finally:
        probe.close()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    socket_path.parent.mkdir(parents=True, exist_ok=True)
    server.bind(str(socket_path))
    socket_path.chmod(0o600)  # the user's own terminal and files only
    server.listen(8)
    return server


def _reap() -> None:
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _answer(
    connection: socket.socket,
    server: socket.socket,
    run: Callable[[list[str]], int],
    key: str,
    changed: bool,
) -> None:
    request, fds = _receive(connection, fds=3)
    try:
        if not request or len(fds) != 3:
            return
        if changed or environment_key(request["env"]) != key:
            _send(connection, {"stale": "code changed" if changed else "other environment"})
            return
        if os.fork() == 0:  # the child: never returns
            server.close()
            _run_child(connection, request, fds, run)
    finally:
        for fd in fds:
            os.close(fd)
        connection.close()


def _run_child(connection: socket.socket, request: dict, fds: list[int], run) -> None:
    """Take over the client's terminal, directory and environment; run; report."""
    code = 1
    try:
        _send(connection, {"pid": os.getpid()})  # first: the client forwards signals to it
        os.setpgid(0, 0)
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGCHLD):
            signal.signal(signum, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        sys.stdin = open(0, closefd=False)  # noqa: SIM115 - the process's own streams
        sys.stdout = open(1, "w", buffering=1, closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", buffering=1, closefd=False)  # noqa: SIM115
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = ["kinerja", *request["argv"]]
        code = run(list(request["argv"]))
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        try:
            atexit._run_exitfuncs()  # as a process that exits normally
            sys.stdout.flush()
            sys.stderr.flush()
            _send(connection, {"exit": code})
        finally:
            os._exit(code)
