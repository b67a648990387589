"""The real app under `streamlit run` on a free port, driven by Debian's Chromium via Playwright.

No `playwright install`: the browser is the system's chromium. Where it is missing these
tests fail (never skip), so CI cannot go green without having run them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(
    os.environ.get("LEDGERLOOP_SCREENSHOTS", ROOT / "test-artifacts" / "screenshots")
)
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    for candidate in (os.environ.get("LEDGERLOOP_CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
    pytest.fail(
        "Chromium is not installed: browser tests need Debian's chromium "
        "(apt-get install -y chromium). They fail rather than skip so CI cannot pass without them."
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class RunningApp:
    url: str
    db_path: Path
    process: subprocess.Popen[bytes]


def start_app(db_path: Path, log_path: Path) -> RunningApp:
    port = free_port()
    env = {**os.environ, "LEDGERLOOP_DB": str(db_path)}
    log = log_path.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited: {log_path.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return RunningApp(url, db_path, process)
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("streamlit did not become healthy within 60 s")


def stop_app(running: RunningApp) -> None:
    running.process.terminate()
    try:
        running.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        running.process.kill()


@pytest.fixture
def app(tmp_path: Path) -> Iterator[RunningApp]:
    running = start_app(tmp_path / "e2e.duckdb", tmp_path / "streamlit.log")
    yield running
    stop_app(running)


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory, browser: object) -> Iterator[RunningApp]:
    """One app per module whose demo was loaded the way a presenter does: the button."""
    folder = tmp_path_factory.mktemp("demo-app")
    running = start_app(folder / "demo.duckdb", folder / "streamlit.log")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(running.url)
    page.get_by_role("button", name="Load demo data").click()
    # the demo reruns the page when done: the overview's figures replace the empty state
    page.locator("[data-testid='stMetric']").first.wait_for(timeout=300_000)
    context.close()
    yield running
    stop_app(running)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    context.close()
