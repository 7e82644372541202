"""A real JupyterHub on this machine, for the classroom bench and tests: started and stopped here.

It starts configurable-http-proxy (from classroom/node_modules) and JupyterHub (from .venv) with
classroom/jupyterhub_config.py, every port on 127.0.0.1, all state (database, cookie secret, the
students' homes) in a temporary folder. Every process it starts, and every student server the hub
starts, is remembered by pid (and start time, so a reused pid is never touched) and ended by that
pid at the end, with its children, also after an error or Ctrl-C.
"""

from __future__ import annotations

import contextlib
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]  # (no stubs in the lock)

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "classroom" / "jupyterhub_config.py"
PROXY = ROOT / "classroom" / "node_modules" / ".bin" / "configurable-http-proxy"
JUPYTERHUB = Path(sys.executable).parent / "jupyterhub"
PASSWORD = "trotsky-1940"


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_ports() -> int:
    """Where this hub's students' ports start: a thousand of its own below the system's range for
    outgoing connections, so that two hubs on one machine (a test beside a bench) rarely meet."""
    return random.randrange(10_000, 31_000, 1_000)


class Hub:
    """A hub, its proxy and the students' servers, all owned by this object (use it as a context)."""

    def __init__(self, state: Path | None = None) -> None:
        self.state = state or Path(tempfile.mkdtemp(prefix="pwv-hub-"))
        self.own_state = state is None
        self.port, self.api_port, self.proxy_api_port = free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(16)
        self.env = dict(os.environ, PWV_HUB_STATE=str(self.state), PWV_HUB_RUN=str(self.state / "run"),
                        PWV_HUB_PORT=str(self.port), PWV_SERVER_PORTS=str(server_ports()),
                        PWV_HUB_API_PORT=str(self.api_port), PWV_PROXY_API_PORT=str(self.proxy_api_port),
                        PWV_HUB_ADMIN_TOKEN=self.token, PWV_CLASS_PASSWORD=PASSWORD,
                        CONFIGPROXY_AUTH_TOKEN=secrets.token_hex(16))
        # The tests' own results folder must not leak into the students' servers.
        self.env.pop("PWV_RESULTS_DIR", None)
        self.env.pop("PWV_STUDENT", None)
        self.proxy: subprocess.Popen | None = None
        self.hub: subprocess.Popen | None = None
        # (pid, create_time) of every process started here or by the hub: what close() ends.
        self.owned: set[tuple[int, float]] = set()

    # ---- starting and stopping

    def start(self) -> Hub:
        """Start the proxy, then the hub; return when the hub answers (at most 90 s)."""
        if not PROXY.exists():
            raise RuntimeError(f"{PROXY} is missing: run `make classroom-bench` (it runs npm ci)")
        self.state.mkdir(parents=True, exist_ok=True)
        log = open(self.state / "proxy.log", "ab")
        self.proxy = subprocess.Popen(
            [str(PROXY), "--ip", "127.0.0.1", "--port", str(self.port), "--api-ip", "127.0.0.1",
             "--api-port", str(self.proxy_api_port), "--error-target", f"http://127.0.0.1:{self.api_port}/hub/error"],
            env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self._own(self.proxy.pid)
        self.start_hub()
        return self

    def start_hub(self) -> None:
        """Start (or start again) the hub process and wait until its API answers."""
        log = open(self.state / "hub.log", "ab")
        self.hub = subprocess.Popen([str(JUPYTERHUB), "-f", str(CONFIG)], cwd=self.state, env=self.env,
                                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self._own(self.hub.pid)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.hub.poll() is not None:
                raise RuntimeError(f"the hub exited ({self.hub.returncode}): see {self.state / 'hub.log'}")
            try:
                self.api("GET", "/users")
                return
            except (OSError, urllib.error.URLError):
                time.sleep(0.3)
        raise RuntimeError(f"the hub did not answer in 90 s: see {self.state / 'hub.log'}")

    def stop_hub(self) -> None:
        """Stop the hub process alone (as a restart would); the proxy and the servers go on."""
        self.servers()  # remember the servers' pids before the hub that knows them goes
        if self.hub is not None:
            self.hub.send_signal(signal.SIGTERM)
            try:
                self.hub.wait(30)
            except subprocess.TimeoutExpired:
                self.hub.kill()
                self.hub.wait(10)
            self.hub = None

    def restart_hub(self) -> None:
        """Stop the hub and start it again, as an admin would after a configuration change."""
        self.stop_hub()
        self.start_hub()

    def close(self) -> None:
        """Stop every student's server through the hub, then end every process started here by pid."""
        with contextlib.suppress(Exception):
            self.servers()
            if self.hub is not None and self.hub.poll() is None:
                for name in self.servers():
                    with contextlib.suppress(Exception):
                        self.api("DELETE", f"/users/{name}/server")
                deadline = time.monotonic() + 30
                while self.servers() and time.monotonic() < deadline:
                    time.sleep(0.5)
        # The students' servers first, then the hub, the proxy last (it carries their traffic).
        last = [getattr(child, "pid", None) for child in (self.hub, self.proxy)]
        for pid, created in sorted(self.owned, key=lambda own: last.index(own[0]) if own[0] in last else -1):
            end_tree(pid, created)
        for child in (self.hub, self.proxy):
            if child is not None:
                with contextlib.suppress(Exception):
                    child.wait(5)
        if self.own_state:
            shutil.rmtree(self.state, ignore_errors=True)

    def __enter__(self) -> Hub:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.close()

    # ---- what the hub knows

    def api(self, method: str, path: str, body: bytes | None = None) -> Any:
        """Call the hub's REST API with the harness's token; the decoded JSON answer."""
        import json

        request = urllib.request.Request(f"{self.url}/hub/api{path}", data=body, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            text = answer.read()
        return json.loads(text) if text else None

    def servers(self) -> dict[str, int]:
        """The pid of each running student server, by user name (and remember each as owned)."""
        found = {}
        for user in self.api("GET", "/users?state=active"):
            server = user.get("servers", {}).get("")
            pid = (server or {}).get("state", {}).get("pid")
            if pid:
                found[user["name"]] = int(pid)
                self._own(int(pid))
        return found

    def home(self, name: str) -> Path:
        """A student's home folder, where the spawner put their copy of the course."""
        return self.state / "homes" / name

    def _own(self, pid: int) -> None:
        with contextlib.suppress(psutil.Error):
            self.owned.add((pid, psutil.Process(pid).create_time()))


def tree(pid: int) -> list[psutil.Process]:
    """A process and all its descendants (nothing if it has gone)."""
    try:
        top = psutil.Process(pid)
        return [top, *top.children(recursive=True)]
    except psutil.Error:
        return []


def end_tree(pid: int, created: float) -> None:
    """End one process (if it is still the one started then) and its children: TERM, then KILL."""
    with contextlib.suppress(psutil.Error):
        if psutil.Process(pid).create_time() != created:
            return
    processes = tree(pid)
    for process in processes:
        with contextlib.suppress(psutil.Error):
            process.terminate()
    _, alive = psutil.wait_procs(processes, timeout=10)
    for process in alive:
        with contextlib.suppress(psutil.Error):
            process.kill()
    psutil.wait_procs(alive, timeout=5)


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def running_hub() -> Iterator[Hub]:
    """A started hub, closed on the way out whatever happens (Ctrl-C included)."""
    hub = Hub()
    previous = signal.getsignal(signal.SIGTERM)
    # A TERM from outside (a CI time-out) unwinds like Ctrl-C, so the finally below still runs.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        hub.start()
        yield hub
    finally:
        hub.close()
        signal.signal(signal.SIGTERM, previous)
