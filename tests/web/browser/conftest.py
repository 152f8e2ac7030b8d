"""Browser tests: Playwright driving Debian's Chromium against a real uvicorn server on the test database.

One browser for the session, a fresh context and page per test; a screenshot of the page is saved to
`test-artifacts/` when a test fails; `check_page` runs axe-core on every page a journey visits and fails on
any serious or critical violation. Skipped, saying why, only when Chromium is not installed
(`scripts/install-browser` installs it).
"""

from __future__ import annotations

import json
import os
import re
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from matcher.api import create_app
from matcher.settings import Settings

CHROMIUM = Path(os.environ.get("MATCHER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(os.environ.get("MATCHER_TEST_ARTIFACTS", "test-artifacts"))
#: Every page scanned in this run, with its violations of any impact (written at the end of the session).
AXE_LOG: list[dict[str, Any]] = []


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(database_url: str) -> Iterator[str]:
    """The whole app served by uvicorn in a thread; it builds its own engine on the test database."""
    settings = Settings(environment="test", database_url=database_url)
    app = create_app(settings, run_migrations=False, live_index=False)  # i15: searches check the version
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, name="live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=15)


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):  # CI installs Chromium (scripts/install-browser): missing there is a failure
            pytest.fail(f"Chromium is not installed at {CHROMIUM} in CI")
        pytest.skip(
            f"Chromium is not installed at {CHROMIUM}: run scripts/install-browser (as root) "
            "or set MATCHER_CHROMIUM"
        )
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        await launched.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "axe-report.json").write_text(json.dumps(AXE_LOG, indent=2))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    setattr(item, f"report_{report.when}", report)


async def _new_page(
    browser: Any, live_server: str, request: pytest.FixtureRequest, javascript: bool, phone: bool = False
) -> AsyncIterator[Any]:
    viewport = {"width": 375, "height": 740} if phone else {"width": 1100, "height": 900}
    context = await browser.new_context(
        base_url=live_server,
        java_script_enabled=javascript,
        viewport=viewport,
        is_mobile=phone,
        has_touch=phone,
    )
    context.set_default_timeout(10_000)
    page = await context.new_page()
    page.javascript_enabled = javascript  # read by helpers.check_page
    yield page
    failed = any(
        getattr(getattr(request.node, f"report_{when}", None), "failed", False) for when in ("setup", "call")
    )
    if failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        await page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        (ARTIFACTS / f"{name}.html").write_text(await page.content())
    await context.close()


@pytest.fixture
async def page(browser: Any, live_server: str, request: pytest.FixtureRequest) -> AsyncIterator[Any]:
    """A page in a fresh browser context (its own cookies), JavaScript on."""
    async for opened in _new_page(browser, live_server, request, javascript=True):
        yield opened


@pytest.fixture
async def page_without_js(
    browser: Any, live_server: str, request: pytest.FixtureRequest
) -> AsyncIterator[Any]:
    """A page with JavaScript turned off: the core journeys must work like this."""
    async for opened in _new_page(browser, live_server, request, javascript=False):
        yield opened


@pytest.fixture
async def page_on_phone(browser: Any, live_server: str, request: pytest.FixtureRequest) -> AsyncIterator[Any]:
    """A small touch screen, JavaScript on: how a family member is likely to come."""
    async for opened in _new_page(browser, live_server, request, javascript=True, phone=True):
        yield opened
