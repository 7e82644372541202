# JupyterHub configuration for trying the course on one machine: a class password, a local-process
# spawner, everything on 127.0.0.1, all state in one folder. `make classroom-bench` and
# `make classroom-test` start a hub with it (classroom/hub.py sets the PWV_HUB_* variables); a teacher
# can also try it by hand:
#
#     .venv/bin/jupyterhub -f classroom/jupyterhub_config.py
#
# (then the proxy must be started too: see classroom/README.md). NOT for a real class: the
# SimpleLocalProcessSpawner runs every student's server as the same system user, with no isolation.
# For a real class use The Littlest JupyterHub or Zero to JupyterHub (classroom/README.md).
import os
import shutil
import sys
from pathlib import Path

c = get_config()  # type: ignore[name-defined]  # noqa: F821 (JupyterHub provides it)

ROOT = Path(__file__).resolve().parent.parent
STATE = Path(os.environ.get("PWV_HUB_STATE", ROOT / "classroom" / ".hub-state"))
STATE.mkdir(parents=True, exist_ok=True)
BIN = Path(sys.executable).parent  # the venv that runs the hub also runs the students' servers
HOMES = STATE / "homes"
# Each student's kernels' sockets: a short path (see --KernelManager.transport below).
RUN = Path(os.environ.get("PWV_HUB_RUN", "/tmp/pwv-hub-run"))

# Loopback only: nothing here is meant to be reached from another machine.
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(os.environ.get("PWV_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("PWV_HUB_API_PORT", "8081"))
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")

# The proxy is a process of its own, started by classroom/hub.py, so that restarting the hub does
# not cut the students' connections; the hub only talks to its API (token in CONFIGPROXY_AUTH_TOKEN).
c.ConfigurableHTTPProxy.should_start = False
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('PWV_PROXY_API_PORT', '8001')}"
# Students' servers outlive a hub restart, and the hub finds them again when it comes back.
c.JupyterHub.cleanup_servers = False

# One class password (at least 8 characters), any user name: the simplest login a class can use.
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ.get("PWV_CLASS_PASSWORD", "trotsky-1940")
c.Authenticator.allow_all = True
# A student who logs out frees their memory at once.
c.JupyterHub.shutdown_on_logout = True

c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
# Where an nbgitpuller link would open the course: the start lesson.
c.Spawner.default_url = "/lab/tree/planet-without-a-visa/notebooks/00-start-here.ipynb"
c.Spawner.args = [
    # The course fetches nothing at run time (the same flags as `make lab`).
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",
    # Kernels talk to their server over local sockets (files in the runtime folder), not TCP ports:
    # with thirty servers on one machine starting kernels at the same moment, two kernels were
    # handed the same free port, and one died at start ("Address already in use"; seen in the
    # bench, one student of 30). A socket's path must stay under 108 bytes: the
    # runtime folder is a short one (JUPYTER_RUNTIME_DIR below).
    "--KernelManager.transport=ipc",
    # A kernel left idle for 20 minutes is stopped (its quiz results are already saved).
    "--MappingKernelManager.cull_idle_timeout=1200",
    "--MappingKernelManager.cull_interval=60",
]
if hasattr(os, "geteuid") and os.geteuid() == 0:
    c.Spawner.args.insert(0, "--allow-root")  # containers and CI run as root
# Thirty servers starting at once on two cores take longer than the default 60 s to answer.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
# Each student's results in their own home, under their own name (lessons/progress.py reads both).
c.Spawner.environment = {
    "PWV_RESULTS_DIR": lambda spawner: str(Path(spawner.home_dir) / ".planet-without-a-visa" / "results"),
    "PWV_STUDENT": lambda spawner: spawner.user.name,
    "JUPYTER_RUNTIME_DIR": lambda spawner: str(RUN / spawner.user.name),
}


# Each student's server on a port of its own, below the range the system hands out to outgoing
# connections (32768-60999 on Linux): a "free" random port, as the spawner picks by default, was
# taken by another connection before the server could listen on it, in one bench run (the server
# gave up, "The port ... is already in use", and the hub answered 500).
SERVER_PORTS = int(os.environ.get("PWV_SERVER_PORTS", "20000"))


def prepare_student(spawner) -> None:
    """Give a new student the course where nbgitpuller would put it, ~/planet-without-a-visa, and a
    port of their own."""
    target = Path(spawner.home_dir) / "planet-without-a-visa"
    for folder in ("notebooks", "data"):
        if not (target / folder).exists():
            shutil.copytree(ROOT / folder, target / folder)
    spawner.port = SERVER_PORTS + spawner.user.id


c.Spawner.pre_spawn_hook = prepare_student

# The bench and the tests act as a hub service with one token: they read where each student's
# server runs (its pid, to measure its memory) and stop every server at the end.
if os.environ.get("PWV_HUB_ADMIN_TOKEN"):
    c.JupyterHub.services = [{"name": "classroom-harness", "api_token": os.environ["PWV_HUB_ADMIN_TOKEN"]}]
    c.JupyterHub.load_roles = [{
        "name": "classroom-harness",
        "scopes": ["admin:users", "admin:servers", "admin:server_state", "read:users", "list:users"],
        "services": ["classroom-harness"],
    }]
