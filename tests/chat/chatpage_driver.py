"""Driving the chat page from tests: open it, find messages, type, make pictures."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw
from playwright.async_api import Browser, ConsoleMessage, FilePayload, Locator, Page, ViewportSize

from tidecord.sandbox import Sandbox

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}


async def open_chat(browser: Browser, sandbox: Sandbox, person: str,
                    **page_options: Any) -> tuple[Page, list[str]]:
    """Open the chat page as ``person``; returns the page and a list collecting JS errors
    (uncaught exceptions, console errors, failed requests). ``page_options`` go to
    ``browser.new_page`` (e.g. a phone: ``viewport=..., is_mobile=True, has_touch=True``)."""
    page = await browser.new_page(**{"viewport": VIEWPORT, **page_options})
    errors: list[str] = []

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type == "error":
            errors.append(f"console: {msg.text}")

    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    page.on("console", on_console)
    await page.goto(f"{sandbox.url}/?as={person}")
    await page.wait_for_selector("#app[data-ready=true]", timeout=10_000)
    return page, errors


def message(page: Page, text: str, author: str | None = None) -> Locator:
    """The message node (article) containing ``text``, optionally by ``author``."""
    selector = "article.message" + (f'[data-author="{author}"]' if author else "")
    return page.locator(selector).filter(has_text=text)


async def message_id(node: Locator) -> int:
    """The id of a message node."""
    raw = await node.get_attribute("data-message-id")
    assert raw is not None, "not a message node"
    return int(raw)


async def image_width(img: Locator) -> int:
    """The decoded width of an <img>: proves the browser got real image bytes."""
    width = await img.evaluate("async img => { await img.decode(); return img.naturalWidth; }")
    return int(width)


def upload(name: str, data: bytes, mime_type: str = "image/png") -> FilePayload:
    """A file for the composer's file picker (``set_input_files``)."""
    return {"name": name, "mimeType": mime_type, "buffer": data}


async def say(page: Page, text: str) -> None:
    """Type ``text`` in the composer and press Enter."""
    await page.locator("#composer-input").fill(text)
    await page.locator("#composer-input").press("Enter")


def picture(width: int = 96, height: int = 64) -> bytes:
    """A small PNG: a pot with a plant on a sky-blue background."""
    image = Image.new("RGB", (width, height), (135, 190, 235))
    draw = ImageDraw.Draw(image)
    w, h = width, height
    draw.rectangle((0, h * 0.8, w, h), fill=(110, 170, 90))
    draw.polygon([(w * 0.38, h * 0.6), (w * 0.62, h * 0.6), (w * 0.58, h * 0.9),
                  (w * 0.42, h * 0.9)], fill=(190, 100, 60))
    draw.line((w * 0.5, h * 0.6, w * 0.5, h * 0.25), fill=(40, 130, 60), width=max(1, w // 40))
    for dx, dy in ((-0.1, 0.35), (0.1, 0.3), (-0.08, 0.5), (0.09, 0.45)):
        cx, cy = w * (0.5 + dx), h * dy
        draw.ellipse((cx - w * 0.07, cy - h * 0.05, cx + w * 0.07, cy + h * 0.05),
                     fill=(60, 170, 80))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


# How far the message list is scrolled up from its newest message, in pixels.
_DISTANCE = ("() => { const el = document.getElementById('messages');"
             " return el.scrollHeight - el.scrollTop - el.clientHeight; }")


async def distance_from_bottom(page: Page) -> float:
    """Pixels between the bottom of the message list's view and its newest message."""
    return float(await page.evaluate(_DISTANCE))


async def wait_at_bottom(page: Page) -> None:
    """Wait until the message list shows its newest message (fails after 10 s)."""
    # Polled on a timer: headless Chromium may skip animation frames of an idle page.
    await page.wait_for_function(f"({_DISTANCE})() < 2", timeout=10_000, polling=50)


async def scroll_to_top(page: Page) -> None:
    """Scroll the message list to its oldest message, as a reader would with the wheel."""
    await page.locator("#messages").hover()
    await page.mouse.wheel(0, -100_000)
    await page.wait_for_function("document.getElementById('messages').scrollTop === 0")
