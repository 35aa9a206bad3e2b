"""Fixtures for the chat page tests: a sandbox, a bot on it, and Debian's Chromium.

The browser is the system's /usr/bin/chromium driven by Playwright (no browser is
ever downloaded); without it these tests are skipped with the reason. One Chromium
serves the whole session (each page gets its own browser context); the sandbox and
the bot are new for every test (``shared_sandbox`` and ``shared_bot`` are shared by a
module's tests, for scenarios that need no fresh world). Everything runs on the
session's event loop, so each test module here says
``pytestmark = pytest.mark.asyncio(loop_scope="session")``.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page, async_playwright, expect

from tidecord.sandbox import Sandbox

from .chatpage_bot import ChatBot, running
from .chatpage_driver import CHROMIUM, CHROMIUM_ARGS, open_chat

HAVE_CHROMIUM = CHROMIUM.exists()
# Generous waits: `make test` runs everything at once on busy machines; a passing run
# is no slower for it.
expect.set_options(timeout=10_000)
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest_asyncio.fixture(loop_scope="session")
async def sandbox() -> AsyncIterator[Sandbox]:
    """A fresh sandbox with the default world (guild "Sandbox", alice and bob).

    Shadows the plugin's ``sandbox`` fixture only to live on the session loop, which
    the shared browser needs.
    """
    async with Sandbox(heartbeat_interval=1000) as sb:
        yield sb


@pytest_asyncio.fixture(loop_scope="session")
async def bot(sandbox: Sandbox) -> AsyncIterator[ChatBot]:
    """The test bot (discord.py), connected and ready."""
    async with running(ChatBot(), sandbox.api_url, sandbox.gateway_url,
                       sandbox.token) as client:
        yield client


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def shared_sandbox() -> AsyncIterator[Sandbox]:
    """One sandbox for a whole test module (tests must not depend on its history)."""
    async with Sandbox(heartbeat_interval=1000) as sb:
        yield sb


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def shared_bot(shared_sandbox: Sandbox) -> AsyncIterator[ChatBot]:
    """The test bot, connected to ``shared_sandbox`` for a whole test module."""
    sb = shared_sandbox
    async with running(ChatBot(), sb.api_url, sb.gateway_url, sb.token) as client:
        yield client


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def browser() -> AsyncIterator[Browser]:
    """Headless Debian Chromium, shared by the session's chat tests."""
    if not HAVE_CHROMIUM:
        pytest.skip("the chat page tests need Debian's chromium at /usr/bin/chromium "
                    "(apt-get install chromium)")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                   args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            await browser.close()


@contextlib.asynccontextmanager
async def checked_chat(browser: Browser, sandbox: Sandbox, person: str) -> AsyncIterator[Page]:
    """The chat page as ``person``; fails the test if it logged a JavaScript error or a
    failed request by the time the block ends."""
    page, errors = await open_chat(browser, sandbox, person)
    yield page
    with contextlib.suppress(Exception):
        await page.close()
    assert not errors, errors


@pytest_asyncio.fixture(loop_scope="session")
async def page(browser: Browser, sandbox: Sandbox, bot: ChatBot) -> AsyncIterator[Page]:
    """The chat page as alice, in #general, with the bot online."""
    async with checked_chat(browser, sandbox, "alice") as page:
        yield page


@pytest_asyncio.fixture(loop_scope="session")
async def alice_page(browser: Browser, shared_sandbox: Sandbox, shared_bot: ChatBot
                     ) -> AsyncIterator[Page]:
    """alice's page in #general on the module's shared sandbox, the bot online."""
    async with checked_chat(browser, shared_sandbox, "alice") as page:
        yield page


@pytest.fixture
def artifacts() -> Path:
    """artifacts/ at the repository root (gitignored): screenshots for review."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
