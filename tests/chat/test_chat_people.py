"""What a person does with messages and people on the page: react with any emoji,
edit and delete their own messages, open a member's profile card."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tidecord import Emoji
from tidecord.sandbox import Sandbox

from .chatpage_driver import message, message_id, say

pytestmark = [
    # The shared browser lives on the session loop (see conftest.py).
    pytest.mark.asyncio(loop_scope="session"),
]


@pytest.fixture
def page(alice_page: Page) -> Page:
    """alice's page in #general, the bot online (see conftest.py)."""
    return alice_page


async def test_react_with_any_emoji_from_the_picker(page: Page, shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    said = await sb.send_message("bob", "general", "I planted a tree")
    node = page.locator(f'article.message[data-message-id="{said.id}"]')
    await node.hover()
    await node.get_by_role("button", name="Add Reaction").click()
    picker = page.get_by_role("dialog", name="Add Reaction")
    await picker.get_by_role("searchbox").fill("deciduous")
    await picker.get_by_role("searchbox").press("Enter")  # the first match
    reaction = node.locator('button.reaction[data-emoji="🌳"]')
    await expect(reaction).to_have_attribute("aria-pressed", "true")
    users = sb.state.reaction_users(said.id, Emoji(name="🌳"))
    assert [u.username for u in users] == ["alice"]


async def test_edit_and_delete_ones_own_message(page: Page, shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    await say(page, "my favourite plant is a cactsu")
    mine = message(page, "cactsu", author="alice")
    await expect(mine).to_be_visible()
    mid = await message_id(mine)
    node = page.locator(f'article.message[data-message-id="{mid}"]')

    # Someone else's message offers no edit or delete.
    theirs = await sb.send_message("bob", "general", "mine is a fern")
    other = page.locator(f'article.message[data-message-id="{theirs.id}"]')
    await other.hover()
    await expect(other.get_by_role("button", name="Edit")).to_have_count(0)

    # Edit: the message becomes a text box; Enter saves through the control API.
    await node.hover()
    await node.get_by_role("button", name="Edit").click()
    box = node.get_by_role("textbox", name="Edit message")
    await expect(box).to_be_focused()
    await box.fill("my favourite plant is a cactus :cactus:")
    await box.press("Enter")
    await expect(node.locator(".message-content")).to_have_text(
        "my favourite plant is a cactus 🌵 (edited)")
    assert sb.state.message(sb.channel("general").id, mid).content == \
        "my favourite plant is a cactus 🌵"

    # Up in an empty composer edits one's last message; Escape cancels.
    await page.locator("#composer-input").press("ArrowUp")
    await expect(box).to_be_focused()
    await box.press("Escape")
    await expect(box).to_have_count(0)

    # Delete asks first; Cancel keeps it, Delete removes it.
    await node.hover()
    await node.get_by_role("button", name="Delete").click()
    dialog = page.get_by_role("dialog", name="Delete Message")
    await expect(dialog).to_contain_text("my favourite plant is a cactus 🌵")
    await dialog.get_by_role("button", name="Cancel").click()
    await expect(node).to_be_visible()
    await node.hover()
    await node.get_by_role("button", name="Delete").click()
    await dialog.get_by_role("button", name="Delete").click()
    await expect(node).to_have_count(0)
    assert mid not in sb.state.messages[sb.channel("general").id]


async def test_a_members_profile_card(page: Page, shared_sandbox: Sandbox) -> None:
    sb = shared_sandbox
    alice = page.locator('#members .member[data-username="alice"]')
    await alice.click()
    card = page.locator(".profile-card")
    await expect(card.locator(".profile-name")).to_have_text("Alice")
    await expect(card.locator(".profile-username")).to_have_text("alice")
    roles = [r for r in sb.state.roles[sb.guild.id].values()
             if r.id in sb.state.members[sb.guild.id][sb.user("alice").id].roles]
    assert roles, "alice has a role in the default world"
    [moderator] = roles
    color = moderator.color
    role = card.locator(f'.profile-role[data-role-name="{moderator.name}"]')
    await expect(role).to_be_visible()
    await expect(role.locator(".role-dot")).to_have_css(  # in the role's own colour
        "background-color", f"rgb({color >> 16}, {(color >> 8) & 255}, {color & 255})")
    joined = sb.state.members[sb.guild.id][sb.user("alice").id].joined_at
    assert joined is not None
    await expect(card.locator(".profile-joined")).to_contain_text(str(joined.year))
    await expect(card.locator(".bot-tag")).to_have_count(0)
    await page.keyboard.press("Escape")
    await expect(card).to_have_count(0)

    # The bot's card, from one of its messages: tagged as a bot.
    await say(page, ".idea")
    answer = page.locator(f'article.message[data-author="{sb.bot_user.username}"]').last
    await answer.locator(".message-author").click()
    await expect(card.locator(".profile-name")).to_have_text(sb.bot_user.username)
    await expect(card.locator(".bot-tag")).to_have_text("BOT")
    await page.mouse.click(5, 400)  # a click elsewhere closes it
    await expect(card).to_have_count(0)


async def test_a_press_outside_right_after_a_card_opens_closes_it(
        page: Page, shared_sandbox: Sandbox) -> None:
    # However soon it comes: the press that follows the opening click closes the card
    # (when the page listened only from its next turn on, a quick one slipped through).
    card = page.locator(".profile-card")
    await expect(page.locator('#members .member[data-username="alice"]')).to_be_visible()
    opened = await page.evaluate("""() => {
        document.querySelector('#members .member[data-username="alice"]').click();
        const open = document.querySelectorAll(".profile-card").length;
        document.body.dispatchEvent(new MouseEvent("mousedown", {bubbles: true}));
        return open;
    }""")
    assert opened == 1
    await expect(card).to_have_count(0)
    # The same for Escape pressed at once.
    await page.evaluate("""() => {
        document.querySelector('#members .member[data-username="alice"]').click();
        document.body.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true}));
    }""")
    await expect(card).to_have_count(0)
