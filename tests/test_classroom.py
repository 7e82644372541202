"""A class on a real JupyterHub, when things go wrong: no saved quiz result may be lost.

Run with `make classroom-test` (it installs jupyterhub into .venv and configurable-http-proxy into
classroom/node_modules, then sets PWV_CLASSROOM_TEST=1). In `make test` these tests are skipped:
they start a hub, a proxy and a few students' servers, which takes about a minute.

Each student here is classroom/student.py: the hub's login form, its REST API to start a server,
the server's REST API and kernel websocket to run lesson 02, and the widgets' comm messages to
answer the quiz, as a browser would.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

if os.environ.get("PWV_CLASSROOM_TEST") != "1":
    pytest.skip("\n\n*** CLASSROOM TEST NOT RUN: it starts a real JupyterHub: `make classroom-test` ***\n",
                allow_module_level=True)

sys.path.insert(0, str(ROOT))
from classroom import hub as hubs  # noqa: E402  (needs the repository on the path)
from classroom.student import LESSON, LESSON_PATH, Student, results_problems  # noqa: E402

sys.path.pop(0)

from lessons import progress  # noqa: E402


@pytest.fixture(scope="module")
def hub():
    with hubs.running_hub() as running:
        yield running
    assert not [pid for pid, created in running.owned if alive(pid, created)], "a process was left running"


def alive(pid: int, created: float) -> bool:
    try:
        return bool(hubs.psutil.Process(pid).create_time() == created)
    except hubs.psutil.Error:
        return False


def results_file(hub, name: str) -> Path:
    return hub.home(name) / ".planet-without-a-visa" / "results" / f"{name}--{LESSON}.json"


def saved(hub, name: str) -> dict:
    """The student's results file, read as the class report reads it (it must be whole)."""
    return progress.read_result(results_file(hub, name)).questions


def kernel_pids(hub, name: str) -> list[int]:
    server = hub.servers()[name]
    return [p.pid for p in hubs.tree(server)[1:] if "ipykernel" in " ".join(p.cmdline())]


async def logged_in(hub, name: str) -> Student:
    student = Student(name, hub.url)
    await student.log_in()
    await student.start_server()
    return student


def feedback(student: Student, kernel, number: int) -> str:
    return str(student.questions(kernel)[number].feedback.state.get("value", ""))


def test_a_killed_kernel_is_restarted_and_the_saved_answers_are_intact(hub):
    async def lesson():
        student = await logged_in(hub, "kim")
        try:
            cells = (await student.notebook())["cells"]
            kernel = await student.open_kernel()
            assert await student.run_lesson(kernel, cells) == []
            first = await student.answer_quiz(kernel, only={1, 2})
            before = saved(hub, "kim")
            [pid] = kernel_pids(hub, "kim")
            os.kill(pid, signal.SIGKILL)  # the kernel dies mid-lesson (out of memory, say)
            kernel = await student.restart(kernel)
            assert kernel_pids(hub, "kim") not in ([], [pid])
            assert await student.run_lesson(kernel, cells) == []  # Run All again, from the top
            assert "From your saved results: answered right" in feedback(student, kernel, 1)
            assert saved(hub, "kim") == before  # showing the quiz again changes nothing saved
            second = await student.answer_quiz(kernel, only={3, 4})
            assert student.errors == []
            await student.close_kernel(kernel)
            return first | second
        finally:
            await student.log_out()
            await student.close()

    expected = asyncio.run(lesson())
    assert results_problems(results_file(hub, "kim"), expected) == []
    assert len(saved(hub, "kim")) == 4


def test_the_hub_restarts_while_students_work_and_their_servers_and_answers_survive(hub):
    names = ["lea", "max"]

    async def lessons():
        students = [await logged_in(hub, name) for name in names]
        try:
            cells = (await students[0].notebook())["cells"]
            kernels = [await s.open_kernel() for s in students]
            half = len(cells) // 2
            for student, kernel in zip(students, kernels):
                assert await student.run_lesson(kernel, cells, stop=half) == []
            servers = hub.servers()
            await asyncio.to_thread(hub.stop_hub)
            # The hub is down: the proxy still carries the students' open notebooks.
            assert await students[0].run_cell(kernels[0], "len(stays)") == []
            await asyncio.to_thread(hub.start_hub)
            assert hub.servers() == servers  # the same processes, found again by the new hub
            expected = {}
            for student, kernel in zip(students, kernels):
                assert await student.run_lesson(kernel, cells, start=half) == []
                expected[student.name] = await student.answer_quiz(kernel)
                assert student.errors == []
                # A new request after the restart: the student's login and server still answer.
                assert "Logout" in await student.page("/hub/home")
                assert (await student.notebook())["cells"]
                await student.close_kernel(kernel)
            return expected
        finally:
            for student in students:
                await student.log_out()
                await student.close()

    for name, expected in asyncio.run(lessons()).items():
        assert results_problems(results_file(hub, name), expected) == []


def test_one_lesson_open_twice_keeps_the_answers_of_both_and_a_whole_file(hub):
    async def two_tabs():
        student = await logged_in(hub, "noa")
        try:
            cells = (await student.notebook())["cells"]
            folder = str(Path(LESSON_PATH).parent)
            # File > Duplicate: a copy of the lesson, with a kernel of its own.
            copy = await student._call("POST", f"{student.base}/api/contents/{folder}",
                                       json={"copy_from": LESSON_PATH})
            tabs = [await student.open_kernel(), await student.open_kernel(copy["path"])]
            assert len({tab.kernel_id for tab in tabs}) == 2
            runs = await asyncio.gather(*(student.run_lesson(tab, cells) for tab in tabs))
            assert runs == [[], []]
            count = len(student.questions(tabs[0]))
            odd = set(range(1, count + 1, 2))
            # Both tabs answer at the same moment, each its own half of the quiz.
            answers = await asyncio.gather(student.answer_quiz(tabs[0], only=odd),
                                           student.answer_quiz(tabs[1], only=set(range(1, count + 1)) - odd))
            assert student.errors == []
            for tab in tabs:
                await student.close_kernel(tab)
            return answers[0] | answers[1], count
        finally:
            await student.log_out()
            await student.close()

    expected, count = asyncio.run(two_tabs())
    path = results_file(hub, "noa")
    json.loads(path.read_text(encoding="utf-8"))  # whole JSON
    assert results_problems(path, expected) == []
    assert len(saved(hub, "noa")) == count
    assert sorted(p.name for p in path.parent.iterdir() if not p.name.startswith(".")) == [path.name]
