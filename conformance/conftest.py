"""Shared fixtures: one dealsync-sandbox process per test session, seeded with 7.

`sandbox` is the JSON line the binary prints: {service: {"url": ..., credentials...}}.
Each emulator's tests take `sandbox["hubspot"]` etc.; `sandbox_control` reaches the
/__sandbox/ routes (request log, faults, edits) of any service.
"""
import json
import os
import pathlib
import select
import signal
import subprocess
import tempfile
import time

import pytest
import requests

ROOT = pathlib.Path(__file__).resolve().parent.parent
BINARY = pathlib.Path(os.environ.get("DEALSYNC_SANDBOX", ROOT / ".build" / "debug" / "dealsync-sandbox"))
SEED = 7
START_TIMEOUT = 60


@pytest.fixture(scope="session")
def sandbox_process():
    """The running sandbox: (process, announcement dict)."""
    if not BINARY.exists():
        pytest.fail(f"{BINARY} is missing; run `swift build --product dealsync-sandbox` first")
    # stderr goes to a file: an unread pipe would fill up and stall the sandbox mid-session.
    stderr = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(
        [str(BINARY), "--listen", "127.0.0.1:0", "--seed", str(SEED)],
        stdout=subprocess.PIPE, stderr=stderr, text=True,
    )
    try:
        ready, _, _ = select.select([proc.stdout], [], [], START_TIMEOUT)
        line = proc.stdout.readline() if ready else ""
        if not line:
            proc.kill()
            proc.wait(timeout=10)
            stderr.seek(0)
            pytest.fail(f"dealsync-sandbox printed no JSON line (exit {proc.returncode}): {stderr.read()[-2000:]}")
        announcement = json.loads(line)
        yield proc, announcement
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        stderr.close()


@pytest.fixture(scope="session")
def sandbox(sandbox_process):
    """{service: {"url": ..., "access_token": ..., ...}} for every emulated service."""
    return sandbox_process[1]


class SandboxControl:
    """The /__sandbox/ routes of one service."""

    def __init__(self, url):
        self.url = url.rstrip("/")
        self.http = requests.Session()

    def requests(self, since=0):
        r = self.http.get(f"{self.url}/__sandbox/requests", params={"since": since} if since else None, timeout=30)
        r.raise_for_status()
        return r.json()

    def clear_requests(self):
        self.http.delete(f"{self.url}/__sandbox/requests", timeout=30).raise_for_status()

    def add_fault(self, **rule):
        """e.g. add_fault(path="/crm/v3/objects", throttle=1, count=1); keys as in FaultRule.json."""
        r = self.http.post(f"{self.url}/__sandbox/faults", json=rule, timeout=30)
        r.raise_for_status()
        return r.json()

    def clear_faults(self):
        self.http.delete(f"{self.url}/__sandbox/faults", timeout=30).raise_for_status()

    def edit(self, obj, id=None, fields=None, delete=False):
        r = self.http.post(f"{self.url}/__sandbox/edit",
                           json={"object": obj, "id": id, "fields": fields or {}, "delete": delete}, timeout=30)
        r.raise_for_status()
        return r.json()

    def set_webhook_target(self, url):
        self.http.post(f"{self.url}/__sandbox/webhook", json={"url": url}, timeout=30).raise_for_status()


@pytest.fixture(scope="session")
def sandbox_control(sandbox):
    """sandbox_control("hubspot") → SandboxControl for that service."""
    return lambda service: SandboxControl(sandbox[service]["url"])


@pytest.fixture
def clean_faults(sandbox):
    """Clears every service's faults after the test, so one test's faults never leak."""
    yield
    for entry in sandbox.values():
        requests.delete(entry["url"] + "/__sandbox/faults", timeout=30)


def wait_for(predicate, timeout=10.0, interval=0.05):
    """Polls until predicate() is truthy (webhook deliveries arrive asynchronously)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()
