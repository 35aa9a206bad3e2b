"""The chat page with a tidecord bot's slash commands: every select kind, a modal with
labels, selects and an upload, one with a radio group, a checkbox group and a checkbox,
an ephemeral answer's button, a components-v2 layout, and the Apps menu on a
right-clicked member or message."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page, expect

from tidecord.sandbox import Sandbox

from .chatpage_driver import message, open_chat, picture, say, upload
from .interactions_bot import running_interactions_bot

pytestmark = [
    pytest.mark.asyncio(loop_scope="session"),
    pytest.mark.tidecord_strict(threshold=1.0),
]


@pytest_asyncio.fixture(loop_scope="session")
async def alice(browser: Browser, sandbox: Sandbox) -> AsyncIterator[Page]:
    """The page as alice, with the interactions bot running."""
    async with running_interactions_bot(sandbox.api_url, sandbox.token):
        page, errors = await open_chat(browser, sandbox, "alice")
        yield page
        await page.close()
    assert not errors, errors


async def command(page: Page, text: str) -> None:
    """Use a slash command from the composer."""
    await say(page, text)


async def pick(page: Page, menu_id: str, *options: str) -> None:
    menu = page.locator(f'.select-menu[data-custom-id="{menu_id}"]').last
    await menu.locator(".select-toggle").click()
    for option in options:
        await menu.get_by_role("option", name=option).click()
    if len(options) > 1:
        await menu.get_by_role("button", name="Done").click()


async def test_every_select_kind(alice: Page) -> None:
    await command(alice, "/selects")
    await expect(message(alice, "Pick away")).to_be_visible()
    await pick(alice, "fruit", "🍎 Apple", "Plum")
    await expect(message(alice, "fruit: apple, plum")).to_be_visible()
    await pick(alice, "people", "Bob")
    await expect(message(alice, "people: bob")).to_be_visible()
    await pick(alice, "roles", "Moderator")
    await expect(message(alice, "role: Moderator")).to_be_visible()
    await pick(alice, "anyone", "Bob")
    await expect(message(alice, "mentioned: bob")).to_be_visible()
    room = alice.locator('.select-menu[data-custom-id="room"]').last
    await room.locator(".select-toggle").click()
    await expect(room.get_by_role("option")).to_have_count(3)  # text channels only
    await room.get_by_role("option", name="#ideas").click()
    await expect(message(alice, "room: #ideas")).to_be_visible()


async def test_a_modal_with_labels_selects_and_an_upload(alice: Page) -> None:
    await command(alice, "/profile")
    modal = alice.get_by_role("dialog", name="Your profile")
    await expect(modal).to_be_visible()
    await expect(modal.locator(".component-text strong")).to_have_text("you")
    await modal.get_by_label("Name").fill("Al")
    colour = modal.locator('.modal-field[data-custom-id="colour"]')
    await expect(colour.locator(".modal-description")).to_have_text("Pick one")
    await colour.locator(".select-toggle").click()
    await colour.get_by_role("option", name="Blue").click()
    friend = modal.locator('.modal-field[data-custom-id="friend"]')
    await friend.locator(".select-toggle").click()
    await friend.get_by_role("option", name="Bob").click()
    await modal.locator('input[type="file"]').set_input_files(upload("me.png", picture()))
    await modal.get_by_role("button", name="Submit").click()
    await expect(modal).to_have_count(0)
    await expect(message(alice, "Al likes blue, friend bob, me.png")).to_be_visible()


async def test_a_modal_with_a_radio_group_a_checkbox_group_and_a_checkbox(alice: Page) -> None:
    await command(alice, "/outing")
    modal = alice.get_by_role("dialog", name="Weekend outing")
    await expect(modal).to_be_visible()
    await expect(modal.get_by_role("checkbox", name="Saturday")).to_be_checked()
    await modal.get_by_role("radio", name="Driver").check()
    await modal.get_by_role("checkbox", name="Sunday").check()
    await modal.locator('input[name="remind"]').check()
    await modal.get_by_role("button", name="Submit").click()
    await expect(modal).to_have_count(0)
    await expect(message(alice, "driver on sat, sun, reminder True")).to_be_visible()


async def test_an_ephemeral_answer_with_a_working_button(alice: Page) -> None:
    await command(alice, "/secret")
    secret = message(alice, "Psst")
    await expect(secret.locator(".ephemeral-note")).to_be_visible()
    await secret.get_by_role("button", name="Reveal").click()
    await expect(message(alice, "The secret is 42")).to_be_visible()
    await expect(message(alice, "The secret is 42").locator(".components")).to_have_count(0)


async def test_a_components_v2_layout(alice: Page) -> None:
    await command(alice, "/dashboard")
    box = alice.locator(".components-v2 .component-container").last
    await expect(box.get_by_role("heading", name="Dashboard")).to_be_visible()
    await expect(box.locator(".component-section .section-accessory img")).to_have_count(1)
    await expect(box.locator(".component-separator.spacing-2.divider")).to_have_count(1)
    await expect(box.locator(".media-gallery img")).to_have_count(1)
    assert "rgb(87, 242, 135)" in await box.evaluate(
        "el => getComputedStyle(el).borderLeftColor")
    await box.get_by_role("button", name="Press").click()
    await expect(box.locator(".component-text").filter(has_text="Pressed")).to_have_text(
        "Pressed 1 times")


async def test_the_apps_menu_of_a_member_and_a_message(alice: Page, sandbox: Sandbox) -> None:
    await alice.locator('#members .member[data-username="bob"]').click(button="right")
    menu = alice.get_by_role("menu", name="Apps")
    await menu.get_by_role("menuitem", name="Wave at").click()
    await expect(message(alice, "alice waves at bob")).to_be_visible()

    await sandbox.send_message("bob", "general", "plants need light")
    said = message(alice, "plants need light", author="bob")
    await said.click(button="right")
    await alice.get_by_role("menu", name="Apps").get_by_role("menuitem", name="Shout").click()
    await expect(message(alice, "PLANTS NEED LIGHT", author=sandbox.bot_user.username)
                 ).to_be_visible()
