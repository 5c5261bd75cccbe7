"""`python -m briefing serve --port 0` run as a user runs it, in a child process,
for the preview's tests and for bench/preview_latency.py."""
from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"  # Debian's; never a downloaded browser
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


class PreviewProcess:
    """`python -m briefing serve --port 0` on a site folder; its output is collected."""

    def __init__(self, root: Path, timeout: float = 60):
        self.root = root
        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefing", "serve", "--root", str(root), "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=root,
            env=dict(os.environ, PYTHONPATH=str(REPO), PYTHONUNBUFFERED="1"))
        self.lines: list[str] = []
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(timeout):
            self.stop()
            raise AssertionError("the preview did not start:\n" + "".join(self.lines))
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", "".join(self.lines))
        self.port = int(match.group(1))
        self.origin = f"http://127.0.0.1:{self.port}"

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)
            if line.startswith("previewing at"):
                self.ready.set()

    def request(self, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
        """A request sent as written: no client-side normalising of '..'."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.body = response.read() if response.status != 101 else b""
        connection.close()
        return response

    def status(self) -> dict:
        return json.loads(self.request("/_preview/status").body)

    def wait_until_idle(self, builds_at_least: int = 0, timeout: float = 20) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status()
            if status["builds"] >= builds_at_least and not status["busy"]:
                return status
            time.sleep(0.05)
        raise AssertionError(f"the preview did not settle: {self.status()}\n{''.join(self.lines)}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
