"""One simulated student on the hub, doing over HTTP and a websocket what their browser would do.

They log in with the class password (the hub's login form), start their server (the hub's REST
API, as the "Start My Server" button does), open the lesson (a session through the server's REST
API, as JupyterLab does when a notebook is opened), run it top to bottom (an ``execute_request``
per code cell on the kernel's websocket, waiting for the kernel to go idle, collecting errors),
answer the quiz as the widgets do (comm messages to the widget models: the same ``update`` of an
option's index and ``click`` of "Check answer" that the browser's widget manager sends), and log
out. Every wait is bounded in time; nothing loops without a limit.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from yarl import URL

from classroom.hub import PASSWORD
from lessons.questions import banks

LESSON = "02-planet-without-a-visa"
LESSON_PATH = f"planet-without-a-visa/notebooks/{LESSON}.ipynb"
CELL_TIMEOUT = 180.0  # one cell, on a machine shared by thirty kernels
SPAWN_TIMEOUT = 240.0


class StudentError(RuntimeError):
    """Something a student would have seen go wrong (the message says what)."""


@dataclass
class Widget:
    """A widget model as the browser's widget manager holds it: its comm and its latest state."""

    comm_id: str
    state: dict[str, Any]


@dataclass
class Kernel:
    """One open notebook: its kernel's websocket, and the widget models the kernel has opened."""

    kernel_id: str
    session: str
    socket: aiohttp.ClientWebSocketResponse
    widgets: dict[str, Widget] = field(default_factory=dict)
    # iopub and shell messages by the id of the request they answer
    replies: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    idle: dict[str, asyncio.Event] = field(default_factory=dict)
    reader: asyncio.Task | None = None


