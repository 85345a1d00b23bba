"""Save-to-reload latency of `python build.py serve`: from a file write to the reload message at a LiveReload client.

Usage: python bench/serve_latency.py [--runs 20]. Copies the project to a temporary folder, starts the real
server there, connects over WebSocket like livereload.js does, and edits content/figures.yaml at random moments.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from websockets.sync.client import connect

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in ("content", "layouts", "assets", "explainer"):
            shutil.copytree(REPO / name, root / name)
        shutil.copy2(REPO / "build.py", root)
        server = subprocess.Popen([sys.executable, "build.py", "serve", "--port", "0"], cwd=root,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            url = next(m.group(0) for line in server.stdout if (m := re.search(r"http://\S+", line)))
            port = int(re.search(r":(\d+)/", url).group(1))
            print(f"{runs} edits of content/figures.yaml, each write -> reload message", flush=True)
            print(f"median {statistics.median(samples := measure(root, port, runs)):.0f} ms, "
                  f"min {min(samples):.0f}, p95 {sorted(samples)[int(0.95 * (len(samples) - 1))]:.0f}, "
                  f"max {max(samples):.0f} ms")
        finally:
            server.terminate()
            server.wait()


def measure(root: Path, port: int, runs: int) -> list[float]:
    figures = root / "content" / "figures.yaml"
    samples = []
    with connect(f"ws://127.0.0.1:{port}/livereload") as browser:
        browser.send(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
        browser.recv()
        browser.send(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/"}))
        time.sleep(0.3)
        for run in range(runs):
            time.sleep(random.uniform(0.1, 0.3))  # a random phase against the server's poll
            text = figures.read_text(encoding="utf-8")
            started = time.perf_counter()
            figures.write_text(text.replace("at first", f"at first ({run})" if run == 0 else "at first", 1)
                               if "(" not in text else re.sub(r" \(\d+\)", f" ({run})", text), encoding="utf-8")
            message = json.loads(browser.recv(timeout=10))
            samples.append((time.perf_counter() - started) * 1000)
            assert message["command"] == "reload"
    return samples


if __name__ == "__main__":
    main()
