"""A class on one JupyterHub: how long lesson 02 takes when 30 students run it at once.

    .venv/bin/python -m classroom.bench [--students 30] [--spread 60] [--json FILE]

(`make classroom-bench` installs the hub and runs this.) On a real hub started here
(classroom/hub.py), three runs, one after the other:

1. **alone**: one student at a time, three times: the reference (its median);
2. **at once**: every student logs in at the same moment;
3. **spread**: the students arrive evenly over ``--spread`` seconds;
4. **warm**: the servers are started first (arrivals spread as in 3), and only when all are
   running does everyone open the lesson, at the same moment: a class whose servers a teacher
   started before the bell (the "lesson" time is then the lesson alone, without logins).

Each student logs in, starts a server, opens lesson 02, runs every code cell, answers the quiz
through the widget comms (classroom/student.py), closes the notebook and logs out (which stops their
server). Per student it reports the time to a running server, the time to run the lesson and the
quiz, errors, and the peak memory of their server and its kernel: PSS (proportional set size: each
shared page divided among the processes that share it; what adds up to the machine's use) and USS
(the pages that are theirs alone; what one more student adds at least). The machine's CPU is read
from /proc/stat: the share used by the students' processes, by the hub and proxy, by this driver,
and by everything else (another session on the machine counts there).

A benchmark, not a test: absolute times vary between machines; the ratio to "alone" is the figure.
Every wait is bounded: a student who takes more than ``STUDENT_TIMEOUT`` seconds is stopped and counted
as an error.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import shutil
import statistics
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]  # (no stubs in the lock)

from classroom.hub import Hub, running_hub, tree
from classroom.student import LESSON, Student, results_problems

STUDENT_TIMEOUT = 900.0
SAMPLE_EVERY = 1.0
MB = 1024 * 1024


@dataclass
class Record:
    """One student's run."""

    name: str
    arrived: float = 0.0
    server_s: float | None = None
    lesson_s: float | None = None
    quiz_s: float | None = None
    peak_pss_mb: float = 0.0
    peak_uss_mb: float = 0.0
    errors: list[str] = field(default_factory=list)
    retries: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.lesson_s is not None and self.quiz_s is not None and not self.errors