class Student:
    """A student with a browser-like HTTP client (cookies, XSRF header) on the hub at ``hub_url``."""

    def __init__(self, name: str, hub_url: str) -> None:
        self.name, self.hub_url = name, hub_url
        self.base = f"{hub_url}/user/{name}"
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                          timeout=aiohttp.ClientTimeout(total=60))
        self.errors: list[str] = []
        self.retries: list[str] = []
        self.logged_in = False

    async def close(self) -> None:
        await self.http.close()

    def _xsrf(self, url: str) -> dict[str, str]:
        cookie = self.http.cookie_jar.filter_cookies(URL(url)).get("_xsrf")
        headers = {"Sec-Fetch-Mode": "cors", "Sec-Fetch-Site": "same-origin"}
        if cookie is not None:
            headers["X-XSRFToken"] = cookie.value
        return headers

    async def _call(self, method: str, url: str, expect: tuple[int, ...] = (200, 201, 202, 204),
                    **kwargs: Any) -> Any:
        async with self.http.request(method, url, headers=self._xsrf(url), **kwargs) as answer:
            text = await answer.text()
            if answer.status not in expect:
                raise StudentError(f"{method} {url} answered {answer.status}: {text[:200]}")
            return json.loads(text) if text and answer.content_type == "application/json" else text

    async def page(self, path: str) -> str:
        """Open a page as a browser navigates to it (redirects and cookies followed)."""
        url = path if path.startswith("http") else f"{self.hub_url}{path}"
        async with self.http.get(url, headers={"Sec-Fetch-Mode": "navigate"}) as answer:
            text = await answer.text()
            if answer.status != 200:
                raise StudentError(f"GET {url} answered {answer.status}")
            return text

    # ---- the hub

    async def log_in(self) -> None:
        """The login form, with the class password."""
        await self.page("/hub/login")
        url = f"{self.hub_url}/hub/login"
        xsrf = self._xsrf(url).get("X-XSRFToken", "")
        async with self.http.post(url, data={"username": self.name, "password": PASSWORD, "_xsrf": xsrf},
                                  headers={"Sec-Fetch-Mode": "navigate"}, allow_redirects=False) as answer:
            if answer.status != 302:
                raise StudentError(f"login answered {answer.status}, not a redirect")
        self.logged_in = True

    async def start_server(self) -> float:
        """Ask the hub for a server and wait until it is ready; the seconds it took."""
        started = time.monotonic()
        await self._call("POST", f"{self.hub_url}/hub/api/users/{self.name}/server", expect=(201, 202, 400),
                         json={})
        while time.monotonic() - started < SPAWN_TIMEOUT:
            user = await self._call("GET", f"{self.hub_url}/hub/api/users/{self.name}")
            server = user.get("servers", {}).get("")
            if server and server.get("ready"):
                break
            await asyncio.sleep(0.5)
        else:
            raise StudentError(f"no server after {SPAWN_TIMEOUT:.0f} s")
        # The lab page: the hub's OAuth hand-off gives the browser its cookie for the server.
        await self.page(f"/user/{self.name}/lab")
        return time.monotonic() - started

    async def log_out(self) -> None:
        """The hub's Logout (this hub stops the student's server on logout)."""
        await self.page("/hub/logout")
        self.logged_in = False

    # ---- the notebook

    async def notebook(self, path: str = LESSON_PATH) -> dict[str, Any]:
        """The notebook's content, as JupyterLab reads it when it opens the file."""
        model = await self._call("GET", f"{self.base}/api/contents/{path}?content=1&type=notebook")
        return dict(model["content"])

    async def open_kernel(self, path: str = LESSON_PATH) -> Kernel:
        """A session for the notebook (a new kernel) and its websocket, as a new tab opens it."""
        model = await self._call("POST", f"{self.base}/api/sessions", json={
            "path": path, "name": Path(path).name, "type": "notebook", "kernel": {"name": "python3"}})
        return await self.connect(model["kernel"]["id"])

    async def connect(self, kernel_id: str) -> Kernel:
        """Open the websocket of a kernel (again, after a restart or a lost connection)."""
        session = uuid.uuid4().hex
        url = f"{self.base}/api/kernels/{kernel_id}/channels?session_id={session}"
        socket = await self.http.ws_connect(url.replace("http", "ws", 1), origin=self.hub_url,
                                            headers={"Sec-Fetch-Mode": "websocket"}, max_msg_size=0,
                                            heartbeat=30)
        kernel = Kernel(kernel_id, session, socket)
        kernel.reader = asyncio.create_task(self._read(kernel))
        # A kernel still starting may miss the first request: ask again, as a front end waiting for
        # "kernel ready" would, every 30 s for at most 2 minutes (each retry is counted).
        for attempt in range(4):
            try:
                await self.request(kernel, "kernel_info_request", {}, timeout=30)
                return kernel
            except StudentError:
                self.retries.append(f"kernel_info_request unanswered after 30 s (try {attempt + 1})")
        raise StudentError("the kernel never answered kernel_info_request (4 tries, 2 minutes)")

    async def close_kernel(self, kernel: Kernel, shut_down: bool = True) -> None:
        """Close the tab: the websocket, and the kernel too unless ``shut_down`` is false."""
        if kernel.reader is not None:
            kernel.reader.cancel()
        await kernel.socket.close()
        if shut_down:
            await self._call("DELETE", f"{self.base}/api/kernels/{kernel.kernel_id}", expect=(204, 404))

    async def restart(self, kernel: Kernel) -> Kernel:
        """Kernel > Restart Kernel, and a fresh connection to it."""
        await self.close_kernel(kernel, shut_down=False)
        await self._call("POST", f"{self.base}/api/kernels/{kernel.kernel_id}/restart", json={},
                         timeout=aiohttp.ClientTimeout(total=120))
        return await self.connect(kernel.kernel_id)

    async def _read(self, kernel: Kernel) -> None:
        async for frame in kernel.socket:
            if frame.type != aiohttp.WSMsgType.TEXT:
                continue
            message = json.loads(frame.data)
            parent = message.get("parent_header", {}).get("msg_id", "")
            kind, content = message["header"]["msg_type"], message.get("content", {})
            if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
                comm = content["comm_id"]
                kernel.widgets[comm] = Widget(comm, dict(content["data"]["state"]))
            elif kind == "comm_msg" and content.get("comm_id") in kernel.widgets:
                data = content.get("data", {})
                if data.get("method") in ("update", "echo_update"):
                    kernel.widgets[content["comm_id"]].state.update(data.get("state", {}))
            kernel.replies.setdefault(parent, []).append(message)
            if kind == "status" and content.get("execution_state") == "idle" and parent in kernel.idle:
                kernel.idle[parent].set()

    async def request(self, kernel: Kernel, kind: str, content: dict[str, Any], timeout: float = CELL_TIMEOUT,
                      channel: str = "shell") -> list[dict[str, Any]]:
        """Send one message and wait until the kernel is idle after it; the messages it caused."""
        msg_id = uuid.uuid4().hex
        kernel.idle[msg_id] = asyncio.Event()
        await kernel.socket.send_str(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": kind, "session": kernel.session, "username": self.name,
                       "version": "5.3", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": []}))
        try:
            await asyncio.wait_for(kernel.idle[msg_id].wait(), timeout)
        except TimeoutError as error:
            raise StudentError(f"{kind} got no answer in {timeout:.0f} s") from error
        del kernel.idle[msg_id]
        return kernel.replies.pop(msg_id, [])

    async def run_cell(self, kernel: Kernel, source: str) -> list[str]:
        """Run one code cell as JupyterLab does; the errors and stderr output a student would see."""
        replies = await self.request(kernel, "execute_request", {
            "code": source, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True})
        problems = []
        for message in replies:
            kind, content = message["header"]["msg_type"], message["content"]
            if kind == "error":
                problems.append(f"{content['ename']}: {content['evalue']}"[:300])
            elif kind == "stream" and content.get("name") == "stderr":
                problems.append(f"stderr: {content['text']}"[:300])
        return problems

    async def run_lesson(self, kernel: Kernel, cells: list[dict[str, Any]], start: int = 0,
                         stop: int | None = None) -> list[str]:
        """Run the code cells from the top (or cell ``start``, to cell ``stop``); the problems seen."""
        problems = []
        for number, cell in enumerate(cells[:stop]):
            if number >= start and cell["cell_type"] == "code":
                source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
                problems += [f"cell {number}: {p}" for p in await self.run_cell(kernel, source)]
        return problems

    # ---- the quiz, through the widget models

    def questions(self, kernel: Kernel) -> dict[int, Question]:
        """The quiz's questions as the page shows them, by number: prompt, inputs, buttons, feedback."""
        by_id = {w.comm_id: w for w in kernel.widgets.values()}

        def child(ref: str) -> Widget:
            return by_id[ref.removeprefix("IPY_MODEL_")]

        found = {}
        for box in kernel.widgets.values():
            if box.state.get("_model_name") != "VBoxModel":
                continue
            children = [child(ref) for ref in box.state.get("children", [])
                        if ref.removeprefix("IPY_MODEL_") in by_id]
            if len(children) < 4 or children[-2].state.get("_model_name") != "HBoxModel":
                continue
            buttons = [child(ref) for ref in children[-2].state.get("children", [])]
            if not buttons or buttons[0].state.get("description") != "Check answer":
                continue
            number = re.search(r"Question (\d+)\.", str(children[0].state.get("value", "")))
            if number:
                found[int(number.group(1))] = Question(children[1:-2], buttons[0], buttons[1], children[-1])
        return found

    async def send_comm(self, kernel: Kernel, widget: Widget, data: dict[str, Any]) -> None:
        """One message from the widget's view to its model, as the browser's widget manager sends it."""
        await self.request(kernel, "comm_msg", {"comm_id": widget.comm_id, "data": data}, timeout=60)

    async def choose(self, kernel: Kernel, radio: Widget, label: str) -> None:
        """Click an option of a radio-button question."""
        index = list(radio.state["_options_labels"]).index(label)
        await self.send_comm(kernel, radio, {"method": "update", "state": {"index": index},
                                             "buffer_paths": []})

    async def type_text(self, kernel: Kernel, box: Widget, text: str) -> None:
        """Type into a text box."""
        await self.send_comm(kernel, box, {"method": "update", "state": {"value": text}, "buffer_paths": []})

    async def check(self, kernel: Kernel, question: Question) -> str:
        """Click "Check answer"; the feedback the student then reads."""
        await self.send_comm(kernel, question.check, {"method": "custom", "content": {"event": "click"}})
        return str(question.feedback.state.get("value", ""))

    async def answer_quiz(self, kernel: Kernel, only: set[int] | None = None) -> dict[str, str]:
        """Answer the quiz as a student might: each choice question wrong, then right; each year
        right; any other question checked once as it stands. Returns what was expected per question id,
        "first-wrong" or "right" or "checked"; problems go to ``self.errors``."""
        asked = banks.load_bank(LESSON)
        shown = self.questions(kernel)
        if len(shown) != len(asked):
            raise StudentError(f"the quiz shows {len(shown)} questions, the bank has {len(asked)}")
        expected = {}
        for number, question in sorted(shown.items()):
            if only is not None and number not in only:
                continue
            bank = asked[number - 1]
            first = question.inputs[0]
            if first.state.get("_model_name") == "RadioButtonsModel":
                labels = list(first.state["_options_labels"])
                right = [label for label in labels if bank.check(label).correct]
                wrong = [label for label in labels if not bank.check(label).correct]
                await self.choose(kernel, first, wrong[0])
                seen = await self.check(kernel, question)
                if "Not quite" not in seen:
                    self.errors.append(f"question {number}: a wrong answer got {seen[:80]!r}")
                await self.choose(kernel, first, right[0])
                seen = await self.check(kernel, question)
                if "Correct" not in seen:
                    self.errors.append(f"question {number}: the right answer got {seen[:80]!r}")
                expected[bank.id] = "first-wrong"
            elif bank.kind == "year":
                await self.type_text(kernel, first, str(int(getattr(bank, "answer", 0))))
                seen = await self.check(kernel, question)
                if "Correct" not in seen:
                    self.errors.append(f"question {number}: the right year got {seen[:80]!r}")
                expected[bank.id] = "right"
            else:
                # Menus (order, match) each set to a different option, the first box ticked: a
                # complete answer, right or wrong, that the quiz grades and saves.
                for position, widget in enumerate(question.inputs):
                    if widget.state.get("_model_name") == "DropdownModel":
                        # Option 0 is the menu's "choose" placeholder.
                        index = 1 + position % (len(widget.state["_options_labels"]) - 1)
                        await self.send_comm(kernel, widget, {"method": "update", "state": {"index": index},
                                                              "buffer_paths": []})
                    elif widget.state.get("_model_name") == "CheckboxModel" and position == 0:
                        await self.send_comm(kernel, widget, {"method": "update", "state": {"value": True},
                                                              "buffer_paths": []})
                seen = await self.check(kernel, question)
                if "Correct" not in seen and "Not quite" not in seen:
                    self.errors.append(f"question {number}: a complete answer got {seen[:80]!r}")
                expected[bank.id] = "checked"
        return expected


@dataclass
class Question:
    """One quiz question's widget models: its inputs, its two buttons and its feedback."""

    inputs: list[Widget]
    check: Widget
    show: Widget
    feedback: Widget


def results_problems(path: Path, expected: dict[str, str]) -> list[str]:
    """What is wrong with a student's saved results, given what they did (nothing if all is kept)."""
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [f"results file {path.name}: {error}"]
    problems = []
    saved = body.get("questions", {})
    for qid, what in expected.items():
        record = saved.get(qid)
        if record is None:
            problems.append(f"results: {qid} not saved")
        elif what == "first-wrong" and not (record["correct"] and not record["first_try"]
                                            and record["attempts"] >= 2):
            problems.append(f"results: {qid} saved as {record}")
        elif what == "right" and not record["correct"]:
            problems.append(f"results: {qid} saved as not right")
        elif what == "checked" and not record["attempts"]:
            problems.append(f"results: {qid} saved with no attempt")
    return problems
