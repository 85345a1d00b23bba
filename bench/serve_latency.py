"""Save -> reload in the real live preview: start `python build.py serve`, connect a LiveReload client over
WebSocket as livereload.js does, save files at random moments and time each save to the reload message.

Used by run.py, which prepares the project copy and the environment (fresh caches)."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from websockets.sync.client import ClientConnection, connect

from edits import Edit

START_TIMEOUT = 900.0  # seconds for the first build at full scale on a busy machine
RELOAD_TIMEOUT = 300.0
STOP_TIMEOUT = 30.0  # seconds for Ctrl-C to end the preview
# the line serve prints once its first build is done, whatever its wording ("Serving dist/ at ...", "Serving the
# site from memory at ..."): the address is what counts
SERVING = r"http://127\.0\.0\.1:(\d+)/"


@dataclass(frozen=True, slots=True)
class Preview:
    ready: float  # seconds from process start to the line with the URL (the first build done)
    samples: dict[str, list[float]]  # seconds from each save to its reload message, by edit
    served: dict[str, list[float]]  # seconds from each save until the page the edit shows has been fetched
    rebuilds: dict[str, list[float]]  # what the server printed ("Rebuilt in N ms"), by edit, when it says so
    high_water_mb: int  # the serve process's own peak resident memory (VmHWM), read just before stopping it
    max_rss_mb: int  # the largest peak of the process and any worker it forked and waited for (wait4); at least
    # the benchmark's own peak, which Linux carries into every process it starts (see run.LAUNCHER)


class Server:
    """A running `python build.py serve` whose output lines are collected as they come."""

    def __init__(self, command: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.started = time.perf_counter()
        self.process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        self.arrived = threading.Condition()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self.arrived:
                self.lines.append(line.rstrip("\n"))
                self.arrived.notify_all()
        with self.arrived:
            self.lines.append("")  # the end: wake whoever waits
            self.arrived.notify_all()

    def wait_for(self, pattern: str, after: int, timeout: float) -> re.Match[str]:
        """The first line from index `after` on that matches, waiting for it."""
        deadline = time.monotonic() + timeout
        with self.arrived:
            while True:
                for line in self.lines[after:]:
                    if match := re.search(pattern, line):
                        return match
                after = len(self.lines)
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("serve failed or hung:\n" + "\n".join(self.lines[-30:]))
                self.arrived.wait(1.0)

    def stop(self) -> tuple[int, int]:
        """Stop it as Ctrl-C would; its peak memory in MB: its own high-water mark, and the largest of its own
        and its workers' (wait4)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        high = int(re.search(r"VmHWM:\s+(\d+) kB", status)[1]) // 1024  # type: ignore[index]
        self.process.send_signal(signal.SIGINT)
        deadline = time.monotonic() + STOP_TIMEOUT
        while not (ended := os.wait4(self.process.pid, os.WNOHANG))[0]:
            if time.monotonic() > deadline:
                self.process.kill()
                raise SystemExit("serve did not stop on Ctrl-C (SIGINT):\n" + "\n".join(self.lines[-30:]))
            time.sleep(0.05)
        self.process.returncode = os.waitstatus_to_exitcode(ended[1])
        return high, ended[2].ru_maxrss // 1024


def hello(port: int) -> ClientConnection:
    """A LiveReload client, as livereload.js opens one."""
    browser = connect(f"ws://127.0.0.1:{port}/livereload", max_size=None)
    browser.send(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
    browser.recv(timeout=30)
    browser.send(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/", "plugins": {}}))
    return browser


def drain(browser: ClientConnection) -> None:
    """Drop any message already waiting, so the next one is the answer to the next save."""
    while True:
        try:
            browser.recv(timeout=0.05)
        except TimeoutError:
            return


def save_and_wait(browser: ClientConnection, edit: Edit, port: int) -> tuple[float, float]:
    """Seconds from saving the edit to the reload message, and to the page that shows the edit fetched as the
    reloaded browser fetches it (the preview may render a page only when it is asked for)."""
    drain(browser)
    started = time.perf_counter()
    edit.toggle()
    while json.loads(browser.recv(timeout=RELOAD_TIMEOUT)).get("command") != "reload":
        pass
    reloaded = time.perf_counter() - started
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{edit.page}", timeout=RELOAD_TIMEOUT) as response:
        response.read()
    return reloaded, time.perf_counter() - started


def measure_preview(project: Path, content: Path, output: Path, env: dict[str, str], edits: list[Edit],
                    runs: int) -> Preview:
    """Start the preview on the content, wait for its first build and one settling reload, then time `runs`
    saves of each edit."""
    server = Server([sys.executable, "build.py", "serve", "--port", "0", "--content", str(content),
                     "--output", str(output)], project, env)
    try:
        url = server.wait_for(SERVING, 0, START_TIMEOUT)
        ready = time.perf_counter() - server.started
        if any("render when asked for" in line for line in server.lines):  # the first build left pages for later:
            server.wait_for(r"^Rendered the \d+ pages left for later", 0, START_TIMEOUT)  # they are done
        port = int(url[1])
        with hello(port) as browser:
            save_and_wait(browser, edits[0], port)  # the first reload settles what the first build left to do
            samples: dict[str, list[float]] = {edit.name: [] for edit in edits}
            served: dict[str, list[float]] = {edit.name: [] for edit in edits}
            marks: list[tuple[str, int]] = []  # where the server's lines stood before each save
            for edit in edits:
                for _ in range(runs):
                    time.sleep(random.uniform(0.1, 0.6))  # a random phase against the server's watcher
                    marks.append((edit.name, len(server.lines)))
                    reloaded, fetched = save_and_wait(browser, edit, port)
                    samples[edit.name].append(reloaded)
                    served[edit.name].append(fetched)
            time.sleep(0.5)  # the last rebuild's line
    except BaseException:
        server.process.kill()
        raise
    rebuilds: dict[str, list[float]] = {edit.name: [] for edit in edits}
    for (name, start), (_, end) in zip(marks, [*marks[1:], ("", len(server.lines))]):
        printed = (re.search(r"Rebuilt in (\d+) ms", line) for line in server.lines[start:end])
        rebuilds[name] += [int(m[1]) / 1000 for m in printed if m]
    return Preview(ready, samples, served, rebuilds, *server.stop())
