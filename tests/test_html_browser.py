"""The HTML report in a real browser: it renders, prints, and makes no network request.

Debian's headless Chromium is driven over the DevTools protocol through
``--remote-debugging-pipe`` (NUL-separated JSON on file descriptors 3 and 4), so no websocket
client is needed.  Artifacts for a human to look at land in ``test-artifacts/`` (git-ignored):
``report.html``, ``report.png`` (1280x4000 screenshot) and ``report.pdf``.

Without ``/usr/bin/chromium`` the test is skipped, unless ``CI`` is set: CI installs it, so there
its absence is a failure.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import select
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from kling_posture.model import RunInfo
from kling_posture.pipeline import ScanRequest, run_scan
from kling_posture.report import build_report, inputs_fingerprint
from kling_posture.reporters.html import render_html

from .conftest import PROJECT_ROOT, SAMPLE_INFRA

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
STEP_TIMEOUT = 10.0
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-pipe")
LOCAL_SCHEMES = ("file://", "data:")

pytestmark = pytest.mark.browser


class DevToolsError(Exception):
    """The browser answered with an error, closed the pipe, or did not answer in time."""


class DevTools:
    """A minimal DevTools protocol client over Chromium's debugging pipe."""

    def __init__(self, to_browser: int, from_browser: int) -> None:
        self._out, self._in = to_browser, from_browser
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, params: dict[str, Any] | None = None,
             session: str | None = None, timeout: float = STEP_TIMEOUT) -> dict[str, Any]:
        """Call ``method`` and return its result (events arriving meanwhile are kept)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._out, json.dumps(message).encode("utf-8") + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._receive(deadline, method)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise DevToolsError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, event: str, timeout: float = STEP_TIMEOUT) -> dict[str, Any]:
        """The first event named ``event`` (already received or arriving within ``timeout``)."""
        for seen in self.events:
            if seen.get("method") == event:
                return seen
        deadline = time.monotonic() + timeout
        while True:
            message = self._receive(deadline, event)
            if "method" in message:
                self.events.append(message)
                if message["method"] == event:
                    return message

    def drain(self, seconds: float) -> None:
        """Collect the events that arrive during ``seconds``."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                message = self._receive(deadline, "drain")
            except DevToolsError:
                return
            if "method" in message:
                self.events.append(message)

    def close(self) -> None:
        """Close both ends of the pipe that belong to this process."""
        os.close(self._out)
        os.close(self._in)

    def named(self, event: str) -> list[dict[str, Any]]:
        """The params of every received event named ``event``."""
        return [e.get("params", {}) for e in self.events if e.get("method") == event]

    def _receive(self, deadline: float, waiting_for: str) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DevToolsError(f"timed out waiting for {waiting_for}")
            ready, _, _ = select.select([self._in], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(self._in, 1 << 20)
            if not chunk:
                raise DevToolsError(f"browser closed the pipe while waiting for {waiting_for}")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing; CI must install Debian's chromium package")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")


def _render_sample(target: Path) -> Path:
    """Scan the AWS sample with violations through the real pipeline; write the HTML."""
    path = SAMPLE_INFRA / "aws" / "violations"
    result = run_scan(ScanRequest(path=path))
    run = RunInfo(started_at="2026-12-04T16:16:42Z", finished_at="2026-12-04T16:16:44Z",
                  sources=result.inventory.sources, scope="kling",
                  targets=["sample_infra/aws/violations"], parameters=result.parameters,
                  inputs_sha256=inputs_fingerprint(result.inventory.input_digests))
    report = build_report(result.findings, result.inventory.errors, run)
    target.write_text(result.redactor.scrub(render_html(report, result.rules)), encoding="utf-8")
    return target


def _start_browser(profile: Path, log: Any) -> tuple[subprocess.Popen[bytes], DevTools]:
    """Chromium with its debugging pipe on fds 3 (commands in) and 4 (replies out)."""
    to_browser_r, to_browser_w = os.pipe()
    from_browser_r, from_browser_w = os.pipe()
    command = ["/bin/sh", "-c", 'exec "$@" 3<&0 4>&1 0</dev/null 1>&2', "sh", str(CHROMIUM),
               *FLAGS, f"--user-data-dir={profile}", "about:blank"]
    process = subprocess.Popen(command, stdin=to_browser_r, stdout=from_browser_w,
                               stderr=log, start_new_session=True)
    os.close(to_browser_r)
    os.close(from_browser_w)
    return process, DevTools(to_browser_w, from_browser_r)


def _stop_browser(process: subprocess.Popen[bytes], devtools: DevTools | None) -> None:
    """Kill the browser's process group (the browser and its helpers), then close the pipes."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=STEP_TIMEOUT)
    if devtools is not None:
        devtools.close()


def _open_page(devtools: DevTools, url: str) -> str:
    """A new tab watched by the Network, Page and Log domains, navigated to ``url``."""
    target = devtools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = str(devtools.send("Target.attachToTarget",
                                {"targetId": target, "flatten": True})["sessionId"])
    for domain in ("Network.enable", "Page.enable", "Log.enable"):
        devtools.send(domain, session=session)
    devtools.send("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 4000,
                  "deviceScaleFactor": 1, "mobile": False}, session=session)
    navigation = devtools.send("Page.navigate", {"url": url}, session=session)
    assert not navigation.get("errorText"), navigation
    devtools.wait_for("Page.loadEventFired")
    return session


def _visit(page: Path, workdir: Path, artifacts: Path | None = None) -> DevTools:
    """Load ``page`` in a fresh browser profile; with ``artifacts``, save a screenshot and a
    PDF there.  Returns the client with every event received."""
    with (workdir / "chromium.log").open("wb") as log:
        process, devtools = _start_browser(workdir / "profile", log)
        try:
            session = _open_page(devtools, page.as_uri())
            if artifacts is not None:
                shot = devtools.send("Page.captureScreenshot", {"format": "png"},
                                     session=session)
                (artifacts / "report.png").write_bytes(base64.b64decode(shot["data"]))
                pdf = devtools.send("Page.printToPDF", {"printBackground": True,
                                    "preferCSSPageSize": True}, session=session, timeout=30)
                (artifacts / "report.pdf").write_bytes(base64.b64decode(pdf["data"]))
            devtools.drain(0.5)
        finally:
            _stop_browser(process, devtools)
    return devtools


def test_report_renders_prints_and_stays_offline(tmp_path: Path) -> None:
    _require_chromium()
    ARTIFACTS.mkdir(exist_ok=True)
    page = _render_sample(ARTIFACTS / "report.html")
    devtools = _visit(page, tmp_path, ARTIFACTS)

    requests = [e["request"]["url"] for e in devtools.named("Network.requestWillBeSent")]
    assert requests, "the network monitor saw no request at all (not even the page itself)"
    assert requests[0] == page.as_uri()
    assert [u for u in requests if not u.startswith(LOCAL_SCHEMES)] == []
    assert devtools.named("Network.loadingFailed") == []
    console_errors = [e["entry"] for e in devtools.named("Log.entryAdded")
                      if e["entry"].get("level") == "error"]
    assert console_errors == []  # a CSP violation or a failed load would be reported here

    png = (ARTIFACTS / "report.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
    printed = (ARTIFACTS / "report.pdf").read_bytes()
    assert printed.startswith(b"%PDF") and len(printed) > 20_000
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", printed)) >= 5  # cover + one per section


def test_the_monitor_sees_an_offsite_request(tmp_path: Path) -> None:
    """The harness itself: a page that loads an image from elsewhere is caught.  Port 9 is one
    Chromium refuses to connect to, so the canary never leaves the machine."""
    _require_chromium()
    canary = tmp_path / "canary.html"
    canary.write_text('<!DOCTYPE html><title>canary</title>'
                      '<img src="http://127.0.0.1:9/canary.png" alt="">', encoding="utf-8")
    devtools = _visit(canary, tmp_path)
    requests = [e["request"]["url"] for e in devtools.named("Network.requestWillBeSent")]
    assert "http://127.0.0.1:9/canary.png" in requests
    assert devtools.named("Network.loadingFailed")
