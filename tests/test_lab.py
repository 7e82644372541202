"""`make lab` as a newcomer meets it: any Python 3.11 installs the lock, a broken .venv is made again,
and JupyterLab opens on the repository (so data/ is reachable) without calling the internet."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from importlib import metadata
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"


def _locked() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version.strip()
    return pins


def test_every_locked_package_installs_on_the_oldest_python_the_makefile_accepts():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "sys.version_info >= (3, 11)" in makefile  # the check that `make` runs first
    installed = {re.sub(r"[-_.]+", "-", d.metadata["Name"]).lower(): d for d in metadata.distributions()}
    pins = _locked()
    if any(installed.get(n) is None or installed[n].version != v for n, v in pins.items()):
        pytest.skip("this environment was not installed from requirements.lock (conda or pip alone)")
    too_new = {name: installed[name].metadata["Requires-Python"] for name in pins
               if installed[name].metadata["Requires-Python"]
               and not SpecifierSet(installed[name].metadata["Requires-Python"]).contains("3.11.0")}
    assert not too_new, f"these pins refuse Python 3.11.0 (Debian 12 has 3.11.2): {too_new}"


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_a_venv_made_by_an_old_python_is_removed_and_made_again(tmp_path):
    broken = tmp_path / "venv"
    (broken / "bin").mkdir(parents=True)
    fake = broken / "bin" / "python"
    fake.write_text("#!/bin/sh\nexit 1\n")  # a Python that cannot import pip, or is too old
    fake.chmod(0o755)
    done = subprocess.run(["make", "-n", "install", f"VENV={broken}"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert "was made by a Python older than 3.11, or has no pip: removing it" in done.stdout
    assert not broken.exists()
    assert f"-m venv {broken}" in done.stdout  # and the install makes it again


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _lab_arguments(port: int) -> list[str]:
    """The arguments `make lab` passes to JupyterLab, read from the Makefile's dry run."""
    dry = subprocess.run(["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    line = next(line for line in dry.stdout.splitlines() if "jupyter lab" in line)
    arguments = line.split("jupyter lab", 1)[1].split()
    arguments = [a for a in arguments if not a.startswith(("--port=", "--ip="))]
    return [*arguments, f"--port={port}", "--ip=127.0.0.1", "--no-browser", "--ServerApp.token=",
            "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True"]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_lab_serves_the_repository_and_fetches_no_news(tmp_path):
    if not (Path(sys.prefix) / ".installed").is_file():
        pytest.skip("not the environment `make` installs, which lab/overrides.json is copied into")
    port = _free_port()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "user"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"))
    command = [sys.executable, "-m", "jupyterlab", *_lab_arguments(port)]
    if os.geteuid() == 0 and "--allow-root" not in command:
        command.append("--allow-root")
    log = open(tmp_path / "server.log", "w")
    server = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(80):  # at most 40 s for the server to start
            try:
                urllib.request.urlopen(f"{base}/api", timeout=1)
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start in 40 s")
        # Started from another folder, it still serves the repository: the files lessons point to.
        for path in ("data/README.md", "data/sources.csv", "notebooks/00-start-here.ipynb"):
            with urllib.request.urlopen(f"{base}/api/contents/{path}?content=0", timeout=10) as reply:
                assert json.load(reply)["path"] == path
        with urllib.request.urlopen(f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification",
                                    timeout=10) as reply:
            defaults = json.load(reply)["schema"]["properties"]
        # lab/overrides.json changes the defaults, so no pop-up asks whether to fetch news.
        assert defaults["fetchNews"]["default"] == "false"
        assert defaults["checkForUpdates"]["default"] is False
        with urllib.request.urlopen(f"{base}/lab/api/extensions", timeout=20) as reply:
            assert reply.status == 200  # the read-only manager answers without searching PyPI
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_environment_yml_has_pyprojects_lower_bounds_and_a_python_binder_reads():
    import tomllib

    import yaml

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *(d for extra in project["optional-dependencies"].values()
                                          for d in extra)]
    conda_names = {"fastjsonschema": "python-fastjsonschema"}  # conda-forge's name for it
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    listed = [d for d in environment["dependencies"] if isinstance(d, str)]
    for requirement in wanted:
        name, bound = re.split(r"(?=>=)", requirement, maxsplit=1)
        assert f"{conda_names.get(name, name)}{bound}" in listed, requirement
    # repo2docker matches only "python=X.Y"; the version must be one the course supports.
    pythons = [d for d in listed if d.startswith("python=") or d.startswith("python>")]
    assert len(pythons) == 1 and re.fullmatch(r"python=3\.(1[1-9])", pythons[0])
    assert SpecifierSet(project["requires-python"]).contains(pythons[0].split("=")[1] + ".0")


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_the_route_without_make_starts_jupyterlab_as_make_lab_does(monkeypatch):
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import start
    finally:
        sys.path.pop(0)
    monkeypatch.setenv("JUPYTER_IP", "0.0.0.0")
    monkeypatch.setenv("JUPYTER_PORT", "9123")
    dry = subprocess.run(["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env=dict(os.environ))
    line = next(line for line in dry.stdout.splitlines() if "jupyter lab" in line)
    # Let the shell expand ${JUPYTER_IP:-...} as it does when make runs the line.
    expanded = subprocess.run(["sh", "-c", "printf '%s\\n' " + line.split("jupyter lab", 1)[1]],
                              capture_output=True, text=True, env=dict(os.environ)).stdout.split()
    assert sorted(start.lab_arguments()) == sorted(expanded)


def test_the_route_without_make_makes_the_venv_installs_the_lock_then_starts(tmp_path):
    (tmp_path / "tools").mkdir()
    shutil.copy(ROOT / "tools" / "start.py", tmp_path / "tools")
    for name in ("requirements.lock", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path)
    (tmp_path / "lab").mkdir()
    shutil.copy(ROOT / "lab" / "overrides.json", tmp_path / "lab")
    done = subprocess.run([sys.executable, str(tmp_path / "tools" / "start.py"), "--dry-run"],
                          capture_output=True, text=True, timeout=60)
    lines = done.stdout.splitlines()
    assert done.returncode == 0 and not (tmp_path / ".venv").exists()  # a dry run makes nothing
    assert lines[0].endswith(f"-m venv {tmp_path / '.venv'}")
    assert any(f"-r {tmp_path / 'requirements.lock'}" in line for line in lines)
    assert "-m jupyterlab" in lines[-1]
    assert "--LabApp.default_url=/lab/tree/notebooks/00-start-here.ipynb" in lines[-1]
