"""The app is offline: starting it, importing and exporting open no network connection.

In-process, tests/conftest.py refuses connections for every test (checked
here). Child processes get a sitecustomize that records and refuses every
Internet socket connection, UDP send and name lookup made from Python; where
strace is available the same runs are also traced at the system-call level,
which sees connections made by Qt or any native library too.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.reliability import checks
from tests.samples import REPO, SAMPLE_PDFS, SAMPLES

WINDOW_CHILD = Path(__file__).with_name("network_child.py")
pytestmark = pytest.mark.slow

SITECUSTOMIZE = textwrap.dedent('''
    """Installed by test_no_network.py: record and refuse any attempt to reach a network."""
    import os
    import socket

    _LOG = os.environ["SCRUTINY_NETWORK_LOG"]
    _INTERNET = {socket.AF_INET, socket.AF_INET6}


    def _refuse(what, detail):
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()} {what} {detail!r}\\n")
        raise OSError(101, "Network is unreachable (blocked by the no-network test)")


    def _guard(name):
        original = getattr(socket.socket, name)

        def guarded(self, *args, **kwargs):
            if self.family in _INTERNET:
                _refuse(f"socket.{name}", args)
            return original(self, *args, **kwargs)
        setattr(socket.socket, name, guarded)


    for _name in ("connect", "connect_ex", "sendto", "sendmsg"):
        _guard(_name)
    socket.create_connection = lambda address, *a, **k: _refuse("create_connection", address)
    socket.getaddrinfo = lambda host, *a, **k: _refuse("getaddrinfo", host)
    socket.gethostbyname = lambda host: _refuse("gethostbyname", host)
    socket.gethostbyname_ex = lambda host: _refuse("gethostbyname_ex", host)
''')


def test_the_suite_itself_runs_with_sockets_blocked():
    with pytest.raises(AssertionError, match="network connection"):
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)
    with pytest.raises(AssertionError, match="network connection"):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect(("192.0.2.1", 80))


@pytest.fixture
def guarded_env(tmp_path):
    """Environment for a child whose Python refuses and records network use."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "network.log"
    env = checks.child_env(str(site), SCRUTINY_NETWORK_LOG=str(log), QT_QPA_PLATFORM="offscreen",
                           XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
                           SCRUTINY_DESK_SETTINGS_DIR=str(tmp_path / "settings"))
    env.pop("SCRUTINY_DESK_WORKSPACE", None)
    return env, log


def _strace() -> list[str]:
    """A prefix tracing network system calls of a command and its children, or [] without strace."""
    strace = shutil.which("strace")
    if strace is None or subprocess.run([strace, "-f", "-qq", "-e", "trace=connect", "true"],
                                        capture_output=True).returncode != 0:
        return []
    return [strace, "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o"]


def _run(command: list[str], env: dict, trace_to: Path | None) -> subprocess.CompletedProcess:
    prefix = _strace()
    if prefix and trace_to is not None:
        command = [*prefix, str(trace_to), *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env=env, cwd=REPO)


def _internet_calls(trace: Path) -> list[str]:
    if not trace.exists():
        return []
    return [line for line in trace.read_text(errors="replace").splitlines()
            if re.search(r"sa_family=AF_INET6?\b", line)]


def test_window_import_and_exports_open_no_connection(tmp_path, guarded_env):
    env, log = guarded_env
    workspace = tmp_path / "offline.sqlite"
    papers = [str(p) for p in sorted(SAMPLES.glob("*.txt"))] + [str(SAMPLE_PDFS / "dorset-2021-11-19.pdf")]
    traces = []

    # The window: start, open the workspace, import through the window's background task, close.
    trace = tmp_path / "window.trace"
    traces.append(trace)
    window = _run([sys.executable, str(WINDOW_CHILD), str(workspace), str(tmp_path / "settings"), *papers],
                  env, trace)
    assert window.returncode == 0, window.stderr[-3000:]
    assert window.stdout.startswith("imported "), window.stdout
    assert int(window.stdout.split()[1]) >= len(papers)

    # The command line: import (six or more files, so worker processes too) and every export.
    cli = [sys.executable, "-m", "desktop"]
    commands = {
        "import": ["import", "--workspace", str(workspace), str(SAMPLE_PDFS)],
        "briefing": ["export", "briefing", "--workspace", str(workspace), "--all-councils",
                     "--out", str(tmp_path / "b.pdf")],
        "note": ["export", "note", "--workspace", str(workspace), "--since", "2010-01-01",
                 "--out", str(tmp_path / "n.pdf")],
        "table": ["export", "table", "recommendations", "--workspace", str(workspace),
                  "--out", str(tmp_path / "r.xlsx")],
    }
    for name, args in commands.items():
        trace = tmp_path / f"{name}.trace"
        traces.append(trace)
        done = _run([*cli, *args], env, trace)
        assert done.returncode == 0, (name, done.stderr[-3000:])
        assert "Traceback" not in done.stderr, (name, done.stderr[-3000:])
    for out in ("b.pdf", "n.pdf"):
        assert (tmp_path / out).read_bytes()[:5] == b"%PDF-"
    assert (tmp_path / "r.xlsx").stat().st_size > 0

    attempts = log.read_text() if log.exists() else ""
    assert attempts == "", f"network use from Python:\n{attempts}"
    native = [line for trace in traces for line in _internet_calls(trace)]
    assert native == [], "network connections at the system-call level:\n" + "\n".join(native[:20])
    if not _strace():
        print("strace not available: checked Python-level network use only")


def test_the_guard_would_notice_a_connection(tmp_path, guarded_env):
    """The check above can fail: a child that does try to connect is caught and recorded."""
    env, log = guarded_env
    tried = _run([sys.executable, "-c", "import socket; socket.create_connection(('192.0.2.1', 80), 1)"],
                 env, tmp_path / "probe.trace")
    assert tried.returncode != 0 and "blocked by the no-network test" in tried.stderr
    assert "create_connection" in log.read_text()


def test_the_system_call_trace_would_notice_a_connection(tmp_path):
    """Without the Python guard, a connection (to a closed local port) shows in the strace log."""
    if not _strace():
        pytest.skip("strace is not available here")
    trace = tmp_path / "native.trace"
    probe = "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9), 1)\nexcept OSError:\n    pass\n"
    _run([sys.executable, "-c", probe], dict(os.environ), trace)
    assert _internet_calls(trace), trace.read_text()