class Gate:
    """Everyone waits here until the whole class is through (or has failed): a bounded wait."""

    def __init__(self, count: int) -> None:
        self.left, self.open = count, asyncio.Event()

    def arrive(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self.open.set()

    async def wait(self) -> None:
        await asyncio.wait_for(self.open.wait(), STUDENT_TIMEOUT)


async def one_student(hub: Hub, name: str, delay: float, started: float, gate: Gate | None = None) -> Record:
    """A student arriving ``delay`` seconds after the run began, through to logging out; with a
    ``gate``, they open the lesson only when every server of the class is running."""
    record = Record(name)
    await asyncio.sleep(delay)
    record.arrived = time.monotonic() - started
    student = Student(name, hub.url)
    try:
        try:
            await student.log_in()
            record.server_s = await student.start_server()
        finally:
            if gate is not None:
                gate.arrive()
        if gate is not None:
            await gate.wait()
        cells = (await student.notebook())["cells"]
        kernel = await student.open_kernel()
        began = time.monotonic()
        record.errors += await student.run_lesson(kernel, cells)
        record.lesson_s = time.monotonic() - began
        began = time.monotonic()
        expected = await student.answer_quiz(kernel)
        record.quiz_s = time.monotonic() - began
        record.errors += student.errors
        record.errors += results_problems(hub.home(name) / ".planet-without-a-visa" / "results"
                                          / f"{name}--{LESSON}.json", expected)
        await student.close_kernel(kernel)
        await student.log_out()
    except Exception as error:  # noqa: BLE001 (any failure is this student's error, the others go on)
        record.errors.append(f"{type(error).__name__}: {error}"[:300])
        if student.logged_in:  # so that their server stops too
            with contextlib.suppress(Exception):
                await student.log_out()
    finally:
        record.retries = list(student.retries)
        await student.close()
    return record


class Sampler:
    """Once a second: each student's server + kernel memory (PSS, USS), the hub's, the machine's CPU."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.peak: dict[str, tuple[float, float]] = {}
        self.peak_total_pss = 0.0
        self.peak_hub_pss = 0.0
        self.peak_used = 0.0
        self.cpu_seconds: dict[tuple[int, float], tuple[str, float]] = {}
        self.stop = asyncio.Event()

    def sample(self) -> None:
        total = 0.0
        for name, pid in self.hub.servers().items():
            pss = uss = 0.0
            for process in tree(pid):
                try:
                    with process.oneshot():
                        memory = process.memory_full_info()
                        times = process.cpu_times()
                        key = (process.pid, process.create_time())
                    pss, uss = pss + memory.pss / MB, uss + memory.uss / MB
                    self.cpu_seconds[key] = ("students", times.user + times.system)
                except psutil.Error:
                    continue
            old = self.peak.get(name, (0.0, 0.0))
            self.peak[name] = (max(old[0], pss), max(old[1], uss))
            total += pss
        hub_pss = 0.0
        for who, child in (("hub and proxy", self.hub.hub), ("hub and proxy", self.hub.proxy)):
            if child is None:
                continue
            try:
                process = psutil.Process(child.pid)
                hub_pss += process.memory_full_info().pss / MB
                times = process.cpu_times()
                self.cpu_seconds[(process.pid, process.create_time())] = (who, times.user + times.system)
            except psutil.Error:
                pass
        self.peak_hub_pss = max(self.peak_hub_pss, hub_pss)
        self.peak_total_pss = max(self.peak_total_pss, total + hub_pss)
        memory = psutil.virtual_memory()
        self.peak_used = max(self.peak_used, (memory.total - memory.available) / MB)

    async def run(self) -> None:
        while not self.stop.is_set():
            try:
                await asyncio.to_thread(self.sample)
            except Exception:  # noqa: BLE001, S110 (a hub busy for a moment: the next sample counts)
                pass
            try:
                await asyncio.wait_for(self.stop.wait(), SAMPLE_EVERY)
            except TimeoutError:
                pass

    def cpu_by(self, who: str) -> float:
        return sum(seconds for kind, seconds in self.cpu_seconds.values() if kind == who)


async def run(hub: Hub, label: str, count: int, spread: float, sequential: bool = False,
              gated: bool = False) -> dict[str, Any]:
    """One run of ``count`` students; its records and the machine's figures."""
    gate = Gate(count) if gated else None
    sampler = Sampler(hub)
    cpu_before, driver_before = psutil.cpu_times(), psutil.Process().cpu_times()
    memory = psutil.virtual_memory()
    used_before = (memory.total - memory.available) / MB
    watcher = asyncio.create_task(sampler.run())
    started = time.monotonic()
    names = [f"{label}-{n:02d}" for n in range(1, count + 1)]
    if sequential:
        records = [await asyncio.wait_for(one_student(hub, name, 0, started), STUDENT_TIMEOUT)
                   for name in names]
    else:
        tasks = [asyncio.wait_for(one_student(hub, name, spread * n / count, started, gate),
                                  STUDENT_TIMEOUT + spread) for n, name in enumerate(names)]
        records = []
        for name, outcome in zip(names, await asyncio.gather(*tasks, return_exceptions=True)):
            if isinstance(outcome, BaseException):
                outcome = Record(name, errors=[f"{type(outcome).__name__}: stopped after the time limit"])
            records.append(outcome)
    wall = time.monotonic() - started
    sampler.stop.set()
    await watcher
    for record in records:
        record.peak_pss_mb, record.peak_uss_mb = sampler.peak.get(record.name, (0.0, 0.0))
    cpu_after, driver_after = psutil.cpu_times(), psutil.Process().cpu_times()
    busy = sum(cpu_after) - sum(cpu_before) - (cpu_after.idle - cpu_before.idle) - (
        getattr(cpu_after, "iowait", 0) - getattr(cpu_before, "iowait", 0))
    driver = (driver_after.user + driver_after.system) - (driver_before.user + driver_before.system)
    students, hub_cpu = sampler.cpu_by("students"), sampler.cpu_by("hub and proxy")
    # Logging out stops a server; one still stopping may take a few seconds more on a busy machine.
    deadline = time.monotonic() + 30
    while (left := hub.servers()) and time.monotonic() < deadline:
        await asyncio.sleep(1)
    return {"run": label, "students": count, "wall_s": wall, "records": [asdict(r) for r in records],
            "complete": sum(r.complete for r in records), "servers_left": sorted(left),
            "peak_total_pss_mb": sampler.peak_total_pss, "peak_hub_pss_mb": sampler.peak_hub_pss,
            "machine_used_before_mb": used_before,
            "machine_used_peak_mb": sampler.peak_used,
            "cpu_cores": psutil.cpu_count(), "cpu_busy_s": busy, "cpu_students_s": students,
            "cpu_hub_s": hub_cpu, "cpu_driver_s": driver,
            "cpu_other_s": max(0.0, busy - students - hub_cpu - driver)}


def p95(values: list[float]) -> float:
    """The 95th percentile, nearest rank (of 30 values: the 29th)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def summary(result: dict[str, Any], alone: float | None) -> dict[str, Any]:
    records = result["records"]
    done = [r for r in records if r["lesson_s"] is not None]

    def stats(key: str) -> tuple[float, float, float]:
        values = [r[key] for r in records if r[key] is not None] or [math.nan]
        return statistics.median(values), p95(values), max(values)

    lesson = stats("lesson_s")
    return {"run": result["run"], "students": result["students"], "complete": result["complete"],
            "with_errors": sum(bool(r["errors"]) for r in records), "server": stats("server_s"),
            "lesson": lesson, "quiz": stats("quiz_s"),
            "ratio": (lesson[0] / alone, lesson[1] / alone) if alone and done else None,
            "pss": spread_of([r["peak_pss_mb"] for r in records]),
            "uss": spread_of([r["peak_uss_mb"] for r in records])}


def spread_of(values: list[float]) -> tuple[float, float]:
    """Median and maximum."""
    return statistics.median(values), max(values)


def print_tables(results: list[dict[str, Any]]) -> None:
    alone = summary(results[0], None)["lesson"][0]
    print("\nPer student (s = seconds; memory = peak of the student's server + kernel, MB)")
    print(f"{'student':<12} {'arrived':>7} {'server s':>8} {'lesson s':>8} {'quiz s':>7} {'PSS':>6} "
          f"{'USS':>6}  errors")
    for result in results:
        for r in result["records"]:
            def show(value: float | None) -> str:
                return "-" if value is None else f"{value:.1f}"
            print(f"{r['name']:<12} {r['arrived']:>7.1f} {show(r['server_s']):>8} {show(r['lesson_s']):>8} "
                  f"{show(r['quiz_s']):>7} {r['peak_pss_mb']:>6.0f} {r['peak_uss_mb']:>6.0f}  "
                  f"{'; '.join(r['errors'])[:200] or 'none'}"
                  + (f" ({len(r['retries'])} kernel_info retries)" if r.get("retries") else ""))
    print("\nPer run (median / p95 / max; lesson x alone = median and p95 over the alone median)")
    print(f"{'run':<8} {'done':>7} {'server s':>17} {'lesson s':>17} {'x alone':>11} {'quiz s':>6} "
          f"{'PSS MB med/max':>15} {'USS MB med/max':>15} {'hub PSS':>7} {'total PSS':>9} {'RAM used':>13}")
    for result in results:
        s = summary(result, alone)
        ratio = f"{s['ratio'][0]:.2f}/{s['ratio'][1]:.2f}" if s["ratio"] else "-"
        print(f"{s['run']:<8} {s['complete']:>3}/{s['students']:<3} "
              f"{'/'.join(f'{v:.1f}' for v in s['server']):>17} "
              f"{'/'.join(f'{v:.1f}' for v in s['lesson']):>17} "
              f"{ratio:>11} {s['quiz'][0]:>6.1f} {s['pss'][0]:>7.0f}/{s['pss'][1]:<7.0f} "
              f"{s['uss'][0]:>7.0f}/{s['uss'][1]:<7.0f} {result.get('peak_hub_pss_mb', 0):>7.0f} "
              f"{result['peak_total_pss_mb']:>9.0f} "
              f"{result['machine_used_before_mb']:>6.0f}>{result['machine_used_peak_mb']:<6.0f}")
    print(f"\nCPU seconds on {results[0]['cpu_cores']} cores (busy = all processes on the machine)")
    print(f"{'run':<8} {'wall s':>7} {'busy':>7} {'students':>9} {'hub+proxy':>9} {'driver':>7} "
          f"{'other':>7} {'use':>5}")
    for result in results:
        use = result["cpu_busy_s"] / (result["wall_s"] * result["cpu_cores"])
        print(f"{result['run']:<8} {result['wall_s']:>7.0f} {result['cpu_busy_s']:>7.0f} "
              f"{result['cpu_students_s']:>9.0f} {result['cpu_hub_s']:>9.0f} {result['cpu_driver_s']:>7.0f} "
              f"{result['cpu_other_s']:>7.0f} {use:>5.0%}")
    for result in results:
        if result["servers_left"]:
            left = ", ".join(result["servers_left"])
            print(f"!! {result['run']}: servers still running after logout: {left}")


async def bench(hub: Hub, students: int, spread: float, runs: list[str]) -> list[dict[str, Any]]:
    results = [await run(hub, "alone", 3, 0, sequential=True)]
    if "once" in runs:
        results.append(await run(hub, "once", students, 0))
    if "spread" in runs:
        results.append(await run(hub, "spread", students, spread))
    if "warm" in runs:
        # What a teacher can do: start every server before the class (from the hub's admin page),
        # so that logging in costs nothing; then everyone opens the lesson at the same moment.
        results.append(await run(hub, "warm", students, spread, gated=True))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--spread", type=float, default=60.0,
                        help="seconds over which the 'spread' run arrives")
    parser.add_argument("--runs", default="once,spread,warm",
                        help="which class runs after 'alone' (once,spread,warm)")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    options = parser.parse_args()
    print(f"{time.strftime('%Y-%m-%d %H:%M')}: lesson {LESSON}, {options.students} students, "
          f"{psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB; load before: "
          f"{', '.join(f'{v:.2f}' for v in os.getloadavg())}")
    with running_hub() as hub:
        try:
            results = asyncio.run(bench(hub, options.students, options.spread, options.runs.split(",")))
        finally:
            # The hub's log holds every student server's log too: kept for a look after the run.
            if options.json:
                options.json.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(hub.state / "hub.log", options.json.with_suffix(".hub.log"))
    print_tables(results)
    if options.json:
        options.json.parent.mkdir(parents=True, exist_ok=True)
        options.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
        print(f"\nevery figure: {options.json}")
    if any(r["complete"] < r["students"] for r in results):
        raise SystemExit("not every student completed the lesson without an error")


if __name__ == "__main__":
    main()
